"""Which rules can start at a word: an index from text beginnings to rules.

Trying the whole alternation of a language at every word costs ~10 µs a word,
because most words ("der", "the", "в") fail dozens of rules one branch at a
time. Instead each rule's regex is parsed once (standard-library parser) and the
lower-case beginnings of the texts it can match are collected: the first word
and two characters of the next, digits read as 0, cut where the pattern stops
being literal. A trie regex (`starts`) finds, in C, the words worth looking up:
its first three characters as the index always read them, and the whole of some
beginning, so that the ~60% of words whose head has no rules never reach Python;
`candidates` returns, in grammar order, the rules whose beginnings fit the text
there (memoised). A rule whose beginnings cannot be bounded is tried everywhere.
The result equals one `finditer` of the combined pattern; a test checks this.

Used by `patterns.Grammar.matches`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older interpreters
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

logger = logging.getLogger(__name__)

MAX_PREFIX = 14
SECOND_WORD = 2
MAX_STRINGS = 20000
START_DEPTH = 3
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_REPEATS = {
    sre_constants.MAX_REPEAT,
    sre_constants.MIN_REPEAT,
    getattr(sre_constants, "POSSESSIVE_REPEAT", sre_constants.MAX_REPEAT),
}
_DIGITS = frozenset("0123456789")
_ANY_DIGIT = re.compile("[1-9]")


class Unbounded(Exception):
    """The rule can start with too many different texts to index."""


def _charset(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """The characters of a small character class, or None for a broad one (\\w, \\s)."""
    chars: set[str] = set()
    for op, arg in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(arg))
        elif op is sre_constants.RANGE and arg[1] - arg[0] <= 64:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        elif op is sre_constants.CATEGORY and arg is sre_constants.CATEGORY_DIGIT:
            chars.update(_DIGITS)
        else:
            return None
    return chars


def _is_space(items: list[tuple[Any, Any]]) -> bool:
    """True for `\\s` (a class of whitespace only), which the index reads as one space."""
    return (
        len(items) == 1
        and items[0][0] is sre_constants.IN
        and items[0][1] == [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)]
    )


def _first(items: list[tuple[Any, Any]], depth: int, limit: int, spaced: bool) -> set[str]:
    """Possible beginnings of a match of `items`: the first word and at most
    `SECOND_WORD` characters of the next one; "" means "anything may follow"."""
    if depth >= limit or not items:
        return {""}
    (op, arg), rest = items[0], items[1:]
    if op in _ZERO_WIDTH:
        return _first(rest, depth, limit, spaced)
    if op is sre_constants.BRANCH:
        out: set[str] = set()
        for alternative in arg[1]:
            out |= _first(list(alternative) + rest, depth, limit, spaced)
        return out
    if op is sre_constants.SUBPATTERN:
        return _first(list(arg[-1]) + rest, depth, limit, spaced)
    if op in _REPEATS:
        low, high, sub = arg
        if _is_space(list(sub)):
            out = _extend({" "}, rest, depth, limit, spaced)
        elif high == 1:  # an optional part: what follows it counts too
            out = _first(list(sub) + rest, depth, limit, spaced)
        else:  # a longer repetition: cut after its first round
            out = _first(list(sub), depth, limit, spaced)
        return out | _first(rest, depth, limit, spaced) if low == 0 else out
    if _is_space([(op, arg)]):
        return _extend({" "}, rest, depth, limit, spaced)
    if op is sre_constants.LITERAL:
        chars: set[str] | None = {chr(arg)}
    elif op is sre_constants.IN:
        chars = _charset(arg)
    else:
        chars = None
    if chars is None:
        return {""}
    return _extend(chars, rest, depth, limit, spaced)


def _extend(
    chars: set[str], rest: list[tuple[Any, Any]], depth: int, limit: int, spaced: bool
) -> set[str]:
    out: set[str] = set()
    for char in {"0" if c in _DIGITS else c.lower() for c in chars}:
        if char == " ":
            if spaced:
                out.add("")  # a third word is never looked at
            else:
                tails = _first(rest, depth + 1, min(limit, depth + 1 + SECOND_WORD), True)
                out |= {" " + tail for tail in tails}
        elif char.isalnum() or char == "_":
            out |= {char + tail for tail in _first(rest, depth + 1, limit, spaced)}
        else:
            out.add(char)  # punctuation ends the beginning
    if len(out) > MAX_STRINGS:
        raise Unbounded
    return out


def beginnings(source: str, flags: int) -> frozenset[str] | None:
    """The lower-case beginnings a rule's match can have; None when unbounded."""
    try:
        found = _first(list(sre_parse.parse(source, flags)), 0, MAX_PREFIX, False)
    except (Unbounded, RecursionError):
        return None
    if "" in found:
        return None
    return frozenset(found)


