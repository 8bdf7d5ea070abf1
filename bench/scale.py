"""Scale a built database up K times for query measurements: `python -m bench dashboard --factor K`.

Called by `bench.__main__`. Ingesting 1,000,000 articles takes an hour on a small
machine; the dashboard's latency targets are about the size of the tables, not about how
they were filled. So a database ingested from N articles is copied and every article
with its milestones, people, places and organisations is repeated K-1 more times under
new ids (dates moved by whole years, so the timeline spans K times as many years).

The tracker's tables (events, their members and organisations, plan links) are repeated
the same way. A copy of a database older than the tracker is first migrated and grouped
once at its own size (`etl.store.events.refresh_all`, minutes at 100,000 articles):
grouping the scaled copy itself would take an hour and, with dates moved by whole
years, find the same events K times. The dashboard's derived tables
(`etl.store.derived`) are rebuilt from the scaled tables at the end.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb

from etl.store import derived
from etl.store.events import refresh_all
from etl.store.schema import migrate

log = logging.getLogger(__name__)

# table -> (columns that hold an article, milestone or event id, date columns to shift);
# the first id column is never NULL.
_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "articles": (("id",), ("published_date",)),
    "article_organisations": (("article_id",), ()),
    "people": (("article_id",), ()),
    "article_places": (("article_id",), ()),
    "milestones": (("id", "article_id"), ("start_date", "end_date", "stated")),
    "milestone_organisations": (("milestone_id",), ()),
    "events": (("id", "founder"), ("start_date", "end_date", "first_reported")),
    "event_milestones": (("event_id", "milestone_id"), ()),
    "event_organisations": (("event_id",), ()),
    "plan_links": (("plan_id", "fulfilled_by", "rescheduled_to"), ()),
}


def _ensure_tracker(con: duckdb.DuckDBPyConnection) -> None:
    """Migrate to the current schema and group the events when the copy has none."""
    migrate(con)
    row = con.execute("SELECT count(*) FROM events").fetchone()
    if row and row[0]:
        return
    log.info("grouping the events of the unscaled copy (refresh_all)")
    con.execute("BEGIN TRANSACTION")
    counts = refresh_all(con)
    con.execute("COMMIT")
    log.info("%d events, %d plans", counts.events, counts.plans)


def scale_database(src: Path, dst: Path, factor: int) -> int:
    """Copy `src` to `dst` with every article repeated `factor` times; returns the article count."""
    dst.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        _ensure_tracker(con)
        for k in range(1, factor):
            con.execute("BEGIN TRANSACTION")
            for table, (ids, dates) in _TABLES.items():
                replace = [f"{c} || '~{k}' AS {c}" for c in ids]
                replace += [f"CAST({c} - INTERVAL '{k} years' AS DATE) AS {c}" for c in dates]
                con.execute(f"INSERT INTO {table} SELECT * REPLACE ({', '.join(replace)}) "
                            f"FROM {table} WHERE NOT contains({ids[0]}, '~')")  # fmt: skip
            con.execute("COMMIT")
            log.info("scaled copy %d of %d", k + 1, factor)
        con.execute("BEGIN TRANSACTION")
        derived.rebuild(con)
        con.execute("COMMIT")
        log.info("derived tables rebuilt")
        con.execute("CHECKPOINT")
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()
