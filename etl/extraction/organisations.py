"""Organisations: the catalogue, and finding its members in text of any of our languages.

Called by extraction (the organisations of an article and of each milestone) and by the
dashboard (`resolve_alias`, so typing "ОДКБ" or "OVKS" finds CSTO). The catalogue is
data: `etl/reference/organisations.csv` (id, name, parent, kind) and
`etl/reference/organisation_aliases.csv` (org_id, lang, alias).

Two kinds of alias, two Aho-Corasick automata, each built once per process on first use:

* Acronyms (CSTO, OVKS, ОДКБ, СБ ООН, EurAsEC) are matched on the raw text,
  case-sensitively, as whole tokens. A following hyphen is a boundary, so German
  compounds match ("OVKS-Generalsekretär", "GUS- und SOZ-Mitgliedstaaten") while
  "GUSTAV", "UNOFFICIAL" or "EUR" do not. An alias ending in "-" ("VN-") matches only
  as the first part of a compound: a bare "VN" is too ambiguous, "VN-Sicherheitsrat" is not.
* Names ("Vereinte Nationen", "Шанхайская организация сотрудничества") are matched on
  word stems. Text and aliases go through the same pipeline: fold case and ё to е,
  split into word tokens (a hyphen separates words; other punctuation is a token of its
  own so that a name cannot run across a comma), and cut one inflectional ending off
  each word (Russian case endings on Cyrillic words, German/English -e, -en, -er, -em,
  -es, -s on Latin ones). The automaton then runs over the space-joined stem sequence.
  "der Vereinten Nationen", "den Vereinten Nationen", "Шанхайской организации
  сотрудничества" and "UN-Sicherheitsrates" therefore match without being listed.

Why stems rather than generated inflected variants: declining a Russian phrase needs
agreement rules per word (adjective, noun, genitive complement that stays unchanged);
stemming each word identically on both sides needs none, covers every case and number,
and keeps the alias file short. Its cost is a little over-matching (two words with the
same stem), which a multi-word sequence of stems makes negligible.

Matches from both automata are merged: non-overlapping, leftmost, and the longest at a
position wins ("Büro der Vereinten Nationen für Terrorismusbekämpfung" is UNOCT, not UN).
`with_parents` adds the parent chain (UNCTC -> UNSC -> UN); `roots` keeps only its top.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import NamedTuple

import ahocorasick

from etl.extraction.places import fold, longest_first
from etl.reference import read_rows

log = logging.getLogger(__name__)

ORGANISATIONS_FILE = "organisations.csv"
ALIASES_FILE = "organisation_aliases.csv"

_TOKEN = re.compile(r"\w+|[^\w\s-]")
_CYRILLIC = re.compile(r"[а-я]")
# Russian case endings, longest first so that "-ией" is cut before "-ей".
# fmt: off
_RU_ENDINGS: tuple[str, ...] = (
    "иями",
    "ями", "ами", "иях", "иям", "ией", "ого", "его", "ому", "ему", "ыми", "ими",
    "ах", "ях", "ам", "ям", "ов", "ев", "ей", "ий", "ия", "ии", "ию", "ие", "ью",
    "ая", "яя", "ое", "ее", "ые", "ый", "ой", "ую", "юю", "ых", "их", "ым", "им", "ом", "ем",
    "а", "я", "о", "е", "и", "ы", "у", "ю", "й", "ь",
)
# fmt: on
_RU_VOWELS = frozenset("аеиоуыэюяйь")
_LATIN_ENDINGS = ("es", "en", "er", "em", "e", "s")
_MIN_STEM = 3


class OrgMention(NamedTuple):
    """One organisation named in a text. A named tuple, not a dataclass: an article names
    dozens, and a frozen dataclass costs about a microsecond each to make."""

    org_id: str
    begin: int  # character offsets in the text
    end: int
    surface: str  # as written


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    parent: str | None
    kind: str
    aliases: tuple[tuple[str, str], ...]  # (lang, alias)


@cache
def catalogue() -> tuple[Organisation, ...]:
    """All organisations with their aliases, in file order."""
    aliases: dict[str, list[tuple[str, str]]] = {}
    for row in read_rows(ALIASES_FILE):
        aliases.setdefault(row["org_id"], []).append((row["lang"], row["alias"]))
    return tuple(
        Organisation(
            id=row["id"],
            name=row["name"],
            parent=row["parent"] or None,
            kind=row["kind"],
            aliases=tuple(aliases.get(row["id"], ())),
        )
        for row in read_rows(ORGANISATIONS_FILE)
    )


@cache
def _by_id() -> dict[str, Organisation]:
    return {org.id: org for org in catalogue()}


def is_acronym(alias: str) -> bool:
    """All capitals ("СБ ООН", "G-20"), or one word with two or more capitals ("EurAsEC")."""
    if alias.endswith("-") or alias.isupper():
        return True
    one_word = not any(c.isspace() or c == "-" for c in alias)
    return one_word and sum(c.isupper() for c in alias) >= 2


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A folded word without its inflectional ending (one ending, stem of 3+ letters kept)."""
    if _CYRILLIC.search(word):
        return _russian_stem(word)
    endings: tuple[str, ...] = _LATIN_ENDINGS
    if word.endswith("ss") or word.endswith("us"):  # Ausschuss, Konsensus: no -s ending
        endings = ("es", "en", "er", "em", "e")
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _russian_stem(word: str) -> str:
    """Cut a case ending, then any vowels left before it: ассамблея, ассамблее -> ассамбл."""
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    while len(word) > _MIN_STEM and word[-1] in _RU_VOWELS:
        word = word[:-1]
    return word


