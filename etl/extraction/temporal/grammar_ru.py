"""Russian grammar of temporal expressions, as rules for `patterns.build_grammar`.

Group names follow `grammar_de` (the interpreter's contract). A weekday is only
read in the accusative after "в/во" ("в среду", "в прошлую среду"), so "среда"
as "environment" ("окружающая среда", "в среде экспертов") never is one.
"""

from __future__ import annotations

from etl.extraction.temporal.patterns import (
    DASH,
    DAY,
    MONTH_NUMBER,
    YEAR,
    YEAR_DIGITS,
    RuleSpec,
    count_guard,
    counted,
)
from etl.extraction.temporal.vocabulary import Vocabulary

PLAIN_DEADLINE = ("plain", "deadline")
YEAR_WORD = r"(?:\s*(?:года|году|год|г\.|г(?!\w)))"
# "накануне" before a noun in the genitive is "on the eve of" that event, not "yesterday".
EVE_OF = r"(?!(?<=накануне)\s+[а-яё]*(?:[^л\W]а|[^л\W]я|[^л\W]ы|[^л\W]и|ов|ев|ей)(?!\w))"


def _year(s: str = "", word: str = "?") -> str:
    """A year number with its optional (or required) "года/году/г.": "2025 года", "2025-м году"."""
    return rf"(?P<y{s}>{YEAR})(?:-?(?:м|го|й)(?!\w))?{YEAR_WORD}{word}"


def _yspec(v: Vocabulary, s: str = "") -> str:
    """A year after a date: "2025 года", "этого года", "прошлого года", "года"."""
    year_unit = v.alternation("unit", values=("year",))
    return (
        rf"(?:\s+{_year(s)}"
        rf"|\s+(?P<yd{s}>{v.alternation('deictic')})\s+{year_unit}"
        rf"|\s+(?P<ythe{s}>года)(?!\w))"
    )


