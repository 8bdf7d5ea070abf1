"""The dashboard's one door to DuckDB: read-only connections that follow file swaps.

The loader never writes the file we read: it builds `<db>.next` and `os.replace`s it
onto `<db>`. We notice a swap by the file's identity (inode, mtime, size) — the
*database version* — and open a fresh connection for the new file. DuckDB's client
caches database instances per path, so `duckdb.connect(path, read_only=True)` would
keep returning the old file; attaching the path to a new in-memory instance does not.

Callers (the query layer, hence the CLI export and the Streamlit pages) take one
cursor per query with `with db.cursor() as cur:`; connections of old versions are
closed once their last cursor is returned. Only this module connects.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.errors import DiplotimeError
from etl.store.schema import SCHEMA_VERSION, check_version

log = logging.getLogger(__name__)

DEFAULT_DB = Path("data/diplotime.duckdb")
DB_ENV = "DIPLOTIME_DB"
MEMORY_LIMIT = "350MB"  # with Python, pandas, Plotly and Streamlit: the process stays under 700 MB
# Where DuckDB spills a sort or join that outgrows MEMORY_LIMIT (a whole-database CSV);
# an in-memory instance has no database folder to spill next to.
SPILL_DIR = Path(tempfile.gettempdir()) / "diplotime-duckdb"

Version = tuple[int, int, int]  # (st_ino, st_mtime_ns, st_size)


def default_db_path() -> Path:
    """The database the user means when they name none: env DIPLOTIME_DB, else data/diplotime.duckdb."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


@dataclass
class _Generation:
    """One open connection for one version of the file, with its borrowed cursors."""

    version: Version
    con: duckdb.DuckDBPyConnection
    borrowed: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class Database:
    """A diplotime database file, read-only, reopened whenever the file is swapped."""

    def __init__(self, path: Path | str, *, memory_limit: str = MEMORY_LIMIT) -> None:
        self.path = Path(path)
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._current: _Generation | None = None

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    def version(self) -> Version:
        """The file's identity now; it changes when the loader swaps in a new file."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError as e:
            raise DiplotimeError(
                f"No database at {self.path}",
                "the dashboard reads a database built by `diplotime ingest`",
                f"run `diplotime demo` or `diplotime ingest data/samples --db {self.path}`",
            ) from e
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the current version of the file, for one query (thread-safe)."""
        gen = self._acquire()
        try:
            cur = gen.con.cursor()
            try:
                cur.execute("USE db")
                yield cur
            finally:
                cur.close()
        finally:
            self._release(gen)

    def close(self) -> None:
        """Close the current connection once its cursors are returned."""
        with self._lock:
            gen, self._current = self._current, None
        if gen is not None:
            self._retire(gen)

    def _acquire(self) -> _Generation:
        with self._lock:
            version = self.version()
            gen = self._current
            if gen is None or gen.version != version:
                new = _Generation(version, self._open())
                self._current = new
                if gen is not None:
                    log.info("database %s changed; reopened", self.path)
                    self._retire(gen)
                gen = new
            with gen.lock:
                gen.borrowed += 1
            return gen

    def _release(self, gen: _Generation) -> None:
        with gen.lock:
            gen.borrowed -= 1
            done = gen.retired and gen.borrowed == 0
        if done:
            gen.con.close()

    @staticmethod
    def _retire(gen: _Generation) -> None:
        with gen.lock:
            gen.retired = True
            done = gen.borrowed == 0
        if done:
            gen.con.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        """A new in-memory instance with the file attached read-only as `db`."""
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            con.execute("SET temp_directory = ?", [str(SPILL_DIR)])
            con.execute("ATTACH ? AS db (READ_ONLY)", [str(self.path)])
            con.execute("USE db")
            version = check_version(con)
            if version < SCHEMA_VERSION:  # the dashboard reads tables of the newest schema
                raise DiplotimeError(
                    "Database needs an upgrade",
                    f"{self.path} has schema version {version}; this dashboard reads {SCHEMA_VERSION}",
                    f"run `diplotime ingest PATH --db {self.path}` once: it upgrades the file",
                )
        except duckdb.Error as e:
            con.close()
            raise DiplotimeError(
                "Not a diplotime database",
                f"{self.path}: {e}",
                "build one with `diplotime ingest PATH --db FILE` or `diplotime demo`",
            ) from e
        except DiplotimeError:
            con.close()
            raise
        return con
