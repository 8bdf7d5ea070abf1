"""`diplotime ingest`: read -> complete metadata -> extract -> load, for files and folders.

Reading and extraction run in worker processes (a chunk of files per task); the
parent process alone writes, in batches of one transaction each, to the next
database generation (`etl.store.generations`), published atomically. An item
whose content hash is already in the database is recognised in the worker and
not extracted again, which makes re-ingesting unchanged input cheap and a no-op.
Cheaper still, a file whose size and modification time match the `files` table
(written with its articles, only for files whose every article loaded cleanly) is
not read at all: its articles are counted unchanged. A file edited since (or only
touched) is read and its articles compared by content hash as above; a skipped
file's stored articles count as seen first for duplicate detection. A file
modified within a second of the run is not recorded (its mtime may not yet tell
a later write apart).
One bad file or item is recorded with its reason and never stops the run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.pool import AsyncResult
from pathlib import Path

from tqdm import tqdm

from etl import metadata, readers
from etl.extraction import extract, warm_up
from etl.extraction.organisations import catalogue
from etl.identity import article_id, content_hash
from etl.readers import iter_files, read_path
from etl.records import ArticleRecord, Document, ReadError
from etl.store import derived, events, loader
from etl.store.columns import ArticleColumns, ArticleRows
from etl.store.generations import NextGeneration
from etl.store.loader import FileRow
from etl.store.schema import migrate

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000
CHUNK_FILES = 32  # files per worker task: large enough to amortise IPC
AHEAD_CHUNKS = 12  # tasks in flight per worker: seconds of work, a bounded backlog
BATCH_ARTICLES = 5_000  # articles per load transaction
BATCH_FILES = 5_000  # or files read, so their rows are written as the run goes

# Content hashes known before the run. Set in the parent before the pool forks,
# so workers read it copy-on-write instead of receiving it per task.
_KNOWN: dict[str, str] = {}


@dataclass
class RunSummary:
    """What one ingest did; printed by the CLI and stored in `ingest_runs`."""

    run_id: int = 0
    files_seen: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    duplicates: int = 0
    files_rejected: int = 0
    items_rejected: int = 0
    errors: list[ReadError] = field(default_factory=list)
    # Wall seconds of each phase (read/extract/load, tracker, derived): long runs say
    # where their time went, and the benchmark reports it.
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "files_seen": self.files_seen,
            "articles_new": self.articles_new,
            "articles_updated": self.articles_updated,
            "articles_unchanged": self.articles_unchanged,
            "files_rejected": self.files_rejected,
            "items_rejected": self.items_rejected,
        }


RACY_NS = 1_000_000_000  # a file modified this close to the run start is not recorded
FUTURE = "future-date"  # a flag that may change with `now`: its file is always read again


@dataclass
class _ChunkResult:
    """What a worker sends the writer for one chunk of files. Its articles travel as
    Arrow columns (`etl.store.columns`): cheap to pickle, and ready to insert."""

    files: int = 0
    articles: ArticleColumns | None = None  # None when the chunk loads no article
    unchanged: list[tuple[str, str, str]] = field(default_factory=list)  # (id, where, path)
    errors: list[ReadError] = field(default_factory=list)
    rejected_files: int = 0
    done: list[tuple[str, int, bool]] = field(default_factory=list)  # (path, articles, clean)


def _process_file(
    path: str, now: datetime, max_bytes: int, out: _ChunkResult, rows: ArticleRows
) -> None:
    """Read one file into `out`, its articles to load into `rows`; every failure becomes
    a ReadError, never an exception."""
    items = 0
    file_error = False
    errors_before = len(out.errors)
    future = False
    try:
        for item in read_path(Path(path), max_bytes=max_bytes):
            if isinstance(item, ReadError):
                out.errors.append(item)
                file_error = file_error or not item.locator
                continue
            items += 1
            doc = metadata.complete(item, now=now)
            future = future or FUTURE in doc.flags
            rid, digest = article_id(doc), content_hash(doc)
            if _KNOWN.get(rid) == digest:
                out.unchanged.append((rid, _where(doc), path))
                continue
            try:
                extraction = extract(doc.text, doc.published, doc.lang)
            except Exception as e:  # a bug in a rule must not cost the batch
                log.exception("extraction failed for %s %s", path, doc.locator)
                out.errors.append(ReadError(path, f"extraction failed: {e!r}", doc.locator))
                continue
            rows.add(ArticleRecord(rid, digest, doc, extraction))
    except Exception as e:
        log.exception("reading %s failed", path)
        out.errors.append(ReadError(path, f"could not be read: {e!r}"))
        file_error = True
    if file_error and items == 0:
        out.rejected_files += 1
    out.done.append((path, items, len(out.errors) == errors_before and not future))


def _process_chunk(args: tuple[list[str], datetime, int]) -> _ChunkResult:
    paths, now, max_bytes = args
    out = _ChunkResult(files=len(paths))
    rows = ArticleRows()
    for path in paths:
        _process_file(path, now, max_bytes, out, rows)
    if len(rows):
        out.articles = rows.columns()
    return out


def _where(doc: Document) -> str:
    return _where_of(doc.path, doc.locator)


def _where_of(path: str, locator: str) -> str:
    return f"{path} {locator}".strip()


def _chunks(files: Sequence[str], now: datetime, max_bytes: int) -> Iterator[tuple]:
    for i in range(0, len(files), CHUNK_FILES):
        yield list(files[i : i + CHUNK_FILES]), now, max_bytes


def _results(
    files: Sequence[str], now: datetime, max_bytes: int, workers: int
) -> Iterator[_ChunkResult]:
    """Chunk results in input order, from a forked pool or inline."""
    if workers <= 1 or len(files) <= CHUNK_FILES:
        yield from map(_process_chunk, _chunks(files, now, max_bytes))
        return
    _warm_parent(now)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        # At most AHEAD_CHUNKS tasks per worker in flight: `imap` would queue every
        # finished result in this process while it writes (a snapshot copy of a large
        # database takes many seconds), and the run's peak memory would grow with it.
        pending: deque[AsyncResult[_ChunkResult]] = deque()
        for task in _chunks(files, now, max_bytes):
            pending.append(pool.apply_async(_process_chunk, (task,)))
            if len(pending) >= workers * AHEAD_CHUNKS:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _warm_parent(now: datetime) -> None:
    """Build the per-process caches here, once, so forked workers share them copy-on-write.

    `gc.freeze` keeps the collector from touching (and so copying) those objects
    in every worker.
    """
    warm_up()
    metadata.warm_up(now)
    readers.warm_up()
    gc.freeze()


class _Batcher:
    """Accumulates chunk results into load batches and keeps the run's counts."""

    def __init__(
        self, gen: NextGeneration, run_id: int, summary: RunSummary, stats: dict[str, FileRow]
    ) -> None:
        self.gen, self.run_id, self.summary = gen, run_id, summary
        self.stats = stats  # path -> the file as stat'ed before reading (articles unknown)
        self.racy_after = time.time_ns() - RACY_NS  # newer files are not recorded
        # Ids seen in this run (a set: a map to where they were seen holds hundreds of
        # MB at a million articles), and the later copies since the last flush.
        self.seen: set[str] = set()
        self.copies: list[tuple[str, str]] = []  # (id, where)
        self.parts: list[ArticleColumns] = []  # the batch's articles, by chunk
        self.ids: list[str] = []  # their ids
        self.articles = 0
        self.errors: list[ReadError] = []
        self.files: list[tuple[str, FileRow | None]] = []  # read since the last flush

    def add(self, chunk: _ChunkResult) -> None:
        s = self.summary
        s.files_seen += chunk.files
        s.files_rejected += chunk.rejected_files
        for error in chunk.errors:
            s.items_rejected += bool(error.locator)
            self._error(error)
        dirty: set[str] = set()  # files with an article seen before in this run
        for rid, where, path in chunk.unchanged:
            if self._first_time(rid, where):
                s.articles_unchanged += 1
            else:
                dirty.add(path)
        if chunk.articles is not None:
            self._articles(chunk.articles, dirty)
        self._files_done(chunk.done, dirty)
        if self.articles >= BATCH_ARTICLES or len(self.files) >= BATCH_FILES:
            self.flush()

    def _articles(self, articles: ArticleColumns, dirty: set[str]) -> None:
        """Keep a chunk's articles for the batch, less the copies of articles seen before."""
        s = self.summary
        ids = articles.column("id")
        paths, locators = articles.column("path"), articles.column("locator")
        keep = [True] * len(ids)
        for i, rid in enumerate(ids):
            if not self._first_time(rid, _where_of(paths[i], locators[i])):
                dirty.add(paths[i])
                keep[i] = False
                continue
            if rid in _KNOWN:
                s.articles_updated += 1
            else:
                s.articles_new += 1
        if not all(keep):
            articles = articles.keep(keep)
            ids = [rid for rid, k in zip(ids, keep, strict=True) if k]
        self.parts.append(articles)
        self.ids.extend(ids)
        self.articles += len(ids)

    def _files_done(self, done: list[tuple[str, int, bool]], dirty: set[str]) -> None:
        """Remember the files read cleanly, with their stat from before reading."""
        for path, articles, clean in done:
            stat = self.stats.get(path)
            if stat is None:
                continue
            keep = clean and path not in dirty and stat.mtime_ns < self.racy_after
            self.files.append((stat.path, replace(stat, articles=articles) if keep else None))

    def _first_time(self, rid: str, where: str) -> bool:
        if rid not in self.seen:
            self.seen.add(rid)
            return True
        self.summary.duplicates += 1
        self.copies.append((rid, where))
        return False

    def _report_copies(self) -> None:
        """Record each copy since the last flush as a duplicate of the article's first
        occurrence: a record of this batch, or one stored (loaded earlier in the run,
        unchanged, or in a file not read again)."""
        assert self.gen.con is not None
        ids = {rid for rid, _ in self.copies}
        first = {
            rid: _where_of(path, locator)
            for part in self.parts
            for rid, path, locator in zip(
                part.column("id"), part.column("path"), part.column("locator"), strict=True
            )
            if rid in ids
        }
        first.update(loader.locations(self.gen.con, ids - first.keys()))
        for rid, where in self.copies:
            path, _, locator = where.partition(" ")
            original = first.get(rid, f"article {rid}")
            self._error(
                ReadError(path, f"duplicate: same article as {original}; loaded once", locator)
            )
        self.copies = []

    def _error(self, error: ReadError) -> None:
        self.errors.append(error)
        if len(self.summary.errors) < 1000:
            self.summary.errors.append(error)

    def flush(self) -> None:
        assert self.gen.con is not None
        if self.copies:
            self._report_copies()
        replaced = frozenset(rid for rid in self.ids if rid in _KNOWN)
        loader.load_columns(
            self.gen.con, self.run_id, self.parts, self.errors, replaced, self.files
        )
        self.parts, self.ids, self.articles = [], [], 0
        self.errors, self.files = [], []
        self.gen.maybe_publish()


