"""Clauses of a sentence, so that tense and modality are read next to each event.

"Nach Konsultationen am 14. Januar vereinbarten sie, im März ein Memorandum zu
unterzeichnen": one sentence, a held event and a planned one. Punctuation and the
conjunctions in `etl/reference/clauses.csv` open a new clause; a clause is a span
of the sentence, the conjunction belonging to the clause it opens.
"""

from __future__ import annotations

import re
from functools import cache

from etl.reference import read_rows


@cache
def _boundary(lang: str) -> re.Pattern[str]:
    words = sorted(
        (re.escape(r["word"]) for r in read_rows("clauses.csv") if r["lang"] == lang),
        key=len,
        reverse=True,
    )
    alternatives = r"[,;:–—]|\s\(|(?<=\s)(?:" + "|".join(words) + r")(?=\s)" if words else "[,;:–—]"
    return re.compile(alternatives, re.IGNORECASE)


def clause_spans(sentence: str, lang: str) -> list[tuple[int, int]]:
    """(begin, end) offsets of the clauses of `sentence`, covering it without gaps."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _boundary(lang).finditer(sentence):
        if match.start() > start:
            spans.append((start, match.start()))
            start = match.start()
    spans.append((start, len(sentence)))
    return spans


def clause_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The clause containing `offset` (the last one for an offset at the very end)."""
    for begin, end in spans:
        if begin <= offset < end:
            return begin, end
    return spans[-1]
