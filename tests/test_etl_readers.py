"""read_path and iter_files: format detection by content and extension, and every bad file named."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from etl.readers import iter_files, read_path
from etl.readers.detect import detect_format
from etl.records import Document, ReadError

HIGH = bytes(0x80 | b for b in range(256))  # maps every byte to a byte >= 0x80
FIXTURES = Path(__file__).parent / "fixtures" / "readers"
RUSSIAN_PAGE = (FIXTURES / "page_ru.txt").read_text(encoding="utf-8")
GERMAN_PAGE = (
    "Alle Nachrichten\nPolitik\n19 Mai 2025, 16:30\n\nÖsterreich übernimmt den OSZE-Vorsitz\n\n"
    "WIEN, 19. Mai (dpa) – Die Außenminister berieten über größere Fragen der Sicherheit.\n"
    "Abonnieren Sie uns auf\n"
)


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _only_error(path: Path, **kwargs: int) -> ReadError:
    (item,) = read_path(path, **kwargs)
    assert isinstance(item, ReadError)
    return item


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary file (not text): looks like PNG"),
        ("doc.html", b"%PDF-1.4\n" + bytes(range(256)), "binary file (not text): looks like PDF"),
        (
            "random.txt",
            random.Random(3).randbytes(800).translate(HIGH),
            "could not determine the text encoding",
        ),
        ("repeated.txt", b"\xbc" * 500, "could not determine the text encoding"),
    ],
)
def test_bad_files_are_named(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    err = _only_error(_write(tmp_path, name, data))
    assert err.reason.startswith(reason)
    assert err.path.endswith(name)


def test_binary_error_says_what_is_read(tmp_path: Path) -> None:
    err = _only_error(_write(tmp_path, "x.bin", b"%PDF-1.4\n"))
    assert "only text, HTML, feeds, JSON/JSONL/CSV are read" in err.reason


def test_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", "Title\n\n" + "word " * 3000)
    err = _only_error(path, max_bytes=10_000)
    assert err.reason == "file is 0.0 MB, over the 0.01 MB limit; raise it with --max-bytes"
    (doc,) = read_path(path, max_bytes=20_000)
    assert isinstance(doc, Document)


def test_size_limit_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.truncate(25_100_000)  # sparse: no need to write the bytes
    err = _only_error(path)
    assert err.reason == "file is 25.1 MB, over the 20 MB limit; raise it with --max-bytes"


def test_missing_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    err = _only_error(tmp_path / "nope.txt")
    assert err.reason.startswith("cannot open the file")


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("page.txt", "<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("page", "<html lang='en'><body><p>Hi</p></body></html>", "html"),
        ("feed", '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "rss"),
        ("feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "atom"),
        ("feed.txt", "\n  <rss version='2.0'><channel/></rss>", "rss"),
        ("records", '[{"text": "a"}]', "json"),
        ("records.json", '{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("records", '{"text": "a"}\n{"text": "b"\n{"text": "c"}\n', "jsonl"),
        ("records.jsonl", '{"text": "a"}', "jsonl"),
        ("table", "title,text,date\nT,Body,2025-01-01\n", "csv"),
        ("table.csv", "a;b\n1;2\n", "csv"),
        ("notes", "Title, with a comma\n\nBody text.", "text"),
        ("seed.txt", "Projekte\nStaatsorgane\n19 Mai 2025, 16:30\nTitel\n\nText.", "text"),
    ],
)
def test_format_by_content_then_extension(name: str, content: str, fmt: str) -> None:
    assert detect_format(Path(name), content) == fmt


def test_page_html_in_a_txt_file_is_read_as_html(tmp_path: Path) -> None:
    html = (FIXTURES / "article_en.html").read_text(encoding="utf-8")
    (doc,) = read_path(_write(tmp_path, "saved.txt", html))
    assert isinstance(doc, Document)
    assert doc.format == "html" and doc.source == "BelTA"


def test_feed_without_extension(tmp_path: Path) -> None:
    feed = (FIXTURES / "feed.atom").read_bytes()
    items = list(read_path(_write(tmp_path, "download", feed)))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ReadError"]
    assert items[0].format == "atom"


@pytest.mark.parametrize(
    ("text", "encoding", "bom"),
    [
        (RUSSIAN_PAGE, "cp1251", b""),
        (GERMAN_PAGE, "cp1252", b""),
        (GERMAN_PAGE.replace("–", "-"), "latin-1", b""),
        (RUSSIAN_PAGE, "utf-16-le", codecs.BOM_UTF16_LE),
        (GERMAN_PAGE, "utf-16-be", codecs.BOM_UTF16_BE),
        (RUSSIAN_PAGE, "utf-8", codecs.BOM_UTF8),
    ],
)
def test_text_pages_in_each_encoding(tmp_path: Path, text: str, encoding: str, bom: bytes) -> None:
    (doc,) = read_path(_write(tmp_path, "page.txt", bom + text.encode(encoding)))
    assert isinstance(doc, Document)
    expected = text.split("\n\n")[1].strip()
    assert doc.title == expected


def test_jsonl_file_with_a_broken_line(tmp_path: Path) -> None:
    good = json.dumps({"title": "T", "text": "Body text."})
    items = list(read_path(_write(tmp_path, "a.jsonl", f"{good}\n{{oops\n{good}\n")))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError", "Document"]
    assert items[1].locator == "line 2"


def test_csv_without_text_column(tmp_path: Path) -> None:
    err = _only_error(_write(tmp_path, "a.csv", "url,headline\nhttps://x,T\n"))
    assert "CSV has no text column" in err.reason and "url, headline" in err.reason


def test_iter_files_sorted_recursive_without_hidden(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.json", "a/c.txt", ".hidden.txt", ".git/config", "a/.cache/x.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    single = tmp_path / "b.txt"
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path, single])]
    assert found == ["a/c.txt", "a/z.json", "b.txt", "b.txt"]
