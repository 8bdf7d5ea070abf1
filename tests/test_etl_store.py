"""Store: migrations, batch loads, edits replacing old versions, the file-generation swap."""

from __future__ import annotations

import gc
import time
import weakref
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from etl.errors import DiplotimeError
from etl.records import ArticleRecord, Document, Extraction, Milestone, Person, ReadError
from etl.store import loader
from etl.store.generations import NextGeneration
from etl.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    check_version,
    current_version,
    migrate,
)

MINSK = timezone(timedelta(hours=3))


def record(rid: str, text: str = "body", n_milestones: int = 1) -> ArticleRecord:
    doc = Document(
        path=f"/in/{rid}.txt", locator="", format="text", text=text, title=f"title {rid}",
        published=datetime(2025, 5, 19, 16, 30, tzinfo=MINSK), lang="de", source="BelTA",
        flags=("no-date",) if rid == "flagged" else (),
    )  # fmt: skip
    milestones = tuple(
        Milestone(
            type="signing", status="planned", timex="2025", start=date(2025, 5, 19),
            end=date(2025, 12, 31), precision="year", mod="END", evidence=f"{text} {i}",
            organisations=("CSTO", "CIS", "SCO"),
        )  # fmt: skip
        for i in range(n_milestones)
    )
    extraction = Extraction(
        organisations=("CSTO", "CIS", "CSTO"),
        people=(Person("Imanghali Tasmaghambetow", "Secretary General", "CSTO", ("Tasmaghambetow",)),),
        places=("Moscow", "Bishkek"),
        milestones=milestones,
    )
    return ArticleRecord(rid, f"hash-{text}", doc, extraction)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = ["articles", "milestones", "milestone_organisations", "people",
              "article_places", "article_organisations"]  # fmt: skip
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "t.duckdb"))
    migrate(c)
    yield c
    c.close()


def test_migrate_creates_current_version_once(con: duckdb.DuckDBPyConnection) -> None:
    assert current_version(con) == SCHEMA_VERSION
    assert migrate(con) == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def _keys_and_indexes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    keys = con.execute(
        "SELECT table_name, constraint_type FROM duckdb_constraints() "
        "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY ALL"
    ).fetchall()
    return keys + con.execute("SELECT table_name, index_name FROM duckdb_indexes()").fetchall()


