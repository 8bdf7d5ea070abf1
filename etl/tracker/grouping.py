"""Group milestones from many articles into events: one happening, many reports.

Pure: milestones in, events out, deterministic. Two milestones describe the same
happening when they have the same status, the same type family (a "summit" and a
"session" of heads of state are one gathering; "talks" and "consultations" are
one kind of talks), the same parties (one report may name fewer organisations
than another, never different ones), no conflicting places, and compatible
dates given each one's precision.

Greedy, finest first: milestones are taken in order of precision (day before
month before year), then date, then id. Each joins the compatible event whose
date is closest (then whose organisations are most alike), or founds a new one. An event's date is that of its finest
member, so a coarse report ("in autumn") can join a precise one ("on 3
September") but can never chain two precise events a week apart into one.

Candidates come from `etl.tracker.candidates.CandidateIndex`, which finds that
closest compatible event without weighing every overlapping one: a year-long
report overlaps thousands of events of its year in a large archive.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache

from etl.extraction.places import compatible_places
from etl.reference import read_rows
from etl.tracker.candidates import CandidateIndex
from etl.tracker.model import Event, Tracked, reason_text, same_parties, similarity

__all__ = [
    "Event", "Tracked", "event_id", "families", "family_of", "group", "members_by_event",
    "placing_order", "same_parties", "similarity", "why_compatible",
]  # fmt: skip

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "half": 4, "year": 5}
COARSE_RANK = 2  # month and coarser: candidates from wider buckets
FINE_BUCKET_DAYS, COARSE_BUCKET_DAYS = 1, 64


@cache
def families() -> dict[str, str]:
    """Milestone type -> family, from `etl/reference/event_families.csv`."""
    return {row["type"]: row["family"] for row in read_rows("event_families.csv")}


def family_of(milestone_type: str) -> str:
    return families().get(milestone_type, milestone_type)


def placing_order(m: Tracked) -> tuple:
    """The order milestones are placed in, and so events made in: finest first."""
    return (PRECISION_RANK.get(m.precision, 9), m.start, m.end, m.id)


def _overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def why_compatible(m: Tracked, e: Event) -> str | None:
    """The reason `m` belongs to `e`, or None when it does not."""
    return _reason(m, e) if _compatible(m, e) else None


def _compatible(m: Tracked, e: Event) -> bool:
    if m.status != e.status or family_of(m.type) != e.family:
        return False
    orgs, place = e.organisations, e.place
    if not same_parties(m.organisations, orgs):
        return False
    if not m.organisations and not orgs and not (m.place and m.place == place):
        return False
    return compatible_places(m.place, place) and _overlaps(m.start, m.end, e.start, e.end)


def _reason(m: Tracked, e: Event) -> str:
    """Why `m` joins `e` now (stored with the membership)."""
    return reason_text(m, e, e.organisations)


def event_id(family: str, founder: Tracked) -> str:
    """The event's id, from its first report and its family: an edited article numbers
    its milestones afresh, so one milestone id may found events in two families (the
    consultation's before the edit, the signing's after) while both still exist."""
    return "ev-" + hashlib.blake2b(f"{family}/{founder.id}".encode(), digest_size=8).hexdigest()


class _Index:
    """Events by (status, family, organisation or place), sorted by start, for fast lookups.

    Each list remembers the longest founder interval in it, so a lookup goes back
    only that far from the milestone's start (a day when all are days), not the
    longest interval any event could have.
    """

    def __init__(self) -> None:
        self._lists: dict[tuple, list[tuple[date, str, Event]]] = defaultdict(list)
        self._longest: dict[tuple, timedelta] = defaultdict(timedelta)

    @staticmethod
    def _keys(status: str, family: str, orgs: frozenset[str], place: str | None) -> list[tuple]:
        if orgs:
            return [(status, family, org) for org in sorted(orgs)]
        return [(status, family, "@" + (place or ""))]

    def add(self, e: Event) -> None:
        f = e.founder
        for key in self._keys(e.status, e.family, f.organisations, f.place):
            bisect.insort(self._lists[key], (e.start, e.id, e))
            self._longest[key] = max(self._longest[key], e.end - e.start)

    def candidates(self, m: Tracked, family: str) -> dict[str, Event]:
        """Events of the milestone's keys whose founder interval overlaps the milestone's."""
        found: dict[str, Event] = {}
        for key in self._keys(m.status, family, m.organisations, m.place):
            entries = self._lists.get(key, [])
            lo = bisect.bisect_left(entries, (m.start - self._longest[key],))
            hi = bisect.bisect_right(entries, (m.end, "\uffff"))
            for _start, eid, e in entries[lo:hi]:
                if e.end >= m.start:
                    found[eid] = e
        return found


def group(milestones: Iterable[Tracked]) -> list[Event]:
    """Events of the given milestones; the same input always gives the same events and ids.

    Candidates come from a `CandidateIndex` of day buckets while day and week
    milestones are placed, then of wider buckets (rebuilt once) for the coarser ones.
    """
    index = CandidateIndex((), FINE_BUCKET_DAYS)
    fine = True
    events: list[Event] = []
    for m in sorted(milestones, key=placing_order):
        family = family_of(m.type)
        if fine and PRECISION_RANK.get(m.precision, 9) >= COARSE_RANK:
            del index  # the day buckets are no longer needed: free them first
            fine, index = False, CandidateIndex(events, COARSE_BUCKET_DAYS)
        e = index.best(m, family)
        if e is None:
            # Lists of one (most events have one report), not grown by `join`: a third the size.
            e = Event(event_id(family, m), family, m.status, m, [m], ["first report"])
            events.append(e)
            index.add(e)
        else:
            orgs, place = e.organisations, e.place
            e.join(m, orgs)  # the text is made from them when the rows are
            index.moved(e, orgs, place)
    for e in events:
        e.settle()
    return events


def members_by_event(events: Sequence[Event]) -> dict[str, list[str]]:
    return {e.id: [m.id for m in e.members] for e in events}
