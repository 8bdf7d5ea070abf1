"""The timeline's counts of selected events (`dashboard.lanes`) equal the plain lane counts
(`etl.store.derived.lane_counts_sql`, which unnests every event's organisations), with
organisations that have bits of their own and with those sharing the overflow bit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import build_fixture_db

from dashboard import lanes, marks, tracker
from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.queries import fetch
from etl.store import derived

FILTERS = [
    Filters(), Filters(orgs=("CSTO",)), Filters(since=date(2025, 3, 1)),
    Filters(until=date(2025, 6, 30), orgs=("CIS", "SCO")), Filters(langs=("de",)),
    Filters(types=("meeting", "signing")), Filters(query="summit"), Filters(query="gipfel treffen"),
    Filters(statuses=("planned",), since=date(2025, 1, 1)), Filters(query="nothing-matches-this"),
]  # fmt: skip


def _plain(db: Database, filters: Filters, bucket: str) -> pd.DataFrame:
    where, params = tracker.events_where(filters)
    return _sorted(fetch(db, derived.lane_counts_sql(where, (bucket,)), params))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["org", "status", "bucket_start"]).reset_index(drop=True)


def _assert_counts_equal(db: Database, filters: Filters) -> None:
    where, params = tracker.events_where(filters)
    with lanes.selected(db, where, params) as view:
        for bucket in marks.BUCKETS:
            fast = _sorted(view.counts(bucket))
            pd.testing.assert_frame_equal(fast, _plain(db, filters, bucket), check_dtype=False)
        assert view.total() == tracker.count_events(db, filters)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: f.describe())
def test_selected_counts_equal_the_plain_counts(dashboard_db: Database, filters: Filters) -> None:
    _assert_counts_equal(dashboard_db, filters)


@pytest.fixture(scope="module")
def many_orgs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with 90 more organisations, so that some share the overflow bit."""
    path = build_fixture_db(tmp_path_factory.mktemp("lanes") / "many.duckdb")
    con = duckdb.connect(str(path))
    con.execute(
        """INSERT INTO milestone_organisations
        SELECT id, 'X' || lpad(CAST((3 * i + k) % 90 AS VARCHAR), 2, '0')
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM milestones), range(3) AS r(k)"""
    )
    con.execute(
        """INSERT INTO event_organisations
        SELECT DISTINCT em.event_id, mo.org_id FROM event_milestones em
        JOIN milestone_organisations mo ON mo.milestone_id = em.milestone_id
        WHERE mo.org_id LIKE 'X%'"""
    )
    con.execute("BEGIN TRANSACTION")
    derived.rebuild(con)
    con.execute("COMMIT")
    overflowing = con.execute(
        f"SELECT count(*) FROM event_facts WHERE (org_mask >> {derived.OVERFLOW_BIT}) = 1"
    ).fetchone()[0]
    con.close()
    assert overflowing > 0
    return path


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(langs=("en",)), Filters(query="summit"), Filters(orgs=("X89",))]
)
def test_selected_counts_with_organisations_beyond_the_bits(
    many_orgs: Path, filters: Filters
) -> None:
    db = Database(many_orgs)
    try:
        _assert_counts_equal(db, filters)
    finally:
        db.close()


def test_the_selection_is_dropped_with_its_cursor(dashboard_db: Database) -> None:
    where, params = tracker.events_where(Filters(langs=("en",)))
    with lanes.selected(dashboard_db, where, params) as view:
        assert view.total() > 0
    with dashboard_db.cursor() as cur:
        tables = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()
    assert tables == (0,)


def test_aggregated_points_carry_the_number_of_events(dashboard_db: Database) -> None:
    filters = Filters(since=date(2000, 1, 1))  # not by organisations and statuses alone
    points = tracker.event_points(dashboard_db, filters, max_marks=20)
    assert "n" in points.columns
    assert points.attrs["events"] == tracker.count_events(dashboard_db, filters)


def test_unknown_period_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="period kind"):
        lanes._counts_sql("day'; DROP TABLE x; --")


def _points_reading_every_event(db: Database, filters: Filters, max_marks: int) -> pd.DataFrame:
    """`tracker.event_points` deciding on the detailed rows whenever they fit the markers."""
    where, params = tracker.events_where(filters)
    years = fetch(db, derived.lane_counts_sql(where, ("year",)), params)
    points, spans, planned = (int(years[c].sum()) for c in ("n", "spans", "planned"))
    if points and points + 2 * spans + 2 * points + 2 * planned > max_marks:
        detailed = None if points > max_marks else tracker._event_lanes(db, filters)
        if detailed is None or marks.detailed_marks(detailed) + 2 * planned > max_marks:
            return tracker.event_points(db, filters, max_marks=max_marks)  # the counts
        return detailed
    return tracker._event_lanes(db, filters)


@pytest.mark.parametrize("max_marks", [5, 20, 40, 60, 80, 120, 5_000])
@pytest.mark.parametrize("filters", [Filters(), Filters(langs=("en",)), Filters(orgs=("CSTO",))])
def test_counted_views_skip_the_events_only_when_they_could_not_fit(
    dashboard_db: Database, filters: Filters, max_marks: int
) -> None:
    found = tracker.event_points(dashboard_db, filters, max_marks=max_marks)
    expected = _points_reading_every_event(dashboard_db, filters, max_marks)
    pd.testing.assert_frame_equal(found, expected)
