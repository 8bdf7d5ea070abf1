"""Names for the synthetic corpus: organisations, places and people in de/en/ru, inflected.

Called by `bench.templates` and `bench.corpus`. Organisations and places come from the
project's own catalogues (`etl/reference/`), so the corpus exercises exactly the aliases
extraction knows; people are real office holders listed in `bench/people.csv`. The
inflection rules are deliberately small (Russian genitive and locative, German genitive
of feminine names): enough to put the names in the forms running text uses.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.reference import read_rows

LANGS = ("de", "en", "ru")
# The organisations the analysts follow most get most of the mentions.
FOCUS_WEIGHTS = {"CSTO": 10, "CIS": 9, "SCO": 9, "UN": 8, "EAEU": 7, "BRICS": 6, "EU": 4,
                 "OSCE": 3, "NATO": 3, "CSTO-PA": 2, "CIS-IPA": 2, "EEC": 2, "UNSC": 2,
                 "UNGA": 2, "UNION_STATE": 2}  # fmt: skip
_DE_FEMININE_ENDINGS = ("ion", "ung", "schaft", "nen", "bank", "kommission", "konferenz",
                        "liga", "heit", "union", "versammlung", "organisation")  # fmt: skip
_RU_VOWEL_FINAL = "оиуеыюэ"


@dataclass(frozen=True)
class Org:
    id: str
    acronyms: dict[str, tuple[str, ...]]  # lang -> acronyms (not inflected)
    names: dict[str, tuple[str, ...]]  # lang -> full names, nominative


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    forms: dict[str, str]  # lang -> the form after "in" / "в"
    accusative: str  # Russian, after "посетит"
    nominative: dict[str, str]  # lang -> the name as a title writes it


@dataclass(frozen=True)
class PersonEntry:
    org: str
    names: dict[str, str]
    roles: dict[str, str]


def _is_acronym(alias: str) -> bool:
    return alias.isupper() or (" " not in alias and sum(c.isupper() for c in alias) >= 2)


@cache
def organisations() -> tuple[Org, ...]:
    """Every catalogue organisation with aliases in all three languages."""
    acr: dict[str, dict[str, list[str]]] = {}
    names: dict[str, dict[str, list[str]]] = {}
    for row in read_rows("organisation_aliases.csv"):
        alias = row["alias"]
        if alias.endswith("-"):
            continue
        target = acr if _is_acronym(alias) else names
        target.setdefault(row["org_id"], {}).setdefault(row["lang"], []).append(alias)
    out = []
    for row in read_rows("organisations.csv"):
        oid = row["id"]
        a, n = acr.get(oid, {}), names.get(oid, {})
        if all(a.get(lang) or n.get(lang) for lang in LANGS):
            out.append(Org(oid, {k: tuple(v) for k, v in a.items()},
                           {k: tuple(v) for k, v in n.items()}))  # fmt: skip
    return tuple(out)


@cache
def by_id() -> dict[str, Org]:
    return {o.id: o for o in organisations()}


def pick_orgs(rng: random.Random, k: int) -> list[Org]:
    """k distinct organisations, the focus ones much more often than the rest."""
    orgs = organisations()
    weights = [FOCUS_WEIGHTS.get(o.id, 0.3) for o in orgs]
    chosen: dict[str, Org] = {}
    while len(chosen) < k:
        org = rng.choices(orgs, weights)[0]
        chosen[org.id] = org
    return list(chosen.values())


def org_name(rng: random.Random, org: Org, lang: str) -> str:
    """The organisation as running text names it after a genitive slot ("der", "the", ...).

    German: "der OVKS", "der Eurasischen Wirtschaftsunion"; English: "the CSTO";
    Russian: "ОДКБ", "Шанхайской организации сотрудничества".
    """
    acronyms, names = org.acronyms.get(lang, ()), org.names.get(lang, ())
    if lang == "de":
        feminine = tuple(n for n in names if n.split()[-1].lower().endswith(_DE_FEMININE_ENDINGS))
        names = feminine or (names if not acronyms else ())
    use_name = names and (not acronyms or rng.random() < 0.35)
    if not use_name:
        short = rng.choice(acronyms)
        return {"de": f"der {short}", "en": f"the {short}"}.get(lang, short)
    name = rng.choice(names)
    if lang == "de":
        return "der " + de_genitive(name)
    if lang == "en":
        return "the " + name
    return ru_genitive(name)


def de_genitive(name: str) -> str:
    """Feminine and plural names: an adjective in -e takes -n ("Eurasische" -> "Eurasischen")."""
    words = name.split()
    if len(words) > 1 and words[0].endswith("e"):
        words[0] += "n"
    return " ".join(words)


def ru_genitive(name: str) -> str:
    """Genitive of a Russian organisation name: leading adjectives and the head noun inflect."""
    words = name.split()
    for i, word in enumerate(words):
        if word.isupper():
            return " ".join(words)
        low = word.lower()
        for ending, replacement in (("ая", "ой"), ("яя", "ей"), ("ый", "ого"), ("ий", "ого"),
                                    ("ое", "ого"), ("ой", "ого"), ("ые", "ых")):  # fmt: skip
            if low.endswith(ending):
                words[i] = word[: -len(ending)] + replacement
                break
        else:
            words[i] = _ru_noun_genitive(word)
            return " ".join(words)
    return " ".join(words)


def _ru_noun_genitive(word: str) -> str:
    low = word.lower()
    if low.endswith("ии"):  # plural: Нации -> Наций
        return word[:-1] + "й"
    if low.endswith("ия"):
        return word[:-1] + "и"
    if low.endswith("а"):
        return word[:-1] + ("и" if low[-2:-1] in "кгхжшчщ" else "ы")
    if low.endswith(("я", "ь")):
        return word[:-1] + "и"
    if low.endswith("о"):
        return word[:-1] + "а"
    if low.endswith("е"):
        return word[:-1] + "я"
    if low.endswith("й"):
        return word[:-1] + "я"
    return word + "а"


def ru_locative(name: str) -> str:
    """ "в Минске", "в Москве", "в Казани", "в России"; indeclinable names stay as they are."""
    head, sep, last = name.rpartition("-")
    low = last.lower()
    if low.endswith("ия") or low.endswith("ь"):
        last = last[:-1] + "и"
    elif low.endswith(("а", "я", "й")):
        last = last[:-1] + "е"
    elif not low.endswith(tuple(_RU_VOWEL_FINAL)):
        last = last + "е"
    return head + sep + last


def ru_accusative(name: str) -> str:
    """ "посетит Москву", "посетит Минск": only names in -а/-я change."""
    if name.endswith("а"):
        return name[:-1] + "у"
    if name.endswith("я"):
        return name[:-1] + "ю"
    return name


@cache
def places() -> tuple[Place, ...]:
    """Single-word cities, capitals and venues, with the form that follows "in"/"в"."""
    out = []
    for row in read_rows("places.csv"):
        if row["kind"] == "country":
            continue
        forms = {lang: row[lang].split("|")[0] for lang in LANGS}
        if any(" " in f for f in forms.values()):
            continue
        nominative = dict(forms)
        forms["ru"] = ru_locative(nominative["ru"])
        out.append(
            Place(row["name"], row["kind"], forms, ru_accusative(nominative["ru"]), nominative)
        )
    return tuple(out)


@cache
def people() -> tuple[PersonEntry, ...]:
    path = Path(__file__).with_name("people.csv")
    lines = [
        x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")
    ]
    return tuple(
        PersonEntry(
            r["org"], {lg: r[f"name_{lg}"] for lg in LANGS}, {lg: r[f"role_{lg}"] for lg in LANGS}
        )
        for r in csv.DictReader(lines)
    )
