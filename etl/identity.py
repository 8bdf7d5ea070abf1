"""Stable identities for articles: who is the same article, and has it changed.

An article's id is a hash of its canonical URL when it has one (so an edited
page keeps its id and replaces its old version), else of its normalised text.
The content hash covers everything we load, so re-ingesting unchanged input is
recognised without re-extracting it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from etl.records import Document

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|yclid$|ref$|from$)")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or "/"
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme.lower()
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """NFC, one space between words, lower case: what survives re-saving a page.

    `str.split()` splits on exactly the characters a regular expression's `\\s` matches
    (both ask `str.isspace`): the same as `re.sub(r"\\s+", " ", ...).strip()`, at less
    than half the cost.
    """
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def _digest(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def article_id(doc: Document) -> str:
    if doc.url:
        return _digest("url", canonical_url(doc.url))
    return _digest("text", normalise_text(doc.title or ""), normalise_text(doc.text))


def content_hash(doc: Document) -> str:
    published = doc.published.isoformat() if doc.published else ""
    return _digest(
        doc.title or "",
        unicodedata.normalize("NFC", doc.text),
        published,
        doc.lang or "",
        doc.source or "",
        doc.dateline or "",
        doc.category or "",
        doc.url or "",
        ",".join(doc.flags),
    )
