"""Clauses of a sentence, so that tense and modality are read next to each event.

`clause_spans` cuts a sentence into clauses; `ClauseTense` reads tense, status and
verbs of saying per clause, for milestone composition.

"Nach Konsultationen am 14. Januar vereinbarten sie, im März ein Memorandum zu
unterzeichnen": one sentence, a held event and a planned one. Punctuation and the
conjunctions in `etl/reference/clauses.csv` open a new clause; a clause is a span
of the sentence, the conjunction belonging to the clause it opens.
"""

from __future__ import annotations

import re
from functools import cache

from etl.extraction.offsets import distance
from etl.extraction.tense import (
    Cue,
    Direction,
    cue_matches,
    cues_of,
    find_statement_cues,
    statement_spans_of,
    status_of,
    tense_of,
)
from etl.extraction.wordpatterns import Match
from etl.records import Status
from etl.reference import read_rows

# Characters over which a tense cue's weight halves: the verb next to a date decides.
CUE_FADE = 40


@cache
def _boundary(lang: str) -> re.Pattern[str]:
    """Where clauses begin: punctuation, a space before "(", or a clause word between
    spaces (its start is group 1's: the match starts at the space before it).

    The pattern opens with the set of characters a boundary starts at, so `re` skips to
    the next space or punctuation mark in C; written as "punctuation | space then "(" |
    a word after a space", it is tried at every character. The boundaries are the same:
    the words begin and end with a letter, so no match ends in a space, and the space
    before a word is still unread when the scan reaches it.
    """
    words = sorted(
        (r["word"] for r in read_rows("clauses.csv") if r["lang"] == lang), key=len, reverse=True
    )
    for word in words:
        if not (word[:1].isalpha() and word[-1:].isalpha()):
            raise ValueError(
                f"clauses.csv: a clause word must begin and end with a letter: {word!r}"
            )
    if not words:
        return re.compile("[,;:–—]")
    after_space = r"\(|(" + "|".join(map(re.escape, words)) + r")(?=\s)"
    return re.compile(rf"[\s,;:–—](?:(?<=[,;:–—])|(?<=\s)(?:{after_space}))", re.IGNORECASE)


def clause_spans(sentence: str, lang: str) -> list[tuple[int, int]]:
    """(begin, end) offsets of the clauses of `sentence`, covering it without gaps."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _boundary(lang).finditer(sentence):
        cut = match.start(1) if match.lastindex else match.start()
        if cut > start:
            spans.append((start, cut))
            start = cut
    spans.append((start, len(sentence)))
    return spans


def clause_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The clause containing `offset` (the last one for an offset at the very end)."""
    for begin, end in spans:
        if begin <= offset < end:
            return begin, end
    return spans[-1]


class ClauseTense:
    """Tense and status read from the clause around a position.

    A clause without a tense cue gives no direction: its year-less dates take the
    occurrence nearest the publication date, which beats borrowing the tense of a
    neighbouring clause that usually speaks of another event ("After talks on
    13 March, they agreed to hold ..."). Status may fall back on the sentence when
    its cues agree.
    """

    __slots__ = ("sentence", "lang", "_matches", "_cues", "_spans", "_status")

    def __init__(self, sentence: str, lang: str) -> None:
        # Cues and clauses are read on first use: most sentences with an event word
        # hold no date, and then nothing asks for them. Kept by hand, not as
        # `cached_property`s, whose first read takes a lock (a tenth of the class's time).
        self.sentence, self.lang = sentence, lang
        self._matches: list[Match] | None = None
        self._cues: list[Cue] | None = None
        self._spans: list[tuple[int, int]] | None = None
        self._status: tuple[Status | None] | None = None

    @property
    def matches(self) -> list[Match]:
        if self._matches is None:
            self._matches = cue_matches(self.sentence, self.lang)
        return self._matches

    @property
    def cues(self) -> list[Cue]:
        if self._cues is None:
            self._cues = cues_of(self.matches, self.lang)
        return self._cues

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = clause_spans(self.sentence, self.lang)
        return self._spans

    @property
    def sentence_status(self) -> Status | None:
        if self._status is None:
            cues = self.cues
            directions = {tense_of([c]) for c in cues if c.signal not in ("speech", "none")}
            self._status = (status_of(cues) if len(directions) <= 1 else None,)
        return self._status[0]

    def _clause_cues(self, *offsets: int) -> list[Cue]:
        if not self.cues:
            return []  # no clauses to cut
        clauses = {clause_at(self.spans, o) for o in offsets}
        return [c for c in self.cues if any(b <= c.begin < e for b, e in clauses)]

    def direction(self, offset: int) -> Direction | None:
        """The tense nearest the offset: a cue's weight fades with its distance."""
        past = future = 0.0
        for c in self._clause_cues(offset):
            if c.signal in ("speech", "none"):
                continue
            weight = c.weight / (1 + distance(c.begin, c.end, offset, offset + 1) / CUE_FADE)
            if c.signal in ("past", "held"):
                past += weight
            else:
                future += weight
        if past == future:
            return None
        return "past" if past > future else "future"

    def status(self, *offsets: int) -> Status | None:
        return status_of(self._clause_cues(*offsets)) or self.sentence_status

    def speech_spans(self) -> list[tuple[int, int]]:
        """The verbs of saying: read from the cue matches when the tense asked for them
        already (the same spans), else by the smaller set of speech rows alone."""
        if self._matches is not None:
            return statement_spans_of(self._matches, self.lang)
        return find_statement_cues(self.sentence, self.lang)
