"""Article records in JSON, JSONL and CSV: field aliases, dates, and bad records reported alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from etl.readers.records_file import read_csv, read_json, read_jsonl
from etl.records import Document, ReadError

MSK = timezone(timedelta(hours=3))
RECORD = {
    "link": "https://tass.com/world/1",
    "headline": "SCO summit planned for the summer",
    "pubDate": "2025-05-19T16:30:00+03:00",
    "language": "en",
    "agency": "TASS",
    "body": "MOSCOW, May 19. /TASS/. The SCO summit is planned for the summer.",
    "views": 12,
}


def _check(doc: Document | ReadError) -> None:
    assert isinstance(doc, Document)
    assert doc.title == "SCO summit planned for the summer"
    assert doc.published == datetime(2025, 5, 19, 16, 30, tzinfo=MSK)
    assert (doc.lang, doc.source, doc.url) == ("en", "TASS", "https://tass.com/world/1")
    assert doc.text.startswith("MOSCOW, May 19.")


@pytest.mark.parametrize(
    "payload",
    [RECORD, [RECORD, RECORD], {"articles": [RECORD]}],
    ids=["object", "list", "articles"],
)
def test_json_shapes_with_aliases(payload: object) -> None:
    docs = list(read_json("a.json", json.dumps(payload)))
    assert docs
    for n, doc in enumerate(docs, start=1):
        _check(doc)
        assert doc.format == "json" and doc.locator == f"item {n}"


def test_invalid_json_names_the_line() -> None:
    (err,) = read_json("a.json", '{\n  "text": "x",\n  "title" "y"\n}')
    assert isinstance(err, ReadError)
    assert err.reason.startswith("line 3: invalid JSON (Expecting ':' delimiter)")


def test_jsonl_with_one_broken_line_loads_the_others() -> None:
    lines = [json.dumps(RECORD), '{"text": "broken", "title": "x"', "", json.dumps(RECORD)]
    first, broken, last = read_jsonl("a.jsonl", "\n".join(lines))
    _check(first)
    _check(last)
    assert last.locator == "line 4"
    assert isinstance(broken, ReadError) and broken.locator == "line 2"
    assert "line 2: invalid JSON (Expecting ',' delimiter)" in broken.reason
    assert "fix or remove that line" in broken.reason


@pytest.mark.parametrize(
    ("item", "reason"),
    [('"just a string"', "expected an object"), ('{"title": "no text"}', "no text")],
)
def test_jsonl_records_without_text(item: str, reason: str) -> None:
    (err,) = read_jsonl("a.jsonl", item)
    assert isinstance(err, ReadError) and reason in err.reason


def test_csv_with_aliases_and_extra_columns() -> None:
    text = (
        "link;headline;date;language;publisher;content;extra\n"
        "https://tass.com/world/1;SCO summit planned for the summer;2025-05-19T16:30:00+03:00;en;TASS;"
        '"MOSCOW, May 19. /TASS/. The SCO summit is planned for the summer.";ignored\n'
    )
    (doc,) = read_csv("a.csv", text)
    _check(doc)
    assert doc.locator == "row 1" and doc.format == "csv"


def test_csv_multiline_text_field() -> None:
    text = 'title,text\nT,"First paragraph.\n\nSecond paragraph."\n'
    (doc,) = read_csv("a.csv", text)
    assert doc.text == "First paragraph.\n\nSecond paragraph."


def test_csv_without_text_column_names_its_columns() -> None:
    (err,) = read_csv("a.csv", "url,title,date\nhttps://x,T,2025-01-01\n")
    assert isinstance(err, ReadError)
    assert err.reason.startswith("CSV has no text column: expected one of text, body, content")
    assert "it has url, title, date" in err.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-19T16:30:00+03:00", datetime(2025, 5, 19, 16, 30, tzinfo=MSK)),
        ("2025-05-19T13:30:00Z", datetime(2025, 5, 19, 13, 30, tzinfo=UTC)),
        ("2025-05-19 16:30", datetime(2025, 5, 19, 16, 30)),
        ("Mon, 19 May 2025 16:30:00 +0300", datetime(2025, 5, 19, 16, 30, tzinfo=MSK)),
        ("19 мая 2025", datetime(2025, 5, 19)),
    ],
)
def test_published_formats(value: str, expected: datetime) -> None:
    (doc,) = read_jsonl("a.jsonl", json.dumps({"text": "t", "published": value}))
    assert doc.published == expected
    assert doc.published.utcoffset() == expected.utcoffset()


def test_unparsable_date_is_flagged() -> None:
    (doc,) = read_jsonl("a.jsonl", json.dumps({"text": "t", "date": "sometime soon"}))
    assert doc.published is None and "unparsed-date" in doc.flags


def test_own_field_name_wins_over_alias() -> None:
    (doc,) = read_jsonl("a.jsonl", json.dumps({"body": "alias", "text": "own"}))
    assert doc.text == "own"
