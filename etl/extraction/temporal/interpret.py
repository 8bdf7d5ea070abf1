"""Turn one rule match into an `Interval`: read the named groups (see the grammar
modules), look the words up in the vocabulary, resolve against the anchor.

Called by `find_time_expressions` for each match of the combined pattern.
Returns None when the words do not make a real date (31 February, a third half).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from etl.extraction.temporal import resolve
from etl.extraction.temporal.patterns import OWN, Rule
from etl.extraction.temporal.resolve import Direction, Interval
from etl.extraction.temporal.vocabulary import Vocabulary

Shape = Callable[[Interval], Interval]
# The sentence's tense, asked only by the expressions it decides (year-less dates,
# weekdays): reading it means matching the sentence's tense cues, and most dates name
# their year.
Tense = Callable[[], Direction | None]


class Groups:
    """The named groups of a match with vocabulary lookups.

    The match is the rule's own or one of an alternation of rules, where the rule's
    groups are named behind its name (see `patterns`); `text` reads either.
    """

    def __init__(self, rule: Rule, match: re.Match[str], vocabulary: Vocabulary) -> None:
        self.match = match
        self.vocabulary = vocabulary
        self.index = match.re.groupindex
        self.prefix = rule.name + OWN if rule.name in self.index else ""

    def text(self, name: str) -> str | None:
        name = self.prefix + name
        return self.match.group(name) if name in self.index else None

    def number(self, name: str) -> int | None:
        value = self.text(name)
        return int(value) if value else None

    def word(self, name: str, category: str) -> str | None:
        value = self.text(name)
        return self.vocabulary.value(category, value) if value else None

    def offset(self, name: str, category: str = "deictic") -> int | None:
        value = self.word(name, category)
        return int(value) if value is not None else None

    def month(self, suffix: str = "") -> int | None:
        name = self.word(f"m{suffix}", "month")
        return int(name) if name else self.number(f"mn{suffix}")


def year_of(g: Groups, anchor: date, suffix: str = "") -> tuple[int | None, bool]:
    """The year a date names, and whether it came from the anchor ("dieses Jahres")."""
    explicit = g.number(f"y{suffix}")
    if explicit is not None:
        return explicit, False
    for name, category in ((f"yd{suffix}", "deictic"), (f"yr{suffix}", "year_rel")):
        offset = g.offset(name, category)
        if offset is not None:
            return anchor.year + offset, True
    if g.text(f"ythe{suffix}"):
        return anchor.year, True
    return None, False


def shape_of(g: Groups) -> Shape:
    """Apply "Anfang/Mitte/Ende" when the match has a part word."""
    mod = g.word("part", "part") or (g.word("cpart", "part_unit") or "").split(":")[0]
    if not mod:
        return lambda interval: interval
    return lambda interval: resolve.part(interval, mod)


def _by_year(
    g: Groups, make: Callable[[int], Interval | None], anchor: date, tense: Tense
) -> Interval | None:
    """An explicit or deictic year, else HeidelTime's rule over neighbouring years."""
    year, relative = year_of(g, anchor)
    if year is None:
        return resolve.choose_year(make, anchor, tense())
    made = make(year)
    return resolve.with_relative(made, relative) if made else None


def _deictic(make: Callable[[int], Interval | None], offset: int, anchor: date) -> Interval | None:
    """ "this/next/last June": the anchor's nearest, the first after, the last before."""
    candidates = [c for y in range(anchor.year - 2, anchor.year + 3) if (c := make(y))]
    if offset == 1:
        chosen = resolve.pick([c for c in candidates if c.start > anchor], anchor, "future")
    elif offset == -1:
        chosen = resolve.pick([c for c in candidates if c.end < anchor], anchor, "past")
    else:
        chosen = resolve.pick(candidates, anchor, None)
    return resolve.with_relative(chosen, True) if chosen else None


def date_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    day, month = g.number("d"), g.month()
    if day is None or month is None:
        return None
    return _by_year(g, lambda y: resolve.day(y, month, day), anchor, tense)


def range_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    """Day ranges and lists: a month or year given once applies to both ends."""
    d1, d2 = g.number("d"), g.number("d2")
    m2 = g.month("2") or g.month()
    m1 = g.month() or m2
    if d1 is None or d2 is None or m1 is None or m2 is None:
        return None
    first_year = g.number("y")

    def make(y: int) -> Interval | None:
        y1 = first_year if first_year is not None else (y if m1 <= m2 else y - 1)
        if resolve.day(y1, m1, d1) is None or resolve.day(y, m2, d2) is None:
            return None
        return resolve.day_range(date(y1, m1, d1), date(y, m2, d2))

    year, relative = year_of(g, anchor, "2")
    if year is None and first_year is not None:
        year = first_year if m1 <= m2 else first_year + 1
    if year is None:
        return resolve.choose_year(make, anchor, tense())
    made = make(year)
    return resolve.with_relative(made, relative) if made else None


