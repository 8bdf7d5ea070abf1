"""Scraped page text: the seed, the same shape in English and Russian, and plain title + paragraphs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from etl.readers.text_page import read_text_page
from etl.records import Document, ReadError

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_cf41e171f9c88871.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def _read(path: Path) -> Document:
    (doc,) = read_text_page(str(path), path.read_text(encoding="utf-8"))
    assert isinstance(doc, Document)
    return doc


@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_page() -> None:
    doc = _read(SEED)
    assert doc.title == (
        "OVKS, GUS und SOZ wollen einen Fahrplan für die Entwicklung der Zusammenarbeit "
        "bis zum Ende des Jahres signieren"
    )
    assert doc.published == datetime(2025, 5, 19, 16, 30)
    assert doc.category == "Gesellschaft"
    assert doc.text.startswith("MOSKAU, 19. Mai (BelTA) –")
    assert doc.text.endswith("so der OVKS-Generalsekretär.")
    assert "Abonnieren" not in doc.text and "Top-Nachrichten" not in doc.text
    assert "Alle Nachrichten" not in doc.text


@pytest.mark.parametrize(
    ("name", "title", "category", "opening", "last_words"),
    [
        (
            "page_en.txt",
            "CIS heads of government to meet in Minsk at the end of May",
            "Politics",
            "MINSK, 19 May (BelTA) - ",
            "the committee added.",
        ),
        (
            "page_ru.txt",
            "ОДКБ и ШОС проведут консультации в Москве",
            "Политика",
            "МОСКВА, 19 мая. /ТАСС/.",
            "до конца года.",
        ),
    ],
)
def test_page_shape_in_other_languages(
    name: str, title: str, category: str, opening: str, last_words: str
) -> None:
    doc = _read(FIXTURES / name)
    assert (doc.title, doc.category) == (title, category)
    assert doc.published == datetime(2025, 5, 19, 16, 30)
    assert doc.text.startswith(opening)
    assert doc.text.endswith(last_words)


def test_plain_text_is_title_and_paragraphs() -> None:
    doc = _read(FIXTURES / "plain.txt")
    assert doc.title == "SCO foreign ministers agree on summit agenda"
    assert doc.published is None and doc.category is None
    assert doc.text.count("\n\n") == 1
    assert doc.text.startswith("The foreign ministers")


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Only one paragraph, no title.", None, "Only one paragraph, no title."),
        (
            "A long first paragraph that reads like prose rather than a heading and goes on "
            "for a good while, well past a headline's length, before it ends.\nSecond.",
            None,
            "A long first paragraph",
        ),
        ("Title above date\nwith words here\n3 February 2025\n\nBody line.", None, "Body line."),
    ],
)
def test_title_only_when_it_looks_like_one(text: str, title: str | None, body: str) -> None:
    (doc,) = read_text_page("x.txt", text)
    assert isinstance(doc, Document)
    assert doc.title == title
    assert doc.text.startswith(body)


def test_date_line_after_a_title() -> None:
    text = "CSTO summit held in Minsk today\n28 November 2024, 18:05\n\nMINSK, 28 November (BelTA) - Body."
    (doc,) = read_text_page("x.txt", text)
    assert doc.title == "CSTO summit held in Minsk today"
    assert doc.published == datetime(2024, 11, 28, 18, 5)
    assert doc.category is None
    assert doc.text.startswith("MINSK, 28 November")


def test_only_navigation_is_an_error() -> None:
    (err,) = read_text_page("nav.txt", "Alle Nachrichten\nTop-Nachrichten\nX\n")
    assert isinstance(err, ReadError)
    assert "no article text" in err.reason
