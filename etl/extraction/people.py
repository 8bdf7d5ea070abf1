"""People: persons named with a title ("Generalsekretär der OVKS, Imanghali Tasmaghambetow").

Called by article extraction (`etl.extraction.article`) with the article text and the
organisation mentions already found in it. Titles and the words allowed between a
title and a name are data, `etl/reference/roles.csv` (role names are canonical
English, "Secretary General").

A person is read around a title:
* after it, past articles, organisation and place mentions, genitive country names and
  commas: "Generalsekretär der OVKS, Imanghali Tasmaghambetow", "OVKS-Generalsekretär
  Imanghali ...", "CSTO Secretary General Imangali ...", "генсек ШОС Нурлан Ермекбаев";
* or, when no name follows, before it across a comma: "Imangali Tasmagambetov, the CSTO
  Secretary General".
A name is 2-4 capitalised words (Latin or Cyrillic, hyphens allowed) that are neither an
organisation, a place, an acronym nor a skip word. The person's organisation is the
mention inside or next to the title phrase (glued by a hyphen, after it, or just
before it).

Spellings of one person are grouped when role and organisation do not disagree and the
names match after transliteration and spelling folding ("Tasmaghambetow",
"Tasmagambetov", "Тасмагамбетов"); the person's `name` is the first spelling seen
(the first in the nominative, when a Russian name was first read in another case).
Bare names without a title are not read: they add nothing a titled mention did not.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache

from etl.extraction.organisations import OrgMention
from etl.extraction.places import PlaceMention, find_places
from etl.extraction.wordpatterns import Hit, PatternSet, spaced
from etl.records import Person
from etl.reference import read_rows

log = logging.getLogger(__name__)

ROLES_FILE = "roles.csv"
MAX_SKIP = 80  # characters between the end of a title and the start of a name
NAME_SIMILARITY = 0.8  # SequenceMatcher ratio of folded names that are one person

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ARTICLES = frozenset({"the", "der", "die", "den", "des", "dem"})
_GLUE_BEFORE = re.compile(r"(?:\s*(?:the|der|die|den|des|dem)\s+|\s+|-)$", re.IGNORECASE)
# A plain transliteration: enough to compare spellings, not to print them.
# fmt: off
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "-", "ы": "y", "ь": "-", "э": "e", "ю": "yu", "я": "ya",
}
# fmt: on
_SPELLING = (
    ("tsch", "ch"),
    ("dsch", "j"),
    ("sch", "sh"),
    ("-", ""),
    ("w", "v"),
    ("j", "y"),
    ("h", ""),
    ("y", ""),
)
_RU_CASE = re.compile(r"(ов|ев|ин|ын)(а|у|ым|ом|е)$")


@dataclass(frozen=True)
class _Roles:
    patterns: PatternSet
    roles: tuple[str, ...]
    skip: frozenset[str]


@dataclass
class _Draft:
    name: str
    role: str | None
    organisation: str | None
    forms: list[str] = field(default_factory=list)
    key: str = ""


class _Blocked:
    """Organisation and place mentions: never part of a name; looked up by offset."""

    def __init__(self, spans: Sequence[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.begins = [s[0] for s in self.spans]
        self.by_begin = {s[0]: s for s in self.spans}

    def overlaps(self, begin: int, end: int) -> bool:
        i = bisect_left(self.begins, end) - 1
        return i >= 0 and self.spans[i][1] > begin


@cache
def _roles(lang: str) -> _Roles:
    patterns, roles, skip = [], [], set()
    for row in read_rows(ROLES_FILE):
        if row["lang"] != lang:
            continue
        if row["kind"] == "skip":
            skip.update(w.strip().lower() for w in row["pattern"].split("|") if w.strip())
        else:
            patterns.append(row["pattern"].strip())
            roles.append(row["role"].strip())
    return _Roles(PatternSet(patterns), tuple(roles), frozenset(skip))


def title_patterns(lang: str) -> PatternSet:
    """The title patterns of a language (for a scanner joining several automata)."""
    return _roles(lang).patterns


def _titles(
    text: str, roles: _Roles, folded: str | None, hits: Sequence[tuple[int, Hit]] | None = None
) -> list[tuple[int, int, str]]:
    """Title spans with their role: longest at a position, left to right, no overlaps.

    `hits` are those of the title automaton over `spaced(folded)` when a joined pass
    found them already (`etl.extraction.scan`)."""
    out: list[tuple[int, int, str]] = []
    last_end = -1
    if hits is None or folded is None:
        found = roles.patterns.matches(text, folded)
    else:
        found = roles.patterns.read(text, spaced(folded), hits) if hits else []
    for m in found:  # sorted by start, longest first
        if m.begin >= last_end:
            out.append((m.begin, m.end, roles.roles[m.pattern]))
            last_end = m.end
    return out


def _is_name_word(word: str, skip: frozenset[str]) -> bool:
    return word[0].isupper() and not word.isupper() and word.lower() not in skip


def _read_name(text: str, pos: int, blocked: _Blocked, skip: frozenset[str]) -> str | None:
    """2-4 capitalised name words starting at pos, separated by single spaces."""
    words: list[str] = []
    while len(words) < 4:
        m = _WORD.match(text, pos)
        if not m or not _is_name_word(m.group(), skip):
            break
        if blocked.overlaps(m.start(), m.end()):
            break
        words.append(m.group())
        if text[m.end() : m.end() + 1] != " ":
            break
        pos = m.end() + 1
    return " ".join(words) if len(words) >= 2 else None


def _after_title(
    text: str, end: int, blocked: _Blocked, skip: frozenset[str]
) -> tuple[str | None, str | None]:
    """(name, organisation) read after a title: skip words, mentions and commas, then a name."""
    pos, limit, org = end, end + MAX_SKIP, None
    while pos < min(limit, len(text)):
        if text[pos] in " ,\u00a0":
            pos += 1
            continue
        span = blocked.by_begin.get(pos)
        if span:
            org = org or (span[2] or None)
            pos = span[1]
            continue
        m = _WORD.match(text, pos)
        if m and m.group().lower() in skip:
            pos = m.end()
            continue
        return _read_name(text, pos, blocked, skip), org
    return None, org


def _org_before(text: str, begin: int, orgs: Sequence[OrgMention]) -> str | None:
    """The organisation glued to the front of a title ("OVKS-Generalsekretär", "the CSTO Secretary")."""
    for o in orgs:
        if o.end <= begin and begin - o.end <= 6 and _GLUE_BEFORE.fullmatch(text[o.end : begin]):
            return o.org_id
    return None


def _name_before(
    text: str, begin: int, orgs: Sequence[OrgMention], skip: frozenset[str]
) -> str | None:
    """A name standing before the title across a comma: "Imangali Tasmagambetov, the CSTO ..."."""
    start = begin
    for o in reversed(orgs):
        if (
            o.end <= start
            and start - o.end <= 6
            and _GLUE_BEFORE.fullmatch(text[o.end : start] or " ")
        ):
            start = o.begin
    head = text[max(0, start - 80) : start].rstrip()
    last = head.rsplit(None, 1)[-1] if head else ""
    if last.lower() in _ARTICLES:
        head = head[: -len(last)].rstrip()
    if not head.endswith(","):
        return None
    words: list[str] = []
    for word in reversed(head[:-1].split()[-4:]):
        if not _WORD.fullmatch(word) or not _is_name_word(word, skip):
            break
        words.insert(0, word)
    return " ".join(words) if len(words) >= 2 else None


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A spelling-insensitive key: transliterated, accents and h/w/j/y differences folded."""
    words = []
    for word in name.lower().replace("ё", "е").split():
        word = _RU_CASE.sub(r"\1", word)
        word = "".join(_CYRILLIC.get(c, c) for c in word).replace("-", "")
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
        for old, new in _SPELLING:
            word = word.replace(old, new)
        word = re.sub(r"(?<=[aeiou])i", "", word)  # Sergej, Sergei, Сергей -> serge
        words.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(words)