def stem_key(alias: str) -> str:
    """The stem sequence of a name, as the name automaton stores it: " s1 s2 ... "."""
    return " " + " ".join(map(stem, _TOKEN.findall(fold(alias)))) + " "


@cache
def _acronym_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for org in catalogue():
        for _, alias in org.aliases:
            if is_acronym(alias):
                auto.add_word(alias, (len(alias), org.id, alias.endswith("-")))
    auto.make_automaton()
    return auto


@cache
def _name_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for org in catalogue():
        for _, alias in org.aliases:
            if not is_acronym(alias):
                key = stem_key(alias)
                if auto.exists(key) and auto.get(key)[1] != org.id:
                    log.warning("alias %r of %s shadows %s", alias, org.id, auto.get(key)[1])
                auto.add_word(key, (len(key), org.id, key.count(" ") - 1))
    auto.make_automaton()
    return auto


AcronymValue = tuple[int, str, bool]  # key length, organisation id, compound only ("ОДКБ-")
FoldedAcronyms = tuple[tuple[str, AcronymValue], ...]  # aliases written so, with their values


@cache
def acronym_keys() -> dict[str, FoldedAcronyms] | None:
    """The acronym automaton's words folded: fold(alias) -> the aliases folding to it.

    For a scanner reading the folded text: a hit there is an acronym where the text
    itself spells the alias. None when some alias would fold differently in its
    context (a sigma), or holds a line break, tab or no-break space.
    """
    raw: dict[str, AcronymValue] = dict(_acronym_automaton().items())
    folded: dict[str, list[tuple[str, AcronymValue]]] = {}
    for alias, value in raw.items():
        key = fold(alias)
        if len(key) != len(alias) or key[:1] == " " or any(c in alias for c in _UNSAFE):
            return None
        folded.setdefault(key, []).append((alias, value))
    return {key: tuple(aliases) for key, aliases in folded.items()}


_UNSAFE = ("σ", "ς", "Σ", "\n", "\t", "\r", "\u00a0")


def _acronym_spans(
    text: str, hits: Iterable[tuple[int, FoldedAcronyms]] | None = None
) -> list[tuple[int, int, str]]:
    """Acronyms written as listed, at word boundaries (or before a hyphen: "ОДКБ-").

    `hits` are those of the `acronym_keys` words over the folded text when a joined
    pass found them already (`etl.extraction.scan`); only those the text spells as
    the alias count, which are the raw automaton's hits in the same order.
    """
    if hits is None:
        found: Iterable[tuple[int, AcronymValue]] = _acronym_automaton().iter(text)
    else:
        found = [
            (last, value)
            for last, aliases in hits
            for alias, value in aliases
            if text.startswith(alias, last - value[0] + 1)
        ]
    spans = []
    n = len(text)
    for last, (length, org_id, compound_only) in found:
        begin, end = last - length + 1, last + 1
        if begin > 0 and text[begin - 1].isalnum():
            continue
        if compound_only:
            if end < n and text[end].isalpha():
                spans.append((begin, end - 1, org_id))  # the hyphen is not part of the name
        elif end >= n or not text[end].isalnum():
            spans.append((begin, end, org_id))
    return spans


