"""Shared fixtures: a small diplotime database built from SQL in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from etl.store import derived
from etl.store.events import refresh_all
from etl.store.schema import migrate

FIXTURES = Path(__file__).parent / "fixtures"


def build_fixture_db(path: Path, sql_file: Path = FIXTURES / "dashboard.sql") -> Path:
    """Migrate an empty database at `path`, run the fixture's inserts, group the tracker's
    events and derive the dashboard's tables."""
    con = duckdb.connect(str(path))
    try:
        migrate(con)
        con.execute(sql_file.read_text(encoding="utf-8"))
        refresh_all(con)  # as every ingest does
        derived.rebuild(con)  # the dashboard's derived tables, as every ingest refreshes them
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def dashboard_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard fixture database (33 milestones, 13 articles); read-only by convention."""
    return build_fixture_db(tmp_path_factory.mktemp("dashboard") / "diplotime.duckdb")


@pytest.fixture()
def dashboard_db(dashboard_db_path: Path) -> Iterator[object]:
    """A `dashboard.db.Database` on the fixture database."""
    from dashboard.db import Database

    db = Database(dashboard_db_path)
    yield db
    db.close()
