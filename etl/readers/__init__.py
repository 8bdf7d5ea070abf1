"""Readers: files of any supported format -> `Document`s (or `ReadError`s a user can act on).

The pipeline (`diplotime ingest`, `diplotime extract`) calls `iter_files` on the
paths it is given and `read_path` on each file. `read_path` never raises for bad
input: a size limit, empty and binary files, unknown encodings and broken items all
come back as `ReadError`s. Each format has its own module; `detect` picks one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from etl.readers.dates import month_numbers, weekday_names
from etl.readers.detect import Format, detect_format
from etl.readers.encoding import DecodeFailure, decode
from etl.readers.feeds import read_feed
from etl.readers.html_page import read_html
from etl.readers.records_file import read_csv, read_json, read_jsonl
from etl.readers.text_page import is_navigation, is_tail, read_text_page
from etl.records import Document, ReadError

__all__ = ["DEFAULT_MAX_BYTES", "iter_files", "read_path", "warm_up"]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
READERS: dict[Format, Callable[[str, str], Iterator[Document | ReadError]]] = {
    "text": read_text_page,
    "html": read_html,
    "rss": read_feed,
    "atom": read_feed,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
}


# Files in an article folder that describe it rather than being articles.
_NOT_ARTICLES = frozenset({".md", ".rst", ".py", ".sh", ".toml", ".yml", ".yaml", ".lock"})


def _is_documentation(path: Path) -> bool:
    return path.suffix.lower() in _NOT_ARTICLES or path.name.upper().startswith("README")


def warm_up() -> None:
    """Load the readers' tables (for a parent about to fork workers)."""
    month_numbers()
    weekday_names()
    is_navigation("")
    is_tail("")


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files given, and files under folders given (recursive, sorted), skipping hidden
    files and documentation such as README.md; a file named explicitly is always read."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                hidden = any(p.startswith(".") for p in relative)
                if child.is_file() and not hidden and not _is_documentation(child):
                    yield child
        else:
            yield path


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadError]:
    """One Document per article in the file, or ReadErrors saying why not; never raises for bad input."""
    name = str(path)
    text = _load(path, max_bytes)
    if isinstance(text, ReadError):
        yield text
        return
    fmt = detect_format(Path(path), text)
    log.debug("%s: reading as %s", name, fmt)
    try:
        yield from READERS[fmt](name, text)
    except Exception as e:  # a reader bug must not stop the other files
        log.exception("reader %s failed on %s", fmt, name)
        yield ReadError(name, f"could not read this {fmt} file ({type(e).__name__}: {e})")


def _load(path: Path, max_bytes: int) -> str | ReadError:
    """The file's text, or the ReadError that stops us from reading it."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return ReadError(
                name,
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; "
                "raise it with --max-bytes",
            )
        data = path.read_bytes()
    except OSError as e:
        return ReadError(name, f"cannot open the file ({e.strerror or e})")
    if not data.strip():
        return ReadError(name, "empty file")
    try:
        text = decode(data)
    except DecodeFailure as e:
        return ReadError(name, str(e))
    if not text.strip("\ufeff \t\r\n"):
        return ReadError(name, "empty file")
    return text
