"""Dates that are context, not milestones: founding dates and anniversaries, long-past
events, programme horizons ("bis 2030"), chairmanships and entries into force, and
cancelled events. The cue words are data (`etl/reference/exclusions.csv`).
Called by milestone composition for each date of a sentence that names an event.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from etl.extraction.offsets import distance
from etl.records import TimeExpression
from etl.reference import read_rows

# Events that ended this many years before publication are background, not milestones.
HISTORY_YEARS = 5
# A year-precise deadline this many years ahead is a programme horizon ("bis 2030").
HORIZON_YEARS = 3
# A chairmanship / entry-into-force cue this close to a date makes it no event date.
NONEVENT_DISTANCE = 25
# A founding/anniversary cue this close to a date makes it history whatever the year.
HISTORY_CUE_DISTANCE = 12


@cache
def _exclusions(lang: str, kind: str) -> re.Pattern[str] | None:
    patterns = [r["pattern"] for r in read_rows("exclusions.csv") if r["lang"] == lang and r["kind"] == kind]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def is_nonevent(lang: str, sentence: str, expr: TimeExpression) -> bool:
    """The date belongs to a chairmanship or an entry into force, not to an event:
    "chairmanship from January 1" (cue just before), "zum 1. Januar wirksam" (just after)."""
    before = _exclusions(lang, "nonevent_before")
    window = max(0, expr.begin - NONEVENT_DISTANCE - 40)
    if before is not None and any(
        0 <= expr.begin - m.end() <= NONEVENT_DISTANCE
        for m in before.finditer(sentence, window, expr.begin)
    ):
        return True
    after = _exclusions(lang, "nonevent_after")
    return after is not None and bool(after.match(sentence[expr.stop : expr.stop + 40]))


def has_cue(lang: str, kind: str, text: str) -> bool:
    pattern = _exclusions(lang, kind)
    return bool(pattern and pattern.search(text))


def is_background(expr: TimeExpression, sentence: str, lang: str, anchor: date) -> bool:
    """Founding dates, anniversaries, long-past events and programme horizons are context."""
    if expr.end.year <= anchor.year - HISTORY_YEARS:
        return True
    horizon = expr.mod in ("END", "BEFORE") and expr.precision == "year"
    if horizon and expr.end.year >= anchor.year + HORIZON_YEARS:
        return True
    pattern = _exclusions(lang, "history")
    if pattern is None:
        return False
    if expr.end.year < anchor.year:
        # Any cue makes a past date background; no cue at all means none next to it either.
        return bool(pattern.search(sentence))
    # "Heute vor 33 Jahren", "today marks 80 years since": the cue stands next to the date.
    return any(
        distance(m.start(), m.end(), expr.begin, expr.stop) <= HISTORY_CUE_DISTANCE
        for m in pattern.finditer(sentence)
    )