def _same_person(d: _Draft, key: str, role: str | None, org: str | None) -> bool:
    if role and d.role and role != d.role:
        return False
    if org and d.organisation and org != d.organisation:
        return False
    if d.key == key:
        return True
    matcher = SequenceMatcher(None, d.key, key)
    return matcher.quick_ratio() >= NAME_SIMILARITY and matcher.ratio() >= NAME_SIMILARITY


def _group(mentions: Sequence[tuple[str, str, str | None]]) -> list[Person]:
    """One Person per individual, with every spelling seen, in order of first mention."""
    drafts: list[_Draft] = []
    for name, role, org in mentions:
        key = name_key(name)
        draft = next((d for d in drafts if _same_person(d, key, role, org)), None)
        if draft is None:
            drafts.append(_Draft(name, role, org, [name], key))
            continue
        draft.role = draft.role or role
        draft.organisation = draft.organisation or org
        if name not in draft.forms:
            draft.forms.append(name)
    return [Person(_display_name(d.forms), d.role, d.organisation, tuple(d.forms)) for d in drafts]


def _display_name(forms: Sequence[str]) -> str:
    """The first spelling seen, skipping Russian oblique cases ("Нурлана Ермекбаева") if a nominative follows."""
    return next((f for f in forms if not _RU_CASE.search(f.lower())), forms[0])


def find_people(
    text: str,
    lang: str,
    org_mentions: Sequence[OrgMention],
    place_mentions: Sequence[PlaceMention] | None = None,
    folded: str | None = None,
    title_hits: Sequence[tuple[int, Hit]] | None = None,
) -> list[Person]:
    """People named with a title, grouped across spellings, in order of first mention.

    `place_mentions` are `find_places(text)`, `folded` is `fold(text)` and `title_hits`
    the title automaton's hits over it when the caller has them already.
    """
    if not text:
        return []
    roles = _roles(lang)
    titles = _titles(text, roles, folded, title_hits)
    if not titles:
        return []
    orgs = sorted(org_mentions, key=lambda o: o.begin)
    places = find_places(text, folded) if place_mentions is None else place_mentions
    blocked = _Blocked(
        [(o.begin, o.end, o.org_id) for o in orgs] + [(p.begin, p.end, "") for p in places]
    )
    mentions: list[tuple[str, str, str | None]] = []
    for begin, end, role in titles:
        name, org = _after_title(text, end, blocked, roles.skip)
        org = _org_before(text, begin, orgs) or org
        if name is None:
            name = _name_before(text, begin, orgs, roles.skip)
        if name:
            mentions.append((name, role, org))
    people = _group(mentions)
    log.debug("%d people from %d titled mentions", len(people), len(mentions))
    return people


__all__ = ["find_people", "name_key"]