def _dates(v: Vocabulary) -> list[RuleSpec]:
    month, weekday = v.alternation("month"), v.alternation("weekday")
    lead = r"(?:(?:с|со|на|по)\s+)?"
    named_day = rf"(?:(?:в|во)\s+{weekday},?\s+)?"
    day1, day2 = rf"(?P<d>{DAY})(?:-?(?:го|е))?", rf"(?P<d2>{DAY})(?:-?(?:го|е))?"
    return [
        RuleSpec(
            "iso",
            rf"(?P<y>{YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "date",
            rf"{lead}{named_day}(?P<d>{DAY})\.(?P<mn>{MONTH_NUMBER})\.(?P<y>{YEAR_DIGITS}){YEAR_WORD}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "range",
            rf"(?:с|со)\s+{day1}\s*(?:(?P<m>{month})\s+(?:{_year()}\s+)?)?(?:по|до)\s+{day2}\s+(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range",
            rf"{day1}\s*(?:(?P<m>{month})\s*)?{DASH}{day2}\s+(?P<m2>{month}){_yspec(v, '2')}?",
        ),
        RuleSpec(
            "range", rf"{day1}(?:\s*,\s*{DAY})*\s+и\s+{day2}\s+(?P<m2>{month}){_yspec(v, '2')}?"
        ),
        RuleSpec("date", rf"{lead}{named_day}{day1}\s+(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
    ]


def _parts(v: Vocabulary) -> list[RuleSpec]:
    month, deictic, unit = v.alternation("month"), v.alternation("deictic"), v.alternation("unit")
    part = rf"(?:(?:в|во|с|со)\s+)?(?P<part>{v.alternation('part')})\s+"
    ordinal, quarter_word = v.alternation("ordinal"), v.alternation("quarter_word")
    return [
        RuleSpec("month", rf"{part}(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
        RuleSpec("year", rf"{part}{_year(word='')}", PLAIN_DEADLINE),
        RuleSpec(
            "quarter", rf"{part}(?P<ord>{ordinal})\s+{quarter_word}{_yspec(v)}?", PLAIN_DEADLINE
        ),
        RuleSpec(
            "season",
            rf"{part}(?P<season>{v.alternation('season', tags=('oblique',))}){_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec("unit", rf"{part}(?:(?P<ud>{deictic})\s+)?(?P<unit>{unit})", PLAIN_DEADLINE),
    ]


def _spans(v: Vocabulary) -> list[RuleSpec]:
    """Quarters, halves, seasons and months."""
    ordinal, month, deictic = (
        v.alternation("ordinal"),
        v.alternation("month"),
        v.alternation("deictic"),
    )
    prep = r"(?:в|во|за|на)\s+"
    return [
        RuleSpec(
            "quarter",
            rf"(?:{prep})?(?P<ord>{ordinal})\s+{v.alternation('quarter_word')}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "half",
            rf"(?:{prep})?(?P<ord>{ordinal})\s+{v.alternation('half_word')}{_yspec(v)}?",
            PLAIN_DEADLINE,
        ),
        RuleSpec(
            "half", rf"(?:{prep})?(?P<ord>{ordinal})\s+половин[аеыу]{_yspec(v)}", PLAIN_DEADLINE
        ),
        RuleSpec(
            "season",
            rf"(?:(?P<sd>{deictic})\s+)?(?P<season>{v.alternation('season', tags=('instr',))}){_yspec(v)}?",
        ),
        RuleSpec(
            "season",
            rf"(?:в|во)\s+(?:(?P<sd>{deictic})\s+)?(?P<season>{v.alternation('season', tags=('adj',))})\s+период\w*{_yspec(v)}?",
        ),
        RuleSpec(
            "season",
            rf"(?:(?P<sd>{deictic})\s+)?(?P<season>{v.alternation('season', tags=('oblique',))}){_yspec(v)}?",
            ("deadline",),
        ),
        RuleSpec("month", rf"(?:в|во|с|со|на)\s+(?P<m>{month}){_yspec(v)}?", PLAIN_DEADLINE),
        RuleSpec("month", rf"(?P<m>{month})\s+{_year(word='')}", PLAIN_DEADLINE),
        RuleSpec("month", rf"(?P<m>{month}){_yspec(v)}?", ("deadline",)),
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
            rf"(?P<side>{v.alternation('side')})\s+(?:в|на)\s+(?P<ud>{deictic})\s+(?P<unit>{unit})",
        ),
        RuleSpec(
            "unit",
            rf"(?:в|во|на|за|в\s+течение)\s+(?P<ud>{deictic})\s+(?P<unit>{unit})",
            PLAIN_DEADLINE,
        ),
        RuleSpec("unit", rf"(?P<ud>{deictic})\s+(?P<unit>{unit})", ("deadline",)),
        RuleSpec("year", rf"(?:(?:в|во|с|со|на|за)\s+)?{_year(word='')}"),
        RuleSpec("year", rf"(?:в|с|со|на)\s+(?P<y>{YEAR}){guard}"),
        RuleSpec("year", rf"{_year()}{guard}", ("deadline", "after")),
        RuleSpec("weekday", rf"(?:в|во)\s+(?:(?P<wdd>{deictic})\s+)?(?P<wd>{weekday})"),
        RuleSpec("relday", rf"(?P<rel>{v.alternation('relday')}){EVE_OF}", PLAIN_DEADLINE),
    ]


def _periods() -> list[RuleSpec]:
    second = rf"(?P<y2>{YEAR}|\d\d(?!\d))(?!\s*[-–./]\s*\d)"
    plural = r"(?:\s*(?:годы|годов|годах|года|гг\.?|г\.\s*г\.))?"
    return [
        RuleSpec(
            "period", rf"(?:(?:на|в|за)\s+(?:период\s+)?)?(?P<y>{YEAR})\s*[-–—/]\s*{second}{plural}"
        ),
        RuleSpec(
            "period",
            rf"(?:с|со)\s+(?P<y>{YEAR})\s+(?:по|до)\s+(?P<y2>{YEAR}){plural}(?:\s*год(?!\w))?",
        ),
    ]


def rules(v: Vocabulary) -> list[RuleSpec]:
    """All Russian rules, the more specific first."""
    return (
        _periods()
        + _dates(v)
        + _parts(v)
        + _spans(v)
        + _relative(v)
        + counted(v, implicit_one=True)
    )
