"""Organisations: the catalogue, and finding its members in text of any of our languages.

Called by extraction (the organisations of an article and of each milestone) and by the
dashboard (`resolve_alias`, so typing "ОДКБ" or "OVKS" finds CSTO). The catalogue is
data: `etl/reference/organisations.csv` (id, name, parent, kind) and
`etl/reference/organisation_aliases.csv` (org_id, lang, alias).

Two kinds of alias, an Aho-Corasick automaton and a stem trie, each built once per process on first use:

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
  -es, -s on Latin ones). A name is a run of tokens whose stems spell one of its keys;
  the runs are read only from words that begin with a name's first stem, which the
  joined scan of the article finds (`etl.extraction.scan`). "der Vereinten Nationen", "den Vereinten Nationen", "Шанхайской организации
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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

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


@dataclass(frozen=True)
class OrgMention:
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

    Words are stemmed again and again (the same few hundred names' words): a plain
    dict lookup costs half of a call to the lru-cached `stem`.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _STEM_CACHE_SIZE:
            self.clear()
        self[word] = found = stem(word)
        return found


_STEM_CACHE_SIZE = 200_000
_STEMS = _StemCache()


NameTrie = dict[tuple[str, ...], "str | None"]  # stem sequence -> organisation, None: a prefix


@cache
def _name_trie() -> NameTrie:
    """Every name key as its stem sequence, and each proper prefix of one (value None).

    Keys come from the name automaton, so that a name shadowed there is shadowed here.
    """
    trie: NameTrie = {}
    for key, (_, org_id, _) in _name_automaton().items():
        stems = tuple(key.split())
        for i in range(1, len(stems)):
            trie.setdefault(stems[:i], None)
        trie[stems] = org_id
    return trie


@cache
def name_starts() -> dict[str, int]:
    """The first stems of the names, with their length: a name's first word starts so.

    For a scanner reading the folded text (`etl.extraction.scan`): a name can begin
    only where one of these stands at the start of a word.
    """
    return {stems[0]: len(stems[0]) for stems in _name_trie()}


@cache
def _name_start_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for first, length in name_starts().items():
        auto.add_word(first, length)
    auto.make_automaton()
    return auto


def _name_spans(
    folded: str, starts: Iterable[tuple[int, int]] | None = None
) -> list[tuple[int, int, str]]:
    """Names: runs of tokens whose stems spell a name key, read from where a first stem stands.

    Why not stem every token of the article and run the name automaton over the stems:
    an article has hundreds of words and three names; making a string per word cost
    more than all the rest of organisation lookup. Here only the few dozen words that
    begin with a name's first stem are read, token by token along the trie, which stops
    at the first stem no name continues with. `starts` are the hits of `name_starts`
    over the folded text (last offset, length) when a joined pass found them already.
    """
    trie = _name_trie()
    spans = []
    for last, length in _name_start_automaton().iter(folded) if starts is None else starts:
        begin = last - length + 1
        if begin and (folded[begin - 1].isalnum() or folded[begin - 1] == "_"):
            continue  # inside a word: no token starts here (`\w` is alnum or "_")
        token = _TOKEN.match(folded, begin)
        first = _STEMS[token.group()]  # type: ignore[union-attr]
        if len(first) != length:
            continue  # not this word's stem ("u" in "un"); the hit of its own stem reads it
        key: tuple[str, ...] = (first,)
        while key in trie:
            if (org_id := trie[key]) is not None:
                spans.append((begin, token.end(), org_id))  # type: ignore[union-attr]
            token = _TOKEN.search(folded, token.end())  # type: ignore[union-attr]
            if token is None:
                break
            key += (_STEMS[token.group()],)
    return spans


def find_organisations(
    text: str,
    folded: str | None = None,
    acronym_hits: Iterable[tuple[int, FoldedAcronyms]] | None = None,
    name_hits: Iterable[tuple[int, int]] | None = None,
) -> list[OrgMention]:
    """Organisations named in the text, any language, non-overlapping, longest first, by position.

    `folded` is `fold(text)` when the caller has it already (one article is read by
    several matchers over the same folded text); `acronym_hits` and `name_hits`
    likewise (see `_acronym_spans` and `_name_spans`).
    """
    if not text:
        return []
    folded = fold(text) if folded is None else folded
    spans = longest_first(_acronym_spans(text, acronym_hits) + _name_spans(folded, name_hits))
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
