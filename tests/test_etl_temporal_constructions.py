"""Table-driven tests of constructions added to the temporal tagger after its
first version: the longer of two overlapping expressions wins, sentence-initial
relative words, cross-month ranges, "the previous/following day", bare years
after modal verbs, counted relative expressions ("in two weeks", "три дня назад"),
"later/earlier this year".

Rows are (text, timex, start, end, precision, mod); the anchor is 2025-05-19 (a
Monday) unless a case says otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.extraction.temporal import find_time_expressions
from etl.extraction.temporal.patterns import grammar_for

ANCHOR = date(2025, 5, 19)


def found(text: str, lang: str, direction: str | None, anchor: date = ANCHOR) -> list[tuple]:
    return [
        (e.text, e.timex, e.start.isoformat(), e.end.isoformat(), e.precision, e.mod)
        for e in find_time_expressions(text, lang, anchor, direction)  # type: ignore[arg-type]
    ]


def row(
    text: str, timex: str, start: str, end: str, precision: str, mod: str | None = None
) -> tuple:
    return (text, timex, start, end, precision, mod)


def day(text: str, iso: str) -> tuple:
    return row(text, iso, iso, iso, "day")


OVERLAPS = [
    (
        "en",
        "The summit is scheduled for February 17, 2026, in Geneva.",
        "future",
        [day("February 17, 2026", "2026-02-17")],
    ),
    (
        "en",
        "The roadmap must be signed by June 30.",
        "future",
        [row("by June 30", "2025-06-30", "2025-05-19", "2025-06-30", "day", "BEFORE")],
    ),
    (
        "en",
        "The roadmap must be signed by June.",
        "future",
        [row("by June", "2025-06", "2025-05-19", "2025-06-30", "month", "BEFORE")],
    ),
    (
        "en",
        "The forum meets in May 2026 in Kazan.",
        "future",
        [row("in May 2026", "2026-05", "2026-05-01", "2026-05-31", "month")],
    ),
    (
        "en",
        "A programme for 2026–2028 was adopted.",
        "past",
        [("for 2026–2028", "2026/2028", "2026-01-01", "2028-12-31", "year", None)],
    ),
    (
        "de",
        "Der Gipfel ist für den 17. Februar 2026 in Genf angesetzt.",
        "future",
        [day("den 17. Februar 2026", "2026-02-17")],
    ),
    (
        "de",
        "Die Sitzung findet im Mai 2026 statt.",
        "future",
        [row("im Mai 2026", "2026-05", "2026-05-01", "2026-05-31", "month")],
    ),
    (
        "ru",
        "Саммит назначен на 17 февраля 2026 года в Женеве.",
        "future",
        [day("на 17 февраля 2026 года", "2026-02-17")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), OVERLAPS)
def test_the_longer_of_overlapping_expressions_wins(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


DISPATCH = [
    ("en", "The summit is scheduled for February 17, 2026, in Geneva, on 30 September–1 October."),
    ("de", "Der Gipfel ist für den 17. Februar 2026 angesetzt, vom 30. September–1. Oktober."),
    ("ru", "Саммит назначен на 17 февраля, а форум пройдет 30 сентября – 1 октября."),
    ("de", "Der Gipfel soll 2026 in Baku stattfinden, rund 2000 in Minsk lebende Gäste am 3. Mai."),
    ("en", "The summit will be held 2027 in Astana, some 2000 in Minsk on 3 May 2026."),
    ("ru", "Саммит через неделю; министры встретились три дня назад, 17 февраля."),
    ("en", "The summit opens in two weeks; they met two days ago, on 17 February."),
]


@pytest.mark.parametrize(("lang", "text"), DISPATCH)
def test_dispatch_chooses_what_the_combined_pattern_at_every_word_chooses(
    lang: str, text: str
) -> None:
    grammar = grammar_for(lang)
    fast = [(begin, stop, rule.name) for begin, stop, rule in grammar.candidates(text)]
    slow = [(begin, stop, rule.name) for begin, stop, rule in grammar.reference_candidates(text)]
    assert set(fast) <= set(slow)
    assert len(fast) >= len(grammar.matches(text)) >= 2
    assert [m.span() for _, m in grammar.matches(text)] == [
        m.span() for _, m in grammar.reference_matches(text)
    ]


SENTENCE_START = [
    ("de", "Morgen beginnt in Kasan der Gipfel.", "future", [day("Morgen", "2025-05-20")]),
    ("de", "Heute treffen sich die Minister.", None, [day("Heute", "2025-05-19")]),
    ("de", "Gestern trafen sich die Minister.", "past", [day("Gestern", "2025-05-18")]),
    ("de", "Übermorgen beginnt der Gipfel.", "future", [day("Übermorgen", "2025-05-21")]),
    ("de", "Er sagte: Morgen wird unterzeichnet.", "future", [day("Morgen", "2025-05-20")]),
    ("de", "Die Minister reisen morgen früh ab.", "future", [day("morgen", "2025-05-20")]),
    ("de", "Heute Morgen trafen sich die Minister.", "past", [day("Heute", "2025-05-19")]),
    ("de", "Am Morgen trafen sich die Minister.", "past", [day("Am Morgen", "2025-05-19")]),
    ("de", "Am Morgen nach der Wahl trafen sie sich.", "past", []),
    ("de", "Am Abend des Gipfels trafen sie sich.", "past", []),
    ("de", "»Morgen wird unterzeichnet«, sagte er.", "future", [day("Morgen", "2025-05-20")]),
    ("en", "The ministers met this morning.", "past", [day("this morning", "2025-05-19")]),
    ("de", "Morgen und Abend waren kalt.", None, []),
    ("de", "Die Sitzung am Morgen verlief ruhig.", "past", [day("am Morgen", "2025-05-19")]),
    ("en", "Today the ministers met in Minsk.", "past", [day("Today", "2025-05-19")]),
    ("en", "Yesterday the ministers met in Minsk.", "past", [day("Yesterday", "2025-05-18")]),
    ("en", "Tomorrow the summit opens.", "future", [day("Tomorrow", "2025-05-20")]),
    ("ru", "Сегодня министры встретились в Минске.", "past", [day("Сегодня", "2025-05-19")]),
    ("ru", "Вчера министры встретились в Минске.", "past", [day("Вчера", "2025-05-18")]),
    ("ru", "Завтра в Казани начнется саммит.", "future", [day("Завтра", "2025-05-20")]),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), SENTENCE_START)
def test_relative_days_at_a_sentence_start(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


NEIGHBOUR_DAYS = [
    (
        "en",
        "The ministers met the previous day in Minsk.",
        "past",
        [day("the previous day", "2025-05-18")],
    ),
    ("en", "The ministers had met the day before.", "past", [day("the day before", "2025-05-18")]),
    (
        "en",
        "They met on the day before, officials said.",
        "past",
        [day("on the day before", "2025-05-18")],
    ),
    (
        "en",
        "The talks resume the following day.",
        "future",
        [day("the following day", "2025-05-20")],
    ),
    ("en", "The talks resume the next day.", "future", [day("the next day", "2025-05-20")]),
    ("en", "They met the day before the summit.", "past", []),
    ("en", "They met the day after Lavrov's visit.", "past", []),
    (
        "en",
        "They met the day before yesterday.",
        "past",
        [day("the day before yesterday", "2025-05-17")],
    ),
    ("de", "Die Minister trafen sich am Vortag.", "past", [day("am Vortag", "2025-05-18")]),
    ("de", "Die Gespräche gehen am Folgetag weiter.", "future", [day("am Folgetag", "2025-05-20")]),
    ("de", "Tags darauf wurde unterzeichnet.", "past", [day("Tags darauf", "2025-05-20")]),
    ("de", "Am nächsten Tag reist er ab.", "future", [day("Am nächsten Tag", "2025-05-20")]),
    ("de", "Er sprach am Vortag des Gipfels.", "past", []),
    ("de", "Er reiste am Folgetag der Wahl ab.", "past", []),
    ("ru", "Накануне в Минске встретились министры.", "past", [day("Накануне", "2025-05-18")]),
    (
        "ru",
        "На следующий день подписали соглашение.",
        "past",
        [day("На следующий день", "2025-05-20")],
    ),
    ("ru", "Министры встретились днём ранее.", "past", [day("днём ранее", "2025-05-18")]),
    ("ru", "Накануне саммита министры встретились.", "past", []),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), NEIGHBOUR_DAYS)
def test_the_day_before_and_after_the_anchor(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


def days(text: str, first: str, last: str) -> tuple:
    return row(text, f"{first}/{last}", first, last, "day")


CROSS_MONTH = [
    (
        "en",
        "The forum meets on 30 September–1 October.",
        "future",
        [days("on 30 September–1 October", "2025-09-30", "2025-10-01")],
    ),
    (
        "en",
        "It met 30 September - 1 October 2024.",
        "past",
        [days("30 September - 1 October 2024", "2024-09-30", "2024-10-01")],
    ),
    (
        "en",
        "It meets from 30 September to 1 October.",
        "future",
        [days("from 30 September to 1 October", "2025-09-30", "2025-10-01")],
    ),
    (
        "en",
        "It meets September 30 – October 1, 2026.",
        "future",
        [days("September 30 – October 1, 2026", "2026-09-30", "2026-10-01")],
    ),
    (
        "en",
        "Talks are set for Dec 31 – Jan 2.",
        "future",
        [days("Dec 31 – Jan 2", "2025-12-31", "2026-01-02")],
    ),
    (
        "de",
        "Das Forum tagt vom 30. September bis 1. Oktober.",
        "future",
        [days("vom 30. September bis 1. Oktober", "2025-09-30", "2025-10-01")],
    ),
    (
        "de",
        "Es tagte vom 30. September–1. Oktober 2024.",
        "past",
        [days("vom 30. September–1. Oktober 2024", "2024-09-30", "2024-10-01")],
    ),
    (
        "de",
        "Es tagt am 31. Dezember – 2. Januar.",
        "future",
        [days("am 31. Dezember – 2. Januar", "2025-12-31", "2026-01-02")],
    ),
    (
        "ru",
        "Форум пройдет с 30 сентября по 1 октября.",
        "future",
        [days("с 30 сентября по 1 октября", "2025-09-30", "2025-10-01")],
    ),
    (
        "ru",
        "Форум прошел 30 сентября – 1 октября 2024 года.",
        "past",
        [days("30 сентября – 1 октября 2024 года", "2024-09-30", "2024-10-01")],
    ),
    (
        "ru",
        "Переговоры пройдут 31 декабря – 2 января.",
        "future",
        [days("31 декабря – 2 января", "2025-12-31", "2026-01-02")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), CROSS_MONTH)
def test_day_ranges_across_months_and_years(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


def year(text: str, value: int) -> tuple:
    return row(text, str(value), f"{value}-01-01", f"{value}-12-31", "year")


BARE_YEARS = [
    ("de", "Der Gipfel soll 2026 in Baku stattfinden.", "future", [year("2026", 2026)]),
    ("de", "Das Forum wird 2026 von Kasachstan ausgerichtet.", "future", [year("2026", 2026)]),
    ("de", "Die Spiele sollen 2027 stattfinden.", "future", [year("2027", 2027)]),
    ("de", "Das Treffen findet 2026 in Astana statt.", "future", [year("2026", 2026)]),
    ("de", "Der Gipfel soll 2000 Teilnehmer haben.", "future", []),
    ("de", "Rund 2000 in Minsk lebende Experten kamen.", "past", []),
    ("de", "Die 2026 Delegierten stimmten zu.", "past", []),
    ("de", "Die Sitzung wird 1850 Seiten behandeln.", "future", []),
    ("en", "The summit will be held 2027 in Astana.", "future", [year("2027", 2027)]),
    ("en", "The forum will take place 2026 in Baku.", "future", [year("2026", 2026)]),
    ("en", "2026 delegates attended the session.", "past", []),
    ("en", "About 2026 in Geneva signed the appeal.", "past", []),
    ("en", "Some 2000 in Minsk attended.", "past", []),
    ("ru", "Саммит пройдет в 2026 году в Баку.", "future", [year("в 2026 году", 2026)]),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), BARE_YEARS)
def test_bare_years_after_modal_verbs_and_before_a_place(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


def week(text: str, timex: str, monday: str, sunday: str) -> tuple:
    return row(text, timex, monday, sunday, "week")


COUNTED = [
    (
        "de",
        "Der Gipfel beginnt in zwei Wochen.",
        "future",
        [week("in zwei Wochen", "2025-W23", "2025-06-02", "2025-06-08")],
    ),
    ("de", "Die Gespräche beginnen in drei Tagen.", "future", [day("in drei Tagen", "2025-05-22")]),
    (
        "de",
        "Er reist in einer Woche ab.",
        "future",
        [week("in einer Woche", "2025-W22", "2025-05-26", "2025-06-01")],
    ),
    ("de", "Sie trafen sich vor drei Tagen.", "past", [day("vor drei Tagen", "2025-05-16")]),
    ("de", "Sie trafen sich vor 10 Tagen.", "past", [day("vor 10 Tagen", "2025-05-09")]),
    (
        "de",
        "Das Abkommen tritt in zwei Monaten in Kraft.",
        "future",
        [row("in zwei Monaten", "2025-07", "2025-07-01", "2025-07-31", "month")],
    ),
    ("de", "Vor Tagen trafen sie sich.", "past", []),
    (
        "en",
        "The summit opens in two weeks.",
        "future",
        [week("in two weeks", "2025-W23", "2025-06-02", "2025-06-08")],
    ),
    ("en", "Talks resume in 10 days.", "future", [day("in 10 days", "2025-05-29")]),
    (
        "en",
        "Talks resume in a week's time.",
        "future",
        [week("in a week's time", "2025-W22", "2025-05-26", "2025-06-01")],
    ),
    ("en", "They met two days ago.", "past", [day("two days ago", "2025-05-17")]),
    (
        "en",
        "They met a week ago.",
        "past",
        [week("a week ago", "2025-W20", "2025-05-12", "2025-05-18")],
    ),
    ("en", "It was agreed in two days of talks.", "past", []),
    ("en", "It will be done in 100 days.", "future", []),
    (
        "ru",
        "Саммит начнется через неделю.",
        "future",
        [week("через неделю", "2025-W22", "2025-05-26", "2025-06-01")],
    ),
    ("ru", "Переговоры начнутся через два дня.", "future", [day("через два дня", "2025-05-21")]),
    ("ru", "Министры встретились три дня назад.", "past", [day("три дня назад", "2025-05-16")]),
    (
        "ru",
        "Министры встретились неделю назад.",
        "past",
        [week("неделю назад", "2025-W20", "2025-05-12", "2025-05-18")],
    ),
    (
        "ru",
        "Соглашение вступит в силу через месяц.",
        "future",
        [row("через месяц", "2025-06", "2025-06-01", "2025-06-30", "month")],
    ),
    ("ru", "Министры встретились несколько дней назад.", "past", []),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), COUNTED)
def test_counted_days_weeks_and_months_from_the_anchor(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


def test_counted_weeks_cross_a_year_end() -> None:
    result = found("in two weeks", "en", "future", anchor=date(2025, 12, 24))
    assert result == [week("in two weeks", "2026-W02", "2026-01-05", "2026-01-11")]


SIDES = [
    (
        "en",
        "The treaty will be signed later this year.",
        "future",
        [row("later this year", "2025", "2025-05-19", "2025-12-31", "year")],
    ),
    (
        "en",
        "The ministers met earlier this year.",
        "past",
        [row("earlier this year", "2025", "2025-01-01", "2025-05-19", "year")],
    ),
    (
        "en",
        "They meet later in the month.",
        "future",
        [row("later in the month", "2025-05", "2025-05-19", "2025-05-31", "month")],
    ),
    (
        "en",
        "They met earlier this week.",
        "past",
        [row("earlier this week", "2025-W21", "2025-05-19", "2025-05-19", "week")],
    ),
    (
        "de",
        "Der Vertrag wird später in diesem Jahr unterzeichnet.",
        "future",
        [row("später in diesem Jahr", "2025", "2025-05-19", "2025-12-31", "year")],
    ),
    (
        "de",
        "Die Minister trafen sich früher im Jahr.",
        "past",
        [row("früher im Jahr", "2025", "2025-01-01", "2025-05-19", "year")],
    ),
    (
        "ru",
        "Договор подпишут позднее в этом году.",
        "future",
        [row("позднее в этом году", "2025", "2025-05-19", "2025-12-31", "year")],
    ),
    (
        "ru",
        "Министры встречались ранее в этом году.",
        "past",
        [row("ранее в этом году", "2025", "2025-01-01", "2025-05-19", "year")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), SIDES)
def test_later_and_earlier_in_the_current_unit(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


def test_later_this_year_is_relative_and_not_modified() -> None:
    (expression,) = find_time_expressions("later this year", "en", ANCHOR, "future")
    assert expression.relative is True
    assert expression.mod is None


PARTS = [
    (
        "de",
        "Anfang nächsten Jahres",
        [row("Anfang nächsten Jahres", "2026", "2026-01-01", "2026-04-30", "year", "START")],
    ),
    (
        "de",
        "Ende nächsten Monats",
        [row("Ende nächsten Monats", "2025-06", "2025-06-21", "2025-06-30", "month", "END")],
    ),
    (
        "de",
        "Mitte kommender Woche",
        [row("Mitte kommender Woche", "2025-W22", "2025-05-28", "2025-05-29", "week", "MID")],
    ),
    (
        "de",
        "Ende kommender Woche",
        [row("Ende kommender Woche", "2025-W22", "2025-05-30", "2025-06-01", "week", "END")],
    ),
    (
        "de",
        "Anfang der Woche",
        [row("Anfang der Woche", "2025-W21", "2025-05-19", "2025-05-20", "week", "START")],
    ),
    (
        "en",
        "early next year",
        [row("early next year", "2026", "2026-01-01", "2026-04-30", "year", "START")],
    ),
    (
        "en",
        "at the end of next month",
        [row("at the end of next month", "2025-06", "2025-06-21", "2025-06-30", "month", "END")],
    ),
    (
        "ru",
        "в начале следующего года",
        [row("в начале следующего года", "2026", "2026-01-01", "2026-04-30", "year", "START")],
    ),
    (
        "ru",
        "в конце следующего месяца",
        [row("в конце следующего месяца", "2025-06", "2025-06-21", "2025-06-30", "month", "END")],
    ),
    (
        "ru",
        "в начале октября",
        [row("в начале октября", "2025-10", "2025-10-01", "2025-10-10", "month", "START")],
    ),
    (
        "ru",
        "в середине июня",
        [row("в середине июня", "2025-06", "2025-06-11", "2025-06-20", "month", "MID")],
    ),
    (
        "ru",
        "в конце мая",
        [row("в конце мая", "2025-05", "2025-05-21", "2025-05-31", "month", "END")],
    ),
    (
        "ru",
        "в конце октября 2025 года",
        [row("в конце октября 2025 года", "2025-10", "2025-10-21", "2025-10-31", "month", "END")],
    ),
    (
        "ru",
        "к концу мая",
        [row("к концу мая", "2025-05", "2025-05-19", "2025-05-31", "month", "END")],
    ),
    (
        "ru",
        "к концу года",
        [row("к концу года", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), PARTS)
def test_parts_of_relative_units_and_months(lang: str, text: str, expected: list[tuple]) -> None:
    assert found(text, lang, "future") == expected
