"""Calendar arithmetic for temporal expressions: intervals of days, months,
seasons, quarters, halves, years and weeks; parts of them (START/MID/END);
deadlines and "after"; and HeidelTime's rule for year-less dates.

Pure functions of their arguments; called by `etl.extraction.temporal.interpret`.
The constructors of whole days, months, seasons, quarters, halves, years and weeks
are memoised: their arguments range over a small calendar, a year-less date tries
three years for each reading, and the intervals are immutable tuples.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

from etl.records import Mod, Precision

Direction = Literal["past", "future"]
Kind = Literal["date", "period"]

SEASON_MONTHS: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
PART_MODS: tuple[str, ...] = ("START", "MID", "END")


class Interval(NamedTuple):
    """A resolved expression before it is tied to its text.

    A named tuple, not a dataclass: a year-less date is tried in three years, and
    the tagger makes several of these per date it reads.
    """

    timex: str
    start: date
    end: date
    precision: Precision
    mod: Mod | None = None
    kind: Kind = "date"
    relative: bool = False


CALENDAR_CACHE_SIZE = 8192


def changed(interval: Interval, **fields: object) -> Interval:
    """The interval with some fields replaced."""
    return interval._replace(**fields)


def with_relative(interval: Interval, relative: bool) -> Interval:
    """The interval marked relative or not; itself when it already is (most are)."""
    return interval if interval.relative is relative else interval._replace(relative=relative)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def last_day(year: int, month_: int) -> int:
    if month_ == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month_ - 1]


def add_months(year: int, month_: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month_ - 1) + months
    return index // 12, index % 12 + 1


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def day(year: int, month_: int, day_: int) -> Interval | None:
    """One day, or None when the date does not exist (31 February)."""
    if not 1 <= month_ <= 12 or not 1 <= day_ <= last_day(year, month_):
        return None
    value = date(year, month_, day_)
    return Interval(value.isoformat(), value, value, "day")


def day_range(first: date, last: date) -> Interval | None:
    """Consecutive days ("12. und 13. Februar"); None when the order is wrong."""
    if last < first or (last - first).days > 62:
        return None
    return Interval(f"{first.isoformat()}/{last.isoformat()}", first, last, "day")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def month(year: int, month_: int) -> Interval:
    start = date(year, month_, 1)
    end = date(year, month_, last_day(year, month_))
    return Interval(f"{year:04d}-{month_:02d}", start, end, "month")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def season(year: int, code: str) -> Interval:
    """A meteorological season; winter runs from December into the next year."""
    first = SEASON_MONTHS[code]
    end_year, end_month = add_months(year, first, 2)
    end = date(end_year, end_month, last_day(end_year, end_month))
    return Interval(f"{year:04d}-{code}", date(year, first, 1), end, "season")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def quarter(year: int, number: int) -> Interval:
    first = 3 * (number - 1) + 1
    end = date(year, first + 2, last_day(year, first + 2))
    return Interval(f"{year:04d}-Q{number}", date(year, first, 1), end, "quarter")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def half(year: int, number: int) -> Interval:
    first = 6 * (number - 1) + 1
    end = date(year, first + 5, last_day(year, first + 5))
    return Interval(f"{year:04d}-H{number}", date(year, first, 1), end, "half")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def year(value: int) -> Interval:
    return Interval(f"{value:04d}", date(value, 1, 1), date(value, 12, 31), "year")


@lru_cache(maxsize=CALENDAR_CACHE_SIZE)
def week(anchor: date, offset: int) -> Interval:
    """The ISO week of the anchor moved by `offset` weeks, Monday to Sunday."""
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
    iso_year, iso_week, _ = monday.isocalendar()
    return Interval(f"{iso_year:04d}-W{iso_week:02d}", monday, monday + timedelta(days=6), "week")


def part(whole: Interval, mod: str) -> Interval:
    """START/MID/END of a month (days 1-10/11-20/21-end), a year (Jan-Apr/May-Aug/
    Sep-Dec) or a week (Mon-Tue/Wed-Thu/Fri-Sun); other intervals keep their bounds."""
    index = PART_MODS.index(mod)
    start, end = whole.start, whole.end
    if whole.precision == "month":
        start = start.replace(day=(1, 11, 21)[index])
        end = end if index == 2 else start.replace(day=(10, 20)[index])
    elif whole.precision == "year":
        start = start.replace(month=(1, 5, 9)[index])
        end_month = (4, 8, 12)[index]
        end = date(start.year, end_month, last_day(start.year, end_month))
    elif whole.precision == "week":
        start = whole.start + timedelta(days=(0, 2, 4)[index])
        end = whole.start + timedelta(days=(1, 3, 6)[index])
    return changed(whole, start=start, end=end, mod=mod)  # type: ignore[arg-type]


def side(whole: Interval, anchor: date, which: str) -> Interval:
    """ "later this year": from the anchor to the end; "earlier this year": from the
    start to the anchor. The timex and precision stay those of the whole."""
    if not whole.start <= anchor <= whole.end:
        return whole
    if which == "later":
        return changed(whole, start=anchor)
    return changed(whole, end=anchor)


def distance(interval: Interval, anchor: date) -> int:
    """Days between the anchor and the interval (0 when the anchor is inside it)."""
    if anchor < interval.start:
        return (interval.start - anchor).days
    if anchor > interval.end:
        return (anchor - interval.end).days
    return 0


def pick(
    candidates: Iterable[Interval], anchor: date, direction: Direction | None
) -> Interval | None:
    """HeidelTime's rule: past -> the latest starting on or before the anchor;
    future -> the earliest ending on or after it; none -> the nearest."""
    options = sorted(candidates, key=lambda i: i.start)
    if direction == "past":
        before = [i for i in options if i.start <= anchor]
        return before[-1] if before else None
    if direction == "future":
        after_ = [i for i in options if i.end >= anchor]
        return after_[0] if after_ else None
    if not options:
        return None
    return min(options, key=lambda i: (distance(i, anchor), i.start < anchor))


def choose_year(
    make: Callable[[int], Interval | None], anchor: date, direction: Direction | None
) -> Interval | None:
    """Resolve a year-less expression by trying the anchor's year and its neighbours."""
    near = [make(y) for y in range(anchor.year - 1, anchor.year + 2)]
    if all(near):  # the years two away can be neither later, earlier nor nearer
        candidates = [c for c in near if c]
    else:  # 29 February: look two years each way
        candidates = [c for y in range(anchor.year - 2, anchor.year + 3) if (c := make(y))]
    chosen = pick(candidates, anchor, direction)
    return with_relative(chosen, True) if chosen else None