def _phase_bar(desc: str, unit: str, shown: bool, total: int | None = None) -> tqdm:
    """A progress bar for a phase after the files are read (minutes at a million articles)."""
    return tqdm(total=total, desc=desc, unit=unit, disable=not shown, file=sys.stderr)


def _refresh_tracker(
    gen: NextGeneration, run_id: int, workers: int, shown: bool = False
) -> dict[str, float]:
    """Regroup events and relink plans around what this run changed (its articles, new
    or edited), then refresh the dashboard's derived tables (`etl.store.derived`);
    returns the wall seconds of each. A first regroup runs on as many processes as the
    ingest.

    Each phase commits on a fresh connection (`NextGeneration.reopen`), which returns
    what DuckDB held for the phase before: the run's peak memory is set here. Readers
    see neither phase until the generation is published, at the run's end and only
    if both succeeded. `shown`: progress bars for both, family by family and stage by
    stage.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    con = gen.reopen()
    with loader.transaction(con):
        changed = [*loader.articles_of_run(con, run_id), *derived.behind(con, run_id)]
        empty = con.execute("SELECT count(*) = 0 FROM events").fetchall()[0][0]
        milestones = con.execute("SELECT count(*) FROM milestones").fetchall()[0][0]
        regroup_all = empty and milestones > 0
        shown = shown and (regroup_all or bool(changed))  # a run that changed nothing is quiet
        with _phase_bar("tracker", "milestone", shown, milestones if regroup_all else None) as bar:

            def family_done(family: str, regrouped: int) -> None:
                bar.set_postfix_str(f"{family} regrouped", refresh=False)
                bar.update(regrouped)

            if regroup_all:
                counts = events.refresh_all(con, max(1, workers), family_done)
            else:
                counts = events.refresh(con, changed, family_done)
    seconds["tracker"] = time.perf_counter() - started
    log.info("tracker: %s", counts)
    started = time.perf_counter()
    con = gen.reopen()
    with (
        loader.transaction(con),
        _phase_bar("derived tables", "stage", shown, len(derived.STAGES)) as bar,
    ):

        def stage_done(stage: str) -> None:
            bar.set_postfix_str(f"{stage} done", refresh=False)
            bar.update(1)

        # The dashboard's query-ready tables, after the events.
        derived.refresh(con, changed, stage_done)
    seconds["derived"] = time.perf_counter() - started
    return seconds


def _release_memory() -> None:
    """Drop the read phase's state and hand the freed heap back to the system.

    At a million articles the run's id maps hold hundreds of MB, and the C heap keeps
    what Python frees (article texts passed through the parent by the million) for
    reuse; the tracker's workers and DuckDB need that room, and the run's peak memory
    is set there. `malloc_trim` is glibc's; elsewhere only the collection runs.
    """
    _KNOWN.clear()
    gc.collect()
    with suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _unread(files: list[str], known: dict[str, FileRow], batcher: _Batcher) -> list[str]:
    """The files to read; those unchanged since a clean read are counted, not read.

    Each file to read is stat'ed now, before reading, so that a write during the
    run leaves a stale row that the next run does not trust.
    """
    to_read: list[str] = []
    skipped: list[str] = []
    for path in files:
        absolute = os.path.abspath(path)
        try:
            st = os.stat(path)
        except OSError:
            to_read.append(path)  # the reader says what is wrong with it
            continue
        row = known.get(absolute)
        if row is not None and (row.size, row.mtime_ns) == (st.st_size, st.st_mtime_ns):
            batcher.summary.files_seen += 1
            batcher.summary.articles_unchanged += row.articles
            skipped.append(path)
            continue
        batcher.stats[path] = FileRow(absolute, st.st_size, st.st_mtime_ns, 0)
        to_read.append(path)
    # Their articles take part in duplicate detection: a copy in a file read now is a duplicate.
    assert batcher.gen.con is not None
    batcher.seen.update(loader.articles_of(batcher.gen.con, skipped))
    return to_read


def ingest(
    paths: Sequence[Path],
    db: Path,
    *,
    workers: int = 1,
    progress: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    publish_every: float | None = None,
    now: datetime | None = None,
) -> RunSummary:
    """Ingest files and folders into the database at `db`; safe to run again."""
    now = now or datetime.now(UTC)
    files = [str(p) for p in iter_files(paths)]
    if publish_every is None:
        publish_every = float(os.environ.get("DIPLOTIME_PUBLISH_SECONDS", "60"))
    summary = RunSummary()
    with NextGeneration(db, publish_every=publish_every) as gen:
        con = gen.con
        assert con is not None
        migrate(con)
        loader.sync_organisations(con, catalogue())
        summary.run_id = loader.start_run(con, [str(p) for p in paths], now.replace(tzinfo=None))
        batcher = _Batcher(gen, summary.run_id, summary, {})
        files = _unread(files, loader.known_files(con), batcher)
        _KNOWN.clear()
        _KNOWN.update(loader.known_hashes(con))
        shown = progress and len(files) >= 50  # a few files are done before a bar could tell
        bar = tqdm(total=len(files), unit="file", disable=not shown, file=sys.stderr, desc="ingest")
        started = time.perf_counter()
        with bar, gen.loading():
            for chunk in _results(files, now, max_bytes, workers):
                batcher.add(chunk)
                bar.update(chunk.files)
            batcher.flush()
        summary.seconds["read, extract, load"] = time.perf_counter() - started
        del batcher, files
        _release_memory()
        summary.seconds.update(_refresh_tracker(gen, summary.run_id, workers, shown))
        finished = datetime.now(UTC).replace(tzinfo=None)
        assert gen.con is not None
        loader.finish_run(gen.con, summary.run_id, finished, summary.counts())
    return summary
