"""The date-time line of scraped pages: the fast month table and the dateparser fallback."""

from __future__ import annotations

from datetime import datetime

import dateparser
import pytest

from etl.readers import dates


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("19 Mai 2025, 16:30", datetime(2025, 5, 19, 16, 30)),
        ("19 May 2025, 16:30", datetime(2025, 5, 19, 16, 30)),
        ("19 мая 2025, 16:30", datetime(2025, 5, 19, 16, 30)),
        ("19. März 2025 | 08:05", datetime(2025, 3, 19, 8, 5)),
        ("3 сентября 2024 г., 7:45", datetime(2024, 9, 3, 7, 45)),
        ("May 19, 2025", datetime(2025, 5, 19)),
        ("Sept. 9, 2025, 10:00", datetime(2025, 9, 9, 10, 0)),
        ("19.05.2025, 16:30", datetime(2025, 5, 19, 16, 30)),
        ("2025-05-19 16:30", datetime(2025, 5, 19, 16, 30)),
        ("Montag, 19 Mai 2025", datetime(2025, 5, 19)),
        ("Monday, 19 May 2025, 10:00", datetime(2025, 5, 19, 10, 0)),
        ("19 May 2025, 4:30 PM", datetime(2025, 5, 19, 16, 30)),  # dateparser's part
        ("29 February 2024", datetime(2024, 2, 29)),
        ("29 February 2025", None),
        ("31.02.2025", None),
        ("Moskau, 19 Mai 2025", None),  # a word before the comma must be a weekday
        ("Die OVKS tagt am 19 Mai 2025 in Minsk", None),
        ("19 Foo 2025", None),
    ],
)
def test_parse_date_line(line: str, expected: datetime | None) -> None:
    assert dates.parse_date_line(line) == expected


def _dateparser(line: str) -> datetime | None:
    return dateparser.parse(line.replace("|", " "), languages=dates.LANGUAGES, settings=dates._SETTINGS)


@pytest.mark.parametrize(
    "line",
    [
        f"{day} {month} {year}{time}"
        for day, month, year, time in [
            ("1", "Januar", 2025, ", 09:15"), ("28", "Februar", 2024, ""),
            ("31", "Dezember", 2023, " | 23:59"), ("7", "October", 2022, ", 7:05"),
            ("15", "Aug.", 2025, ""), ("2", "января", 2025, ", 12:00"),
            ("30", "ноября", 2021, ""), ("9", "июня", 2020, " 18:45"), ("11", "Nov", 2025, ""),
        ]
    ],  # fmt: skip
)
def test_fast_path_agrees_with_dateparser(line: str) -> None:
    """Where dateparser reads a line, the month table reads the same moment."""
    assert dates.DATE_LINE.match(line)
    assert dates._fast(line) is not None
    assert dates.parse_date_line(line) == _dateparser(line)


@pytest.mark.parametrize(("form", "number"), [("mai", 5), ("may", 5), ("мая", 5), ("sept", 9), ("dez", 12)])
def test_month_table_from_vocabulary(form: str, number: int) -> None:
    assert dates.month_numbers()[form] == number