def weekday(anchor: date, number: int, direction: Direction | None, offset: int | None) -> Interval:
    """The named weekday: `offset` 1 strictly after the anchor ("next Friday"), -1
    strictly before ("last Friday"), otherwise by the sentence's direction."""
    days = [anchor + timedelta(days=k) for k in range(-7, 8)]
    days = [d for d in days if d.weekday() == number]
    if offset == 1:
        chosen = min(d for d in days if d > anchor)
    elif offset == -1:
        chosen = max(d for d in days if d < anchor)
    elif direction == "past":
        chosen = max(d for d in days if d <= anchor)
    elif direction == "future":
        chosen = min(d for d in days if d >= anchor)
    else:
        chosen = min(days, key=lambda d: abs((d - anchor).days))
    return Interval(chosen.isoformat(), chosen, chosen, "day", relative=True)


def deadline(target: Interval, anchor: date) -> Interval:
    """ "bis/by/до X": from the anchor to the end of X; mod END for "bis Ende", else BEFORE.

    A target already past at the anchor keeps its own start, so start <= end holds.
    """
    mod = target.mod if target.mod in PART_MODS else "BEFORE"
    start = anchor if anchor <= target.end else target.start
    return changed(target, start=start, mod=mod, relative=True)  # type: ignore[arg-type]


def after(target: Interval) -> Interval | None:
    """ "after 2026": the year that follows, keeping the named year as timex."""
    if target.precision != "year" or target.mod is not None:
        return None
    following = year(target.start.year + 1)
    return changed(target, start=following.start, end=following.end, mod="AFTER")


def period(first: int, last: int) -> Interval | None:
    """A validity span of whole years ("2026-2028"); None unless first < last."""
    if not first < last <= first + 50:
        return None
    return Interval(
        f"{first:04d}/{last:04d}", date(first, 1, 1), date(last, 12, 31), "year", kind="period"
    )
