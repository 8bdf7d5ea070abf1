"""The dashboard's interactions, timed in a fresh process: `python -m bench.probe DB REPS`.

Started by `bench.run`. It imports what the dashboard process imports (the query layer,
the Plotly charts, Streamlit when installed), opens the database read-only through
`dashboard.db.Database`, and runs each view REPS times after one warm-up: the same
query functions and figure builders the pages call. Prints one JSON line: per view the
latencies in ms, the marks each timeline figure ships, and the process's max RSS.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard import charts, export, queries, tracker
from dashboard.db import Database
from dashboard.filters import Filters

with contextlib.suppress(ImportError):  # the real dashboard process carries Streamlit too
    import streamlit  # noqa: F401

CSV_ROWS = 10_000


def peak_rss() -> int:
    """This process's peak resident memory in bytes since it started its program.

    Linux's VmHWM, not `ru_maxrss`: the latter carries over the peak of the process that
    forked us (a benchmark parent that has just scaled a database to gigabytes)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def marks(fig: go.Figure | None) -> int:
    """Points a figure ships: every non-empty x value of every trace."""
    if fig is None:
        return 0
    return sum(
        sum(x is not None for x in (() if trace.x is None else trace.x)) for trace in fig.data
    )


def _busiest_year(db: Database) -> int:
    with db.cursor() as cur:
        row = cur.execute(
            "SELECT year(start_date) AS y FROM milestones GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return int(row[0]) if row else date.today().year


def views(db: Database) -> dict[str, Callable[[], Any]]:
    """Name -> one interaction; each returns a figure (or None) so its marks can be counted.

    Each does what its page does: the Timeline draws `tracker.event_points` with the plan
    arrows of `tracker.plan_lines` (and counts the events when it draws counts); the
    Overview runs the sidebar's two queries and its own six; the CSV is the first
    10,000 rows of the milestones, streamed by the writer the download and the CLI use.
    """
    year = _busiest_year(db)
    today = date.today()
    one = Filters(orgs=("CSTO",))
    three = Filters(orgs=("CSTO", "CIS", "SCO"), since=date(year, 1, 1), until=date(year, 12, 31))
    search = Filters(query="roadmap")  # in ~10% of the synthetic milestones
    rare = Filters(query="Tianjin")  # in ~1%: nearer a real term's share

    def timeline(filters: Filters) -> go.Figure | None:
        points = tracker.event_points(db, filters)
        if "n" in points.columns:
            if points.attrs.get("events") is None:  # as the page: counted with the counts
                tracker.count_events(db, filters)
            return charts.timeline(points, today=today)
        links = tracker.plan_lines(db, filters, today)
        return charts.timeline(points, links=links, today=today)

    def chart(filters: Filters) -> Callable[[], go.Figure | None]:
        return lambda: timeline(filters)

    def payload() -> go.Figure | None:
        fig = timeline(Filters())
        if fig is not None:
            fig.to_json()
        return fig

    def overview() -> go.Figure | None:
        f = Filters()
        queries.organisation_options(db)
        queries.facet_values(db)
        bars = charts.per_month(queries.milestones_per_month(db, f))
        charts.cooccurrence_heatmap(queries.cooccurrence(db, f))
        queries.top_places(db, f)
        queries.top_people(db, f)
        tracker.outcome_counts(db, f, today)
        tracker.plans(db, f, today, ("overdue",), limit=100, newest_first=True)  # as the page
        return bars

    def csv_export() -> None:
        export.write_csv(db, "milestones", Filters(), io.BytesIO(), limit=CSV_ROWS)

    return {"one_org": chart(one), "three_orgs_year": chart(three), "text_search": chart(search),
            "text_search_rare": chart(rare),
            "timeline_payload": payload, "overview": overview, "csv_10k": csv_export}  # fmt: skip


def main(argv: list[str]) -> None:
    db = Database(Path(argv[0]))
    reps = int(argv[1]) if len(argv) > 1 else 20
    out: dict[str, Any] = {"latency_ms": {}, "marks": {}}
    out["errors"] = {}
    for name, view in views(db).items():
        try:
            result = view()  # warm-up: the first query of a view also opens the file
        except Exception as e:  # a view broken by work in progress must not hide the others
            out["errors"][name] = f"{type(e).__name__}: {e}"
            continue
        out["marks"][name] = marks(result) if isinstance(result, go.Figure) else 0
        times = []
        for _ in range(reps):
            started = time.perf_counter()
            view()
            times.append((time.perf_counter() - started) * 1000)
        out["latency_ms"][name] = times
    with db.cursor() as cur:
        out["milestones"] = cur.execute("SELECT count(*) FROM milestones").fetchone()[0]
    db.close()
    out["maxrss"] = peak_rss()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
