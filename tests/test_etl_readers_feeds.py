"""RSS 2.0 and Atom feeds: one Document per entry, offsets kept, a bad entry reported alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from etl.readers.feeds import read_feed
from etl.records import Document, ReadError

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
MSK = timezone(timedelta(hours=3))


def _read(name: str) -> list[Document | ReadError]:
    path = FIXTURES / name
    return list(read_feed(str(path), path.read_text(encoding="utf-8")))


def test_rss_items() -> None:
    items = _read("feed.rss")
    assert [type(i) for i in items] == [Document] * 3
    first, second, third = items
    assert first.title == "GUS-Gipfel im Oktober in Duschanbe"
    assert first.published == datetime(2025, 5, 19, 16, 30, tzinfo=MSK)
    assert first.text == (
        "MINSK, 19. Mai (BelTA) – Das nächste Gipfeltreffen der GUS findet im Oktober in "
        "Duschanbe statt.\n\nDas teilte das Exekutivkomitee mit."
    )
    assert (first.format, first.locator, first.lang, first.source, first.category) == (
        "rss",
        "item 1",
        "de-DE",
        "BelTA – Nachrichten",
        "Politik",
    )
    assert first.url == "https://de.belta.by/politics/view/1"
    assert second.published == datetime(2025, 5, 20, 9, 15, tzinfo=MSK)
    assert third.published is None


def test_atom_entries_and_a_broken_entry() -> None:
    first, second, broken = _read("feed.atom")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.format == "atom" and first.lang == "ru"
    assert first.published == datetime(2025, 5, 19, 16, 30, tzinfo=MSK)
    assert first.text.startswith("МОСКВА, 19 мая. /ТАСС/.")
    assert "\n\nОб этом сообщили" in first.text
    assert second.published == datetime(2025, 5, 20, 9, tzinfo=UTC)
    assert second.text == "Короткий текст о встрече министров."
    assert isinstance(broken, ReadError)
    assert broken.locator == "item 3"
    assert "neither a title nor any text" in broken.reason


def test_source_falls_back_to_host() -> None:
    feed = (
        '<rss version="2.0"><channel><link>https://www.example.org/news</link>'
        "<item><title>T</title><description>Some words.</description></item></channel></rss>"
    )
    (doc,) = read_feed("f.xml", feed)
    assert doc.source == "example.org"


def test_declared_other_encoding_is_ignored_after_decoding() -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        "<title>Лента</title><item><title>Саммит ШОС</title>"
        "<description>Текст новости.</description></item></channel></rss>"
    )
    (doc,) = read_feed("f.xml", feed)
    assert doc.title == "Саммит ШОС" and doc.source == "Лента"


def test_feed_without_items_is_an_error() -> None:
    (err,) = read_feed("f.xml", '<rss version="2.0"><channel><title>Empty</title></channel></rss>')
    assert isinstance(err, ReadError)
    assert "no items" in err.reason
