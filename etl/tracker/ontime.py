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
_BUCKET_DAYS = 16  # lists are found by the 16-day spans their events start in


class OnTimeIndex:
    """Held events by family, organisations and place, each list in (start, id) order."""

    def __init__(self, held: Sequence[Event], early_days: int, late_days: int) -> None:
        self._early, self._late = timedelta(days=early_days), timedelta(days=late_days)
        self._lists: dict[tuple[str, frozenset[str], str | None, bool], list[_Entry]] = defaultdict(
            list
        )
        self._longest: dict[tuple[str, frozenset[str], str | None, bool], timedelta] = {}
        # Each list's key as one tuple object, which `_keys` files for every plan class.
        self._key: dict[tuple, tuple] = {}
        self._sets: dict[str, dict[frozenset[str], set[str | None]]] = defaultdict(dict)
        self._key_cache: dict[tuple, list[tuple[float, frozenset[tuple]]]] = {}
        # Span -> the lists with an event starting in it: most of a plan's ~100 lists
        # have none near its window and are not read at all.
        self._starting: dict[int, set[tuple]] = defaultdict(set)
        for h in held:
            # Long events (a month, a year) apart: reading a list starts its longest
            # interval before the window, which for day events is a week.
            key = (h.family, h.organisations, h.place, h.end - h.start > self._early)
            key = self._key.setdefault(key, key)
            self._lists[key].append((h.start, h.id, h.end, h))
            self._longest[key] = max(self._longest.get(key, timedelta(0)), h.end - h.start)
            self._sets[h.family].setdefault(h.organisations, set()).add(h.place)
            self._starting[h.start.toordinal() // _BUCKET_DAYS].add(key)
        for entries in self._lists.values():
            entries.sort(key=lambda t: (t[0], t[1]))

    def best(self, p: Event) -> Event | None:
        """The held event that meets `p` best: on time if any, else the least early or late."""
        levels = self._keys(p.family, p.organisations, p.place)
        start, end, reported = p.start, p.end, p.first_reported  # computed once: hot loops
        found = self._on_time(levels, start, end, reported)
        if found is not None:
            return found
        return self._off_time(levels, start, end, reported)

    def _keys(
        self, family: str, orgs: frozenset[str], place: str | None
    ) -> list[tuple[float, frozenset[tuple]]]:
        """The lists a plan of `family`, `orgs` and `place` may be met from, by level of
        similarity (best first); only lists that exist. Plans share few of these: kept."""
        cache_key = (family, orgs, place)
        levels = self._key_cache.get(cache_key)
        if levels is None:
            sets = self._sets.get(family, {})
            places = compatible_with(place) if place else None
            levels = []
            for sim, level in self._levels(family, orgs):
                keys = frozenset(  # a set: `_starting_in` intersects it, span by span
                    key
                    for other in level
                    for where in (sets[other] if places is None else sets[other] & places)
                    for long in (False, True)
                    if (key := self._key.get((family, other, where, long))) is not None
                )
                levels.append((sim, keys))
            self._key_cache[cache_key] = levels
        return levels

    def _starting_in(self, keys: frozenset[tuple], first: date, last: date) -> set[tuple]:
        """Those of `keys` whose lists hold an event starting from `first` to `last` (and
        maybe a little before or after): the only lists that can count for the window."""
        found: set[tuple] = set()
        starting = self._starting
        for span in range(first.toordinal() // _BUCKET_DAYS, last.toordinal() // _BUCKET_DAYS + 1):
            near = starting.get(span)
            if near:
                found |= near & keys  # reads the smaller of the two
        return found

    def _off_time(
        self, levels: list[tuple[float, frozenset[tuple]]], p_start: date, p_end: date,
        reported: date | None,
    ) -> Event | None:  # fmt: skip
        """The event of least (|delay|, -similarity, start, id) among those ending in the
        week before the window or starting after it, up to `late` days (one loop, as
        `_on_time`)."""
        best: tuple | None = None
        early, last, lists = p_start - self._early, p_end + self._late, self._lists
        bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
        after = (p_end, "\uffff")
        for sim, keys in levels:
            sim = -sim
            for key in self._starting_in(keys, early, last):
                entries = lists[key]
                lo = bisect_left(entries, (early,))
                for i in range(lo, bisect_left(entries, (p_start,), lo)):
                    start, eid, end, h = entries[i]
                    if end < p_start and (reported is None or end >= reported):
                        rank = ((p_start - end).days, sim, start, eid, h)
                        if best is None or rank < best:
                            best = rank
                for i in range(bisect_right(entries, after, lo), len(entries)):
                    start, eid, end, h = entries[i]
                    if start > last or (best is not None and (start - p_end).days > best[0]):
                        break
                    if reported is None or end >= reported:
                        rank = ((start - p_end).days, sim, start, eid, h)
                        if best is None or rank < best:
                            best = rank
                        break
        return best[4] if best is not None else None

    def _levels(
        self, family: str, orgs: frozenset[str]
    ) -> list[tuple[float, list[frozenset[str]]]]:
        """The organisation sets of held events that may meet a plan naming `orgs`, best
        similarity first."""
        sets = self._sets.get(family, {})
        by_similarity: dict[float, list[frozenset[str]]] = defaultdict(list)
        for other in sets:
            if same_parties(orgs, other):
                by_similarity[similarity(orgs, other)].append(other)
        return [(s, by_similarity[s]) for s in sorted(by_similarity, reverse=True)]

    def _on_time(
        self, levels: list[tuple[float, frozenset[tuple]]], p_start: date, p_end: date,
        reported: date | None,
    ) -> Event | None:  # fmt: skip
        """Of the first level with an on-time event, the one of least (start, id): each
        list is read from the first start that could count until the first fitting entry
        or one no better than the best found (one loop: this runs ~100 times a plan)."""
        early, lists, longest = p_start - self._early, self._lists, self._longest
        bisect_left = bisect.bisect_left
        for _sim, keys in levels:
            best: _Entry | None = None
            for key in self._starting_in(keys, early, p_end):
                entries = lists[key]
                lo = early if reported is None else max(early, reported - longest[key])
                for i in range(bisect_left(entries, (lo,)), len(entries)):
                    entry = entries[i]
                    start, eid, end, _h = entry
                    if start > p_end or (best is not None and (start, eid) >= best[:2]):
                        break
                    if end >= p_start and (reported is None or end >= reported):
                        best = entry
                        break
            if best is not None:
                return best[3]
        return None
