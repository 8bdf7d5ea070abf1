"""Keep the tracker's tables (events, plan links) in step with the milestones.

Called by `etl.pipeline` after a run's batches, in one transaction. Grouping and
plan linking never cross an event family, so both work family by family (memory:
one family's milestones at a time). Incremental: in each family a change touched,
only milestones within `REACH` of a changed milestone's dates (each one's own
range, not the span of all) are regrouped, together with every member of the
events they touch; events far from any change keep their rows and ids. A run that
changed nothing does nothing. `refresh_all` regroups everything (used when the
tables are new, and in tests to check that the incremental result is the same), its
families side by side in worker processes (`etl.tracker.parallel`): this process reads
and writes the tables, the workers only regroup.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import duckdb
import pyarrow as pa

from etl.store.loader import insert_frame
from etl.tracker.grouping import Event, Tracked, family_of, group
from etl.tracker.parallel import FamilySource, regroup_families
from etl.tracker.plans import EARLY_LIMIT_DAYS, LATE_LIMIT_DAYS, PlanLink, link
from etl.tracker.rows import MILESTONE_COLUMNS, event_parts, links_table, tracked

# Regroup milestones within this many days of a changed one: longer than any
# event's interval, so every event a change can touch is rebuilt whole.
REACH = timedelta(days=800)

_MILESTONES = """
SELECT m.id, m.article_id, m.type, m.status, m.start_date, m.end_date, m.precision, m.mod,
       m.place, a.published_date,
       CASE WHEN m.status = 'planned' THEN m.evidence END AS evidence,  -- read for plans only
       coalesce(o.orgs, []) AS orgs, m.timex
FROM milestones m JOIN articles a ON a.id = m.article_id
LEFT JOIN (SELECT milestone_id, list(org_id) AS orgs FROM milestone_organisations
           GROUP BY milestone_id) o ON o.milestone_id = m.id
WHERE list_contains(?, m.type)
"""
_CHUNK = 50_000  # rows fetched at a time
# Fewer milestones than this are regrouped in one process: a pool costs more than it saves.
PARALLEL_MIN_MILESTONES = 20_000


@dataclass(frozen=True)
class RefreshCounts:
    regrouped_milestones: int
    events: int
    plans: int


def _read(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[Tracked]:
    """Milestones of a `_MILESTONES` query."""
    return tracked(_batches(con, sql, params))


def _family_types(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Family -> the milestone types stored for it: grouping and linking never cross families."""
    by_family: dict[str, list[str]] = {}
    for (type_,) in con.execute("SELECT DISTINCT type FROM milestones ORDER BY 1").fetchall():
        by_family.setdefault(family_of(type_), []).append(type_)
    return by_family


def _windows(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]
) -> dict[str, list[tuple[date, date]]]:
    """Family -> the date ranges to regroup: `REACH` around each milestone of a changed
    article, each event that lost members and each event a changed article's milestone
    belonged to, overlapping ranges merged. (An edit numbers its milestones afresh: the
    consultation that was milestone 0 may be a signing now, and the consultation's event,
    in another family, must be regrouped without it.)"""
    _temp_ids(con, "changed_ids", article_ids)
    rows = con.execute(
        """SELECT DISTINCT type, NULL, start_date, end_date FROM milestones
           WHERE article_id IN (SELECT id FROM changed_ids)
           UNION ALL
           SELECT DISTINCT NULL, ev.family, ev.start_date, ev.end_date FROM events ev
           JOIN event_milestones em ON em.event_id = ev.id
           WHERE em.milestone_id NOT IN (SELECT id FROM milestones)
              OR em.milestone_id IN (SELECT id FROM milestones
                                     WHERE article_id IN (SELECT id FROM changed_ids))"""
    ).fetchall()
    con.execute("DROP TABLE changed_ids")
    ranges: dict[str, list[tuple[date, date]]] = {}
    for type_, family, start, end in rows:
        key = family if family is not None else family_of(type_)
        ranges.setdefault(key, []).append((_shift(start, -REACH), _shift(end, REACH)))
    return {family: _merged(spans) for family, spans in ranges.items()}


