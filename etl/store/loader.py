"""Load extracted articles into DuckDB: one transaction per batch, bulk inserts only.

Called by `etl.pipeline` on the connection of a `NextGeneration`. Articles arrive as
Arrow tables the workers built (`etl.store.columns`), other rows as pandas frames;
DuckDB scans both directly (`INSERT ... SELECT ... FROM frame`), never row by row.
An edited article replaces its old row and every row
hanging off it (milestones, people, places, organisations) in the same
transaction, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.errors import DiplotimeError
from etl.records import ArticleRecord, ReadError
from etl.store import columns
from etl.store.schema import ARTICLE_CHILD_TABLES

if TYPE_CHECKING:
    from etl.extraction.organisations import Organisation


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All or nothing: commit on success, roll back on any error. Running out of the
    writer's memory (indexes grow with the database) becomes an error that says what to do."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except duckdb.Error as e:
        with suppress(duckdb.Error):  # a failed COMMIT has already rolled back
            con.execute("ROLLBACK")
        if _out_of_memory(e):
            raise DiplotimeError(
                "The database writer ran out of memory",
                str(e).splitlines()[0],
                "run again with a larger limit, e.g. DIPLOTIME_WRITER_MEMORY=2GB (default "
                "512MB); what was published is intact and the next run continues from it",
            ) from e
        raise
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _out_of_memory(error: duckdb.Error) -> bool:
    """DuckDB reports memory exhaustion as its own type, or inside a failed commit."""
    text = str(error)
    return isinstance(error, duckdb.OutOfMemoryException) or (
        "Out of Memory" in text or "failed to pin block" in text
    )


def insert_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Bulk-insert each frame into the table it is keyed by, in order (parents first)."""
    for table, frame in frames.items():
        insert_frame(con, table, frame)


def insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | pa.Table | None
) -> None:
    """Bulk-insert a pandas or Arrow frame into `table`, by the frame's column names.

    Table names come from our own code, never from input. The frame is read through
    DuckDB's scan of this function's local variable `insert_source`, not `register`ed:
    a registered view stays in the catalog until the transaction commits, and keeps
    its frame alive with it (at a million articles, the tracker's memory-mapped Arrow
    results, about 700 MB, would stay resident through the whole tracker phase).
    """
    if frame is None or not len(frame):
        return
    names = frame.column_names if isinstance(frame, pa.Table) else [str(c) for c in frame.columns]
    columns = ", ".join(names)
    insert_source = frame  # noqa: F841 (read by name in the SQL below)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM insert_source")


def sync_organisations(con: duckdb.DuckDBPyConnection, orgs: Sequence[Organisation]) -> None:
    """Replace the organisation catalogue tables with the bundled catalogue."""
    frame = pd.DataFrame(
        [(o.id, o.name, o.parent, o.kind) for o in orgs],
        columns=["id", "name", "parent", "kind"],
    )
    aliases = pd.DataFrame(
        [(o.id, lang, alias) for o in orgs for lang, alias in o.aliases],
        columns=["org_id", "lang", "alias"],
    )
    with transaction(con):
        con.execute("DELETE FROM organisation_aliases")
        con.execute("DELETE FROM organisations")
        if len(frame):
            con.register("org_frame", frame)
            con.execute("INSERT INTO organisations SELECT id, name, parent, kind FROM org_frame")
        if len(aliases):
            con.register("alias_frame", aliases)
            con.execute("INSERT INTO organisation_aliases SELECT org_id, lang, alias FROM alias_frame")


@dataclass(frozen=True)
class FileRow:
    """A file whose articles all loaded: skipped unread while size and mtime stay the same."""

    path: str  # absolute
    size: int
    mtime_ns: int
    articles: int


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, FileRow]:
    """absolute path -> the file as last read cleanly."""
    rows = con.execute("SELECT path, size, mtime_ns, articles FROM files").fetchall()
    return {r[0]: FileRow(*r) for r in rows}


def articles_of(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> list[str]:
    """Ids of the stored articles read from these paths."""
    if not paths:
        return []
    con.register("skipped_paths", pd.DataFrame({"path": pd.Series(list(paths), dtype="string")}))
    rows = con.execute(
        "SELECT id FROM articles WHERE path IN (SELECT path FROM skipped_paths)"
    ).fetchall()
    con.unregister("skipped_paths")
    return [r[0] for r in rows]


def locations(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, str]:
    """article id -> "path locator" where each of these stored articles was read."""
    wanted = pd.DataFrame({"id": pd.Series(sorted(ids), dtype="string")})  # noqa: F841
    rows = con.execute(
        "SELECT id, path, locator FROM articles WHERE id IN (SELECT id FROM wanted)"
    ).fetchall()
    return {rid: f"{path} {locator or ''}".strip() for rid, path, locator in rows}


def articles_of_run(con: duckdb.DuckDBPyConnection, run_id: int) -> list[str]:
    """Ids of the articles this run loaded, new or edited (unchanged ones keep their
    earlier `last_run`): what the run changed, read back rather than kept in memory."""
    rows = con.execute("SELECT id FROM articles WHERE last_run = ?", [run_id]).fetchall()
    return [r[0] for r in rows]


def known_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """article id -> content hash of everything loaded so far."""
    return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())


