"""Timestamps as readers find them: record fields, feed dates, a page's date-time line.

Used by the record, feed and text-page readers. Machine formats (ISO 8601, RFC 2822)
are parsed with the standard library so that their offset survives; what people
write ("19 Mai 2025, 16:30", "19 мая 2025, 16:30") goes to dateparser, restricted to
our three languages and only after a shape check, so that a title is never read as a date.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime

import dateparser

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
# A line that is a date and optionally a time, nothing else.
DATE_LINE = re.compile(
    rf"^(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC})(?:\s*[,|]?\s*{_TIME})?$"
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
    return dateparser.parse(text, languages=LANGUAGES, settings=_SETTINGS)


def parse_date_line(line: str) -> datetime | None:
    """The date-time line of a scraped page ("19 Mai 2025, 16:30"), or None if the line is not one."""
    text = line.strip()
    if len(text) > 40 or not DATE_LINE.match(text):
        return None
    return dateparser.parse(text.replace("|", " "), languages=LANGUAGES, settings=_SETTINGS)