def _shift(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.min if delta < timedelta(0) else date.max


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _set_windows(con: duckdb.DuckDBPyConnection, windows: list[tuple[date, date]]) -> None:
    """The temporary table `windows (lo, hi)` the refresh's queries select by."""
    con.execute("CREATE OR REPLACE TEMP TABLE windows (lo DATE, hi DATE)")
    insert_frame(con, "windows", pa.table({
        "lo": pa.array([lo for lo, _ in windows], pa.date32()),
        "hi": pa.array([hi for _, hi in windows], pa.date32()),
    }))  # fmt: skip


def _temp_ids(con: duckdb.DuckDBPyConnection, name: str, ids: Sequence[str]) -> None:
    """The temporary table `name (id)` holding `ids`. Filled by `insert_frame`, not from a
    `register`ed frame: DuckDB keeps a registered frame alive until the transaction
    commits, even once unregistered, and the tracker's transaction is long."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (id VARCHAR)")
    insert_frame(con, name, pa.table({"id": pa.array(list(ids), pa.string())}))


_IN_WINDOW = (
    "EXISTS (SELECT 1 FROM windows w WHERE {t}.start_date <= w.hi AND {t}.end_date >= w.lo)"
)


# Told each family's name and how many milestones it regrouped, as each is done: the
# tracker runs for minutes on a large archive, and the command line shows it going.
FamilyDone = Callable[[str, int], None]


def _quiet(family: str, milestones: int) -> None:
    pass


def refresh(
    con: duckdb.DuckDBPyConnection,
    changed_article_ids: Sequence[str],
    on_family: FamilyDone = _quiet,
) -> RefreshCounts:
    """Regroup around what changed, family by family; returns what was rebuilt."""
    windows = _windows(con, changed_article_ids)
    types = _family_types(con)
    totals = RefreshCounts(0, 0, 0)
    for family, ranges in sorted(windows.items()):
        counts = _refresh_family(con, family, types.get(family, []), ranges)
        totals = _add(totals, counts)
        on_family(family, counts.regrouped_milestones)
    con.execute("DROP TABLE IF EXISTS windows")
    return totals


def _refresh_family(
    con: duckdb.DuckDBPyConnection, family: str, types: list[str], ranges: list[tuple[date, date]]
) -> RefreshCounts:
    """Regroup one family's milestones in `ranges` with every member of the events there."""
    _set_windows(con, ranges)
    # The events overlapping the ranges, and those of every milestone that does: a
    # milestone is regrouped only together with the event it leaves.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE old_events AS
            SELECT id FROM events ev WHERE family = ? AND {_IN_WINDOW.format(t="ev")}
            UNION
            SELECT em.event_id FROM event_milestones em JOIN milestones m ON m.id = em.milestone_id
            JOIN events ev ON ev.id = em.event_id AND ev.family = ?
            WHERE list_contains(?, m.type) AND {_IN_WINDOW.format(t="m")}""",
        [family, family, types],
    )
    milestones = _read(
        con,
        _MILESTONES
        + f""" AND ({_IN_WINDOW.format(t="m")}
           OR m.id IN (SELECT milestone_id FROM event_milestones
                       WHERE event_id IN (SELECT id FROM old_events)))""",
        [types],
    )
    _delete_events(con, "SELECT id FROM old_events")
    con.execute("DROP TABLE old_events")
    events = group(milestones)
    _insert_events(con, events)
    # Relink around every rebuilt event too: one may reach beyond the ranges.
    late = timedelta(days=LATE_LIMIT_DAYS)
    spans = [*ranges, *((e.start, e.end) for e in events)]
    _set_windows(con, _merged([(_shift(lo, -late), _shift(hi, late)) for lo, hi in spans]))
    plans = _relink(con, family, types)
    return RefreshCounts(len(milestones), len(events), plans)


def refresh_all(
    con: duckdb.DuckDBPyConnection, workers: int | None = None, on_family: FamilyDone = _quiet
) -> RefreshCounts:
    """Regroup everything, family by family, on `workers` processes (default: one per
    core; one for small archives, where starting workers costs more than it saves)."""
    for table in ("plan_links", "event_organisations", "event_milestones", "events"):
        con.execute(f"DELETE FROM {table}")
    sources = _sources(con)
    if workers is None:
        workers = os.cpu_count() or 1
    if sum(s.size for s in sources) < PARALLEL_MIN_MILESTONES:
        workers = 1
    totals = RefreshCounts(0, 0, 0)
    for source, rows in zip(sources, regroup_families(sources, workers), strict=True):
        for table, frame in rows.parts:
            insert_frame(con, table, frame)
        totals = _add(totals, RefreshCounts(rows.milestones, rows.events, rows.plans))
        on_family(source.name, rows.milestones)
    return totals


def _sources(con: duckdb.DuckDBPyConnection) -> list[FamilySource]:
    """Each family with its milestone count, in the order of its first type's name."""
    sizes: dict[str, int] = {}
    types: dict[str, list[str]] = {}
    rows = con.execute("SELECT type, count(*) FROM milestones GROUP BY type ORDER BY type")
    for type_, count in rows.fetchall():
        family = family_of(type_)
        types.setdefault(family, []).append(type_)
        sizes[family] = sizes.get(family, 0) + count
    return [
        FamilySource(family, sizes[family], partial(_batches, con, _MILESTONES, [family_types]))
        for family, family_types in types.items()
    ]


def _batches(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> Iterator[pa.RecordBatch]:
    """Milestones of a `_MILESTONES` query as `MILESTONE_COLUMNS` batches (the evidence
    is looked at for a rescheduling cue by `tracked`, in the workers when parallel)."""
    for batch in con.sql(sql, params=params).to_arrow_reader(_CHUNK):
        yield batch.select(list(MILESTONE_COLUMNS))


def _add(a: RefreshCounts, b: RefreshCounts) -> RefreshCounts:
    return RefreshCounts(
        a.regrouped_milestones + b.regrouped_milestones, a.events + b.events, a.plans + b.plans
    )


def _delete_events(con: duckdb.DuckDBPyConnection, ids_sql: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE doomed AS {ids_sql}")
    con.execute("DELETE FROM event_milestones WHERE event_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM event_organisations WHERE event_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM plan_links WHERE plan_id IN (SELECT id FROM doomed)")
    con.execute("DELETE FROM events WHERE id IN (SELECT id FROM doomed)")
    con.execute("DROP TABLE doomed")


def _insert_events(con: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> None:
    """Write events, their members and organisations, as Arrow columns (millions of rows)."""
    for table, frame in event_parts(events):
        insert_frame(con, table, frame)


def _load_events(con: duckdb.DuckDBPyConnection, family: str, types: list[str]) -> list[Event]:
    """A family's stored events overlapping `windows`, rebuilt with their members (no regrouping)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE loaded AS
            SELECT em.event_id, ev.founder, em.milestone_id
            FROM events ev JOIN event_milestones em ON em.event_id = ev.id
            WHERE ev.family = ? AND {_IN_WINDOW.format(t="ev")}""",
        [family],
    )
    owners = {
        r[0]: (r[1], r[2])
        for r in con.execute("SELECT milestone_id, event_id, founder FROM loaded").fetchall()
    }
    members = _read(con, _MILESTONES + " AND m.id IN (SELECT milestone_id FROM loaded)", [types])
    con.execute("DROP TABLE loaded")
    events: dict[str, Event] = {}
    for m in sorted(members, key=lambda m: (owners[m.id][0], m.id)):
        event_id, founder = owners[m.id]
        e = events.get(event_id)
        if e is None:
            e = events[event_id] = Event(event_id, family, m.status, m)
        e.join(m, "")
        if m.id == founder:
            e.founder = m
    return list(events.values())


def _relink(con: duckdb.DuckDBPyConnection, family: str, types: list[str]) -> int:
    """Recompute the links of the family's plans in `windows` (the regrouped dates widened
    by `LATE_LIMIT_DAYS`), against the held events there."""
    plans = [e for e in _load_events(con, family, types) if e.status == "planned"]
    # Every held event that may meet one of them, even beyond `windows`.
    early, late = timedelta(days=EARLY_LIMIT_DAYS), timedelta(days=LATE_LIMIT_DAYS)
    _set_windows(con, _merged([(_shift(p.start, -early), _shift(p.end, late)) for p in plans]))
    held = [e for e in _load_events(con, family, types) if e.status == "held"]
    _temp_ids(con, "relinked", [p.id for p in plans])
    con.execute("DELETE FROM plan_links WHERE plan_id IN (SELECT id FROM relinked)")
    con.execute("DROP TABLE relinked")
    _insert_links(con, link(plans, held))
    return len(plans)


def _insert_links(con: duckdb.DuckDBPyConnection, links: Sequence[PlanLink]) -> None:
    insert_frame(con, "plan_links", links_table(links))
