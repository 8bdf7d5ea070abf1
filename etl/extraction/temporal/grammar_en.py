"""English grammar of temporal expressions, as rules for `patterns.build_grammar`.

Group names follow `grammar_de` (the interpreter's contract). Month and weekday
names are case-sensitive (vocabulary), so "may" and "march" are never months;
"May" and "March" need a day, a year, a preposition or a deictic word.
"""

from __future__ import annotations

from etl.extraction.temporal.patterns import (
    DASH,
    DAY,
    YEAR,
    RuleSpec,
    bare_year,
    count_guard,
    counted,
)
from etl.extraction.temporal.vocabulary import Vocabulary

PLAIN_DEADLINE = ("plain", "deadline")
SUFFIX = r"(?:st|nd|rd|th)?"
# Not before a noun phrase: a determiner, a possessive or a name ("the day before Lavrov's visit").
NO_NOUN_PHRASE = (
    r"(?!\s+(?:the|a|an|his|her|its|their|this|that|these|those|yesterday|tomorrow)\b)"
    r"(?!\s+(?-i:[A-Z]))"
)


def _yspec(v: Vocabulary, s: str = "") -> str:
    """A year after a date: ", 2025", "of 2025", "this year", "of next year", "of the year"."""
    year_unit = v.alternation("unit", values=("year",))
    return (
        rf"(?:(?:,\s*|\s+)(?:of\s+)?(?P<y{s}>{YEAR})"
        rf"|\s+(?:of\s+)?(?P<yd{s}>{v.alternation('deictic')})\s+{year_unit}"
        rf"|\s+of\s+(?P<ythe{s}>the\s+{year_unit}))"
    )


