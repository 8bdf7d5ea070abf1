"""`diplotime stats`: what a database holds, read-only, as a short text report."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.errors import DiplotimeError
from etl.store.schema import check_version

_COUNTS = (
    ("articles", "SELECT count(*) FROM articles"),
    ("milestones", "SELECT count(*) FROM milestones"),
    ("  held", "SELECT count(*) FROM milestones WHERE status = 'held'"),
    ("  planned", "SELECT count(*) FROM milestones WHERE status = 'planned'"),
    ("people", "SELECT count(DISTINCT name) FROM people"),
    ("places", "SELECT count(DISTINCT place) FROM article_places"),
    ("organisations in catalogue", "SELECT count(*) FROM organisations"),
    ("articles flagged", "SELECT count(*) FROM articles WHERE len(flags) > 0"),
    ("rejected items (all runs)", "SELECT count(*) FROM ingest_errors"),
)
_GROUPS = (
    ("by language", "SELECT coalesce(lang, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"),
    ("by source", "SELECT coalesce(source, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 10"),
    ("milestones by organisation",
     "SELECT org_id, count(*) FROM milestone_organisations GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15"),
)  # fmt: skip
_RUNS = """SELECT run_id, started, finished, files_seen, articles_new, articles_updated,
                  articles_unchanged, files_rejected, items_rejected
           FROM ingest_runs ORDER BY run_id DESC LIMIT 5"""


def database_stats(db: Path) -> str:
    if not db.exists():
        raise DiplotimeError(
            "No database", str(db), "build one with `diplotime ingest PATH` or `diplotime demo`"
        )
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as e:
        raise DiplotimeError("Cannot open the database", f"{db}: {e}", "check --db") from e
    try:
        check_version(con)
        lines = [f"database {db} ({db.stat().st_size / 1e6:.1f} MB)"]
        for label, sql in _COUNTS:
            lines.append(f"{label:<28}{con.execute(sql).fetchone()[0]:>10}")
        for label, sql in _GROUPS:
            rows = con.execute(sql).fetchall()
            lines.append(f"{label}: " + ", ".join(f"{k} {n}" for k, n in rows))
        lines.append("last runs: id started finished files new updated unchanged rejected(files/items)")
        for row in con.execute(_RUNS).fetchall():
            run_id, started, finished, *counts = row
            end = finished.isoformat(" ", "seconds") if finished else "unfinished"
            lines.append(f"  {run_id} {started:%Y-%m-%d %H:%M:%S} {end} " + " ".join(map(str, counts)))
        return "\n".join(lines)
    finally:
        con.close()
