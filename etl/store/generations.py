"""How a writer shares the database file with running dashboards.

DuckDB allows one read-write process or many read-only ones per file, and a
read-only open fails while a writer holds it. So the writer never opens the file
that readers use. An ingest works on a *next generation*:

1. take an exclusive lock on `<db>.lock` (one writer at a time);
2. copy `<db>` to `<db>.next` (a fresh file when there is none yet);
3. load batches into `<db>.next`, one transaction each;
4. publish: checkpoint, then atomically `os.replace` a copy (mid-run) or the
   file itself (at the end) onto `<db>`.

Mid-run snapshots copy the whole file (gigabytes at a million articles), so they
are spaced by the cost of the last copy: the next one comes after at least
`publish_every` seconds *and* at least `COPY_SHARE` times the last copy's duration
(a 10-second copy waits 200 s), which keeps copying under ~5 % of a long run.

The writer's connection has a `memory_limit` (`WRITER_MEMORY`, default 512MB, or
`$DIPLOTIME_WRITER_MEMORY`), so that DuckDB spills rather than growing with the
database; batches are bounded by the pipeline and load under a smaller limit.

Readers see a complete database at every moment: the old generation until the
rename, the new one after. They notice the swap by the file's identity
(`os.stat`: inode, mtime, size) and reopen; connections they still hold keep
reading the old, unlinked file until closed. A writer killed mid-run leaves
`<db>` at its last published state; the next run starts from it again.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import duckdb

from etl.errors import DiplotimeError

log = logging.getLogger(__name__)

COPY_SHARE = 20  # wait at least this many times the last snapshot copy's duration
WRITER_MEMORY = "512MB"
# Loading batches needs far less than the tracker and the derived tables; what DuckDB
# does not cache the process does not hold, and while batches load it runs beside the
# reading workers, so the ingest's peak memory is theirs and this limit together.
LOAD_MEMORY = "256MB"


class NextGeneration:
    """A read-write connection to `<db>.next`, published onto `<db>` on success."""

    def __init__(self, db: Path, *, publish_every: float = 60.0) -> None:
        self.db = Path(db)
        self.next_path = self.db.with_name(self.db.name + ".next")
        self.lock_path = self.db.with_name(self.db.name + ".lock")
        self.publish_every = publish_every
        self._lock_fd: int | None = None
        self._last_publish = time.monotonic()
        self._last_copy = 0.0  # seconds the last snapshot took
        self.con: duckdb.DuckDBPyConnection | None = None
        self.memory = os.environ.get("DIPLOTIME_WRITER_MEMORY", WRITER_MEMORY)

    def __enter__(self) -> NextGeneration:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self.next_path.unlink(missing_ok=True)
            self.next_path.with_name(self.next_path.name + ".wal").unlink(missing_ok=True)
            if self.db.exists():
                shutil.copyfile(self.db, self.next_path)
            self.con = self._connect()
        except duckdb.Error as e:
            self._unlock()
            raise DiplotimeError(
                "Cannot open the database",
                f"{self.db}: {e}",
                "check the file is a DuckDB database, or pass another --db",
            ) from e
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.con is not None:
                if exc_type is None:
                    self.con.execute("CHECKPOINT")
                self.con.close()
                self.con = None
            if exc_type is None:
                os.replace(self.next_path, self.db)
                log.info("published %s", self.db)
            else:
                # The published file is untouched; drop the unfinished generation.
                self.next_path.unlink(missing_ok=True)
        finally:
            self._unlock()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.next_path))
        con.execute(f"SET memory_limit = '{self.memory}'")
        # The ingest shows its own progress; DuckDB's bar would print through it.
        con.execute("SET enable_progress_bar = false")
        return con

    def reopen(self) -> duckdb.DuckDBPyConnection:
        """Close the writer's connection and open a fresh one on the same file.

        DuckDB keeps what it allocated for earlier work: its cache up to the limit, and
        beyond it memory that a commit does not give back (at a million articles, close
        to a GB after the tracker). Closing the database returns all of it, so the next
        phase starts from a small process instead of on top of the last one."""
        assert self.con is not None
        self.con.close()
        self.con = self._connect()
        return self.con

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Load batches under `LOAD_MEMORY` (a limit set in $DIPLOTIME_WRITER_MEMORY
        holds throughout), then give the writer its whole limit back."""
        assert self.con is not None
        if "DIPLOTIME_WRITER_MEMORY" not in os.environ:
            self.con.execute(f"SET memory_limit = '{LOAD_MEMORY}'")
        try:
            yield
        finally:
            self.con.execute(f"SET memory_limit = '{self.memory}'")

    def maybe_publish(self) -> bool:
        """Publish a snapshot mid-run when `publish_every` seconds, and `COPY_SHARE` times
        the last copy's duration, have passed."""
        wait = max(self.publish_every, COPY_SHARE * self._last_copy)
        if time.monotonic() - self._last_publish < wait:
            return False
        self.publish_snapshot()
        return True

    def publish_snapshot(self) -> None:
        """Make everything committed so far visible to readers, and keep writing."""
        assert self.con is not None
        started = time.monotonic()
        self.con.execute("CHECKPOINT")
        tmp = self.db.with_name(self.db.name + ".publish")
        shutil.copyfile(self.next_path, tmp)
        os.replace(tmp, self.db)
        self._last_publish = time.monotonic()
        self._last_copy = self._last_publish - started
        log.info("published a snapshot of %s in %.1f s", self.db, self._last_copy)

    def _lock(self) -> None:
        fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            os.close(fd)
            raise DiplotimeError(
                "Another ingest is writing this database",
                str(self.db),
                "wait for it to finish (dashboards keep working meanwhile), then run again",
            ) from e
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None
