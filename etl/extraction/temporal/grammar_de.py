"""German grammar of temporal expressions, as rules for `patterns.build_grammar`.

Group names are the interpreter's contract (see `interpret`): d/m/mn/y for a
day, month name, month number and year; a suffix 2 for the second date of a
range; yd/yr/ythe for "dieses Jahres", "des Vorjahres", "des Jahres"; md, sd,
wdd, ud for deictic words before a month, season, weekday or unit; part/cpart
for "Anfang/Mitte/Ende" and "Jahresende"; ord/qn/hn for quarters and halves;
side for "später/früher im Jahr"; cdir/cn/cd/cu/cu1 for counted units ("in zwei
Wochen", built by `patterns.counted`). Bare years after modal verbs come from
`patterns.bare_year`.
"""

from __future__ import annotations

from etl.extraction.temporal.patterns import (
    DASH,
    DAY,
    MONTH_NUMBER,
    SENTENCE_START,
    YEAR,
    YEAR_DIGITS,
    RuleSpec,
    bare_year,
    count_guard,
    counted,
)
from etl.extraction.temporal.vocabulary import Vocabulary

PLAIN_DEADLINE = ("plain", "deadline")


def _yspec(v: Vocabulary, s: str = "") -> str:
    """A year after a date: "2025", "dieses Jahres", "des nächsten Jahres", "des Vorjahres"."""
    year_unit = v.alternation("unit", values=("year",))
    return (
        rf"(?:\s+(?:des\s+Jahres\s+)?(?P<y{s}>{YEAR})"
        rf"|\s+(?:des\s+)?(?P<yd{s}>{v.alternation('deictic')})\s+{year_unit}"
        rf"|\s+des\s+(?P<yr{s}>{v.alternation('year_rel')})"
        rf"|\s+(?P<ythe{s}>des\s+Jahres))"
    )


