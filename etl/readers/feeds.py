"""RSS 2.0 and Atom feeds: one Document per entry, via feedparser.

Called by `etl.readers.read_path`. feedparser's `*_parsed` fields are converted to
UTC and lose the publisher's offset, so the raw `published`/`updated` string is
parsed here; the parsed tuple is only a fallback. An entry with neither title nor
text yields a ReadError for that item while the others load.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from etl.readers.dates import parse_timestamp
from etl.readers.html_page import html_to_text
from etl.records import Document, ReadError

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_feed(path: str, text: str) -> Iterator[Document | ReadError]:
    """One Document per feed entry; ReadErrors for entries (or a feed) that cannot be read."""
    # The text is already decoded: drop a declaration naming another encoding, hand over UTF-8.
    parsed = feedparser.parse(XML_DECLARATION.sub("", text, count=1).encode("utf-8"))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable feed ({problem})" if problem else "feed has no items"
        yield ReadError(path, reason)
        return
    fmt = "atom" if parsed.version.startswith("atom") else "rss"
    feed = parsed.feed
    source = feed.get("title") or _host(feed.get("link"))
    for n, entry in enumerate(parsed.entries, start=1):
        yield _entry(path, f"item {n}", fmt, entry, source, feed.get("language"))


def _entry(
    path: str, locator: str, fmt: str, entry: Any, source: str | None, feed_lang: str | None
) -> Document | ReadError:
    title = (entry.get("title") or "").strip() or None
    text = _entry_text(entry) or title
    if not text:
        return ReadError(path, "entry has neither a title nor any text; it was skipped", locator)
    tags = entry.get("tags") or []
    return Document(
        path=path,
        locator=locator,
        format=fmt,
        text=text,
        title=title if text != title else None,
        published=_entry_time(entry),
        lang=_entry_lang(entry) or feed_lang,
        source=source or _host(entry.get("link")),
        url=entry.get("link"),
        category=(tags[0].get("term") or None) if tags else None,
    )


def _entry_text(entry: Any) -> str:
    """The fullest body the entry has: content before summary, HTML stripped."""
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary") or "")


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published", "updated", "created"):
        found = parse_timestamp(entry.get(key))
        if found is not None:
            return found
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return datetime.fromtimestamp(calendar.timegm(entry[key]), tz=UTC)
    return None


def _entry_lang(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("language"):
            return content["language"]
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    return detail.get("language") or None


def _host(url: str | None) -> str | None:
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None