def _dates(v: Vocabulary) -> list[RuleSpec]:
    month, weekday, guard = v.alternation("month"), v.alternation("weekday"), count_guard(v)
    lead = r"(?:(?:on|from|since|of|as\s+of|starting)\s+)?(?:the\s+)?"
    named_day = rf"(?:(?:on\s+)?{weekday},?\s+(?:the\s+)?)?"
    day1, day2 = rf"(?P<d>{DAY}){SUFFIX}", rf"(?P<d2>{DAY}){SUFFIX}"
    to = rf"(?:\s+(?:to|until|till|through)\s+|{DASH})"
    return [
        RuleSpec(
            "iso",
            rf"(?P<y>{YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "range",
            rf"(?:(?:from|on)\s+)?(?:the\s+)?{day1}(?:\s+of)?\s*(?:(?P<m>{month})\s*(?:,?\s*(?P<y>{YEAR})\s*)?)?"
            rf"{to}(?:the\s+)?{day2}(?:\s+of)?\s+(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"between\s+(?:the\s+)?{day1}(?:\s+of)?\s*(?:(?P<m>{month})\s+)?and\s+(?:the\s+)?{day2}(?:\s+of)?\s+(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"(?:(?:from|on)\s+)?(?P<m>{month})\s+{day1}{to}(?:(?P<m2>{month})\s+)?{day2}(?:,?\s*(?P<y2>{YEAR}))?",
        ),
        RuleSpec(
            "range",
            rf"(?:on\s+)?(?:the\s+)?{day1}(?:\s*,\s*{DAY}{SUFFIX})*,?\s+(?:and|&)\s+{day2}(?:\s+of)?\s+(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"(?:on\s+)?(?P<m>{month})\s+{day1}(?:\s*,\s*{DAY}{SUFFIX})*,?\s+(?:and|&)\s+{day2}(?:,?\s*(?P<y2>{YEAR}))?",
        ),
        RuleSpec(
            "date",
            rf"{lead}{named_day}{day1}(?:\s+of)?\s+(?P<m>{month}){_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "date",
            rf"{lead}{named_day}(?P<m>{month})\s+{day1}(?:,?\s*(?P<y>{YEAR}))?(?![\d:]){guard}",
            PLAIN_DEADLINE,
        ),
    ]


def _parts(v: Vocabulary) -> list[RuleSpec]:
    month, deictic, unit = (
        v.alternation("month", tags=("",)),
        v.alternation("deictic"),
        v.alternation("unit"),
    )
    year_unit = v.alternation("unit", values=("year",))
    pre = rf"(?:in\s+)?(?P<part>{v.alternation('part', tags=('pre',))})\s*-?\s*"
    of = rf"(?:(?:at|in|towards?|around|from|since)\s+)?(?:the\s+)?(?P<part>{v.alternation('part', tags=('of',))})\s+of\s+"
    ordinal, quarter_word = v.alternation("ordinal"), v.alternation("quarter_word")
    return [
        RuleSpec("month", rf"{pre}(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
        RuleSpec("year", rf"{pre}(?P<y>{YEAR})", PLAIN_DEADLINE),
        RuleSpec("year", rf"{pre}(?P<yd>{deictic})\s+{year_unit}", PLAIN_DEADLINE),
        RuleSpec("month", rf"{of}(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
        RuleSpec("year", rf"{of}(?:the\s+year\s+)?(?P<y>{YEAR})", PLAIN_DEADLINE),
        RuleSpec(
            "quarter", rf"{of}the\s+(?P<ord>{ordinal})\s+{quarter_word}{_yspec(v)}?", PLAIN_DEADLINE
        ),
        RuleSpec("unit", rf"{of}(?:(?P<ud>{deictic})\s+|the\s+)(?P<unit>{unit})", PLAIN_DEADLINE),
        RuleSpec(
            "unit",
            rf"(?:(?:at|in|around)\s+)?(?:the\s+)?(?P<cpart>{v.alternation('part_unit')})(?:\s+(?P<y>{YEAR}))?",
            PLAIN_DEADLINE,
        ),
    ]


def _spans(v: Vocabulary) -> list[RuleSpec]:
    """Quarters, halves, seasons and months."""
    ordinal, season, deictic = (
        v.alternation("ordinal"),
        v.alternation("season"),
        v.alternation("deictic"),
    )
    month = v.alternation("month", tags=("",))
    prep = r"(?:in|during|over|for|since|from|through|throughout)\s+"
    not_of = r"(?!\s+of\b)"  # "the fall of Kabul" is no season
    return [
        RuleSpec(
            "quarter",
            rf"(?:{prep})?(?:the\s+)?(?P<ord>{ordinal})\s+{v.alternation('quarter_word')}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("quarter", rf"Q(?P<qn>[1-4])(?:\s*[/-]?\s*(?P<y>{YEAR}))?(?!\w)", PLAIN_DEADLINE),
        RuleSpec(
            "half",
            rf"(?:{prep})?(?:the\s+)?(?P<ord>{ordinal})\s+{v.alternation('half_word')}{_yspec(v)}",
            PLAIN_DEADLINE,
        ),
        RuleSpec("half", rf"H(?P<hn>[12])\s*[/-]?\s*(?P<y>{YEAR})", PLAIN_DEADLINE),
        RuleSpec(
            "season",
            rf"{prep}(?:the\s+)?(?:(?P<sd>{deictic})\s+)?(?P<season>{season})(?:{_yspec(v)}|{not_of})",
            PLAIN_DEADLINE,
        ),
        RuleSpec("season", rf"(?P<sd>{deictic})\s+(?P<season>{season})(?:{_yspec(v)}|{not_of})"),
        RuleSpec("season", rf"(?P<season>{season}){_yspec(v)}", PLAIN_DEADLINE),
        RuleSpec("season", rf"(?:the\s+)?(?P<season>{season}){not_of}", ("deadline",)),
        RuleSpec(
            "month",
            rf"(?:{prep}|as\s+of\s+|starting\s+(?:in\s+)?)(?:(?P<md>{deictic})\s+)?(?P<m>{month}){_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("month", rf"(?P<md>{deictic})\s+(?P<m>{month}){_yspec(v)}?"),
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
            rf"(?P<side>{v.alternation('side')})\s+(?:in\s+)?(?:(?P<ud>this)|the)\s+(?P<unit>{unit})",
        ),
        RuleSpec(
            "unit",
            rf"(?:(?:in|during|over|for|within|throughout)\s+)?(?:the\s+)?(?P<ud>{deictic})\s+(?P<unit>{unit})(?!\s+(?:and|or)\s+a\b)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "year",
            rf"(?:(?:in|since|from|during|throughout|for|of|the\s+year|as\s+of|starting\s+in)\s+)(?P<y>{YEAR}){guard}",
        ),
        RuleSpec("year", rf"(?P<y>{YEAR}){guard}", ("deadline", "after")),
        RuleSpec("weekday", rf"(?:on|since|from)\s+(?:(?P<wdd>{deictic})\s+)?(?P<wd>{weekday})"),
        RuleSpec("weekday", rf"(?P<wdd>{deictic})\s+(?P<wd>{weekday})"),
        RuleSpec("weekday", rf"(?P<wd>{weekday})", PLAIN_DEADLINE),
        RuleSpec(
            "relday",
            rf"(?:on\s+(?=the\s))?(?P<rel>{v.alternation('relday', tags=('',))})",
            PLAIN_DEADLINE,
        ),
        RuleSpec(  # "the day before", but not "the day before the summit"
            "relday",
            rf"(?:on\s+)?(?P<rel>{v.alternation('relday', tags=('prep',))}){NO_NOUN_PHRASE}",
            PLAIN_DEADLINE,
        ),
    ]


def _periods() -> list[RuleSpec]:
    second = rf"(?P<y2>{YEAR}|\d\d(?!\d))(?!\s*[-–./]\s*\d)"
    lead = r"(?:(?:for|in|during|over|covering)\s+(?:the\s+(?:period|years)\s+(?:of\s+)?)?)?"
    return [
        RuleSpec("period", rf"{lead}(?P<y>{YEAR})\s*[-–—/]\s*{second}"),
        RuleSpec(
            "period",
            rf"(?:from|between)\s+(?P<y>{YEAR})\s+(?:to|until|and|through)\s+(?P<y2>{YEAR})",
        ),
    ]


def rules(v: Vocabulary) -> list[RuleSpec]:
    """All English rules, the more specific first."""
    return (
        _periods()
        + _dates(v)
        + _parts(v)
        + _spans(v)
        + _relative(v)
        + bare_year(v)
        + counted(v, tail=r"(?:['’]s?\s+time)?(?!\s+of\b)")
    )
