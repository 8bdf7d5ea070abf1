"""Keep the tracker's tables (events, plan links) in step with the milestones.

Called by `etl.pipeline` after a run's batches, in one transaction. Incremental:
only milestones whose dates lie near the dates of what this run changed are
regrouped, together with every member of the events they touch; events far
from any change keep their rows and ids. A run that changed nothing does nothing.
`refresh_all` regroups everything (used when the tables are new, and in tests to
check that the incremental result is the same).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import duckdb
import pandas as pd

from etl.reference import read_rows
from etl.store.loader import insert_frames
from etl.tracker.grouping import Event, Tracked, group
from etl.tracker.plans import LATE_LIMIT_DAYS, link

# Regroup milestones within this many days of a changed one: longer than any
# event's interval, so every event a change can touch is rebuilt whole.
REACH = timedelta(days=800)

_MILESTONES = """
SELECT m.id, m.article_id, m.type, m.status, m.start_date, m.end_date, m.precision, m.mod,
       m.place, a.published_date, m.evidence,
       coalesce((SELECT list(org_id) FROM milestone_organisations mo
                 WHERE mo.milestone_id = m.id), []) AS orgs, m.timex
FROM milestones m JOIN articles a ON a.id = m.article_id
"""


@dataclass(frozen=True)
class RefreshCounts:
    regrouped_milestones: int
    events: int
    plans: int


@cache
def _rescheduling() -> re.Pattern[str]:
    rows = read_rows("rescheduling.csv")
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows), re.IGNORECASE)


def _tracked(rows: list[tuple]) -> list[Tracked]:
    cue = _rescheduling()
    return [
        Tracked(
            id=r[0], article_id=r[1], type=r[2], status=r[3], start=r[4], end=r[5],
            precision=r[6], mod=r[7], place=r[8], published=r[9],
            rescheduled=bool(cue.search(r[10] or "")), organisations=frozenset(r[11]),
            timex=r[12],
        )  # fmt: skip
        for r in rows
    ]


def _span(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> tuple[date, date] | None:
    """The dates touched by changed articles, and by events that lost members."""
    con.register("changed_ids", pd.DataFrame({"id": pd.Series(list(article_ids), dtype="string")}))
    row = con.execute(
        """SELECT min(s), max(e) FROM (
             SELECT start_date AS s, end_date AS e FROM milestones
             WHERE article_id IN (SELECT id FROM changed_ids)
             UNION ALL
             SELECT ev.start_date, ev.end_date FROM events ev
             JOIN event_milestones em ON em.event_id = ev.id
             WHERE em.milestone_id NOT IN (SELECT id FROM milestones))"""
    ).fetchall()[0]
    con.unregister("changed_ids")
    return (row[0], row[1]) if row[0] is not None else None


def refresh(con: duckdb.DuckDBPyConnection, changed_article_ids: Sequence[str]) -> RefreshCounts:
    """Regroup around what changed; returns what was rebuilt."""
    span = _span(con, changed_article_ids)
    if span is None:
        return RefreshCounts(0, 0, 0)
    lo, hi = span[0] - REACH, span[1] + REACH
    old_events = [
        r[0] for r in con.execute(
            "SELECT id FROM events WHERE start_date <= ? AND end_date >= ?", [hi, lo]
        ).fetchall()
    ]  # fmt: skip
    con.register("old_events", pd.DataFrame({"id": pd.Series(old_events, dtype="string")}))
    rows = con.execute(
        _MILESTONES + """ WHERE (m.start_date <= ? AND m.end_date >= ?)
           OR m.id IN (SELECT milestone_id FROM event_milestones
                       WHERE event_id IN (SELECT id FROM old_events))""",
        [hi, lo],
    ).fetchall()
    _delete_events(con, "SELECT id FROM old_events")
    con.unregister("old_events")
    events = group(_tracked(rows))
    _insert_events(con, events)
    plans = _relink(con, lo, hi)
    return RefreshCounts(len(rows), len(events), plans)


def refresh_all(con: duckdb.DuckDBPyConnection) -> RefreshCounts:
    rows = con.execute(_MILESTONES).fetchall()
    _delete_events(con, "SELECT id FROM events")
    events = group(_tracked(rows))
    _insert_events(con, events)
    plans = _relink(con, date.min, date.max)
    return RefreshCounts(len(rows), len(events), plans)


def _delete_events(con: duckdb.DuckDBPyConnection, ids_sql: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE doomed AS {ids_sql}")
    con.execute("DELETE FROM event_milestones WHERE event_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM event_organisations WHERE event_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM plan_links WHERE plan_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM events WHERE id IN (SELECT id FROM doomed)")
    con.execute("DROP TABLE doomed")


def _insert_events(con: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> None:
    event_rows, member_rows, org_rows = [], [], []
    for e in events:
        f = e.founder
        timex = f.timex
        event_rows.append(
            (e.id, e.family, e.type, e.status, f.start, f.end, f.precision, timex, f.mod,
             e.place, e.sources, e.first_reported, f.id)
        )  # fmt: skip
        member_rows.extend((e.id, m.id, e.reasons[m.id]) for m in e.members)
        org_rows.extend((e.id, org) for org in sorted(e.organisations))
    frames = {
        "events": pd.DataFrame(event_rows, columns=[
            "id", "family", "type", "status", "start_date", "end_date", "precision", "timex",
            "mod", "place", "sources", "first_reported", "founder"]),
        "event_milestones": pd.DataFrame(member_rows, columns=["event_id", "milestone_id", "reason"]),
        "event_organisations": pd.DataFrame(org_rows, columns=["event_id", "org_id"]),
    }  # fmt: skip
    insert_frames(con, frames)


def _load_events(con: duckdb.DuckDBPyConnection, lo: date, hi: date) -> list[Event]:
    """Stored events overlapping [lo, hi], rebuilt with their members (no regrouping)."""
    rows = con.execute(
        f"""SELECT em.event_id, ev.family, ev.founder, t.*
            FROM events ev JOIN event_milestones em ON em.event_id = ev.id
            JOIN ({_MILESTONES}) t ON t.id = em.milestone_id
            WHERE ev.start_date <= ? AND ev.end_date >= ?
            ORDER BY em.event_id, t.id""",
        [hi, lo],
    ).fetchall()
    events: dict[str, Event] = {}
    members = _tracked([r[3:] for r in rows])
    for r, m in zip(rows, members, strict=True):
        event_id, family, founder = r[0], r[1], r[2]
        if event_id not in events:
            events[event_id] = Event(event_id, family, m.status, m)
        e = events[event_id]
        e.members.append(m)
        if m.id == founder:
            e.founder = m
    return list(events.values())


def _relink(con: duckdb.DuckDBPyConnection, lo: date, hi: date) -> int:
    """Recompute the links of plans whose window lies near the regrouped dates."""
    late = timedelta(days=LATE_LIMIT_DAYS)
    lo_plan = lo - late if lo > date.min + late else date.min
    hi_held = hi + late if hi < date.max - late else date.max
    events = _load_events(con, lo_plan, hi_held)
    plans = [e for e in events if e.status == "planned" and e.end >= lo_plan]
    held = [e for e in events if e.status == "held"]
    con.register("relinked", pd.DataFrame({"id": pd.Series([p.id for p in plans], dtype="string")}))
    con.execute("DELETE FROM plan_links WHERE plan_id IN (SELECT id FROM relinked)")
    con.unregister("relinked")
    links = link(plans, held)
    frame = pd.DataFrame(
        [(x.plan_id, x.fulfilled_by, x.delay_days, x.rescheduled_to, x.reason) for x in links],
        columns=["plan_id", "fulfilled_by", "delay_days", "rescheduled_to", "reason"],
    )
    insert_frames(con, {"plan_links": frame})
    return len(links)
