"""Scale a built database up K times for query measurements: `python -m bench dashboard --factor K`.

Called by `bench.__main__`. Ingesting 1,000,000 articles takes an hour on a small
machine; the dashboard's latency targets are about the size of the tables, not about how
they were filled. So a database ingested from N articles is copied and every article
with its milestones, people, places and organisations is repeated K-1 more times under
new ids (dates moved by whole years, so the timeline spans K times as many years).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

# table -> (columns that hold an article or milestone id, date columns to shift)
_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "articles": (("id",), ("published_date",)),
    "article_organisations": (("article_id",), ()),
    "people": (("article_id",), ()),
    "article_places": (("article_id",), ()),
    "milestones": (("id", "article_id"), ("start_date", "end_date", "stated")),
    "milestone_organisations": (("milestone_id",), ()),
}


def scale_database(src: Path, dst: Path, factor: int) -> int:
    """Copy `src` to `dst` with every article repeated `factor` times; returns the article count."""
    dst.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        for k in range(1, factor):
            con.execute("BEGIN TRANSACTION")
            for table, (ids, dates) in _TABLES.items():
                replace = [f"{c} || '~{k}' AS {c}" for c in ids]
                replace += [f"CAST({c} - INTERVAL '{k} years' AS DATE) AS {c}" for c in dates]
                con.execute(f"INSERT INTO {table} SELECT * REPLACE ({', '.join(replace)}) "
                            f"FROM {table} WHERE NOT contains({ids[0]}, '~')")  # fmt: skip
            con.execute("COMMIT")
            log.info("scaled copy %d of %d", k + 1, factor)
        con.execute("CHECKPOINT")
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()