class _StemCache(dict[str, str]):
    """Word -> `stem(word)`, filled on first sight and emptied when large.

    An article has hundreds of words and nearly all were seen before: a plain dict
    lookup per word (through `map`) costs half of a call to the lru-cached `stem`.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEM_CACHE_SIZE:
            self.clear()
        self[word] = found = stem(word)
        return found


_STEM_CACHE_SIZE = 200_000
_STEMS = _StemCache()


class _PieceCache(dict[str, str]):
    """A run of text between two plain spaces -> the stems of its tokens, each followed by
    a space; filled on first sight, emptied when large.

    Why: tokenising the whole article with a regex makes two strings per token; a run is
    nearly always a word seen before, so one `str.split(" ")` and a dict lookup per run
    replace it. The tokens' offsets are kept apart (`_OFFSETS`): only the runs of a name
    found ask for them.
    """

    def __missing__(self, piece: str) -> str:
        if len(self) >= _PIECE_CACHE_SIZE:
            self.clear()
        self[piece] = found = "".join(_STEMS[t] + " " for t in _TOKEN.findall(piece))
        return found


class _OffsetCache(dict[str, tuple[tuple[int, int], ...]]):
    """A run -> the offsets of its tokens in it (see `_PieceCache`)."""

    def __missing__(self, piece: str) -> tuple[tuple[int, int], ...]:
        if len(self) >= _PIECE_CACHE_SIZE:
            self.clear()
        self[piece] = found = tuple(t.span() for t in _TOKEN.finditer(piece))
        return found


_PIECE_CACHE_SIZE = 100_000
_PIECES = _PieceCache()
_OFFSETS = _OffsetCache()


def _name_spans(folded: str) -> list[tuple[int, int, str]]:
    # Tokens never cross a space, so the stems of the runs between spaces, concatenated,
    # are the stems of the text's tokens: " s1 s2 ... sn " (a run may have none).
    pieces = folded.split(" ")
    stems = list(map(_PIECES.__getitem__, pieces))
    joined = " " + "".join(stems)
    hits = list(_name_automaton().iter(joined))  # in order of their ends
    if not hits:
        return []
    # Where each run's stems start in joined, and each run in the text (runs and one
    # space each), only as far as the furthest match reaches.
    starts = list(accumulate(map(len, stems), initial=1))
    reach = bisect_right(starts, hits[-1][0] - 1)
    runs = list(accumulate(map(len, pieces[:reach]), initial=0))
    spans = []
    for last, (length, org_id, _) in hits:
        # The key " s1 ... sn " ends at last: s1 starts at last - length + 2, sn ends at last - 1.
        begin = _token_offset(last - length + 2, starts, stems, pieces, runs)[0]
        end = _token_offset(last - 1, starts, stems, pieces, runs)[1]
        spans.append((begin, end, org_id))
    return spans


def _token_offset(
    at: int, starts: list[int], stems: list[str], pieces: list[str], runs: list[int]
) -> tuple[int, int]:
    """Where in the text the token whose stem covers position `at` of joined begins and ends."""
    run = bisect_right(starts, at) - 1  # the last of equal starts: a run with stems
    token = stems[run].count(" ", 0, at - starts[run])
    offset = runs[run] + run  # the runs before, and a space after each
    begin, end = _OFFSETS[pieces[run]][token]
    return offset + begin, offset + end


def find_organisations(
    text: str,
    folded: str | None = None,
    acronym_hits: Iterable[tuple[int, FoldedAcronyms]] | None = None,
) -> list[OrgMention]:
    """Organisations named in the text, any language, non-overlapping, longest first, by position.

    `folded` is `fold(text)` when the caller has it already (one article is read by
    several matchers over the same folded text); `acronym_hits` likewise (see
    `_acronym_spans`).
    """
    if not text:
        return []
    folded = fold(text) if folded is None else folded
    spans = longest_first(_acronym_spans(text, acronym_hits) + _name_spans(folded))
    return [OrgMention(org_id, b, e, text[b:e]) for b, e, org_id in spans]


def with_parents(ids: Iterable[str]) -> tuple[str, ...]:
    """The ids, each followed by its parent chain (UNCTC -> UNSC -> UN), without repeats."""
    seen: dict[str, None] = {}
    orgs = _by_id()
    for org_id in ids:
        current: str | None = org_id
        while current is not None and current not in seen:
            seen[current] = None
            org = orgs.get(current)
            current = org.parent if org else None
    return tuple(seen)


def roots(ids: Iterable[str]) -> tuple[str, ...]:
    """The top of each id's parent chain (UNSC -> UN, CSTO-PA -> CSTO, SEEC -> EAEU), without repeats.

    Milestones are filed under the organisation a reader filters by, not under its
    council or assembly.
    """
    orgs = _by_id()
    found: dict[str, None] = {}
    for org_id in ids:
        current = org_id
        while (org := orgs.get(current)) is not None and org.parent is not None:
            current = org.parent
        found[current] = None
    return tuple(found)


@cache
def _search_index() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (org.id, tuple(fold(s) for s in (org.id, org.name, *(a for _, a in org.aliases))))
        for org in catalogue()
    )


def resolve_alias(query: str) -> list[str]:
    """Ids of the organisations whose id, name or alias matches the query, case-insensitively.

    Exact matches win alone ("ОДКБ" -> CSTO, not also the CSTO Parliamentary Assembly
    whose alias "ПА ОДКБ" contains it); otherwise those with a name starting with the
    query come first, then those containing it.
    """
    q = " ".join(fold(query).split())
    if not q:
        return []
    exact, prefix, inside = [], [], []
    for org_id, names in _search_index():
        if q in names:
            exact.append(org_id)
        elif any(n.startswith(q) for n in names):
            prefix.append(org_id)
        elif any(q in n for n in names):
            inside.append(org_id)
    return exact or prefix + inside
