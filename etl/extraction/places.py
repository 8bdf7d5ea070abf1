"""Places: find cities and countries in article text; normalise datelines to English names.

Called by extraction (places of an article, the place of a milestone) and by the
metadata step, which turns a dateline such as "MOSKAU" or "МОСКВА" into "Moscow".

The gazetteer is `etl/reference/places.csv` (one row per place, surface forms per
language). From it one Aho-Corasick automaton is built, lazily and once per process,
over *folded* keys (lower case, ё -> е), so upper-case datelines and ё-spellings
match. Regular inflections are generated here instead of listed in the file: the
German genitive "-s" and the Russian case endings of one-word or hyphenated names
(see `_russian_forms`); over-generation is harmless because a key must still match a
whole, capitalised token of the text.

A match counts only if it starts with an upper-case letter (so "rio" or "lima" in
running lower-case text do not count), is not glued to letters or digits on either
side (a following hyphen is allowed: "Moskau-Besuch"), and is not overlapped by a
longer match ("Sankt-Petersburg" wins over "Petersburg"). All-capital short forms
(US, UK, РФ, ЮАР) must be written in capitals. `fold` and `longest_first` are shared
with the organisation matcher and the word-pattern helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import ahocorasick

from etl.reference import read_rows

log = logging.getLogger(__name__)

PLACES_FILE = "places.csv"
LANGS = ("en", "de", "ru")

_HUSHING = "кгхжшчщ"  # after these Russian writes и, not ы
_SIBILANT = "жшчщц"  # after these the instrumental is -ем, not -ом
_TRIM = " \t\r\n,.;:()[]\"'«»„“”–—-/"


class PlaceMention(NamedTuple):
    """One place named in a text. A named tuple, not a dataclass (made by the dozen per article)."""

    name: str  # English name from the gazetteer
    begin: int  # character offsets in the text
    end: int
    surface: str  # as written


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str
    aliases: tuple[tuple[str, str], ...]  # (lang, surface form) as listed in the file


def fold(text: str) -> str:
    """Lower case and ё -> е, keeping every character at its offset."""
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lower-cases to two characters
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("ё", "е")


def _russian_forms(word: str) -> tuple[str, ...]:
    """The regular case forms of a Russian one-word (or hyphenated) place name."""
    last = word[-1]
    stem = word[:-1]
    if last == "а":
        gen = "и" if stem[-1:] in _HUSHING else "ы"
        return tuple(stem + e for e in (gen, "е", "у", "ой", "ою", "ей"))
    if last == "я":
        return tuple(stem + e for e in ("и", "е", "ю", "ей", "ею"))
    if last == "ь":  # Казань (f.) and Брюссель (m.): generate both
        return tuple(stem + e for e in ("и", "ью", "я", "ю", "е", "ем"))
    if last == "й":
        return tuple(stem + e for e in ("я", "ю", "е", "ем"))
    if last.isalpha() and last not in "оеиуюэыё":
        instr = "ем" if last in _SIBILANT else "ом"
        return tuple(word + e for e in ("а", "у", "е", instr))
    return ()  # Душанбе, Сочи, Баку, Токио: indeclinable


def _variants(lang: str, alias: str) -> tuple[str, ...]:
    """An alias and the inflected forms the matcher derives from it."""
    if alias.isupper():  # US, ЮАР: abbreviations do not inflect
        return (alias,)
    if lang == "ru" and " " not in alias:
        return (alias, *_russian_forms(alias))
    if lang == "de" and alias[-1] not in "sßxzSX":
        return (alias, alias + "s")
    return (alias,)


@cache
def gazetteer() -> tuple[Place, ...]:
    """All places of the gazetteer, in file order."""
    places = []
    for row in read_rows(PLACES_FILE):
        aliases = tuple(
            (lang, a.strip()) for lang in LANGS for a in row[lang].split("|") if a.strip()
        )
        places.append(Place(row["name"], row["kind"], row["country"], aliases))
    return tuple(places)


@cache
def _forms() -> dict[str, tuple[str, bool]]:
    """Folded surface form -> (English name, capitals only); the first place to claim a form keeps it."""
    forms: dict[str, tuple[str, bool]] = {}
    for place in gazetteer():
        for key in (place.name, *(v for lang, a in place.aliases for v in _variants(lang, a))):
            folded = fold(key)
            if forms.setdefault(folded, (place.name, key.isupper()))[0] != place.name:
                log.debug("place form %r kept for %s", key, forms[folded][0])
    return forms


@cache
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for key, (name, caps_only) in _forms().items():
        auto.add_word(key, (len(key), name, caps_only))
    auto.make_automaton()
    return auto


@cache
def _kinds() -> dict[str, str]:
    return {place.name: place.kind for place in gazetteer()}


@cache
def _countries() -> dict[str, str]:
    return {place.name: place.country for place in gazetteer()}


def compatible_places(a: str | None, b: str | None) -> bool:
    """Two reports can name the same venue: equal, unknown, or a country and a place in it
    ("Brazil" and "Rio de Janeiro"), so a plan "in China" can be met "in Tianjin"."""
    if not a or not b or a == b:
        return True
    if "country" not in (place_kind(a), place_kind(b)):
        return False
    countries = _countries()
    return countries.get(a) is not None and countries.get(a) == countries.get(b)


def place_kind(name: str) -> str | None:
    """The kind (capital, city, venue, country) of a place by its English name."""
    return _kinds().get(name)


def _is_boundary(text: str, begin: int, end: int) -> bool:
    before = text[begin - 1] if begin > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, leftmost first and, among those, longest first."""
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    for span in spans:
        if span[0] >= last_end:
            chosen.append(span)
            last_end = span[1]
    return chosen


def place_automaton() -> ahocorasick.Automaton:
    """The automaton of the place forms over folded text: key -> (length, name, capitals only)."""
    return _automaton()


def find_places(
    text: str,
    folded: str | None = None,
    hits: Iterable[tuple[int, tuple[int, str, bool]]] | None = None,
) -> list[PlaceMention]:
    """Places named in the text, in order, longest match first, capitalised tokens only.

    `folded` is `fold(text)` when the caller has it already; `hits` are the automaton's
    hits over it when a joined pass found them already (`etl.extraction.scan`).
    """
    if not text:
        return []
    spans = []
    folded = fold(text) if folded is None else folded
    for last, (length, name, caps_only) in _automaton().iter(folded) if hits is None else hits:
        begin, end = last - length + 1, last + 1
        capitalised = text[begin:end].isupper() if caps_only else text[begin].isupper()
        if capitalised and _is_boundary(text, begin, end):
            spans.append((begin, end, name))
    return [PlaceMention(n, b, e, text[b:e]) for b, e, n in longest_first(spans)]


def normalise_place(name: str) -> str | None:
    """The English name of a place written in any language, case or inflection; None if unknown.

    Surrounding punctuation is ignored, so a dateline "MOSKAU," or "(Минске)" works.
    """
    forms = _forms()
    spaced = " ".join(fold(name).split())
    found = forms.get(spaced) or forms.get(spaced.strip(_TRIM))  # "Washington D.C." keeps its dot
    return found[0] if found else None
