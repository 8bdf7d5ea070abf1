"""HTML pages: the page's own metadata (JSON-LD, og/article meta) and main text; truncated pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from etl.readers.html_page import html_to_text, read_html
from etl.records import Document, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
PAGE = (FIXTURES / "article_en.html").read_text(encoding="utf-8")
MSK = timezone(timedelta(hours=3))

BODY = (
    "<body><article><h1>{title}</h1>"
    "<p>BERLIN (dpa) - Die Außenminister der OSZE-Staaten beraten am Donnerstag in Wien "
    "über die Lage in der Region und über den Haushalt der Organisation.</p>"
    "<p>Ein zweiter Absatz beschreibt die Vorbereitung des Treffens im Detail.</p>"
    "</article></body></html>"
)


def _one(text: str) -> Document:
    (doc,) = read_html("page.html", text)
    assert isinstance(doc, Document)
    return doc


def test_page_with_og_meta_and_json_ld() -> None:
    doc = _one(PAGE)
    assert doc.title == "CSTO, CIS and SCO plan to sign a cooperation roadmap by year end"
    assert doc.published == datetime(2025, 5, 19, 16, 30, tzinfo=MSK)
    assert doc.published.utcoffset() == timedelta(hours=3)
    assert (doc.lang, doc.source, doc.category) == ("en", "BelTA", "Society")
    assert doc.url == "https://eng.belta.by/society/view/roadmap-123/"
    assert doc.text.startswith("MINSK, 19 May (BelTA) - ")
    assert "Subscribe" not in doc.text and "All news" not in doc.text
    assert doc.flags == ()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<html lang="de-DE"><head><meta property="og:title" content="OSZE berät in Wien">'
            '<meta property="article:published_time" content="2025-03-06T10:00:00+01:00">'
            '<meta property="og:site_name" content="dpa"></head>',
            (
                "OSZE berät in Wien",
                datetime(2025, 3, 6, 10, tzinfo=timezone(timedelta(hours=1))),
                "de-DE",
                "dpa",
            ),
        ),
        (
            "<html><head><title>OSZE berät in Wien</title>"
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
            '{"@type": ["NewsArticle"], "headline": "OSZE-Treffen in Wien", '
            '"datePublished": "2025-03-06T10:00:00Z", "inLanguage": "de", '
            '"publisher": {"@type": "Organization", "name": "Deutsche Welle"}}]}</script></head>',
            ("OSZE-Treffen in Wien", datetime(2025, 3, 6, 10, tzinfo=UTC), "de", "Deutsche Welle"),
        ),
    ],
    ids=["meta-tags", "json-ld-graph"],
)
def test_explicit_metadata_wins(head: str, expected: tuple) -> None:
    doc = _one(head + BODY.format(title="OSZE berät in Wien"))
    assert (doc.title, doc.published, doc.lang, doc.source) == expected
    assert doc.text.startswith("BERLIN (dpa) -")


def test_invalid_json_ld_is_ignored() -> None:
    head = '<html><head><script type="application/ld+json">{"@type": "NewsArticle",</script></head>'
    doc = _one(head + BODY.format(title="Titel"))
    assert "Außenminister" in doc.text


def test_truncated_page_keeps_its_text_and_is_flagged() -> None:
    cut = PAGE[: PAGE.index("The draft was agreed") + 30]
    doc = _one(cut)
    assert "truncated-html" in doc.flags
    assert doc.text.startswith("MINSK, 19 May (BelTA)")
    assert doc.published == datetime(2025, 5, 19, 16, 30, tzinfo=MSK)


def test_truncated_page_without_text_is_an_error() -> None:
    cut = PAGE[: PAGE.index("<article>") + 20]
    (err,) = read_html("page.html", cut)
    assert isinstance(err, ReadError)
    assert "no readable article text" in err.reason and "cut off" in err.reason


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One.</p><p>Two <b>bold</b>.</p>", "One.\n\nTwo bold."),
        ("plain text", "plain text"),
        ("Line<br>next", "Line\n\nnext"),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text
