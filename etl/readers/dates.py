"""Timestamps as readers find them: record fields, feed dates, a page's date-time line.

Used by the record, feed and text-page readers. Machine formats (ISO 8601, RFC 2822)
are parsed with the standard library so that their offset survives. What people
write on a page's date-time line ("19 Mai 2025, 16:30", "19 мая 2025, 16:30",
"May 19, 2025", "Montag, 19 Mai 2025") is read by a compiled pattern and the month
names of `etl/reference/temporal_vocabulary.csv` (a few microseconds a line, where
dateparser takes milliseconds); dateparser, restricted to our three languages, is
the fallback for what the table does not know, and only after a shape check, so
that a title is never read as a date.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime
from functools import cache

import dateparser

from etl.reference import read_rows

LANGUAGES = ["de", "en", "ru"]
_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}

_WORD = r"[^\W\d_]+\.?"
_DAY_MONTH_YEAR = rf"\d{{1,2}}\.?\s+{_WORD},?\s+\d{{4}}(?:\s*г\.?)?"
_MONTH_DAY_YEAR = rf"{_WORD}\s+\d{{1,2}},?\s+\d{{4}}"
_NUMERIC = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
_WEEKDAY = r"(?:[^\W\d_]+,\s*)?"
# A line that is a date and optionally a time, nothing else (after an optional weekday).
DATE_LINE = re.compile(
    rf"^{_WEEKDAY}(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC})(?:\s*[,|]?\s*{_TIME})?$"
)
_HM = r"(?:\s*[,|]?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$"
# The common shapes, with their parts named; anything else goes to dateparser.
_FAST = (
    re.compile(
        rf"^(?P<day>\d{{1,2}})\.?\s+(?P<month>[^\W\d_]+)\.?,?\s+(?P<year>\d{{4}})(?:\s*г\.?)?{_HM}"
    ),
    re.compile(rf"^(?P<month>[^\W\d_]+)\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_HM}"),
    re.compile(rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}){_HM}"),
    re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){_HM}"),
)


@cache
def month_numbers() -> dict[str, int]:
    """Lower-case month names and abbreviations (without their dot) of de/en/ru -> 1-12."""
    table: dict[str, int] = {}
    for row in read_rows("temporal_vocabulary.csv"):
        if row["category"] == "month" and row["lang"] in LANGUAGES:
            for form in row["forms"].split("|"):
                table[form.strip().rstrip(".").lower()] = int(row["value"])
    return table


@cache
def weekday_names() -> frozenset[str]:
    """Lower-case weekday names of de/en/ru, which may open a date-time line."""
    rows = read_rows("temporal_vocabulary.csv")
    return frozenset(
        form.strip().lower()
        for row in rows
        if row["category"] == "weekday" and row["lang"] in LANGUAGES
        for form in row["forms"].split("|")
    )


def parse_timestamp(value: object) -> datetime | None:
    """A record's or feed's date: ISO 8601 or RFC 2822 keep their offset; else a written date."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    return _fast(text) or dateparser.parse(text, languages=LANGUAGES, settings=_SETTINGS)


def parse_date_line(line: str) -> datetime | None:
    """The date-time line of a scraped page ("19 Mai 2025, 16:30"), or None if the line is not one."""
    text = line.strip()
    if len(text) > 40 or not DATE_LINE.match(text):
        return None
    text = _without_weekday(text)
    if text is None:
        return None
    fast = _fast(text)
    if fast is not None:
        return fast
    return dateparser.parse(text.replace("|", " "), languages=LANGUAGES, settings=_SETTINGS)


def _without_weekday(text: str) -> str | None:
    """The line without a leading "Montag, "; None when the word before the comma is no weekday."""
    head, comma, rest = text.partition(",")
    if not comma or not head.isalpha():
        return text
    return rest.strip() if head.lower() in weekday_names() else None


def _fast(text: str) -> datetime | None:
    """The common shapes with a month we know; None leaves the line to dateparser."""
    for pattern in _FAST:
        match = pattern.match(text)
        if match is None:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else month_numbers().get(month.lower())
        if number is None:
            return None
        hour, minute = match["hour"], match["minute"]
        try:
            return datetime(
                int(match["year"]), number, int(match["day"]),
                int(hour or 0), int(minute or 0),
            )  # fmt: skip
        except ValueError:
            return None  # 31 February: dateparser decides
    return None