def month_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    month, shape = g.month(), shape_of(g)
    if month is None:
        return None
    offset = g.offset("md")
    if offset is not None:
        return _deictic(lambda y: shape(resolve.month(y, month)), offset, anchor)
    return _by_year(g, lambda y: shape(resolve.month(y, month)), anchor, tense)


def season_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    code, shape = g.word("season", "season"), shape_of(g)
    if code is None:
        return None
    offset = g.offset("sd")
    if offset is not None:
        return _deictic(lambda y: shape(resolve.season(y, code)), offset, anchor)
    return _by_year(g, lambda y: shape(resolve.season(y, code)), anchor, tense)


def quarter_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    number = g.number("qn") or g.offset("ord", "ordinal")
    if not number or not 1 <= number <= 4:
        return None
    shape = shape_of(g)
    return _by_year(g, lambda y: shape(resolve.quarter(y, number)), anchor, tense)


def half_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    number = g.number("hn") or g.offset("ord", "ordinal")
    if not number or not 1 <= number <= 2:
        return None
    return _by_year(g, lambda y: resolve.half(y, number), anchor, tense)


def year_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    year, relative = year_of(g, anchor)
    if year is None:
        return None
    return resolve.with_relative(shape_of(g)(resolve.year(year)), relative)


def unit_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    """ "this/next/last year|month|week", "Ende des Monats", "Jahresende 2025",
    "later/earlier this year"."""
    unit = g.word("unit", "unit") or (g.word("cpart", "part_unit") or ":").split(":")[1]
    offset = g.offset("ud") or 0
    explicit = g.number("y")
    if unit == "year":
        whole = resolve.year(explicit if explicit is not None else anchor.year + offset)
    elif unit == "month":
        whole = resolve.month(*resolve.add_months(anchor.year, anchor.month, offset))
    elif unit == "week":
        whole = resolve.week(anchor, offset)
    else:
        return None
    side = g.word("side", "side")
    if side and offset == 0:
        whole = resolve.side(whole, anchor, side)
    return resolve.with_relative(shape_of(g)(whole), explicit is None)


def weekday_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    number = g.offset("wd", "weekday")
    if number is None:
        return None
    return resolve.weekday(anchor, number, tense(), g.offset("wdd"))


def relday_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    offset = g.offset("rel", "relday")
    if offset is None:
        return None
    return relday_at(anchor, offset)


def relday_at(anchor: date, offset: int) -> Interval:
    """The day `offset` days from the anchor."""
    day = anchor + timedelta(days=offset)
    return Interval(day.isoformat(), day, day, "day", relative=True)


def count_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    """ "in zwei Wochen", "three days ago": the day, the ISO week or the month that
    many units from the anchor."""
    sign = g.offset("cdir", "count_dir")
    unit = g.word("cu", "count_unit") or g.word("cu1", "count_unit")
    amount = g.offset("cn", "number") or g.number("cd") or 1
    if sign is None or unit is None:
        return None
    steps = sign * amount
    if unit == "day":
        return relday_at(anchor, steps)
    if unit == "week":
        return resolve.with_relative(resolve.week(anchor, steps), True)
    return resolve.with_relative(
        resolve.month(*resolve.add_months(anchor.year, anchor.month, steps)), True
    )


def period_(g: Groups, anchor: date, tense: Tense) -> Interval | None:
    first, last_text = g.number("y"), g.text("y2")
    if first is None or not last_text:
        return None
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
    return resolve.period(first, last)


KINDS: dict[str, Callable[[Groups, date, Tense], Interval | None]] = {
    "iso": date_,
    "date": date_,
    "range": range_,
    "month": month_,
    "season": season_,
    "quarter": quarter_,
    "half": half_,
    "year": year_,
    "unit": unit_,
    "weekday": weekday_,
    "relday": relday_,
    "period": period_,
    "count": count_,
}


def _future() -> Direction:
    return "future"


def interpret(
    rule: Rule,
    match: re.Match[str],
    vocabulary: Vocabulary,
    anchor: date,
    tense: Tense,
) -> Interval | None:
    """The interval a rule's match denotes; deadlines look forward from the anchor."""
    groups = Groups(rule, match, vocabulary)
    if rule.wrap == "deadline":
        target = KINDS[rule.kind](groups, anchor, _future)
        return resolve.deadline(target, anchor) if target else None
    target = KINDS[rule.kind](groups, anchor, tense)
    if rule.wrap == "after":
        return resolve.after(target) if target else None
    return target
