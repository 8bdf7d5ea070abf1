"""Which held event meets a plan: found without weighing every one in its window.

Used by `etl.tracker.plans`. A plan is met by the compatible held event of least
(|delay|, -similarity, start, id); every held event overlapping the plan's window
has delay 0 and beats any other, and a year-long plan's window holds thousands of
them in a large archive. So held events are indexed by class (family, current
organisations, place), each list in (start, id) order: classes are weighed best
similarity first, and each list is read from the first start that could count
until the first fitting event, or one no better than the best found. Failing an
event on time, each compatible list gives its least early or late one.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from etl.tracker.candidates import compatible_with
from etl.tracker.model import Event, same_parties, similarity

_Entry = tuple[date, str, date, Event]  # start, id, end, event


class OnTimeIndex:
    """Held events by family, organisations and place, each list in (start, id) order."""

    def __init__(self, held: Sequence[Event], early_days: int, late_days: int) -> None:
        self._early, self._late = timedelta(days=early_days), timedelta(days=late_days)
        self._lists: dict[tuple[str, frozenset[str], str | None, bool], list[_Entry]] = defaultdict(
            list
        )
        self._longest: dict[tuple[str, frozenset[str], str | None, bool], timedelta] = {}
        self._sets: dict[str, dict[frozenset[str], set[str | None]]] = defaultdict(dict)
        self._level_cache: dict[tuple[str, frozenset[str]], list[list[frozenset[str]]]] = {}
        for h in held:
            # Long events (a month, a year) apart: reading a list starts its longest
            # interval before the window, which for day events is a week.
            key = (h.family, h.organisations, h.place, h.end - h.start > self._early)
            self._lists[key].append((h.start, h.id, h.end, h))
            self._longest[key] = max(self._longest.get(key, timedelta(0)), h.end - h.start)
            self._sets[h.family].setdefault(h.organisations, set()).add(h.place)
        for entries in self._lists.values():
            entries.sort(key=lambda t: (t[0], t[1]))

    def best(self, p: Event) -> Event | None:
        """The held event that meets `p` best: on time if any, else the least early or late."""
        sets = self._sets.get(p.family, {})
        places = compatible_with(p.place) if p.place else None
        levels = self._levels(p.family, p.organisations)
        for level in levels:
            found: _Entry | None = None
            for orgs in level:
                for place in sets[orgs] if places is None else sets[orgs] & places:
                    for long in (False, True):
                        found = self._first(p, (p.family, orgs, place, long), found)
            if found is not None:
                return found[3]
        best: tuple | None = None
        for level in levels:
            for orgs in level:
                sim = -similarity(p.organisations, orgs)
                for place in sets[orgs] if places is None else sets[orgs] & places:
                    for long in (False, True):
                        best = self._off_time(p, (p.family, orgs, place, long), sim, best)
        return best[4] if best is not None else None

    def _off_time(self, p: Event, key: tuple, sim: float, best: tuple | None) -> tuple | None:
        """The better of `best` and a list's least (|delay|, -similarity, start, id) among
        events ending in the week before the window or starting after it."""
        entries = self._lists.get(key)
        if not entries:
            return best
        reported = p.first_reported
        lo = bisect.bisect_left(entries, (p.start - self._early,))
        for i in range(lo, bisect.bisect_left(entries, (p.start,))):
            start, eid, end, h = entries[i]
            if end < p.start and (reported is None or end >= reported):
                rank = ((p.start - end).days, sim, start, eid, h)
                best = rank if best is None or rank < best else best
        for i in range(bisect.bisect_right(entries, (p.end, "\uffff")), len(entries)):
            start, eid, end, h = entries[i]
            if start > p.end + self._late or (best is not None and (start - p.end).days > best[0]):
                break
            if reported is None or end >= reported:
                rank = ((start - p.end).days, sim, start, eid, h)
                return rank if best is None or rank < best else best
        return best

    def _levels(self, family: str, orgs: frozenset[str]) -> list[list[frozenset[str]]]:
        """The organisation sets of held events that may meet a plan naming `orgs`, best
        similarity first (plans share few sets of organisations: kept once computed)."""
        key = (family, orgs)
        if key not in self._level_cache:
            sets = self._sets.get(family, {})
            by_similarity: dict[float, list[frozenset[str]]] = defaultdict(list)
            for other in sets:
                if same_parties(orgs, other):
                    by_similarity[similarity(orgs, other)].append(other)
            self._level_cache[key] = [by_similarity[s] for s in sorted(by_similarity, reverse=True)]
        return self._level_cache[key]

    def _first(self, p: Event, key: tuple, best: _Entry | None) -> _Entry | None:
        """The first on-time entry of a list (by start, id) that beats `best`, else `best`."""
        entries = self._lists.get(key)
        if not entries:
            return best
        lo = p.start - self._early
        reported = p.first_reported
        if reported is not None:
            lo = max(lo, reported - self._longest[key])
        for i in range(bisect.bisect_left(entries, (lo,)), len(entries)):
            start, eid, end, h = entries[i]
            if start > p.end or (best is not None and (start, eid) >= best[:2]):
                break
            if end >= p.start and (reported is None or end >= reported):
                return entries[i]
        return best
