"""Article records in JSON, JSONL and CSV, with the fields url, title, published, lang, source, text.

Called by `etl.readers.read_path`. Field aliases (body -> text, date -> published,
...) are data in `etl/reference/record_fields.csv`. A record's `published` is taken
as given (ISO 8601 with offset, "2025-05-19 16:30", RFC 2822). One bad line or
record yields a ReadError naming it, and the others still load.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from etl.readers.dates import parse_timestamp
from etl.records import Document, ReadError
from etl.reference import read_rows

FIELDS = ("text", "title", "published", "lang", "source", "url", "category")
LIST_KEYS = ("articles", "items", "records", "data")
CSV_DELIMITERS = ",;\t|"


@cache
def _aliases() -> dict[str, str]:
    """Lower-cased name -> Document field, the fields' own names included."""
    names = {f: f for f in FIELDS}
    names.update({r["alias"].lower(): r["field"] for r in read_rows("record_fields.csv")})
    return names


def text_field_names() -> list[str]:
    return [name for name, field in _aliases().items() if field == "text"]


def read_json(path: str, text: str) -> Iterator[Document | ReadError]:
    """A JSON object, a list of objects, or an object holding them under "articles"."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield ReadError(
            path, f"line {e.lineno}: invalid JSON ({e.msg}) – fix the file", f"line {e.lineno}"
        )
        return
    items = _items(data)
    if items is None:
        yield ReadError(
            path, 'JSON is neither an article object nor a list of them (nor {"articles": [...]})'
        )
        return
    for n, item in enumerate(items, start=1):
        yield _record(path, f"item {n}", "json", item)


def read_jsonl(path: str, text: str) -> Iterator[Document | ReadError]:
    """One JSON object per line; blank lines are skipped, a broken line is reported alone."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        locator = f"line {n}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(
                path, f"{locator}: invalid JSON ({e.msg}) – fix or remove that line", locator
            )
            continue
        yield _record(path, locator, "jsonl", item)


def read_csv(path: str, text: str) -> Iterator[Document | ReadError]:
    """A CSV with a header row; the delimiter is sniffed; extra columns are ignored."""
    # Sniff the delimiter from the header only, and keep standard quoting ("" inside
    # quotes): the sniffer's other guesses break multi-line quoted article text.
    header = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter)
    columns = [c.strip() for c in reader.fieldnames or []]
    if not any(_aliases().get(c.lower()) == "text" for c in columns):
        yield ReadError(
            path,
            f"CSV has no text column: expected one of {', '.join(text_field_names())}; "
            f"it has {', '.join(columns) or 'no header'}",
        )
        return
    rows = 0
    for rows, row in enumerate(reader, start=1):
        yield _record(path, f"row {rows}", "csv", row)
    if rows == 0:
        yield ReadError(path, "CSV has a header but no rows")


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    return None


def _record(path: str, locator: str, fmt: str, item: Any) -> Document | ReadError:
    """A Document from one record, or a ReadError saying what is missing."""
    if not isinstance(item, dict):
        return ReadError(
            path,
            f"{locator}: expected an object with a text field, got {type(item).__name__}",
            locator,
        )
    fields = _normalise(item.items())
    text = fields.get("text", "").strip()
    if not text:
        return ReadError(
            path, f"{locator}: no text (expected one of {', '.join(text_field_names())})", locator
        )
    published = parse_timestamp(fields.get("published"))
    flags = ("unparsed-date",) if fields.get("published") and published is None else ()
    return Document(
        path=path,
        locator=locator,
        format=fmt,
        text=text,
        title=fields.get("title") or None,
        published=published,
        lang=fields.get("lang") or None,
        source=fields.get("source") or None,
        url=fields.get("url") or None,
        category=fields.get("category") or None,
        flags=flags,
    )


def _normalise(pairs: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """Known fields under their Document names; the field's own name wins over an alias."""
    out: dict[str, str] = {}
    for key, value in pairs:
        field = _aliases().get(str(key).strip().lower()) if key is not None else None
        if field is None or value is None or isinstance(value, dict | list):
            continue
        if field not in out or str(key).strip().lower() == field:
            out[field] = str(value).strip()
    return out
