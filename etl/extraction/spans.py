"""Combine the date expressions of one sentence: multi-day spans and year qualifiers.

Wire text spreads a summit over several days in ways a date tagger sees as
separate days: a list ("on Saturday and Sunday"), a length ("the two-day meeting
opened today"), or an opening and a closing verb ("das Treffen, das am Dienstag
begonnen hatte, endete heute"). Called by milestone composition for each
sentence; the cue words are data (`etl/reference/spans.csv`). A bare year beside a
finer date ("в следующем году ... в октябре") names that date's year (`apply_year_qualifiers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import cache

from etl.extraction.clauses import clause_at
from etl.extraction.offsets import distance
from etl.records import TimeExpression
from etl.reference import read_rows

MAX_LIST_GAP_DAYS = 3  # "am 12. und 13. Juni" joins; "on 3 and 17 June" does not
MAX_SPAN_DAYS = 14  # an opening and a closing date further apart are two events
CUE_DISTANCE = 60  # characters between an opening/closing verb and its date
QUALIFIER_DISTANCE = 40  # a year this close to a finer date names its year


@cache
def _cues(lang: str, kind: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    rows = read_rows("spans.csv")
    return tuple(
        (re.compile(r["pattern"], re.IGNORECASE), int(r["value"]) if r["value"] else 0)
        for r in rows
        if r["lang"] == lang and r["kind"] == kind
    )


@cache
def _any_cue(lang: str, kind: str) -> re.Pattern[str] | None:
    """All cues of a kind in one pattern, to tell at once whether a sentence has any.

    One search with the alternation costs a third of one search per cue. Only the
    answer "none" is used, so the cues' own groups may be renumbered; a cue with a
    back-reference (whose number would shift) is refused.
    """
    sources = [pattern.pattern for pattern, _ in _cues(lang, kind)]
    if any(re.search(r"\\[1-9]|\(\?P=", source) for source in sources):
        raise ValueError(f"spans.csv: {kind} cues must not use back-references")
    return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE) if sources else None


def _near(text: str, e: TimeExpression, lang: str, kind: str) -> int | None:
    """Distance from `e` to the nearest cue of `kind`, or None when there is none close."""
    best: int | None = None
    for pattern, _ in _cues(lang, kind):
        for m in pattern.finditer(text):
            d = max(m.start() - e.stop, e.begin - m.end(), 0)
            if d <= CUE_DISTANCE and (best is None or d < best):
                best = d
    return best


def _is_day(e: TimeExpression) -> bool:
    return e.precision == "day" and e.mod is None


def _span(first: TimeExpression, last: TimeExpression, text: str) -> TimeExpression:
    start, end = first.start, last.end
    timex = start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
    return replace(
        first, text=text[first.begin : last.stop], stop=last.stop, timex=timex, start=start,
        end=end, relative=first.relative or last.relative,
    )  # fmt: skip


def join_lists(exprs: list[TimeExpression], text: str, lang: str) -> list[TimeExpression]:
    """Consecutive day dates joined by "und"/"and"/"и"/"bis" are one span."""
    joiners = [p for p, _ in _cues(lang, "joiner")]
    out: list[TimeExpression] = []
    for e in exprs:
        prev = out[-1] if out else None
        if (
            prev is not None and _is_day(prev) and _is_day(e)
            and 0 < (e.start - prev.end).days <= MAX_LIST_GAP_DAYS
            and any(j.match(text[prev.stop : e.begin]) for j in joiners)
        ):  # fmt: skip
            out[-1] = _span(prev, e, text)
        else:
            out.append(e)
    return out


def join_open_close(exprs: list[TimeExpression], text: str, lang: str) -> list[TimeExpression]:
    """A date by an opening verb and a later one by a closing verb bound one event."""
    days = [e for e in exprs if _is_day(e)]
    if len(days) != 2:
        return exprs
    first, last = sorted(days, key=lambda e: e.start)
    if not 0 < (last.start - first.end).days <= MAX_SPAN_DAYS:
        return exprs
    if _near(text, first, lang, "opening") is None or _near(text, last, lang, "closing") is None:
        return exprs
    merged = replace(_span(first, last, text), text=f"{first.text} … {last.text}")
    merged = replace(merged, begin=min(first.begin, last.begin), stop=max(first.stop, last.stop))
    return sorted([e for e in exprs if e not in days] + [merged], key=lambda e: e.begin)


def apply_duration(exprs: list[TimeExpression], text: str, lang: str) -> list[TimeExpression]:
    """ "The two-day meeting opened today": the day nearest the length becomes the span."""
    singles = [e for e in exprs if _is_day(e) and e.start == e.end]
    if not singles:  # nothing to span: the cues need not be sought
        return exprs
    days, cue = 0, None
    any_cue = _any_cue(lang, "duration")
    if any_cue is None or not any_cue.search(text):
        return exprs
    for pattern, value in _cues(lang, "duration"):
        cue = pattern.search(text)
        if cue:
            days = value or int(cue.group(1))
            break
    if cue is None or not 2 <= days <= MAX_SPAN_DAYS:
        return exprs
    e = min(singles, key=lambda x: max(cue.start() - x.stop, x.begin - cue.end(), 0))
    if max(cue.start() - e.stop, e.begin - cue.end(), 0) > 2 * CUE_DISTANCE:
        return exprs
    closing, opening = _near(text, e, lang, "closing"), _near(text, e, lang, "opening")
    length = timedelta(days=days - 1)
    ends_here = closing is not None and (opening is None or closing < opening)
    start, end = (e.start - length, e.end) if ends_here else (e.start, e.end + length)
    spanned = replace(e, start=start, end=end, timex=f"{start.isoformat()}/{end.isoformat()}")
    return [spanned if x is e else x for x in exprs]


def event_spans(exprs: Sequence[TimeExpression], text: str, lang: str) -> list[TimeExpression]:
    """All three readings, in order: lists, then opening/closing pairs, then lengths."""
    out = join_lists(list(exprs), text, lang)
    out = join_open_close(out, text, lang)
    return apply_duration(out, text, lang)


def _shift_year(e: TimeExpression, year: int) -> TimeExpression:
    """The same year-less date in another year ("в октябре" of "в следующем году")."""
    delta = year - e.start.year
    try:
        start = e.start.replace(year=e.start.year + delta)
        end = e.end.replace(year=e.end.year + delta)
    except ValueError:  # 29 February
        return e
    timex = "/".join(str(int(p[:4]) + delta) + p[4:] for p in e.timex.split("/"))
    return replace(e, start=start, end=end, timex=timex)


def apply_year_qualifiers(
    exprs: list[TimeExpression], clauses_of: Callable[[], list[tuple[int, int]]]
) -> list[TimeExpression]:
    """A bare year next to a more precise date names that date's year, not an event of its own.

    `clauses_of` gives the sentence's clause spans; it is called only when the sentence
    has both a bare year and a finer date (cutting clauses costs a pass over the sentence).
    """
    years = [e for e in exprs if e.precision == "year" and e.mod is None]
    finer = [e for e in exprs if e.precision not in ("year",)]
    if not years or not finer:
        return exprs
    clauses = clauses_of()
    absorbed: set[int] = set()
    out: list[TimeExpression] = []
    for e in finer:
        near = [
            y for y in years
            if clause_at(clauses, y.begin) == clause_at(clauses, e.begin)
            or distance(y.begin, y.stop, e.begin, e.stop) <= QUALIFIER_DISTANCE
        ]  # fmt: skip
        if near:
            qualifier = min(near, key=lambda y: distance(y.begin, y.stop, e.begin, e.stop))
            absorbed.add(id(qualifier))
            if e.relative and e.start.year == e.end.year != qualifier.start.year:
                e = _shift_year(e, qualifier.start.year)
        out.append(e)
    kept = [y for y in years if id(y) not in absorbed]
    return sorted(out + kept, key=lambda e: e.begin)
