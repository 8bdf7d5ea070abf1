"""The timeline's counts of a view whose filters reach the member milestones (dates,
types, languages, sources, text): the events in view are selected once into a temporary
table of the query's cursor, then counted per lane, status and period of one kind at a
time, and in all, from that table.

Called by `dashboard.tracker.event_points` (the Timeline page, the probe of `bench`).
Selecting the events (the filters' milestones, then their events) costs far more than
counting the thousands of events it leaves, and the timeline needs the yearly counts,
maybe a finer kind and the total: selected once, counted up to three times. A lane is
an organisation of the event, read from its org_mask (each organisation below the
overflow bit has a bit of its own, `etl.store.derived.org_condition`), so no list is
unnested but those of events with the shared overflow bit; an event of none is in
NO_LANE's. The counts equal `etl.store.derived.lane_counts_sql` (a test checks).
No Streamlit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard.db import Database
from dashboard.queries import to_frame
from etl.store.derived import LANE_BUCKETS, NO_LANE, OVERFLOW_BIT

log = logging.getLogger(__name__)

# Temporary tables belong to one connection, and a cursor is a connection of its own:
# concurrent sessions never see each other's.
_TABLE = "temp.main.diplotime_view_events"


@dataclass(frozen=True)
class SelectedEvents:
    """The events in view, selected on `cur` (valid inside `selected` only)."""

    cur: duckdb.DuckDBPyConnection

    def counts(self, bucket: str) -> pd.DataFrame:
        """Events per lane, status and period of kind `bucket`: org, status, bucket,
        bucket_start, n, spans, planned, lo, hi (the columns of `lane_counts_sql`)."""
        return to_frame(self.cur.sql(_counts_sql(bucket)).to_arrow_table())

    def total(self) -> int:
        """How many events are in view."""
        ((n,),) = self.cur.execute(f"SELECT count(*) FROM {_TABLE}").fetchall()  # read whole
        return int(n)


@contextmanager
def selected(db: Database, where: str, params: list[Any]) -> Iterator[SelectedEvents]:
    """The events of `event_facts e` that pass `where`, selected once for counting."""
    with db.cursor() as cur:
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_TABLE.rpartition(".")[2]} AS
            SELECT e.ekey, e.org_mask, e.status = 'planned' AS planned, e.start_date, e.end_date
            FROM event_facts e WHERE {where}""",
            params,
        )
        try:
            yield SelectedEvents(cur)
        finally:
            cur.execute(f"DROP TABLE IF EXISTS {_TABLE}")


def _counts_sql(bucket: str) -> str:
    """Counts of the selected events per lane, status and `bucket` period: grouped first
    by organisation set (org_mask), then spread over the sets' lanes.

    An event with the overflow bit is grouped alone (by its key) and its lanes are read
    from its organisation list."""
    if bucket not in LANE_BUCKETS:  # the allow-list: never caller text in SQL
        raise ValueError(f"unknown period kind {bucket!r}")
    # The sets are grouped by a boolean, not the status text (a quarter's count at 1M,
    # text search: 28 -> 21 ms): an event's status is held or planned (`etl.records.Status`).
    # A set's events are all planned or none (no per-row test).
    counted = """CASE WHEN s.planned THEN 'planned' ELSE 'held' END AS status, s.bucket_start,
        s.n, s.spans, CASE WHEN s.planned THEN s.n ELSE 0 END AS planned, s.lo, s.hi"""
    return f"""WITH sets AS (
            SELECT e.org_mask, CASE WHEN (e.org_mask >> {OVERFLOW_BIT}) = 1 THEN e.ekey END AS odd,
                e.planned, CAST(date_trunc('{bucket}', e.start_date) AS DATE) AS bucket_start,
                count(*) AS n, count(*) FILTER (WHERE e.start_date <> e.end_date) AS spans,
                min(e.start_date) AS lo, max(e.end_date) AS hi
            FROM {_TABLE} e GROUP BY ALL),
        lanes AS (
            SELECT b.org, {counted} FROM sets s JOIN org_bits b
                ON b.bit < {OVERFLOW_BIT} AND (s.org_mask >> b.bit) & 1 = 1
            WHERE s.odd IS NULL
            UNION ALL SELECT '{NO_LANE}', {counted} FROM sets s WHERE s.org_mask = 0
            UNION ALL SELECT unnest(o.organisations), {counted}
            FROM sets s JOIN event_facts o ON o.ekey = s.odd)
        SELECT org, status, '{bucket}' AS bucket, bucket_start, sum(n)::BIGINT AS n,
            sum(spans)::BIGINT AS spans, sum(planned)::BIGINT AS planned, min(lo) AS lo,
            max(hi) AS hi
        FROM lanes GROUP BY org, status, bucket_start"""
