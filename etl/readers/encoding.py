"""Bytes to text: BOMs, strict UTF-8, then charset detection; binary files refused.

`etl.readers.read_path` calls `decode` on every file before detecting its format.
Order matters: a BOM settles the question (UTF-16 is full of NUL bytes, so it must
be recognised before the binary check), then known magic numbers and control
characters mark binary files, then strict UTF-8, and only then charset-normalizer,
restricted to the single-byte code pages our languages are written in.
"""

from __future__ import annotations

import codecs
import logging

import charset_normalizer

log = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# File signatures of formats people drop into an article folder by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG"),
    (b"%PDF", "PDF"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7z"),
    (b"Rar!", "RAR"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office (DOC/XLS)"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"RIFF", "RIFF (WebP/WAV/AVI)"),
)

# Single-byte code pages for German and Russian text; UTF-16 without a BOM too.
CODE_PAGES: tuple[str, ...] = ("cp1251", "cp1252", "iso8859_15", "koi8_r", "cp866")

CONTROL_RATIO = 0.05
# Every byte except the control characters text never holds: deleting these leaves those.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\f\x1b")
LETTER_RATIO = 0.6  # letters and spaces among the characters of a plausible text
SAMPLE = 8192


class DecodeFailure(ValueError):
    """The bytes are not text we can read; the message is the user-facing reason."""


def decode(data: bytes) -> str:
    """Decode a file's bytes to text, or raise DecodeFailure with the reason."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise DecodeFailure(
                    f"invalid {encoding} after its byte order mark ({e.reason})"
                ) from e
    kind = binary_kind(data)
    if kind:
        raise DecodeFailure(
            f"binary file (not text): looks like {kind}; "
            "only text, HTML, feeds, JSON/JSONL/CSV are read"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data)


def binary_kind(data: bytes) -> str | None:
    """Name what a binary file looks like, or None when it may be text."""
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        return "binary data (NUL bytes)"
    controls = len(sample.translate(None, _NOT_CONTROL))
    if sample and controls / len(sample) > CONTROL_RATIO:
        return "binary data (control characters)"
    return None


def _detect(data: bytes) -> str:
    """Ask charset-normalizer among the code pages we expect; refuse what it cannot settle."""
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CODE_PAGES)).best()
    if best is None or not plausible_text(str(best)):
        raise DecodeFailure(
            "could not determine the text encoding; save the file as UTF-8 and try again"
        )
    log.debug("detected encoding %s", best.encoding)
    return str(best)


def plausible_text(text: str) -> bool:
    """Mostly letters with spaces between words; a run of one symbol is not text."""
    sample = text[:SAMPLE]
    if not sample.strip():
        return False
    letters = sum(ch.isalpha() for ch in sample)
    spaces = sum(ch.isspace() for ch in sample)
    words_are_separated = spaces > 0 or len(sample) < 40
    return words_are_separated and (letters + spaces) / len(sample) >= LETTER_RATIO