def _trie(beginnings: Sequence[str], depth: int, space: str = r"\s") -> str:
    """A regex for the words worth looking up: the first `depth` characters of the
    rules' beginnings as a trie, so that most words fail after one comparison.
    `space` stands for the single space of a beginning (`\\s+` where the head it is
    compared with collapsed a run of whitespace)."""
    tree: dict[str, Any] = {}
    for text in beginnings:
        node = tree
        for char in text[:depth]:
            if node.get("") is True:
                break
            node = node.setdefault(char, {})
        node.clear()
        node[""] = True  # any continuation will do
    return _trie_source(tree, space)


def _trie_source(node: dict[str, Any], space: str) -> str:
    if node.get("") is True:
        return ""
    branches = [
        _char(char, space) + _trie_source(child, space) for char, child in sorted(node.items())
    ]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _char(char: str, space: str) -> str:
    return space if char == " " else r"\d" if char == "0" else re.escape(char)


class FirstWordIndex:
    """Rule numbers by the beginning of the word they can start at."""

    def __init__(self, sources: Sequence[str], flags: int) -> None:
        self.by_prefix: dict[str, list[int]] = {}
        self.prefixes: set[str] = set()
        self.everywhere: list[int] = []
        for number, source in enumerate(sources):
            found = beginnings(source, flags)
            if found is None:
                logger.debug("rule %d cannot be indexed; tried at every word", number)
                self.everywhere.append(number)
                continue
            for text in found:
                self.by_prefix.setdefault(text, []).append(number)
                self.prefixes.update(text[:k] for k in range(1, len(text) + 1))

        self.candidates_of_head = lru_cache(maxsize=8192)(self._candidates_of_head)
        trie = _trie(sorted(self.by_prefix), START_DEPTH)
        # A word whose first three characters a rule can begin with (`Grammar.continues`).
        self.rule_word = re.compile(r"(?<!\w)(?=" + trie + ")", re.IGNORECASE)
        # Where a rule can start: such a word whose text also begins with a whole
        # beginning, whitespace runs read as the head reads them. A superset of the
        # words whose head has rules, so no match is lost; and no word `rule_word`
        # refuses is added, so the candidates are those of the three-character trie.
        whole = "(?=" + trie + ")(?=" + _trie(sorted(self.by_prefix), MAX_PREFIX, r"\s+") + ")"
        self.starts = re.compile(r"(?<!\w)" + whole, re.IGNORECASE)
        # `starts` as the character before the word: a pattern that starts with a
        # character set lets `re` skip to the next such character in C.
        self._after_gap = re.compile(r"\W" + whole, re.IGNORECASE)

    def word_starts(self, text: str) -> list[int]:
        """The offsets where `starts` matches, in order (faster than its `finditer`).

        One pass over the text behind a space: the gap before a word at offset k is
        then at offset k, the text's first word included.
        """
        return [gap.start() for gap in self._after_gap.finditer(" " + text)]

    def candidates(self, text: str, begin: int) -> tuple[int, ...]:
        """Numbers (in grammar order) of the rules that may match at `begin`."""
        return self.candidates_of_head(head_at(text, begin))

    def _candidates_of_head(self, head: str) -> tuple[int, ...]:
        found: set[int] = set(self.everywhere)
        for k in range(1, len(head) + 1):
            prefix = head[:k]
            if prefix not in self.prefixes:
                break
            found.update(self.by_prefix.get(prefix, ()))
        return tuple(sorted(found))


def head_at(text: str, begin: int) -> str:
    """The text at `begin` as the index reads it: spaces collapsed, lower case, digits as 0.

    Most words are followed by single spaces only; then the first `MAX_PREFIX`
    characters are the head already, and the split-and-join (a few list and string
    copies per word of every sentence) is skipped.
    """
    raw = text[begin : begin + MAX_PREFIX]
    if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
        head = raw.lower()  # isprintable() is False for every whitespace but " "
    else:
        head = " ".join(text[begin : begin + 2 * MAX_PREFIX].split())[:MAX_PREFIX].lower()
    if _ANY_DIGIT.search(head):
        head = _ANY_DIGIT.sub("0", head)
    return head
