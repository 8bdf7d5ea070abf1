"""Bytes to text: every encoding we promise, binary files and undecodable bytes refused."""

from __future__ import annotations

import codecs
import random

import pytest

from etl.readers.encoding import DecodeFailure, binary_kind, decode

GERMAN = (
    "Die Außenminister der OVKS trafen sich in Minsk. Über die Zusammenarbeit mit der GUS "
    "wurde ausführlich gesprochen; größere Fortschritte erwartet man im März."
)
RUSSIAN = (
    "Министры иностранных дел ОДКБ встретились в Минске. Заседание совета пройдёт в "
    "сентябре, сообщили в секретариате организации."
)


@pytest.mark.parametrize(
    ("sample", "encode"),
    [
        (GERMAN, lambda s: s.encode("utf-8")),
        (RUSSIAN, lambda s: s.encode("utf-8")),
        (GERMAN, lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
        (RUSSIAN, lambda s: codecs.BOM_UTF8 + s.encode("utf-8")),
        (GERMAN, lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
        (RUSSIAN, lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le")),
        (GERMAN, lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
        (RUSSIAN, lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be")),
        (RUSSIAN, lambda s: s.encode("cp1251")),
        (GERMAN, lambda s: s.encode("cp1252")),
        (GERMAN, lambda s: s.encode("latin-1")),
    ],
    ids=[
        "utf8-de",
        "utf8-ru",
        "utf8-bom-de",
        "utf8-bom-ru",
        "utf16le-de",
        "utf16le-ru",
        "utf16be-de",
        "utf16be-ru",
        "cp1251-ru",
        "cp1252-de",
        "latin1-de",
    ],
)
def test_decodes_each_encoding(sample: str, encode) -> None:
    assert decode(encode(sample)) == sample


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04" + bytes(40), "ZIP"),
        (b"GIF89a" + bytes(20), "GIF"),
        (b"plain words\x00\x00\x00 and NULs", "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
    ],
)
def test_binary_files_are_named(data: bytes, kind: str) -> None:
    assert kind in (binary_kind(data) or "")
    with pytest.raises(DecodeFailure, match="binary file"):
        decode(data)


def test_one_repeated_symbol_is_not_text() -> None:
    with pytest.raises(DecodeFailure, match="could not determine"):
        decode(b"\xa4" * 300)


def test_text_is_not_binary() -> None:
    assert binary_kind(GERMAN.encode("utf-8")) is None


@pytest.mark.parametrize("seed", range(5))
def test_random_high_bytes_are_an_unknown_encoding(seed: int) -> None:
    rng = random.Random(seed)
    data = bytes(rng.randint(0x80, 0xFF) for _ in range(600))
    with pytest.raises(DecodeFailure, match="could not determine the text encoding"):
        decode(data)
