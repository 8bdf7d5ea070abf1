"""metadata.complete: language, source, dateline, time zone and date flags, from the text and URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from etl.metadata import (
    complete,
    date_flags,
    detect_language,
    find_dateline,
    source_by_host,
    with_zone,
)
from etl.readers import read_path
from etl.records import Document

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_cf41e171f9c88871.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "readers"
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
UTC3 = timezone(timedelta(hours=3))


def _places_available() -> bool:
    try:
        from etl.extraction.places import normalise_place  # noqa: F401
    except ImportError:
        return False
    return True


needs_places = pytest.mark.skipif(
    not _places_available(), reason="etl.extraction.places is not importable yet"
)


def _doc(text: str, **fields: object) -> Document:
    return Document(path="x", locator="", format="text", text=text, **fields)


def _read_completed(path: Path) -> Document:
    (doc,) = read_path(path)
    assert isinstance(doc, Document)
    return complete(doc, now=NOW)


@needs_places
@pytest.mark.skipif(not SEED.exists(), reason="seed article not in this checkout")
def test_seed_metadata() -> None:
    doc = _read_completed(SEED)
    assert doc.title == (
        "OVKS, GUS und SOZ wollen einen Fahrplan für die Entwicklung der Zusammenarbeit "
        "bis zum Ende des Jahres signieren"
    )
    assert doc.published == datetime(2025, 5, 19, 16, 30, tzinfo=UTC3)
    assert doc.published.isoformat() == "2025-05-19T16:30:00+03:00"
    assert (doc.lang, doc.source, doc.dateline, doc.category) == (
        "de",
        "BelTA",
        "Moscow",
        "Gesellschaft",
    )
    assert doc.text.startswith("MOSKAU, 19. Mai (BelTA) –")
    assert doc.flags == ()


@needs_places
@pytest.mark.parametrize(
    ("name", "lang", "source", "dateline", "category"),
    [
        ("page_en.txt", "en", "BelTA", "Minsk", "Politics"),
        ("page_ru.txt", "ru", "TASS", "Moscow", "Политика"),
        ("plain.txt", "en", None, None, None),
    ],
)
def test_text_pages(
    name: str, lang: str, source: str | None, dateline: str | None, category: str | None
) -> None:
    doc = _read_completed(FIXTURES / name)
    assert (doc.lang, doc.source, doc.dateline, doc.category) == (lang, source, dateline, category)


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("MOSKAU, 19. Mai (BelTA) – Der Fahrplan", "MOSKAU", "BelTA"),
        ("MINSK, 19 May (BelTA) - The roadmap", "MINSK", "BelTA"),
        ("МОСКВА, 19 мая. /ТАСС/. Консультации", "МОСКВА", "ТАСС"),
        ("МИНСК, 19 мая (БЕЛТА) - Заседание", "МИНСК", "БЕЛТА"),
        ("GENEVA, May 19 (Reuters) - Talks", "GENEVA", "Reuters"),
        ("Berlin (dpa) - Die Außenminister", "Berlin", "dpa"),
        ("NEW YORK, 19 May (TASS) - The UN", "NEW YORK", "TASS"),
        ("Die OVKS (Organisation des Vertrags) hat", None, None),
        ("Heute hat die OVKS, 19. Mai (BelTA) gesagt", None, None),
        ("No dateline here at all.", None, None),
    ],
)
def test_find_dateline(opening: str, place: str | None, agency: str | None) -> None:
    assert find_dateline(opening) == (place, agency)


@pytest.mark.parametrize(
    ("fields", "text", "source"),
    [
        ({}, "МИНСК, 19 мая (БЕЛТА) - Текст.", "BelTA"),
        ({}, "GENEVA, May 19 (Reuters) - Text.", "Reuters"),
        ({}, "ALMATY, 19 May (UnknownWire) - Text.", "UnknownWire"),
        ({"url": "https://tass.com/politics/1"}, "No dateline.", "TASS"),
        ({"url": "https://www.belta.by/society/view/2"}, "No dateline.", "BelTA"),
        ({"source": "ТАСС: Международная панорама"}, "Текст.", "TASS"),
        ({"source": "belta.by"}, "Text.", "BelTA"),
        ({"source": "Kommersant"}, "МОСКВА, 19 мая. /ТАСС/. Текст.", "Kommersant"),
        ({"url": "https://example.org/a"}, "No dateline.", None),
    ],
)
def test_source(fields: dict, text: str, source: str | None) -> None:
    assert complete(_doc(text, **fields), now=NOW).source == source


@pytest.mark.parametrize(
    ("fields", "published"),
    [
        ({"source": "BelTA"}, datetime(2025, 5, 19, 16, 30, tzinfo=UTC3)),
        ({"url": "https://tass.ru/x"}, datetime(2025, 5, 19, 16, 30, tzinfo=UTC3)),
        ({"source": "dpa"}, datetime(2025, 5, 19, 16, 30, tzinfo=timezone(timedelta(hours=2)))),
        ({"source": "Reuters"}, datetime(2025, 5, 19, 16, 30)),
        ({}, datetime(2025, 5, 19, 16, 30)),
    ],
)
def test_naive_time_gets_the_sources_zone(fields: dict, published: datetime) -> None:
    doc = complete(_doc("Text.", published=datetime(2025, 5, 19, 16, 30), **fields), now=NOW)
    assert doc.published == published
    assert doc.published.utcoffset() == published.utcoffset()


def test_zone_uses_the_offset_of_that_date() -> None:
    winter = with_zone(datetime(2025, 1, 10, 9), "Europe/Berlin")
    assert winter.utcoffset() == timedelta(hours=1)


def test_an_offset_given_is_kept() -> None:
    given = datetime(2025, 5, 19, 13, 30, tzinfo=UTC)
    doc = complete(_doc("Text.", published=given, source="BelTA"), now=NOW)
    assert doc.published == given and doc.published.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("published", "flags"),
    [
        (None, ("no-date",)),
        (datetime(2025, 5, 19, 16, 30, tzinfo=UTC3), ()),
        (datetime(2025, 6, 2, 11, tzinfo=UTC), ()),
        (datetime(2025, 6, 2, 13, tzinfo=UTC), ("future-date",)),
        (datetime(2031, 1, 1), ("future-date",)),
        (datetime(1899, 12, 31), ("pre-1900",)),
        (datetime(1900, 1, 1), ()),
    ],
)
def test_date_flags(published: datetime | None, flags: tuple[str, ...]) -> None:
    assert date_flags(published, NOW) == flags


def test_article_without_a_date_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Summit agenda agreed\n\nThe ministers agreed on the agenda.", encoding="utf-8")
    doc = _read_completed(path)
    assert doc.published is None and doc.flags == ("no-date",)


def test_reader_flags_are_kept() -> None:
    doc = complete(_doc("Text.", flags=("truncated-html",)), now=NOW)
    assert doc.flags == ("truncated-html", "no-date")


@pytest.mark.parametrize(
    ("fields", "text", "lang"),
    [
        ({}, "Die Außenminister der OVKS trafen sich am Montag in Minsk zu Gesprächen.", "de"),
        ({}, "The foreign ministers of the CSTO met in Minsk on Monday for talks.", "en"),
        ({}, "Министры иностранных дел ОДКБ встретились в понедельник в Минске.", "ru"),
        ({"lang": "de-DE"}, "The text is English but the record says German.", "de"),
        ({"lang": "ru_RU"}, "Текст.", "ru"),
        ({}, "", None),
        ({}, "ОДКБ и СНГ: the CSTO and CIS agreed in Minsk on Monday to meet again.", "en"),
        ({}, "OVKS und GUS: Министры ОДКБ и СНГ договорились в Минске о новой встрече.", "ru"),
    ],
)
def test_language(fields: dict, text: str, lang: str | None) -> None:
    assert detect_language(_doc(text, **fields)) == lang


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://belta.by/politics/view/1", "BelTA"),
        ("https://www.belta.by/politics/view/1", "BelTA"),
        ("https://news.www.belta.by/x", "BelTA"),
        ("https://notbelta.by/x", None),
        ("https://belta.by.example.com/x", None),
        (None, None),
    ],
)
def test_source_by_host_matches_the_host_or_a_parent_domain(
    url: str | None, source: str | None
) -> None:
    found = source_by_host(url)
    assert (found.name if found else None) == source


def test_complete_is_pure_and_idempotent() -> None:
    doc = _doc("MINSK, 19 May (BelTA) - Text.", published=datetime(2025, 5, 19, 16, 30))
    once = complete(doc, now=NOW)
    assert complete(once, now=NOW) == once
    assert doc.source is None and doc.published.tzinfo is None
    assert replace(once, flags=()) != doc
