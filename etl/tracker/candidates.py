"""The grouping's candidate index: which event a milestone joins, found in bounded time.

Used by `etl.tracker.grouping.group`. A milestone joins, of the events whose
interval overlaps its own and that are compatible with it, the one of least
(-similarity of organisations, id); a coarse milestone (a year) overlaps thousands
of events in a large archive. So events are indexed by what decides that rank:
their class (status, family, current organisations, current place) and the time
buckets their interval touches, each list sorted by id. A lookup weighs the
classes compatible with the milestone, best similarity first (its own
organisations, similarity 1, before any other), and in each list stops at the
first fitting id, or at one no better than the best found. The result is exactly
that of weighing every overlapping candidate.

An event's organisations and place follow its members, so it moves between classes
as reports join it (the caller says where it was filed: `moved`). `bucket_days` trades lookups for scans: 1 while day and week
milestones are placed (every event in a bucket overlaps the day), 64 for coarser ones.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache

from etl.extraction.places import compatible_places, gazetteer
from etl.tracker.model import Event, Tracked, similarity

_Class = tuple[str, str, frozenset[str], str | None]  # status, family, organisations, place
_Entry = tuple[str, int, int, Event]  # id, start and end ordinal, event


@cache
def _day(d: date) -> int:
    """`d.toordinal()`, one int object per date: the index holds one per entry."""
    return d.toordinal()


@cache
def compatible_with(place: str) -> frozenset[str | None]:
    """The places a report at `place` can share a venue with, none named included."""
    names = {p.name for p in gazetteer()} | {place}
    return frozenset({None} | {q for q in names if compatible_places(place, q)})


class CandidateIndex:
    """Events by class and time bucket, each list in id order."""

    def __init__(self, events: Iterable[Event], bucket_days: int) -> None:
        self._days = bucket_days
        # Class -> bucket -> entries: a lookup hashes its class once, not once a bucket.
        self._lists: dict[_Class, dict[int, list[_Entry]]] = defaultdict(dict)
        # (status, family, organisation) -> bucket -> organisation set -> events filed, and
        # (status, family, organisation set) -> bucket -> place -> events filed: a dense
        # day holds hundreds of sets and places, so a lookup reads only those it needs.
        self._present: dict[tuple, dict[int, dict[frozenset[str], int]]] = defaultdict(dict)
        self._placed: dict[tuple, dict[int, dict[str | None, int]]] = defaultdict(dict)
        for e in events:
            self.add(e)

    def _buckets(self, start_ordinal: int, end_ordinal: int) -> range:
        return range(start_ordinal // self._days, end_ordinal // self._days + 1)

    def add(self, e: Event) -> None:
        self._file(e, e.organisations, e.place, +1)

    def moved(self, e: Event, orgs: frozenset[str], place: str | None) -> None:
        """Refile `e`, filed with `orgs` and `place` before a new member joined, when that
        member changed its organisations or place."""
        if (e.organisations, e.place) != (orgs, place):
            self._file(e, orgs, place, -1)
            self._file(e, e.organisations, e.place, +1)

    def _file(self, e: Event, orgs: frozenset[str], place: str | None, step: int) -> None:
        status, family = e.status, e.family
        cls = (status, family, orgs, place)
        start, end = _day(e.start), _day(e.end)
        lists, placed = self._lists[cls], self._placed[(status, family, orgs)]
        present = [self._present[(status, family, org)] for org in orgs]
        for b in self._buckets(start, end):
            entries = lists.get(b)
            if entries is None:
                entries = lists[b] = []
            if step > 0:
                bisect.insort(entries, (e.id, start, end, e))
            else:
                del entries[bisect.bisect_left(entries, (e.id,))]
            _count(placed, b, place, step)
            for by_bucket in present:
                _count(by_bucket, b, orgs, step)

    def best(self, m: Tracked, family: str) -> Event | None:
        """The compatible event of least (-similarity, id) whose interval overlaps `m`'s."""
        start, end = m.start.toordinal(), m.end.toordinal()
        buckets = self._buckets(start, end)
        orgs, status = m.organisations, m.status
        if not orgs:
            # Reports naming no organisation join only such events, at the same place.
            if not m.place:
                return None
            found = self._first((status, family, orgs, m.place), buckets, start, end, None, None)
            return found[3] if found else None
        places = compatible_with(m.place) if m.place else None
        found = None
        for place in self._places(status, family, orgs, buckets, places):
            found = self._first((status, family, orgs, place), buckets, start, end, found, None)
        if found:
            return found[3]
        for level in self._levels(m, family, buckets):
            for other in level:
                check = None if other <= orgs else orgs
                for place in self._places(status, family, other, buckets, places):
                    cls = (status, family, other, place)
                    found = self._first(cls, buckets, start, end, found, check)
            if found:
                return found[3]
        return None

    def _levels(self, m: Tracked, family: str, buckets: range) -> list[list[frozenset[str]]]:
        """The organisation sets an event overlapping `m` may have, best similarity first."""
        orgs = m.organisations
        seen: set[frozenset[str]] = set()
        for org in orgs:
            by_bucket = self._present.get((m.status, family, org))
            if by_bucket:
                for b in buckets:
                    present = by_bucket.get(b)
                    if present:
                        seen.update(present)
        seen.discard(orgs)  # weighed first, by `best`
        by_similarity: dict[float, list[frozenset[str]]] = defaultdict(list)
        for other in seen:
            if other <= orgs or orgs <= other:
                by_similarity[similarity(orgs, other)].append(other)
        return [by_similarity[s] for s in sorted(by_similarity, reverse=True)]

    def _places(
        self, status: str, family: str, orgs: frozenset[str], buckets: range,
        places: frozenset[str | None] | None,
    ) -> set[str | None]:  # fmt: skip
        """The places of events with organisations `orgs` in `buckets`, those in `places`
        (the ones compatible with the report's) when given."""
        found: set[str | None] = set()
        by_bucket = self._placed.get((status, family, orgs))
        if by_bucket:
            for b in buckets:
                placed = by_bucket.get(b)
                if placed:
                    found.update(placed)
        return found if places is None else found & places

    def _first(
        self, cls: _Class, buckets: range, start: int, end: int,
        best: _Entry | None, founder_shares: frozenset[str] | None,
    ) -> _Entry | None:  # fmt: skip
        """The entry of least id below `best` of an event of class `cls` overlapping
        [start, end] (else `best`).

        `founder_shares`: an event is a candidate only when its founder shares an
        organisation with the milestone (the grouping's rule), which needs checking
        only for events naming more organisations than the milestone.
        """
        lists = self._lists.get(cls)
        if lists is None:
            return best
        for b in buckets:
            entries = lists.get(b)
            if not entries:
                continue
            for entry in entries:
                if best is not None and entry[0] >= best[0]:
                    break
                if (
                    entry[1] <= end
                    and entry[2] >= start
                    and (
                        founder_shares is None
                        or not entry[3].founder.organisations.isdisjoint(founder_shares)
                    )
                ):
                    best = entry
                    break
        return best


def _count(tallies: dict[int, dict], key: int, item: object, step: int) -> None:
    """Add `step` to `item`'s tally under `key`, dropping emptied tallies (events move
    between classes as reports join them)."""
    tally = tallies.get(key)
    if tally is None:
        tally = tallies[key] = {}
    n = tally.get(item, 0) + step
    if n:
        tally[item] = n
    else:
        del tally[item]
        if not tally:
            del tallies[key]
