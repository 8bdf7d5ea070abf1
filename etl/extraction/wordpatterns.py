"""Word patterns: the small pattern language of our vocabulary files, compiled for speed.

Shared by `triggers` (event words), `tense` (tense, modality and speech cues) and
`people` (titles). A vocabulary row holds a pattern written in words, so that the
files stay readable and need no regular-expression knowledge:

    word      the whole word                      "met", "soll"
    stem*     a word beginning with stem          "konsultaci*" -> консультации, -ций ...
    *end      a word ending with end (any letters before, or none)
                                                  "*ила" -> провела, подписала
    stem~     stem plus an optional German noun ending (-e -en -n -s -es -ns)
                                                  "gipfel~" -> Gipfel, Gipfels, Gipfeln
    *stem~    a German compound whose head is stem
                                                  "*treffen~" -> Außenministertreffen
    a|b       either alternative, inside one word position
    =x        x must be written in lower case     "=may" (not the month), "=morgen"
    ...       a gap of up to fourteen words inside the clause (no , ; : ! ? or quotes)
    $         the clause ends here: punctuation, the end of the text, or "und", "and",
              "и" ... before the next clause     "wird ... *en $" (Infinitiv at the end)

Words are separated by spaces; matching is case-insensitive and treats ё as е.
A "word" is a run of letters, so a hyphen or apostrophe ends it ("OVKS-Gipfel" holds
the word "Gipfel"). Line breaks and no-break spaces count as spaces; a phrase whose first
two positions are whole words expects one space between them.

Why not one big regular expression: Python's `re` tries every alternative at every
position, which costs milliseconds on an article once a vocabulary has a few hundred
rows. Here the first word of every pattern becomes a key of one Aho-Corasick
automaton (a single pass over the text finds all candidate positions); only at
those positions is the pattern's own small expression tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from etl.extraction.places import fold

_LETTER = r"[^\W\d_]"
_WORD_END = rf"(?!{_LETTER})"
_NOUN_ENDING = r"(?:e|en|n|s|es|ns)?"
_GAP_WORD = r"(?:\d{1,2}\.|[^\s.,;:!?\"“”„«»()\[\]]+)"
_GAP = rf"(?:\s+{_GAP_WORD}){{0,14}}?"
_SPACES = ("\n", "\t", "\r", "\u00a0")  # read as plain spaces (str.translate is slower)
_CLAUSE_END = r"(?=\s*(?:[.,;:!?\"“”„«»()\[\]–—]|$)|\s+(?:und|oder|sowie|aber|and|or|but|и|а|но)\b)"

__all__ = ["Hit", "Match", "PatternSet", "fold", "spaced"]


class Match(NamedTuple):
    """One pattern found in a text: which pattern (its index) and where (a tuple: cheap to make)."""

    pattern: int
    begin: int
    end: int


@dataclass(frozen=True)
class _Key:
    pattern: int  # index of the pattern in its PatternSet
    suffix: bool  # "*end": the key may sit inside a word; the match starts at the word's start
    closed: bool  # "word" or "*end": the word ends right after the key (checked before the regex)
    direct: str  # one-word pattern whose end needs no regex: "key" (word, *end), "word" (stem*), ""


Hit = tuple[int, tuple[_Key, ...]]  # an automaton value: the key's length, its entries


def _alternative(alt: str, lower: list[str]) -> tuple[str, str, bool, str]:
    """(regex, automaton key, key-inside-the-word, where the word ends) for one alternative.

    Where the word ends: "key" right after the key, "word" at the next non-letter, ""
    after an optional noun ending.
    """
    lowercase = alt.startswith("=")
    alt = alt.lstrip("=")
    suffix, prefix, noun = alt.startswith("*"), alt.endswith("*"), alt.endswith("~")
    core = fold(alt.strip("*~"))
    if not core:
        raise ValueError(f"empty word in pattern alternative {alt!r}")
    regex = (f"{_LETTER}*" if suffix else "") + re.escape(core)
    regex += f"{_LETTER}*" if prefix else (_NOUN_ENDING + _WORD_END if noun else _WORD_END)
    if lowercase:
        name = f"lc{len(lower)}"
        lower.append(name)
        regex = f"(?P<{name}>{regex})"
    return regex, core, suffix, "" if noun else ("word" if prefix else "key")


def _compile(index: int, pattern: str) -> tuple[re.Pattern[str], dict[str, _Key], list[str]]:
    """One pattern -> its regex (matched at a word start), its first-word keys, lower-case groups."""
    words = pattern.split()
    if not words or words[0] in ("...", "$"):
        raise ValueError(f"a pattern must start with a word: {pattern!r}")
    lower: list[str] = []
    parts: list[str] = []
    alts_of: list[list[tuple[str, str, bool, str]]] = []
    for i, word in enumerate(words):
        if word == "...":
            parts.append(_GAP)
        elif word == "$":
            parts.append(_CLAUSE_END)
        else:
            alts = [_alternative(a, lower) for a in word.split("|")]
            if len(alts_of) == i:  # the leading run of word positions, for the keys
                alts_of.append(alts)
            sep = r"\s+" if i else ""
            parts.append(sep + "(?:" + "|".join(r for r, _, _, _ in alts) + ")")
    keys = [(key, suffix, ends) for _, key, suffix, ends in alts_of[0]]
    width = 1
    if len(alts_of) > 1 and _plain(words[0]) and _plain(words[1]):
        # Two whole words ("в прошлом", "took place") make one key: far fewer hits than "в".
        keys = [(f"{a[1]} {b[1]}", False, "key") for a in alts_of[0] for b in alts_of[1]]
        width = 2
    single = len(words) == 1 and not lower
    # A whole word followed by another is keyed with its trailing space ("к "), for the same reason.
    spaced = len(words) > width and words[width] != "$"
    entries = {
        key + (" " if spaced and ends == "key" else ""): _Key(
            index, suffix, ends == "key", ends if single else ""
        )
        for key, suffix, ends in keys
    }
    return re.compile("".join(parts)), entries, lower


def _plain(word: str) -> bool:
    """A word position that is only whole words, written in any case."""
    return not any(mark in word for mark in "*~=") and word not in ("...", "$")


class PatternSet:
    """A list of patterns, searchable in one pass; build once, then call `matches`."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._regexes: list[re.Pattern[str]] = []
        self._lower: list[list[str]] = []
        index: dict[str, list[_Key]] = {}
        for i, pattern in enumerate(self.patterns):
            regex, keys, lower = _compile(i, pattern)
            self._regexes.append(regex)
            self._lower.append(lower)
            for key, entry in keys.items():
                index.setdefault(key, []).append(entry)
        # The automaton's words and values, for a scanner that joins several sets.
        self.keys: dict[str, Hit] = {
            key: (len(key), tuple(entries)) for key, entries in index.items()
        }
        self._automaton = ahocorasick.Automaton()
        for key, value in self.keys.items():
            self._automaton.add_word(key, value)
        if index:
            self._automaton.make_automaton()
        self._empty = not index

    def matches(self, text: str, folded: str | None = None) -> list[Match]:
        """Every match of every pattern, sorted by start (longest first); overlaps are kept.

        `folded` is `fold(text)` when the caller already has it.
        """
        if self._empty or not text:
            return []
        low = spaced(fold(text) if folded is None else folded)
        return self.read(text, low, self._automaton.iter(low))

    def read(self, text: str, low: str, hits: Iterable[tuple[int, Hit]]) -> list[Match]:
        """`matches` from the automaton's hits over `low` (`spaced(fold(text))`), which a
        scanner joining several sets may have found in one pass (see `etl.extraction.scan`)."""
        found: dict[tuple[int, int], int] = {}
        size = len(low)
        for last, (length, entries) in hits:
            begin = last - length + 1
            at_word_start = begin == 0 or not low[begin - 1].isalpha()
            if low[last] == " ":  # a spaced key: the word ended before the space
                last -= 1
            at_word_end = last + 1 == size or not low[last + 1].isalpha()
            for entry in entries:
                if (entry.closed and not at_word_end) or not (entry.suffix or at_word_start):
                    continue
                start = _word_start(low, begin) if entry.suffix else begin
                if (entry.pattern, start) not in found:
                    end = self._end(entry, text, low, start, last)
                    if end is not None:
                        found[(entry.pattern, start)] = end
        return sorted(
            (Match(p, b, e) for (p, b), e in found.items()),
            key=lambda m: (m.begin, m.begin - m.end, m.pattern),
        )

    def _end(self, entry: _Key, text: str, low: str, start: int, last: int) -> int | None:
        """Where the entry's pattern, matched from start, ends; None if it does not match.

        One-word patterns need no regex: the automaton has found the key already.
        """
        if entry.direct == "key":
            return last + 1
        if entry.direct == "word":
            return _word_end(low, last + 1)
        m = self._regexes[entry.pattern].match(low, start)
        if m is None:
            return None
        for name in self._lower[entry.pattern]:
            at = m.start(name)
            if at >= 0 and not text[at].islower():
                return None
        return m.end()


def spaced(low: str) -> str:
    """The folded text with line breaks, tabs and no-break spaces read as plain spaces."""
    for space in _SPACES:
        low = low.replace(space, " ")
    return low


def _word_end(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isalpha():
        pos += 1
    return pos


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1].isalpha():
        pos -= 1
    return pos
