"""Table-driven tests of the temporal tagger (etl.extraction.temporal).

Each case: language, text, sentence direction, and the expected expressions as
(text, timex, start, end, precision, mod[, kind]). The anchor is 2025-05-19 (a
Monday), the publication date of the founding BelTA article, unless a case says
otherwise.
"""

from __future__ import annotations

from datetime import date

import pytest

from etl.extraction.temporal import find_time_expressions
from etl.extraction.temporal.patterns import grammar_for
from etl.extraction.temporal.vocabulary import vocabulary_size

ANCHOR = date(2025, 5, 19)
D = date.fromisoformat


def found(text: str, lang: str, direction: str | None = None, anchor: date = ANCHOR) -> list[tuple]:
    return [
        (e.text, e.timex, e.start.isoformat(), e.end.isoformat(), e.precision, e.mod, e.kind)
        for e in find_time_expressions(text, lang, anchor, direction)  # type: ignore[arg-type]
    ]


def row(
    text: str,
    timex: str,
    start: str,
    end: str,
    precision: str,
    mod: str | None = None,
    kind: str = "date",
) -> tuple:
    return (text, timex, start, end, precision, mod, kind)


SEED = [
    (
        "de",
        "Der Fahrplan soll bis zum Ende dieses Jahres unterzeichnet werden.",
        "future",
        [row("bis zum Ende dieses Jahres", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "de",
        "Das erklärte er am 19. Mai in Bischkek auf der Sitzung.",
        "past",
        [row("am 19. Mai", "2025-05-19", "2025-05-19", "2025-05-19", "day")],
    ),
    (
        "de",
        "bei den Konsultationen am 17. Februar vorläufig vereinbart",
        "past",
        [row("am 17. Februar", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "de",
        "flag Montag, 19 Mai 2025",
        None,
        [row("Montag, 19 Mai 2025", "2025-05-19", "2025-05-19", "2025-05-19", "day")],
    ),
    (
        "de",
        "MOSKAU, 19. Mai (BelTA) – Der Fahrplan",
        "past",
        [row("19. Mai", "2025-05-19", "2025-05-19", "2025-05-19", "day")],
    ),
]

DE = [
    (
        "am 17. Februar 2025",
        None,
        [row("am 17. Februar 2025", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "Frist: 17.02.2025.",
        None,
        [row("17.02.2025", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    ("am 2025-02-17", None, [row("2025-02-17", "2025-02-17", "2025-02-17", "2025-02-17", "day")]),
    (
        "am 12. und 13. Februar 2025",
        None,
        [
            row(
                "am 12. und 13. Februar 2025",
                "2025-02-12/2025-02-13",
                "2025-02-12",
                "2025-02-13",
                "day",
            )
        ],
    ),
    (
        "vom 3. bis 5. Juli",
        "future",
        [row("vom 3. bis 5. Juli", "2025-07-03/2025-07-05", "2025-07-03", "2025-07-05", "day")],
    ),
    (
        "3.–5. Juli 2026",
        None,
        [row("3.–5. Juli 2026", "2026-07-03/2026-07-05", "2026-07-03", "2026-07-05", "day")],
    ),
    (
        "vom 31. Dezember 2025 bis 2. Januar 2026",
        None,
        [
            row(
                "vom 31. Dezember 2025 bis 2. Januar 2026",
                "2025-12-31/2026-01-02",
                "2025-12-31",
                "2026-01-02",
                "day",
            )
        ],
    ),
    (
        "im Juni dieses Jahres",
        None,
        [row("im Juni dieses Jahres", "2025-06", "2025-06-01", "2025-06-30", "month")],
    ),
    (
        "im November 2023",
        None,
        [row("im November 2023", "2023-11", "2023-11-01", "2023-11-30", "month")],
    ),
    ("im Herbst", "future", [row("im Herbst", "2025-FA", "2025-09-01", "2025-11-30", "season")]),
    ("im Herbst", "past", [row("im Herbst", "2024-FA", "2024-09-01", "2024-11-30", "season")]),
    (
        "im Winter 2025",
        None,
        [row("im Winter 2025", "2025-WI", "2025-12-01", "2026-02-28", "season")],
    ),
    (
        "Anfang Mai",
        "past",
        [row("Anfang Mai", "2025-05", "2025-05-01", "2025-05-10", "month", "START")],
    ),
    (
        "Mitte Juni",
        "future",
        [row("Mitte Juni", "2025-06", "2025-06-11", "2025-06-20", "month", "MID")],
    ),
    (
        "Ende Mai",
        "future",
        [row("Ende Mai", "2025-05", "2025-05-21", "2025-05-31", "month", "END")],
    ),
    ("Ende 2026", None, [row("Ende 2026", "2026", "2026-09-01", "2026-12-31", "year", "END")]),
    (
        "Ende des Jahres",
        None,
        [row("Ende des Jahres", "2025", "2025-09-01", "2025-12-31", "year", "END")],
    ),
    (
        "Anfang nächsten Jahres",
        None,
        [row("Anfang nächsten Jahres", "2026", "2026-01-01", "2026-04-30", "year", "START")],
    ),
    (
        "im vierten Quartal",
        "future",
        [row("im vierten Quartal", "2025-Q4", "2025-10-01", "2025-12-31", "quarter")],
    ),
    (
        "im III. Quartal 2025",
        None,
        [row("im III. Quartal 2025", "2025-Q3", "2025-07-01", "2025-09-30", "quarter")],
    ),
    (
        "in der zweiten Jahreshälfte",
        "future",
        [row("in der zweiten Jahreshälfte", "2025-H2", "2025-07-01", "2025-12-31", "half")],
    ),
    (
        "im ersten Halbjahr 2026",
        None,
        [row("im ersten Halbjahr 2026", "2026-H1", "2026-01-01", "2026-06-30", "half")],
    ),
    ("nächste Woche", None, [row("nächste Woche", "2025-W22", "2025-05-26", "2025-06-01", "week")]),
    (
        "in dieser Woche",
        None,
        [row("in dieser Woche", "2025-W21", "2025-05-19", "2025-05-25", "week")],
    ),
    (
        "im nächsten Jahr",
        None,
        [row("im nächsten Jahr", "2026", "2026-01-01", "2026-12-31", "year")],
    ),
    (
        "im vergangenen Jahr",
        None,
        [row("im vergangenen Jahr", "2024", "2024-01-01", "2024-12-31", "year")],
    ),
    ("in diesem Jahr", None, [row("in diesem Jahr", "2025", "2025-01-01", "2025-12-31", "year")]),
    ("im Vorjahr", None, [row("im Vorjahr", "2024", "2024-01-01", "2024-12-31", "year")]),
    ("im Jahr 2026", None, [row("im Jahr 2026", "2026", "2026-01-01", "2026-12-31", "year")]),
    ("heute", None, [row("heute", "2025-05-19", "2025-05-19", "2025-05-19", "day")]),
    ("gestern", None, [row("gestern", "2025-05-18", "2025-05-18", "2025-05-18", "day")]),
    ("morgen", None, [row("morgen", "2025-05-20", "2025-05-20", "2025-05-20", "day")]),
    ("übermorgen", None, [row("übermorgen", "2025-05-21", "2025-05-21", "2025-05-21", "day")]),
    ("vorgestern", None, [row("vorgestern", "2025-05-17", "2025-05-17", "2025-05-17", "day")]),
    ("am Vortag", None, [row("am Vortag", "2025-05-18", "2025-05-18", "2025-05-18", "day")]),
    ("am Mittwoch", "past", [row("am Mittwoch", "2025-05-14", "2025-05-14", "2025-05-14", "day")]),
    (
        "am Mittwoch",
        "future",
        [row("am Mittwoch", "2025-05-21", "2025-05-21", "2025-05-21", "day")],
    ),
    ("am Mittwoch", None, [row("am Mittwoch", "2025-05-21", "2025-05-21", "2025-05-21", "day")]),
    (
        "am vergangenen Freitag",
        None,
        [row("am vergangenen Freitag", "2025-05-16", "2025-05-16", "2025-05-16", "day")],
    ),
    (
        "bis Ende 2025",
        None,
        [row("bis Ende 2025", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "bis Juni",
        "past",
        [row("bis Juni", "2025-06", "2025-05-19", "2025-06-30", "month", "BEFORE")],
    ),
    (
        "bis Ende Mai",
        None,
        [row("bis Ende Mai", "2025-05", "2025-05-19", "2025-05-31", "month", "END")],
    ),
    (
        "bis zum Jahresende",
        None,
        [row("bis zum Jahresende", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    ("bis 2030", None, [row("bis 2030", "2030", "2025-05-19", "2030-12-31", "year", "BEFORE")]),
    (
        "spätestens im März",
        None,
        [row("spätestens im März", "2026-03", "2025-05-19", "2026-03-31", "month", "BEFORE")],
    ),
    (
        "bis zum 1. Juli",
        None,
        [row("bis zum 1. Juli", "2025-07-01", "2025-05-19", "2025-07-01", "day", "BEFORE")],
    ),
    ("nach 2026", None, [row("nach 2026", "2026", "2027-01-01", "2027-12-31", "year", "AFTER")]),
    (
        "für 2026–2028",
        None,
        [row("für 2026–2028", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
    (
        "2026-2028",
        None,
        [row("2026-2028", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
    (
        "von 2026 bis 2028",
        None,
        [row("von 2026 bis 2028", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
]

EN = [
    (
        "on 17 February 2025",
        None,
        [row("on 17 February 2025", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "February 17, 2025",
        None,
        [row("February 17, 2025", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "the 17th of February",
        "past",
        [row("the 17th of February", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    ("on Feb. 5", "future", [row("on Feb. 5", "2026-02-05", "2026-02-05", "2026-02-05", "day")]),
    ("17 February", "past", [row("17 February", "2025-02-17", "2025-02-17", "2025-02-17", "day")]),
    (
        "1-2 September",
        "future",
        [row("1-2 September", "2025-09-01/2025-09-02", "2025-09-01", "2025-09-02", "day")],
    ),
    (
        "September 1-2",
        "future",
        [row("September 1-2", "2025-09-01/2025-09-02", "2025-09-01", "2025-09-02", "day")],
    ),
    (
        "from 31 August to 1 September",
        "future",
        [
            row(
                "from 31 August to 1 September",
                "2025-08-31/2025-09-01",
                "2025-08-31",
                "2025-09-01",
                "day",
            )
        ],
    ),
    (
        "on 12 and 13 February 2025",
        None,
        [
            row(
                "on 12 and 13 February 2025",
                "2025-02-12/2025-02-13",
                "2025-02-12",
                "2025-02-13",
                "day",
            )
        ],
    ),
    (
        "between 3 and 5 July 2025",
        None,
        [
            row(
                "between 3 and 5 July 2025",
                "2025-07-03/2025-07-05",
                "2025-07-03",
                "2025-07-05",
                "day",
            )
        ],
    ),
    ("in June 2025", None, [row("in June 2025", "2025-06", "2025-06-01", "2025-06-30", "month")]),
    (
        "in November 2023",
        None,
        [row("in November 2023", "2023-11", "2023-11-01", "2023-11-30", "month")],
    ),
    ("in May", "future", [row("in May", "2025-05", "2025-05-01", "2025-05-31", "month")]),
    ("in autumn", "future", [row("in autumn", "2025-FA", "2025-09-01", "2025-11-30", "season")]),
    (
        "in the fall of 2025",
        None,
        [row("in the fall of 2025", "2025-FA", "2025-09-01", "2025-11-30", "season")],
    ),
    ("last winter", None, [row("last winter", "2024-WI", "2024-12-01", "2025-02-28", "season")]),
    (
        "in the fourth quarter of 2025",
        None,
        [row("in the fourth quarter of 2025", "2025-Q4", "2025-10-01", "2025-12-31", "quarter")],
    ),
    ("Q4 2025", None, [row("Q4 2025", "2025-Q4", "2025-10-01", "2025-12-31", "quarter")]),
    (
        "in the second half of the year",
        None,
        [row("in the second half of the year", "2025-H2", "2025-07-01", "2025-12-31", "half")],
    ),
    ("early 2026", None, [row("early 2026", "2026", "2026-01-01", "2026-04-30", "year", "START")]),
    ("mid-2026", None, [row("mid-2026", "2026", "2026-05-01", "2026-08-31", "year", "MID")]),
    ("late 2026", None, [row("late 2026", "2026", "2026-09-01", "2026-12-31", "year", "END")]),
    (
        "in early June",
        "future",
        [row("in early June", "2025-06", "2025-06-01", "2025-06-10", "month", "START")],
    ),
    (
        "at the end of May",
        "future",
        [row("at the end of May", "2025-05", "2025-05-21", "2025-05-31", "month", "END")],
    ),
    ("next week", None, [row("next week", "2025-W22", "2025-05-26", "2025-06-01", "week")]),
    ("this week", None, [row("this week", "2025-W21", "2025-05-19", "2025-05-25", "week")]),
    ("this year", None, [row("this year", "2025", "2025-01-01", "2025-12-31", "year")]),
    ("next year", None, [row("next year", "2026", "2026-01-01", "2026-12-31", "year")]),
    ("last year", None, [row("last year", "2024", "2024-01-01", "2024-12-31", "year")]),
    ("in 2026", None, [row("in 2026", "2026", "2026-01-01", "2026-12-31", "year")]),
    ("today", None, [row("today", "2025-05-19", "2025-05-19", "2025-05-19", "day")]),
    ("yesterday", None, [row("yesterday", "2025-05-18", "2025-05-18", "2025-05-18", "day")]),
    ("tomorrow", None, [row("tomorrow", "2025-05-20", "2025-05-20", "2025-05-20", "day")]),
    (
        "on Wednesday",
        "past",
        [row("on Wednesday", "2025-05-14", "2025-05-14", "2025-05-14", "day")],
    ),
    (
        "on Wednesday",
        "future",
        [row("on Wednesday", "2025-05-21", "2025-05-21", "2025-05-21", "day")],
    ),
    ("last Friday", None, [row("last Friday", "2025-05-16", "2025-05-16", "2025-05-16", "day")]),
    ("next Monday", None, [row("next Monday", "2025-05-26", "2025-05-26", "2025-05-26", "day")]),
    (
        "by the end of the year",
        None,
        [row("by the end of the year", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "by the end of this year",
        None,
        [row("by the end of this year", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "before the end of 2025",
        None,
        [row("before the end of 2025", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    ("by June", None, [row("by June", "2025-06", "2025-05-19", "2025-06-30", "month", "BEFORE")]),
    (
        "no later than March",
        None,
        [row("no later than March", "2026-03", "2025-05-19", "2026-03-31", "month", "BEFORE")],
    ),
    ("by 2030", None, [row("by 2030", "2030", "2025-05-19", "2030-12-31", "year", "BEFORE")]),
    ("after 2026", None, [row("after 2026", "2026", "2027-01-01", "2027-12-31", "year", "AFTER")]),
    (
        "for 2026-2028",
        None,
        [row("for 2026-2028", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
    ("by year-end", None, [row("by year-end", "2025", "2025-05-19", "2025-12-31", "year", "END")]),
]

RU = [
    ("17 февраля", "past", [row("17 февраля", "2025-02-17", "2025-02-17", "2025-02-17", "day")]),
    (
        "17 февраля 2025 года",
        None,
        [row("17 февраля 2025 года", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "17.02.2025 г.",
        None,
        [row("17.02.2025 г.", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "17-го февраля",
        "past",
        [row("17-го февраля", "2025-02-17", "2025-02-17", "2025-02-17", "day")],
    ),
    (
        "28–29 октября",
        "future",
        [row("28–29 октября", "2025-10-28/2025-10-29", "2025-10-28", "2025-10-29", "day")],
    ),
    (
        "с 3 по 5 июля",
        "future",
        [row("с 3 по 5 июля", "2025-07-03/2025-07-05", "2025-07-03", "2025-07-05", "day")],
    ),
    (
        "12 и 13 февраля 2025 года",
        None,
        [
            row(
                "12 и 13 февраля 2025 года",
                "2025-02-12/2025-02-13",
                "2025-02-12",
                "2025-02-13",
                "day",
            )
        ],
    ),
    ("в ноябре", "past", [row("в ноябре", "2024-11", "2024-11-01", "2024-11-30", "month")]),
    (
        "в ноябре прошлого года",
        None,
        [row("в ноябре прошлого года", "2024-11", "2024-11-01", "2024-11-30", "month")],
    ),
    (
        "в июне 2025 года",
        None,
        [row("в июне 2025 года", "2025-06", "2025-06-01", "2025-06-30", "month")],
    ),
    ("осенью", "future", [row("осенью", "2025-FA", "2025-09-01", "2025-11-30", "season")]),
    (
        "осенью этого года",
        None,
        [row("осенью этого года", "2025-FA", "2025-09-01", "2025-11-30", "season")],
    ),
    (
        "в осенний период",
        "future",
        [row("в осенний период", "2025-FA", "2025-09-01", "2025-11-30", "season")],
    ),
    (
        "весной 2026 года",
        None,
        [row("весной 2026 года", "2026-SP", "2026-03-01", "2026-05-31", "season")],
    ),
    (
        "в IV квартале 2025 года",
        None,
        [row("в IV квартале 2025 года", "2025-Q4", "2025-10-01", "2025-12-31", "quarter")],
    ),
    (
        "в четвертом квартале",
        "future",
        [row("в четвертом квартале", "2025-Q4", "2025-10-01", "2025-12-31", "quarter")],
    ),
    (
        "во втором полугодии",
        "future",
        [row("во втором полугодии", "2025-H2", "2025-07-01", "2025-12-31", "half")],
    ),
    (
        "во второй половине года",
        None,
        [row("во второй половине года", "2025-H2", "2025-07-01", "2025-12-31", "half")],
    ),
    (
        "в начале года",
        None,
        [row("в начале года", "2025", "2025-01-01", "2025-04-30", "year", "START")],
    ),
    (
        "в конце года",
        None,
        [row("в конце года", "2025", "2025-09-01", "2025-12-31", "year", "END")],
    ),
    (
        "в середине 2026 года",
        None,
        [row("в середине 2026 года", "2026", "2026-05-01", "2026-08-31", "year", "MID")],
    ),
    (
        "в конце мая",
        "future",
        [row("в конце мая", "2025-05", "2025-05-21", "2025-05-31", "month", "END")],
    ),
    (
        "на следующей неделе",
        None,
        [row("на следующей неделе", "2025-W22", "2025-05-26", "2025-06-01", "week")],
    ),
    ("в этом году", None, [row("в этом году", "2025", "2025-01-01", "2025-12-31", "year")]),
    (
        "в следующем году",
        None,
        [row("в следующем году", "2026", "2026-01-01", "2026-12-31", "year")],
    ),
    ("в прошлом году", None, [row("в прошлом году", "2024", "2024-01-01", "2024-12-31", "year")]),
    ("в 2026 году", None, [row("в 2026 году", "2026", "2026-01-01", "2026-12-31", "year")]),
    ("сегодня", None, [row("сегодня", "2025-05-19", "2025-05-19", "2025-05-19", "day")]),
    ("вчера", None, [row("вчера", "2025-05-18", "2025-05-18", "2025-05-18", "day")]),
    ("завтра", None, [row("завтра", "2025-05-20", "2025-05-20", "2025-05-20", "day")]),
    (
        "накануне заявил министр",
        None,
        [row("накануне", "2025-05-18", "2025-05-18", "2025-05-18", "day")],
    ),
    ("в среду", "past", [row("в среду", "2025-05-14", "2025-05-14", "2025-05-14", "day")]),
    ("в среду", "future", [row("в среду", "2025-05-21", "2025-05-21", "2025-05-21", "day")]),
    (
        "в прошлую пятницу",
        None,
        [row("в прошлую пятницу", "2025-05-16", "2025-05-16", "2025-05-16", "day")],
    ),
    (
        "до конца года",
        None,
        [row("до конца года", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "до конца этого года",
        None,
        [row("до конца этого года", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "до конца 2025 года",
        None,
        [row("до конца 2025 года", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    (
        "к концу года",
        None,
        [row("к концу года", "2025", "2025-05-19", "2025-12-31", "year", "END")],
    ),
    ("до июня", None, [row("до июня", "2025-06", "2025-05-19", "2025-06-30", "month", "BEFORE")]),
    (
        "не позднее марта",
        None,
        [row("не позднее марта", "2026-03", "2025-05-19", "2026-03-31", "month", "BEFORE")],
    ),
    (
        "к 2030 году",
        None,
        [row("к 2030 году", "2030", "2025-05-19", "2030-12-31", "year", "BEFORE")],
    ),
    (
        "после 2026 года",
        None,
        [row("после 2026 года", "2026", "2027-01-01", "2027-12-31", "year", "AFTER")],
    ),
    (
        "на 2026-2028 годы",
        None,
        [row("на 2026-2028 годы", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
    (
        "2026–2028 гг.",
        None,
        [row("2026–2028 гг.", "2026/2028", "2026-01-01", "2028-12-31", "year", None, "period")],
    ),
]

TRAPS = [
    ("de", "Die Delegation traf sich mit den Partnern, die Gespräche dauerten."),
    ("de", "Die UN-Resolution 2231 bleibt in Kraft."),
    ("de", "Das Budget stieg um 1,5 Mio. Euro und 12.5 Prozent."),
    ("de", "Artikel 5 gilt; 2000 Teilnehmer kamen."),
    ("de", "bis 2000 Teilnehmer werden erwartet"),
    ("de", "Er sagte am Vortag des Gipfels, man sei bereit."),
    ("de", "Der Morgen war kalt; am Morgen des Gipfels trafen sie sich."),  # the noun
    ("de", "Morgen des 5. Mai"[:6] + " des Gipfels: Regen."),  # "the morning of", at a start
    ("de", "Version 2.1 und Telefon +49 30 1234 5678 um 16:30"),
    ("en", "We may sign the document, and we will march together."),
    ("en", "May God help us."),
    ("en", "March through the streets, they said."),
    ("en", "Resolution 2231 passed; 3.5% growth; 2000 people attended."),
    ("en", "The fall of the wall changed Europe."),
    ("en", "Version 2.1 was released at 16:30."),
    ("ru", "Охрана окружающей среды и мнение в среде экспертов."),
    ("ru", "Собрались 1 000 человек; рост 12,5 процента."),
    ("ru", "Резолюция 2231 остаётся в силе."),
    ("ru", "Накануне саммита министры встретились."),
    ("ru", "в 2000 человек"),
]


@pytest.mark.parametrize(("lang", "text", "direction", "expected"), SEED)
def test_seed_article_dates(
    lang: str, text: str, direction: str | None, expected: list[tuple]
) -> None:
    assert found(text, lang, direction) == expected


@pytest.mark.parametrize(("text", "direction", "expected"), DE)
def test_german(text: str, direction: str | None, expected: list[tuple]) -> None:
    assert found(text, "de", direction) == expected


@pytest.mark.parametrize(("text", "direction", "expected"), EN)
def test_english(text: str, direction: str | None, expected: list[tuple]) -> None:
    assert found(text, "en", direction) == expected


@pytest.mark.parametrize(("text", "direction", "expected"), RU)
def test_russian(text: str, direction: str | None, expected: list[tuple]) -> None:
    assert found(text, "ru", direction) == expected


@pytest.mark.parametrize(("lang", "text"), TRAPS)
def test_traps_give_nothing(lang: str, text: str) -> None:
    assert found(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "texts"),
    [
        (
            "de",
            "Die Konsultationen am 17. Februar und die Sitzung am 19. Mai; Unterzeichnung bis zum Ende dieses Jahres.",
            ["am 17. Februar", "am 19. Mai", "bis zum Ende dieses Jahres"],
        ),
        (
            "en",
            "Talks on 17 February, a session on 19 May and a signing by the end of the year.",
            ["on 17 February", "on 19 May", "by the end of the year"],
        ),
        (
            "ru",
            "Консультации 17 февраля, заседание 19 мая, подписание до конца года.",
            ["17 февраля", "19 мая", "до конца года"],
        ),
    ],
)
def test_several_expressions_in_order(lang: str, text: str, texts: list[str]) -> None:
    result = find_time_expressions(text, lang, ANCHOR, "past")
    assert [e.text for e in result] == texts
    assert all(text[e.begin : e.stop] == e.text for e in result)
    assert all(a.stop <= b.begin for a, b in zip(result, result[1:], strict=False))


@pytest.mark.parametrize(
    ("text", "lang", "relative"),
    [
        ("am 17. Februar 2025", "de", False),
        ("am 17. Februar", "de", True),
        ("next year", "en", True),
        ("в 2026 году", "ru", False),
        ("до конца года", "ru", True),
    ],
)
def test_relative_flag(text: str, lang: str, relative: bool) -> None:
    (expression,) = find_time_expressions(text, lang, ANCHOR)
    assert expression.relative is relative


def test_year_less_date_in_january_looks_back_in_past_tense() -> None:
    result = find_time_expressions("on 28 December", "en", D("2025-01-05"), "past")
    assert [e.timex for e in result] == ["2024-12-28"]


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError):
        find_time_expressions("heute", "fr", ANCHOR)


@pytest.mark.parametrize("lang", ["de", "en", "ru"])
def test_vocabulary_is_loaded(lang: str) -> None:
    assert vocabulary_size()[lang] > 100


SENTENCES = [
    (
        "de",
        "Die Sitzung fand am 19. Mai statt; im vierten Quartal und Anfang 2026 folgen weitere, bis 2030 nicht.",
    ),
    (
        "de",
        "Zwischen dem 3. und 5. Juli, im Herbst dieses Jahres oder spätestens bis Ende März treffen sie sich.",
    ),
    (
        "de",
        "Am Mittwoch, den 12. März, in der nächsten Woche und am kommenden Freitag; 2026-2028; nach 2026.",
    ),
    (
        "en",
        "Talks were held on 17 February, in early June, in the third quarter and late last year.",
    ),
    ("en", "From 31 August to 1 September, by no later than March 2026, next Monday and Q4 2025."),
    (
        "en",
        "In the fall of 2025 and this autumn, by year-end and during the second half of next year.",
    ),
    ("ru", "В среду, 12 марта, в конце мая, на следующей неделе и во втором полугодии 2026 года."),
    (
        "ru",
        "С 3 по 5 июля, до конца текущего года, к 2030 году, после 2026 года и осенью прошлого года.",
    ),
    ("ru", "В четвёртом квартале, в начале следующего года, на 2026-2028 годы и вчера вечером."),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES)
def test_first_word_dispatch_equals_the_combined_pattern(lang: str, text: str) -> None:
    grammar = grammar_for(lang)
    fast = [(rule.name, m.span()) for rule, m in grammar.matches(text)]
    slow = [(rule.name, m.span()) for rule, m in grammar.reference_matches(text)]
    assert fast == slow
    assert len(fast) >= 3
