"""Split article text into sentences with their character offsets.

Milestones are read sentence by sentence, so a wrong split glues an event to the
wrong date. The hard cases in news text are German ordinal dates ("am 19. Mai",
"17.02.2025"), abbreviations ("z. B.", "Nr.", "St.", "г.", "т.е."), initials
("N. Jermekbajew") and sentences ending inside quotes. Abbreviations are data
(`etl/reference/abbreviations.csv`). A blank line or a line break always ends a
sentence: scraped pages put one paragraph per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from etl.reference import read_rows


class Sentence(NamedTuple):
    """One sentence and where it lies. A named tuple, not a dataclass: an article is cut
    into dozens, and a frozen dataclass costs a microsecond each to make."""

    text: str
    begin: int
    end: int
    paragraph: int  # index of the line/paragraph it belongs to


# A candidate boundary: terminal punctuation, optional closing quotes/brackets, spaces,
# then something that can start a sentence (capital, digit, opening quote or dash).
# The punctuation is matched, not looked behind at: a pattern that starts with a
# character set lets `re` skip to the next such character in C.
_BOUNDARY = re.compile(r"""[.!?…](["“”»«'’)\]]*)\s+(?=["„“«(–—-]?\s?[A-ZÄÖÜА-ЯЁ0-9])""")
_ORDINAL = re.compile(r"^\d{1,2}\.$")  # "19." in "am 19. Mai"
_INITIAL = re.compile(r"^[A-ZÄÖÜА-ЯЁ]\.$")  # "N." in "N. Jermekbajew"
_CLOSING = "\"“”»«'’)]"  # stripped from a token before it is looked up
_OPENING = "(„“«\""
_INITIALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(row["abbreviation"].lower() for row in read_rows("abbreviations.csv"))


def _token_before(text: str, cut: int) -> str:
    """The run of non-space characters ending at `cut`.

    Usually the run starts after a plain space: one `rfind` then, instead of a step
    back per character; any other whitespace in the run (which `isprintable` reveals)
    takes the step-by-step way.
    """
    token = text[text.rfind(" ", 0, cut) + 1 : cut]
    if token.isprintable():
        return token
    begin = cut
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:cut]


def _is_false_boundary(token: str, nxt: str) -> bool:
    """True when `token`, ending in terminal punctuation, is not a sentence end."""
    token = token.rstrip(_CLOSING).lstrip(_OPENING)
    if token.lower() in _abbreviations():
        return True
    if _is_initial(token):
        return True
    # "am 19. Mai", "vom 3. bis 5. Juli": an ordinal followed by a word is not an end.
    return _is_ordinal(token) and nxt[:1].isalpha()


def _is_initial(token: str) -> bool:
    """`_INITIAL.match(token)` without a regex call (a boundary is met every sentence)."""
    return len(token) == 2 and token[1] == "." and token[0] in _INITIALS


def _is_ordinal(token: str) -> bool:
    """`_ORDINAL.match(token)` without a regex call: `\\d` is a character of category Nd,
    which is what `str.isdecimal` asks."""
    return 2 <= len(token) <= 3 and token[-1] == "." and token[:-1].isdecimal()


def split_sentences(text: str) -> list[Sentence]:
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[Sentence]:
    """The sentences of `text` in order, read as they are asked for: a caller that needs
    only the first ones (milestones stop after the last event word) splits no further.

    A boundary is met every sentence, so the steps of `_token_before`,
    `_is_false_boundary` and `_sentence` are written out here: a Python call per
    boundary costs more than the work it does.
    """
    abbreviations = _abbreviations()
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        if not line:  # half the lines: the blank ones between paragraphs
            offset += 1
            continue
        start = 0
        for match in _BOUNDARY.finditer(line):
            cut = match.start() + 1  # the token keeps its punctuation
            token = line[line.rfind(" ", 0, cut) + 1 : cut]
            if not token.isprintable():
                token = _token_before(line, cut)
            token = token.rstrip(_CLOSING).lstrip(_OPENING)
            if (
                token.lower() in abbreviations
                or (len(token) == 2 and token[1] == "." and token[0] in _INITIALS)
                # "am 19. Mai", "vom 3. bis 5. Juli": an ordinal followed by a word.
                or (
                    2 <= len(token) <= 3 and token[-1] == "." and token[:-1].isdecimal()
                    and line[match.end() : match.end() + 1].isalpha()
                )
            ):  # fmt: skip
                continue
            stop = match.end(1)
            chunk = line[start:stop]
            if stripped := chunk.strip():
                begin = offset + start + chunk.find(stripped[0])  # after the leading spaces
                yield Sentence(stripped, begin, begin + len(stripped), paragraph)
            start = match.end()
        chunk = line[start:]
        if stripped := chunk.strip():
            begin = offset + start + chunk.find(stripped[0])
            yield Sentence(stripped, begin, begin + len(stripped), paragraph)
        offset += len(line) + 1


def _sentence(line: str, start: int, stop: int, offset: int, par: int) -> Sentence | None:
    chunk = line[start:stop]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    begin = offset + start + lead
    return Sentence(stripped, begin, begin + len(stripped), par)
