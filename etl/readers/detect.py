"""Which reader a file needs, from its content first and its extension second.

Called by `etl.readers.read_path`. Content wins where it is unambiguous (a .txt that
is really HTML, a file without extension that is a feed); the extension decides
between formats the content cannot tell apart (CSV vs. plain text).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Literal

from etl.readers.records_file import text_field_names

Format = Literal["text", "html", "rss", "atom", "json", "jsonl", "csv"]

EXTENSIONS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "rss",
    ".atom": "atom",
    ".xml": "rss",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
HEAD = 4096
HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.I)


def detect_format(path: Path, text: str) -> Format:
    """The format of a decoded file: markup and JSON by content, then extension, then CSV header."""
    head = text.lstrip("\ufeff \t\r\n")[:HEAD]
    by_extension = EXTENSIONS.get(path.suffix.lower())
    if head.startswith("<"):
        return _markup(head, by_extension)
    if head.startswith(("{", "[")):
        return _json_kind(text, by_extension)
    if by_extension in ("text", "csv"):
        return by_extension
    return "csv" if _looks_like_csv(head) else "text"


def _markup(head: str, by_extension: Format | None) -> Format:
    low = head.lower()
    if re.search(r"<rss[\s>]|<rdf:rdf[\s>]", low):
        return "rss"
    if re.search(r"<feed[\s>]", low):
        return "atom"
    if HTML_START.search(low) or by_extension not in ("rss", "atom"):
        return "html"
    return by_extension or "html"


def _json_kind(text: str, by_extension: Format | None) -> Format:
    """A whole-file JSON value is JSON; several object lines are JSONL (even if one is broken)."""
    if by_extension == "jsonl":
        return "jsonl"
    try:
        json.loads(text)
        return "json"
    except json.JSONDecodeError:
        pass
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and sum(line.startswith("{") for line in lines) > len(lines) / 2:
        return "jsonl"
    return "json"


def _looks_like_csv(head: str) -> bool:
    """A header line naming a text column, split by a CSV delimiter."""
    first = head.splitlines()[0] if head else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t|")
    except csv.Error:
        return False
    columns = {c.strip().strip('"').lower() for c in first.split(dialect.delimiter)}
    return len(columns) > 1 and bool(columns & set(text_field_names()))