def _dates(v: Vocabulary) -> list[RuleSpec]:
    month = v.alternation("month")
    weekday = v.alternation("weekday")
    guard = count_guard(v)
    lead = r"(?:(?:am|vom|zum|seit\s+dem|ab\s+dem|an\s+dem|dem|den)\s+)?"
    named_day = rf"(?:(?:am\s+)?{weekday},?\s+(?:(?:den|dem)\s+)?)?"
    day1, day2 = rf"(?P<d>{DAY})\.?", rf"(?P<d2>{DAY})\.?"
    return [
        RuleSpec(
            "iso",
            rf"(?P<y>{YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "date",
            rf"{lead}{named_day}(?P<d>{DAY})\.(?P<mn>{MONTH_NUMBER})\.(?P<y>{YEAR_DIGITS})",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "range",
            rf"(?:(?:vom|von|am)\s+(?:dem\s+)?)?{day1}\s*(?:(?P<m>{month})\s*(?:(?P<y>{YEAR})\s*)?)?"
            rf"(?:bis(?:\s+(?:zum|einschließlich))?|{DASH})\s*{day2}\s*(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"zwischen\s+(?:dem\s+)?{day1}\s*(?:(?P<m>{month})\s+)?und\s+(?:dem\s+)?{day2}\s*(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"(?:(?:am|an\s+den|vom)\s+)?{day1}(?:\s*,\s*{DAY}\.?)*\s*(?:und|sowie|,)\s+(?:am\s+)?{day2}\s*(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "date", rf"{lead}{named_day}{day1}\s*(?P<m>{month}){_yspec(v)}?{guard}", PLAIN_DEADLINE
        ),
    ]


def _parts(v: Vocabulary) -> list[RuleSpec]:
    month = v.alternation("month")
    part = rf"(?:(?:am|zum|zu|gegen|um|an)\s+)?(?P<part>{v.alternation('part')})\s+"
    deictic, unit = v.alternation("deictic"), v.alternation("unit")
    ordinal, quarter_word = v.alternation("ordinal"), v.alternation("quarter_word")
    return [
        RuleSpec("month", rf"{part}(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
        RuleSpec("year", rf"{part}(?:des\s+Jahres\s+)?(?P<y>{YEAR})", PLAIN_DEADLINE),
        RuleSpec("year", rf"{part}des\s+(?P<yr>{v.alternation('year_rel')})", PLAIN_DEADLINE),
        RuleSpec(
            "quarter",
            rf"{part}des\s+(?P<ord>{ordinal})\s+{quarter_word}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "unit",
            rf"{part}(?:(?:des|der)\s+)?(?:(?P<ud>{deictic})\s+)?(?P<unit>{unit})",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "unit",
            rf"(?:(?:am|zum|zu|gegen|um\s+das)\s+)?(?P<cpart>{v.alternation('part_unit')})(?:\s+(?P<y>{YEAR}))?",
            PLAIN_DEADLINE,
        ),
    ]


def _spans(v: Vocabulary) -> list[RuleSpec]:
    """Quarters, halves, seasons and months."""
    ordinal, month, season = (
        v.alternation("ordinal"),
        v.alternation("month"),
        v.alternation("season"),
    )
    deictic = v.alternation("deictic")
    prep = r"(?:im|in\s+dem|in\s+der|für\s+das|das|ab\s+dem|seit\s+dem|zum|vom)\s+"
    return [
        RuleSpec(
            "quarter",
            rf"(?:{prep})?(?P<ord>{ordinal})\s+{v.alternation('quarter_word')}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("quarter", rf"Q(?P<qn>[1-4])(?:\s*[/-]?\s*(?P<y>{YEAR}))?(?!\w)", PLAIN_DEADLINE),
        RuleSpec(
            "half",
            rf"(?:{prep})?(?P<ord>{ordinal})\s+{v.alternation('half_word')}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "half", rf"(?:in\s+der\s+)?(?P<ord>{ordinal})\s+Hälfte{_yspec(v)}", PLAIN_DEADLINE
        ),
        RuleSpec("half", rf"H(?P<hn>[12])\s*[/-]?\s*(?P<y>{YEAR})", PLAIN_DEADLINE),
        RuleSpec(
            "season",
            rf"{prep}(?:(?P<sd>{deictic})\s+)?(?P<season>{season}){_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("season", rf"(?P<sd>{deictic})\s+(?P<season>{season}){_yspec(v)}?"),
        RuleSpec("season", rf"(?P<season>{season}){_yspec(v)}", PLAIN_DEADLINE),
        RuleSpec("season", rf"(?P<season>{season})", ("deadline",)),
        RuleSpec(
            "month",
            rf"(?:im|seit|ab|für\s+den|vom|zum|Monat|in)\s+(?:(?P<md>{deictic})\s+)?(?P<m>{month}){_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("month", rf"(?P<m>{month}){_yspec(v)}", PLAIN_DEADLINE),
        RuleSpec("month", rf"(?P<m>{month})", ("deadline",)),
    ]


def _relative(v: Vocabulary) -> list[RuleSpec]:
    """Units with deictic words, years, weekdays, relative days."""
    deictic, unit, weekday = (
        v.alternation("deictic"),
        v.alternation("unit"),
        v.alternation("weekday"),
    )
    guard = count_guard(v)
    return [
        RuleSpec(
            "unit",
            rf"(?P<side>{v.alternation('side')})\s+(?:im|in\s+de[mr]|in)\s+(?:(?P<ud>{deictic})\s+)?(?P<unit>{unit})",
        ),
        RuleSpec(
            "unit",
            rf"im\s+Laufe\s+(?:des|der|dieses|dieser)\s+(?P<unit>{unit})(?!\s+\d)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "unit",
            rf"(?:(?:im|in\s+der|in|im\s+Laufe\s+de[sr])\s+)?(?P<ud>{deictic})\s+(?P<unit>{unit})",
            PLAIN_DEADLINE,
        ),
        RuleSpec("year", rf"(?:im\s+|des\s+)?(?P<yr>{v.alternation('year_rel')})", PLAIN_DEADLINE),
        RuleSpec(
            "year",
            rf"(?:(?:im\s+Jahre?|des\s+Jahres|das\s+Jahr|Jahr|in|seit|ab|für|um)\s+)(?P<y>{YEAR}){guard}",
        ),
        RuleSpec("year", rf"(?P<y>{YEAR}){guard}", ("deadline", "after")),
        RuleSpec(
            "weekday", rf"(?:am|an\s+diesem|an\s+dem)\s+(?:(?P<wdd>{deictic})\s+)?(?P<wd>{weekday})"
        ),
        RuleSpec("weekday", rf"(?P<wdd>{deictic})\s+(?P<wd>{weekday})"),
        RuleSpec("weekday", rf"(?:zum\s+)?(?P<wd>{weekday})", PLAIN_DEADLINE),
        RuleSpec(
            "relday",
            rf"(?<!heute\s)(?<!gestern\s)(?P<rel>{v.alternation('relday', tags=('',))})",
            PLAIN_DEADLINE,
        ),
        RuleSpec(  # "am Vortag", "am Morgen", but not "am Vortag des Gipfels", "am Morgen danach"
            "relday",
            rf"(?P<rel>{v.alternation('relday', tags=('prep',))})"
            r"(?!\s+(?:des|der|dem|von|nach|vor|danach|darauf|zuvor|desselben|derselben)\b)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(  # "Morgen beginnt der Gipfel", but not "Morgen des 5. Mai" (the morning)
            "relday",
            rf"{SENTENCE_START}(?P<rel>{v.alternation('relday', tags=('initial',))})"
            r"(?!\s+(?:des|der|und|danach|darauf|nach|vor)\b)",
        ),
    ]


def _periods() -> list[RuleSpec]:
    second = rf"(?P<y2>{YEAR}|\d\d(?!\d))(?!\s*[-–./]\s*\d)"
    lead = r"(?:(?:für|in|über|im\s+Zeitraum|den\s+Zeitraum)\s+(?:die\s+Jahre\s+|den\s+Zeitraum\s+)?(?:von\s+)?|(?:die\s+)?Jahre\s+)?"
    return [
        RuleSpec("period", rf"{lead}(?P<y>{YEAR})\s*[-–—/]\s*{second}"),
        RuleSpec(
            "period",
            rf"(?:von|zwischen)\s+(?:dem\s+Jahr\s+)?(?P<y>{YEAR})\s+(?:bis|und)\s+(?:zum\s+Jahr\s+)?(?P<y2>{YEAR})",
        ),
    ]


def rules(v: Vocabulary) -> list[RuleSpec]:
    """All German rules, the more specific first."""
    return _periods() + _dates(v) + _parts(v) + _spans(v) + _relative(v) + bare_year(v) + counted(v)
