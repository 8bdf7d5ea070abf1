"""HTML pages saved from a browser: main text by trafilatura, metadata from the page's own tags.

Called by `etl.readers.read_path`; `html_to_text` also serves the feed reader for
entry bodies. What the publisher states explicitly (JSON-LD `NewsArticle`, Open
Graph and `article:*` meta, canonical link, `<html lang>`) wins over trafilatura's
guesses, because it keeps the publication time's offset where trafilatura keeps
only the date. A page cut off mid-file still gives its text, flagged "truncated-html".
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from etl.readers.dates import parse_timestamp
from etl.readers.text_page import is_navigation, is_tail
from etl.records import Document, ReadError

log = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
}
BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
)
MIN_WORDS = 8  # less than this is a menu or a fragment, not an article
META_KEYS = {
    "og:title": "title",
    "og:site_name": "source",
    "og:url": "url",
    "og:locale": "lang",
    "article:published_time": "published",
    "article:section": "category",
}


def read_html(path: str, text: str) -> Iterator[Document | ReadError]:
    """One Document for an HTML page, or a ReadError when it has no readable text."""
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        yield ReadError(path, f"could not parse the HTML ({e})")
        return
    truncated = is_truncated(text)
    page = page_metadata(tree)
    found = _trafilatura(text)
    title = page.get("title") or found.get("title")
    headings = {title, found.get("title"), *(h.text_content().strip() for h in tree.iter("h1"))}
    body = _strip_title(found.get("text") or _fallback_text(tree), headings)
    if len(body.split()) < MIN_WORDS:
        hint = " (the file seems cut off)" if truncated else ""
        yield ReadError(path, f"HTML page has no readable article text{hint}")
        return
    yield Document(
        path=path,
        locator="",
        format="html",
        text=body,
        title=title,
        published=parse_timestamp(page.get("published") or found.get("date")),
        lang=page.get("lang") or found.get("language"),
        source=page.get("source") or found.get("sitename"),
        url=page.get("url") or found.get("url"),
        category=page.get("category") or next(iter(found.get("categories") or []), None),
        flags=("truncated-html",) if truncated else (),
    )


def is_truncated(text: str) -> bool:
    """A page that opens <html> but never closes it was cut off."""
    return bool(re.search(r"<html[\s>]", text, re.I)) and not re.search(r"</html\s*>", text, re.I)


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """What the page states about itself; JSON-LD wins over meta tags, which win over <html lang>."""
    found: dict[str, str] = {}
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        found["lang"] = lang
    for el in tree.iter("meta"):
        key = META_KEYS.get((el.get("property") or el.get("name") or "").lower())
        if key and el.get("content") and not (key == "lang" and "lang" in found):
            found[key] = el.get("content", "").strip()
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            found.setdefault("url", el.get("href", ""))
    found.update({k: v for k, v in _json_ld(tree).items() if v})
    return found


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            log.debug("skipping invalid JSON-LD block")
            continue
        article = _find_article(data)
        if article:
            return _article_fields(article)
    return {}


def _find_article(data: Any) -> dict[str, Any] | None:
    """The first NewsArticle-like object in a JSON-LD value (object, list or @graph)."""
    if isinstance(data, list):
        return next((a for a in map(_find_article, data) if a), None)
    if not isinstance(data, dict):
        return None
    kinds = data.get("@type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if kinds & ARTICLE_TYPES:
        return data
    return _find_article(data.get("@graph")) if "@graph" in data else None


def _article_fields(article: dict[str, Any]) -> dict[str, str]:
    publisher = article.get("publisher")
    section = article.get("articleSection")
    lang = article.get("inLanguage")
    return {
        "title": _text(article.get("headline")),
        "published": _text(article.get("datePublished")),
        "lang": _text(lang.get("name") if isinstance(lang, dict) else lang),
        "category": _text(section[0] if isinstance(section, list) and section else section),
        "source": _text(publisher.get("name") if isinstance(publisher, dict) else publisher),
        "url": _text(article.get("url")),
    }


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _trafilatura(text: str) -> dict[str, Any]:
    try:
        result = trafilatura.bare_extraction(text, with_metadata=True, favor_recall=True)
    except Exception as e:  # trafilatura raises assorted errors on odd markup
        log.debug("trafilatura failed: %s", e)
        return {}
    return result.as_dict() if result is not None else {}


def _fallback_text(tree: lxml.html.HtmlElement) -> str:
    """Paragraph text of the page when trafilatura finds no main content."""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    body = tree.find("body")
    return html_to_text(body) if body is not None else ""


def _strip_title(body: str, headings: set[str | None]) -> str:
    """Paragraphs separated by blank lines, without a leading repeat of the title or <h1>."""
    paragraphs = [p.strip() for p in re.split(r"\n+", body) if p.strip()]
    paragraphs = [p for p in paragraphs if not (is_navigation(p) or is_tail(p))]
    if paragraphs and paragraphs[0] in headings:
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def html_to_text(fragment: str | lxml.html.HtmlElement) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if isinstance(fragment, str):
        if "<" not in fragment:
            return fragment.strip()
        try:
            fragment = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (etree.ParserError, ValueError):
            return re.sub(r"<[^>]*>", " ", fragment).strip()
    for el in fragment.iter(*BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    lines = (re.sub(r"\s+", " ", line).strip() for line in fragment.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)