def test_growing_tables_carry_no_art_index(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB holds ART indexes in the writer's memory; only the small catalogues keep keys."""
    assert _keys_and_indexes(con) == [
        ("ingest_runs", "PRIMARY KEY"), ("organisations", "PRIMARY KEY")
    ]  # fmt: skip


def test_v5_rebuilds_keyed_tables_with_rows_in_order(tmp_path: Path) -> None:
    c = duckdb.connect(str(tmp_path / "v4.duckdb"))
    for number, step in enumerate(MIGRATIONS[:4], start=1):
        assert isinstance(step, str)
        c.execute(step)
        c.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
    run = loader.start_run(c, ["x"], datetime(2025, 1, 1))
    loader.load_batch(c, run, [record("b", n_milestones=2), record("a")], [], frozenset())
    tables = ["articles", "milestones", "milestone_organisations"]
    before = {t: c.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    columns = c.execute("SELECT table_name, column_name, is_nullable, column_default "
                        "FROM information_schema.columns ORDER BY ALL").fetchall()  # fmt: skip
    assert ("articles", "PRIMARY KEY") in _keys_and_indexes(c)
    assert migrate(c) == SCHEMA_VERSION
    assert {t: c.execute(f"SELECT * FROM {t}").fetchall() for t in tables} == before
    existing = {table for table, *_ in columns}  # later versions add tables; these keep their columns
    assert [row for row in c.execute("SELECT table_name, column_name, is_nullable, column_default "
            "FROM information_schema.columns ORDER BY ALL").fetchall() if row[0] in existing] == columns  # fmt: skip
    assert _keys_and_indexes(c) == [("ingest_runs", "PRIMARY KEY"), ("organisations", "PRIMARY KEY")]


def test_check_version_rejects_foreign_database(tmp_path: Path) -> None:
    c = duckdb.connect(str(tmp_path / "other.duckdb"))
    c.execute("CREATE TABLE t (x INT)")
    with pytest.raises(DiplotimeError, match="Not a diplotime database"):
        check_version(c)


def test_load_batch_writes_every_table(con: duckdb.DuckDBPyConnection) -> None:
    run = loader.start_run(con, ["x"], datetime(2025, 1, 1))
    loader.load_batch(con, run, [record("a"), record("b", n_milestones=2)], [], frozenset())
    assert counts(con) == {
        "articles": 2, "milestones": 3, "milestone_organisations": 9, "people": 2,
        "article_places": 4, "article_organisations": 4,
    }  # fmt: skip
    utc, offset, local = con.execute(
        "SELECT published_utc, utc_offset_min, published_date FROM articles WHERE id = 'a'"
    ).fetchone()
    assert (utc, offset, local) == (datetime(2025, 5, 19, 13, 30), 180, date(2025, 5, 19))
    assert con.execute("SELECT mentions FROM article_organisations WHERE org_id='CSTO' AND article_id='a'").fetchone() == (2,)


def test_edit_replaces_old_version_and_nothing_else(con: duckdb.DuckDBPyConnection) -> None:
    run1 = loader.start_run(con, ["x"], datetime(2025, 1, 1))
    loader.load_batch(con, run1, [record("a", n_milestones=3), record("b")], [], frozenset())
    run2 = loader.start_run(con, ["x"], datetime(2025, 1, 2))
    loader.load_batch(con, run2, [record("a", text="edited", n_milestones=1)], [], frozenset({"a"}))
    assert counts(con)["milestones"] == 2
    assert con.execute("SELECT body, first_run, last_run FROM articles WHERE id='a'").fetchone() == ("edited", run1, run2)
    assert con.execute("SELECT body, last_run FROM articles WHERE id='b'").fetchone() == ("body", run1)
    assert loader.known_hashes(con) == {"a": "hash-edited", "b": "hash-body"}


@pytest.mark.parametrize("arrow", [True, False])
def test_an_inserted_frame_is_not_kept_until_commit(
    con: duckdb.DuckDBPyConnection, arrow: bool
) -> None:
    """The tracker inserts gigabytes of mapped results in one transaction: each frame
    must be free once inserted, not held (as a registered view is) until the commit."""
    con.execute("CREATE TEMP TABLE frame_target (n BIGINT, word VARCHAR, extra VARCHAR DEFAULT 'd')")
    columns = {"word": ["x", "y"], "n": [1, 2]}
    frame = pa.table(columns) if arrow else pd.DataFrame(columns)
    alive = weakref.ref(frame)
    con.execute("BEGIN TRANSACTION")
    loader.insert_frame(con, "frame_target", frame)
    del frame
    gc.collect()
    assert alive() is None
    con.execute("COMMIT")
    assert con.execute("SELECT * FROM frame_target ORDER BY n").fetchall() == [
        (1, "x", "d"), (2, "y", "d"),
    ]  # fmt: skip


def test_failed_batch_leaves_nothing_half_written(con: duckdb.DuckDBPyConnection) -> None:
    run = loader.start_run(con, ["x"], datetime(2025, 1, 1))
    loader.load_batch(con, run, [record("a")], [], frozenset())
    before = counts(con)
    # A second article with an existing id but not declared as replaced is refused whole.
    with pytest.raises(DiplotimeError, match="stored twice"):
        loader.load_batch(con, run, [record("c"), record("a", text="x")], [], frozenset())
    assert counts(con) == before
    with pytest.raises(DiplotimeError, match="stored twice"):  # twice within one batch
        loader.load_batch(con, run, [record("d"), record("d", text="x")], [], frozenset())
    assert counts(con) == before


def test_errors_and_run_counts_are_recorded(con: duckdb.DuckDBPyConnection) -> None:
    run = loader.start_run(con, ["in"], datetime(2025, 1, 1))
    loader.load_batch(con, run, [], [ReadError("/in/x.bin", "binary file")], frozenset())
    loader.finish_run(con, run, datetime(2025, 1, 1, 0, 1), {"files_seen": 3, "files_rejected": 1})
    assert con.execute("SELECT path, reason FROM ingest_errors").fetchall() == [("/in/x.bin", "binary file")]
    assert con.execute("SELECT files_seen, files_rejected FROM ingest_runs").fetchone() == (3, 1)


def _write(gen: NextGeneration, value: int) -> None:
    assert gen.con is not None
    gen.con.execute("CREATE TABLE IF NOT EXISTS t (x INT)")
    gen.con.execute("INSERT INTO t VALUES (?)", [value])


def read_values(db: Path) -> list[int]:
    reader = duckdb.connect(":memory:")
    reader.execute("ATTACH ? AS db (READ_ONLY)", [str(db)])
    values = [r[0] for r in reader.execute("SELECT x FROM db.t ORDER BY x").fetchall()]
    reader.close()
    return values


def test_generation_publishes_atomically_while_a_reader_holds_the_old_file(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    with NextGeneration(db) as gen:
        _write(gen, 1)
    reader = duckdb.connect(str(db), read_only=True)  # a dashboard holding the file
    with NextGeneration(db) as gen:  # the writer is not blocked by the reader
        _write(gen, 2)
        assert read_values(db) == [1]  # nothing visible before publication
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (1,)  # old generation
    reader.close()
    assert read_values(db) == [1, 2]
    assert not db.with_name("d.duckdb.next").exists()


def test_failed_generation_keeps_the_published_file(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    with NextGeneration(db) as gen:
        _write(gen, 1)
    with pytest.raises(RuntimeError), NextGeneration(db) as gen:
        _write(gen, 2)
        raise RuntimeError("killed")
    assert read_values(db) == [1]


def test_snapshot_publication_mid_run(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    with NextGeneration(db, publish_every=0) as gen:
        _write(gen, 1)
        assert gen.maybe_publish()
        assert read_values(db) == [1]
        _write(gen, 2)
    assert read_values(db) == [1, 2]


def test_second_writer_is_refused_with_a_hint(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    with NextGeneration(db), pytest.raises(DiplotimeError, match="Another ingest") as info:
        NextGeneration(db).__enter__()
    assert "wait" in info.value.hint


def test_flags_and_naive_times(con: duckdb.DuckDBPyConnection) -> None:
    naive = record("flagged")
    doc = naive.document
    naive = ArticleRecord("flagged", "h", Document(**{**doc.__dict__, "published": datetime(2025, 1, 2, 3, 4)}), Extraction())
    run = loader.start_run(con, ["x"], datetime.now(UTC).replace(tzinfo=None))
    loader.load_batch(con, run, [naive], [], frozenset())
    assert con.execute("SELECT flags, utc_offset_min, published_date FROM articles").fetchone() == (
        ["no-date"], None, date(2025, 1, 2),
    )


@pytest.mark.parametrize(("last_copy", "since", "publishes"), [(0.0, 1.0, True), (10.0, 100.0, False), (10.0, 250.0, True)])
def test_snapshots_wait_twenty_times_the_last_copy(
    tmp_path: Path, last_copy: float, since: float, publishes: bool
) -> None:
    with NextGeneration(tmp_path / "d.duckdb", publish_every=0) as gen:
        _write(gen, 1)
        gen._last_copy = last_copy
        gen._last_publish = time.monotonic() - since
        assert gen.maybe_publish() is publishes


def test_writer_connection_has_a_memory_limit(tmp_path: Path) -> None:
    with NextGeneration(tmp_path / "d.duckdb") as gen:
        assert gen.con is not None
        limit = gen.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.endswith(("MiB", "MB")) and float(limit.split()[0]) < 600


def _limit_mib(con: duckdb.DuckDBPyConnection) -> float:
    number, unit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0].split()
    return float(number) * {"MiB": 1, "MB": 1e6 / 2**20, "GiB": 1024, "GB": 1e9 / 2**20}[unit]


def test_reopen_gives_a_fresh_connection_to_the_same_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIPLOTIME_WRITER_MEMORY", raising=False)
    with NextGeneration(tmp_path / "d.duckdb") as gen:
        assert gen.con is not None
        old = gen.con
        old.execute("CREATE TABLE t AS SELECT 1 AS n")
        con = gen.reopen()
        assert con is gen.con and con is not old
        with pytest.raises(duckdb.ConnectionException):
            old.execute("SELECT 1")
        assert con.execute("SELECT n FROM t").fetchall() == [(1,)]
        assert round(_limit_mib(con)) == 488  # the writer's settings again
        con.execute("INSERT INTO t VALUES (2)")
    con = duckdb.connect(str(tmp_path / "d.duckdb"), read_only=True)
    assert con.execute("SELECT n FROM t ORDER BY n").fetchall() == [(1,), (2,)]  # published
    con.close()


def test_batches_load_under_a_smaller_limit_unless_the_user_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIPLOTIME_WRITER_MEMORY", raising=False)
    with NextGeneration(tmp_path / "d.duckdb") as gen:
        assert gen.con is not None
        with gen.loading():
            assert round(_limit_mib(gen.con)) == 244  # 256 MB
        assert round(_limit_mib(gen.con)) == 488  # 512 MB again, for the tracker
    monkeypatch.setenv("DIPLOTIME_WRITER_MEMORY", "1GB")
    with NextGeneration(tmp_path / "e.duckdb") as gen:
        assert gen.con is not None
        with gen.loading():
            assert round(_limit_mib(gen.con)) == 954
        assert round(_limit_mib(gen.con)) == 954


def test_running_out_of_writer_memory_says_what_to_do(tmp_path: Path) -> None:
    """The batch rolls back and the error names the setting to raise."""
    con = duckdb.connect(str(tmp_path / "small.duckdb"))
    con.execute("CREATE TABLE t (s VARCHAR)")
    con.execute("SET memory_limit = '1MB'")
    with pytest.raises(DiplotimeError) as raised, loader.transaction(con):
        con.execute("INSERT INTO t SELECT repeat('x', 100) || i FROM range(2000000) r(i) ORDER BY 1")
    assert "DIPLOTIME_WRITER_MEMORY" in raised.value.hint
    con.execute("SET memory_limit = '512MB'")
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_columns_keep_drops_a_copy_with_its_own_rows_only(con: duckdb.DuckDBPyConnection) -> None:
    """Two copies of one id in a chunk: dropping the second keeps the first's child rows."""
    from etl.store import columns

    first, copy = (
        record("a", text="first", n_milestones=1),
        record("a", text="copy", n_milestones=3),
    )
    part = columns.of_records([first, copy, record("b", n_milestones=2)]).keep([True, False, True])
    run = loader.start_run(con, ["/in"], datetime(2025, 5, 20))
    loader.load_columns(con, run, [part], [], frozenset())
    assert con.execute("SELECT id, content_hash FROM articles ORDER BY id").fetchall() == [
        ("a", "hash-first"), ("b", "hash-body")
    ]  # fmt: skip
    assert con.execute("SELECT evidence FROM milestones WHERE article_id = 'a'").fetchall() == [
        ("first 0",)
    ]
    assert counts(con)["milestone_organisations"] == 3 * 3
    assert counts(con)["people"] == 2


def test_load_batch_and_load_columns_write_the_same_rows(tmp_path: Path) -> None:
    """Records loaded in one batch or as two workers' chunks give identical tables."""
    from etl.store import columns

    recs = [
        record("a", n_milestones=2),
        record("flagged", n_milestones=0),
        record("b", n_milestones=3),
    ]
    tables = ["articles", "milestones", "milestone_organisations", "people", "article_places",
              "article_organisations"]  # fmt: skip
    out = []
    for name, load in (
        ("records", lambda c, run: loader.load_batch(c, run, recs, [], frozenset())),
        ("columns", lambda c, run: loader.load_columns(
            c, run, [columns.of_records(recs[:1]), columns.of_records(recs[1:])], [], frozenset())),
    ):  # fmt: skip
        c = duckdb.connect(str(tmp_path / f"{name}.duckdb"))
        migrate(c)
        load(c, loader.start_run(c, ["/in"], datetime(2025, 5, 20)))
        out.append(
            {t: sorted(c.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        )
        c.close()
    assert out[0] == out[1]
    assert out[0]["articles"][0][5] == 180  # the offset survives as minutes