def start_run(con: duckdb.DuckDBPyConnection, paths: Iterable[str], started: datetime) -> int:
    row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchone()
    run_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO ingest_runs (run_id, started, paths) VALUES (?, ?, ?)",
        [run_id, started, " ".join(paths)],
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: int, finished: datetime, counts: dict[str, int]
) -> None:
    con.execute(
        """UPDATE ingest_runs SET finished = ?, files_seen = ?, articles_new = ?,
               articles_updated = ?, articles_unchanged = ?, files_rejected = ?,
               items_rejected = ?
           WHERE run_id = ?""",
        [
            finished,
            counts.get("files_seen", 0),
            counts.get("articles_new", 0),
            counts.get("articles_updated", 0),
            counts.get("articles_unchanged", 0),
            counts.get("files_rejected", 0),
            counts.get("items_rejected", 0),
            run_id,
        ],
    )


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    records: Sequence[ArticleRecord],
    errors: Sequence[ReadError],
    replaced: frozenset[str],
    files: Sequence[tuple[str, FileRow | None]] = (),
) -> None:
    """Write one batch of records atomically (see `load_columns`)."""
    load_columns(con, run_id, [columns.of_records(records)], errors, replaced, files)


def load_columns(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    parts: Sequence[columns.ArticleColumns],
    errors: Sequence[ReadError],
    replaced: frozenset[str],
    files: Sequence[tuple[str, FileRow | None]] = (),
) -> None:
    """Write one batch atomically: the articles of `parts` (as the workers built them),
    `errors`, and `files`. `replaced`: ids of articles that already exist.

    `files`: the files read for this batch, by absolute path, each with the row to
    remember it by, or None when it must be read again next time.
    """
    batch = columns.concat(parts)
    articles = batch.tables["articles"]
    ids = articles.column("id")
    tables = {
        "articles": _with_runs(articles, ids, run_id, _first_runs(con, replaced)),
        **{
            name: t.drop_columns([columns.ROW])
            for name, t in batch.tables.items()
            if name != "articles"
        },
    }
    error_frame = pd.DataFrame(
        [(run_id, e.path, e.locator, e.reason) for e in errors],
        columns=["run_id", "path", "locator", "reason"],
    )
    with transaction(con):
        _check_new(con, ids, replaced)
        if replaced:
            _delete_articles(con, replaced)
        for table, frame in tables.items():
            insert_frame(con, table, frame)
        insert_frame(con, "ingest_errors", error_frame)
        _record_files(con, run_id, files)


def _with_runs(
    articles: pa.Table, ids: pa.ChunkedArray, run_id: int, first_runs: dict[str, int]
) -> pa.Table:
    """The articles with their run columns: an edit keeps the run that first loaded it."""
    n = articles.num_rows
    last = pa.array(np.full(n, run_id, dtype=np.int32))
    first = (
        pa.array([first_runs.get(i, run_id) for i in ids.to_pylist()], type=pa.int32())
        if first_runs
        else last
    )
    return articles.append_column("first_run", first).append_column("last_run", last)


def _check_new(
    con: duckdb.DuckDBPyConnection, ids: pa.ChunkedArray, replaced: frozenset[str]
) -> None:
    """Refuse a batch that would store an article twice.

    The tables carry no primary key (schema v5: DuckDB keeps keys in the writer's
    memory), so the one writer checks instead: an id not declared as replaced must be
    new to the batch and to the database.
    """
    if pc.count_distinct(ids).as_py() < len(ids):
        seen: set[str] = set()
        for rid in ids.to_pylist():
            if rid in seen:
                _twice(rid)
            seen.add(rid)
    new = (
        ids.filter(pc.invert(pc.is_in(ids, pa.array(sorted(replaced), type=pa.string()))))
        if replaced
        else ids
    )
    if not len(new):
        return
    con.register("new_ids", pa.table({"id": new}))
    rows = con.execute(
        "SELECT id FROM articles WHERE id IN (SELECT id FROM new_ids) LIMIT 1"
    ).fetchall()
    con.unregister("new_ids")
    if rows:
        _twice(rows[0][0])


def _twice(article: str) -> None:
    raise DiplotimeError(
        "An article would be stored twice",
        f"article {article} is already in the database or the batch, and is not an edit",
        "this batch was not written; please report it as a bug with the input files",
    )


def _record_files(
    con: duckdb.DuckDBPyConnection, run_id: int, files: Sequence[tuple[str, FileRow | None]]
) -> None:
    if not files:
        return
    con.register(
        "read_files", pd.DataFrame({"path": pd.Series([p for p, _ in files], dtype="string")})
    )
    con.execute("DELETE FROM files WHERE path IN (SELECT path FROM read_files)")
    con.unregister("read_files")
    rows = [(f.path, f.size, f.mtime_ns, run_id, f.articles) for _, f in files if f is not None]
    columns = ["path", "size", "mtime_ns", "last_run", "articles"]
    insert_frames(con, {"files": pd.DataFrame(rows, columns=columns)})


def _first_runs(con: duckdb.DuckDBPyConnection, ids: frozenset[str]) -> dict[str, int]:
    """The run that first loaded each replaced article, so an edit keeps its history."""
    if not ids:
        return {}
    con.register("first_run_ids", pd.DataFrame({"id": sorted(ids)}))
    rows = con.execute(
        "SELECT a.id, a.first_run FROM articles a JOIN first_run_ids USING (id)"
    ).fetchall()
    con.unregister("first_run_ids")
    return dict(rows)


def _delete_articles(con: duckdb.DuckDBPyConnection, ids: frozenset[str]) -> None:
    """Remove articles and everything hanging off them."""
    id_frame = pd.DataFrame({"id": sorted(ids)})
    con.register("replaced_ids", id_frame)
    con.execute(
        """DELETE FROM milestone_organisations WHERE milestone_id IN
           (SELECT id FROM milestones WHERE article_id IN (SELECT id FROM replaced_ids))"""
    )
    for table, column in ARTICLE_CHILD_TABLES:
        con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM replaced_ids)")
    con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM replaced_ids)")
    con.unregister("replaced_ids")
