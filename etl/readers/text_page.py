"""Scraped page text (like the seed): navigation, date-time line, title, body, boilerplate.

Called by `etl.readers.read_path` for plain text. The page shape is
    navigation lines ... category / date-time line / title / dateline paragraph, body / boilerplate
and a plain text file is just title + paragraphs. Navigation and boilerplate
lines per language are data (`etl/reference/boilerplate.csv`). The dateline line
stays in the body: extraction and `etl.metadata` read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from etl.readers.dates import parse_date_line
from etl.records import Document, ReadError
from etl.reference import read_rows

HEADER_WINDOW = 20  # the date-time line is looked for among the first lines only
MAX_TITLE = 300
MAX_CATEGORY_WORDS = 3
MAX_CATEGORY_CHARS = 40


@dataclass(frozen=True)
class Marker:
    where: str  # head or tail
    match: str  # line or prefix
    text: str  # lower-cased

    def hits(self, line: str) -> bool:
        low = line.lower()
        return low == self.text if self.match == "line" else low.startswith(self.text)


@cache
def markers() -> tuple[Marker, ...]:
    rows = read_rows("boilerplate.csv")
    return tuple(Marker(r["where"], r["match"], r["text"].lower()) for r in rows)


@cache
def _lookup(where: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The markers of one place as (whole lines, prefixes): one set lookup and one
    startswith per line instead of a loop over every marker."""
    chosen = [m for m in markers() if m.where == where]
    lines = frozenset(m.text for m in chosen if m.match == "line")
    return lines, tuple(m.text for m in chosen if m.match != "line")


def _hits(where: str, line: str) -> bool:
    lines, prefixes = _lookup(where)
    low = line.lower()
    return low in lines or low.startswith(prefixes)


def is_navigation(line: str) -> bool:
    return _hits("head", line)


def is_tail(line: str) -> bool:
    return _hits("tail", line)


def clean_lines(text: str) -> list[str]:
    """Lines with no-break spaces made plain and ends stripped."""
    return [line.replace("\u00a0", " ").strip() for line in text.splitlines()]


def read_text_page(path: str, text: str) -> Iterator[Document | ReadError]:
    """One Document for a page of text, or a ReadError when no article text is found."""
    lines = clean_lines(text)
    start, published, category, title = _header(lines)
    if title is None:
        start, title = _title(lines, start)
    body = _body(lines, start)
    if not body and title:
        body, title = title, None
    if not body:
        yield ReadError(path, "no article text found (only navigation or boilerplate lines)")
        return
    yield Document(
        path=path,
        locator="",
        format="text",
        text=body,
        title=title,
        published=published,
        category=category,
    )


def _header(lines: list[str]) -> tuple[int, datetime | None, str | None, str | None]:
    """Find the date-time line; return where the article starts, the time, category, title.

    The line before the date-time line is the category when it is short ("Gesellschaft"),
    or the title when it reads like one (some pages print the title above the date).
    """
    for i, line in enumerate(lines[:HEADER_WINDOW]):
        published = parse_date_line(line) if line else None
        if published is None:
            continue
        before = [x for x in lines[:i] if x and not is_navigation(x)]
        previous = before[-1] if before else None
        if previous and _is_category(previous):
            return i + 1, published, previous, None
        if previous and len(previous.split()) > MAX_CATEGORY_WORDS:
            return i + 1, published, None, previous
        return i + 1, published, None, None
    return 0, None, None, None


def _is_category(line: str) -> bool:
    return (
        len(line) <= MAX_CATEGORY_CHARS
        and len(line.split()) <= MAX_CATEGORY_WORDS
        and not any(ch.isdigit() for ch in line)
        and not is_tail(line)
    )


def _title(lines: list[str], start: int) -> tuple[int, str | None]:
    """The first real line is the title when it is short and more text follows it."""
    i = start
    while i < len(lines) and (not lines[i] or (i < HEADER_WINDOW and is_navigation(lines[i]))):
        i += 1
    if i >= len(lines) or is_tail(lines[i]):
        return i, None
    line = lines[i]
    rest = any(x and not is_tail(x) for x in lines[i + 1 :])
    looks_like_paragraph = len(line) > 120 and line.endswith(".")
    if rest and len(line) <= MAX_TITLE and not looks_like_paragraph:
        return i + 1, line
    return i, None


def _body(lines: list[str], start: int) -> str:
    """Paragraphs from `start` up to the first boilerplate line; blank lines separate paragraphs."""
    blocks: list[list[str]] = [[]]
    for line in lines[start:]:
        if is_tail(line):
            break
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(b) for b in blocks if b)
