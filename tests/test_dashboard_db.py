"""The read-only Database: clear errors, and a swapped file is seen without a restart."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import build_fixture_db

from dashboard.db import Database
from etl.errors import DiplotimeError
from etl.store.schema import SCHEMA_VERSION, migrate


def count(db: Database) -> int:
    with db.cursor() as cur:
        return cur.execute("SELECT count(*) FROM milestones").fetchone()[0]


def test_missing_file_says_what_to_run(tmp_path: Path) -> None:
    db = Database(tmp_path / "nope.duckdb")
    with pytest.raises(DiplotimeError) as info:
        db.version()
    assert info.value.title == f"No database at {tmp_path / 'nope.duckdb'}"
    assert (
        "diplotime demo" in info.value.hint and "diplotime ingest data/samples" in info.value.hint
    )


@pytest.mark.parametrize("content", ["empty duckdb", "not a database"])
def test_not_a_diplotime_database(tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.duckdb"
    if content == "empty duckdb":
        duckdb.connect(str(path)).close()
    else:
        path.write_text("hello")
    db = Database(path)
    with pytest.raises(DiplotimeError, match="Not a diplotime database"):
        count(db)


def test_an_older_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute("DELETE FROM schema_version WHERE version = ?", [SCHEMA_VERSION])
    con.close()
    with pytest.raises(DiplotimeError, match="needs an upgrade") as info:
        count(Database(path))
    assert "diplotime ingest" in info.value.hint


def test_read_only(dashboard_db: Database) -> None:
    with dashboard_db.cursor() as cur, pytest.raises(duckdb.Error):
        cur.execute("DELETE FROM milestones")
    assert count(dashboard_db) == 33


def test_swapped_file_is_seen_and_borrowed_cursors_survive(tmp_path: Path) -> None:
    path = build_fixture_db(tmp_path / "diplotime.duckdb")
    db = Database(path)
    assert count(db) == 33
    old_version = db.version()
    nxt = tmp_path / "diplotime.duckdb.next"
    con = duckdb.connect(str(nxt))
    migrate(con)
    con.close()
    with db.cursor() as held:  # a query in flight on the old generation
        os.replace(nxt, path)
        assert db.version() != old_version
        assert count(db) == 0  # a fresh connection sees the new file
        assert held.execute("SELECT count(*) FROM milestones").fetchone()[0] == 33
    db.close()


def test_cursors_from_many_threads(dashboard_db: Database) -> None:
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(count(dashboard_db))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [33] * 8
