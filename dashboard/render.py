"""Untrusted text made safe to show: article bodies, titles, user queries.

Article text comes from the web. The pages never let Streamlit interpret it as
Markdown or HTML: `article_html` escapes everything and adds only the `<mark>` we
put around the evidence sentence; `md_escape` neutralises Markdown in the few
places Streamlit insists on it (st.info, captions). Pure functions, no Streamlit.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^])")

_PRE_STYLE = (
    "white-space: pre-wrap; word-wrap: break-word; font-family: inherit; "
    "font-size: 0.95rem; line-height: 1.5; max-height: 32rem; overflow-y: auto; "
    "padding: 0.75rem; border: 1px solid rgba(128,128,128,0.3); border-radius: 0.5rem;"
)


def md_escape(text: str) -> str:
    """Backslash-escape every Markdown metacharacter so Streamlit shows `text` literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def evidence_span(body: str, evidence: str, begin: int, end: int) -> tuple[int, int] | None:
    """Where the evidence sentence is in the body: the stored offsets if they agree, else a search."""
    if 0 <= begin < end <= len(body) and body[begin:end] == evidence:
        return begin, end
    found = body.find(evidence) if evidence else -1
    return (found, found + len(evidence)) if found >= 0 else None


def article_html(body: str, span: tuple[int, int] | None) -> str:
    """The body as escaped text in a <pre>, with the evidence span inside a <mark>."""
    if span is None:
        inner = html.escape(body)
    else:
        b, e = span
        inner = (
            html.escape(body[:b])
            + '<mark id="evidence">'
            + html.escape(body[b:e])
            + "</mark>"
            + html.escape(body[e:])
        )
    return f'<pre class="article-text" style="{_PRE_STYLE}">{inner}</pre>'


def heading_html(text: str, level: int = 3) -> str:
    """An escaped heading (titles are untrusted)."""
    level = min(max(level, 1), 6)
    return f"<h{level}>{html.escape(text)}</h{level}>"


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript: or data: links)."""
    if not url:
        return None
    parsed = urlparse(url)
    return url if parsed.scheme in ("http", "https") and parsed.netloc else None
