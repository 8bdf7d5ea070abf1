"""The tracker's records as Arrow columns: milestones in, the tracker tables' rows out.

Used by `etl.store.events` (which reads and writes the tables) and by
`etl.tracker.parallel` (whose workers regroup a family from and to Arrow files).
Arrow keeps millions of rows in a few buffers: cheap to hold, to pass between
processes and to insert, where Python objects would cost ten times the memory.
"""

from __future__ import annotations

import gc
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from etl.reference import read_rows
from etl.tracker.grouping import Event, Tracked, group, placing_order
from etl.tracker.plans import PlanLink, link

# The columns of a family's milestones, as `etl.store.events` reads them.
MILESTONE_COLUMNS = (
    "id", "article_id", "type", "status", "start_date", "end_date", "precision", "mod",
    "place", "published_date", "evidence", "orgs", "timex",
)  # fmt: skip
CHUNK = 50_000  # events turned into rows at a time: one chunk's columns, not a family's
_CONVERT = 10_000  # milestones converted at a time: their temporary columns stay small
# Columns of few distinct values (dates, names), converted through a dictionary.
_FEW = frozenset({"type", "status", "start_date", "end_date", "precision", "mod", "place",
                  "published_date", "timex"})  # fmt: skip

_TYPES = {"start_date": pa.date32(), "end_date": pa.date32(), "first_reported": pa.date32(),
          "sources": pa.int64(), "delay_days": pa.int64()}  # fmt: skip


Part = tuple[str, pa.Table]  # a tracker table's name and some of its rows


@dataclass(frozen=True)
class FamilyRows:
    """One family's rows of the tracker tables, as parts to insert in order (read once),
    and its counts."""

    parts: Iterator[Part]
    milestones: int
    events: int
    plans: int


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a family is regrouped: millions of
    acyclic records that it would traverse again and again, finding nothing (a fifth
    of the regroup's CPU)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _rescheduling() -> re.Pattern[str]:
    rows = read_rows("rescheduling.csv")
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows), re.IGNORECASE)


def tracked(batches: Iterable[pa.RecordBatch]) -> list[Tracked]:
    """Milestones of `MILESTONE_COLUMNS` batches.

    Millions of rows share few distinct dates, names and organisation sets: each is
    kept once (`shared`). The evidence text is only looked at for a rescheduling cue
    (a tenth of the regroup's CPU: done here, in the workers when parallel), and only
    a plan's: `rescheduled` counts for the members of planned events alone
    (`etl.tracker.plans`), so a held milestone's is always False.
    """
    cue = _rescheduling().search
    shared: dict = {}
    one = shared.setdefault
    out: list[Tracked] = []
    for batch in batches:
        for start in range(0, batch.num_rows, _CONVERT):
            part = _plans_evidence(batch.slice(start, _CONVERT))
            cols = [_column(part, name, one) for name in MILESTONE_COLUMNS]
            out.extend(
                Tracked(
                    id=r[0],
                    article_id=one(r[1], r[1]),
                    type=r[2],
                    status=r[3],
                    start=r[4],
                    end=r[5],
                    precision=r[6],
                    mod=r[7],
                    place=r[8],
                    published=r[9],
                    rescheduled=bool(r[10]) and cue(r[10]) is not None,
                    organisations=one(orgs := frozenset(r[11]), orgs),
                    timex=r[12],
                )
                for r in zip(*cols, strict=True)
            )
            del cols
    return out


def _column(batch: pa.RecordBatch, name: str, one: Callable[[object, object], object]) -> list:
    """A column's values as Python objects; one of few distinct values (`_FEW`) makes
    each value once (and keeps it once across batches, by `one`) rather than once a row."""
    column = batch.column(name)
    if name not in _FEW:
        return column.to_pylist()
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    distinct = [one(v, v) for v in encoded.dictionary.to_pylist()]
    return [distinct[i] for i in encoded.indices.to_pylist()]


def _plans_evidence(batch: pa.RecordBatch) -> pa.RecordBatch:
    """`batch` with the evidence of milestones not planned left out (null): never read."""
    i = batch.schema.get_field_index("evidence")
    evidence = batch.column(i)
    planned = pc.equal(batch.column("status"), "planned")
    kept = pc.if_else(planned, evidence, pa.scalar(None, evidence.type))
    return batch.set_column(i, "evidence", kept)


def regroup(milestones: list[Tracked]) -> FamilyRows:
    """Group one family's milestones and link its plans: the family's rows.

    Empties `milestones` (the caller's list) once grouped: the events hold them now.
    The parts are built a chunk of events at a time, each chunk's events dropped once
    its rows are built, in the order the tables were always written: events,
    event_milestones, event_organisations chunk by chunk, then plan_links.
    """
    count = len(milestones)
    events = _group_by_status(milestones)
    plans = sorted((e for e in events if e.status == "planned"), key=lambda e: e.id)
    held = [e for e in events if e.status == "held"]
    links = link(plans, held)
    del held, plans
    return FamilyRows(_parts(events, links), count, len(events), len(links))


def _group_by_status(milestones: list[Tracked]) -> list[Event]:
    """`group(milestones)`, a status at a time (memory: one status's candidate index), in
    the same order: events are made in the order of their founders (`placing_order`),
    and no event mixes statuses."""
    by_status: dict[str, list[Tracked]] = {}
    for m in milestones:
        by_status.setdefault(m.status, []).append(m)
    milestones.clear()
    grouped = []
    for status in sorted(by_status):
        grouped.append(group(by_status.pop(status)))
    return list(heapq.merge(*grouped, key=lambda e: placing_order(e.founder)))


def _parts(events: list[Event], links: list[PlanLink]) -> Iterator[Part]:
    while events:
        chunk = events[:CHUNK]
        del events[:CHUNK]
        yield from event_parts(chunk)
        del chunk
    table = links_table(links)
    links.clear()
    if table is not None:
        yield "plan_links", table


def event_parts(events: Sequence[Event]) -> Iterator[Part]:
    """The rows of events, event_milestones and event_organisations, a chunk at a time."""
    names = ("events", "event_milestones", "event_organisations")
    for i in range(0, len(events), CHUNK):
        for name, table in zip(names, _event_chunk(events[i : i + CHUNK]), strict=True):
            if table is not None:
                yield name, table


def _event_chunk(chunk: Sequence[Event]) -> tuple[pa.Table | None, ...]:
    founders = [e.founder for e in chunk]
    events = _table({
        "id": [e.id for e in chunk], "family": [e.family for e in chunk],
        "type": [e.type for e in chunk], "status": [e.status for e in chunk],
        "start_date": [f.start for f in founders], "end_date": [f.end for f in founders],
        "precision": [f.precision for f in founders], "timex": [f.timex for f in founders],
        "mod": [f.mod for f in founders], "place": [e.place for e in chunk],
        "sources": [e.sources for e in chunk],
        "first_reported": [e.first_reported for e in chunk],
        "founder": [f.id for f in founders],
    })  # fmt: skip
    members = _table({
        "event_id": [e.id for e in chunk for _ in e.members],
        "milestone_id": [m.id for e in chunk for m in e.members],
        "reason": [e.reason(i) for e in chunk for i in range(len(e.members))],
    })  # fmt: skip
    orgs = [(e.id, sorted(e.organisations)) for e in chunk]
    organisations = _table({
        "event_id": [eid for eid, names in orgs for _ in names],
        "org_id": [name for _, names in orgs for name in names],
    })  # fmt: skip
    return events, members, organisations


def links_table(links: Sequence[PlanLink]) -> pa.Table | None:
    return _table({
        "plan_id": [x.plan_id for x in links], "fulfilled_by": [x.fulfilled_by for x in links],
        "delay_days": [x.delay_days for x in links],
        "rescheduled_to": [x.rescheduled_to for x in links], "reason": [x.reason for x in links],
    })  # fmt: skip


def _table(columns: dict[str, list]) -> pa.Table | None:
    if not next(iter(columns.values())):
        return None
    return pa.table(
        {
            name: pa.array(values, type=_TYPES.get(name, pa.string()))
            for name, values in columns.items()
        }
    )
