"""Plans and outcomes: which held event fulfils an announced plan, and how late.

Pure. A plan is a planned event; it is fulfilled by a held event of the same
family that shares an organisation, has no conflicting place, happened after the
plan was first reported (less a day of tolerance: a plan reported on the day of
the event), and falls inside the plan's window or up to `LATE_LIMIT_DAYS` after
it. Of several candidates the one nearest the window wins (ties: the one whose
organisations are most alike, then the earliest).

The outcome is relative to a reference day, so it is computed when asked
(`outcome`), not stored: a pending plan becomes overdue as days pass without news.
A plan that a later report moved ("postponed to 22 April") keeps its original
window and points to the plan that replaced it.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from etl.extraction.places import compatible_places
from etl.tracker.grouping import Event, same_parties, similarity
from etl.tracker.ontime import OnTimeIndex

LATE_LIMIT_DAYS = 120  # a slipped plan is still recognised this long after its window
EARLY_LIMIT_DAYS = 7  # ... and an early fulfilment this long before it
Outcome = Literal["met early", "met on time", "met late", "pending", "overdue"]


@dataclass(frozen=True)
class PlanLink:
    plan_id: str
    fulfilled_by: str | None  # held event id
    delay_days: int | None  # held start - window end when late; negative when early
    rescheduled_to: str | None  # a later plan that moved this one
    reason: str


def _compatible(plan: Event, held: Event) -> bool:
    if plan.family != held.family or not same_parties(plan.organisations, held.organisations):
        return False
    return compatible_places(plan.place, held.place)


def _delay(plan: Event, held: Event) -> int:
    if held.start > plan.end:
        return (held.start - plan.end).days
    if held.end < plan.start:
        return -(plan.start - held.end).days
    return 0


def _reported_before(plan: Event, held: Event) -> bool:
    """A plan is fulfilled only by what happened once it was announced (same day included)."""
    reported = plan.first_reported
    return reported is None or held.end >= reported


def link(plans: Sequence[Event], held: Sequence[Event]) -> list[PlanLink]:
    """One link per plan, in the order of `plans`."""
    index, on_time = _held_index(held), OnTimeIndex(held, EARLY_LIMIT_DAYS)
    moved = _reschedulings(plans)
    links = {p.id: _direct_link(p, _entries(index, p), on_time, moved.get(p.id)) for p in plans}
    by_id = {p.id: p for p in plans}
    held_by_id = {h.id: h for h in held}
    for plan_id, later_id in moved.items():
        later = links.get(later_id)
        if later is None or later.fulfilled_by is None:
            continue
        # A moved plan is met when its replacement is, late against its own window.
        h = held_by_id[later.fulfilled_by]
        links[plan_id] = PlanLink(
            plan_id, h.id, _delay(by_id[plan_id], h), later_id,
            f"rescheduled; {later.reason}",
        )  # fmt: skip
    return [links[p.id] for p in plans]


_NO_ORG = ""  # the key of held events that name no organisation


def _held_index(held: Sequence[Event]) -> dict[tuple[str, str], list[tuple[date, str, Event]]]:
    """Held events by (family, organisation), and (family, "") for those naming none, by start.

    A plan naming organisations can only be met by an event naming none or sharing
    one (`same_parties`), so its candidates come from those lists alone.
    """
    index: dict[tuple[str, str], list[tuple[date, str, Event]]] = defaultdict(list)
    for h in held:
        for org in h.organisations or (_NO_ORG,):
            index[(h.family, org)].append((h.start, h.id, h))
    for entries in index.values():
        entries.sort(key=lambda t: (t[0], t[1]))
    return index


def _entries(
    index: dict[tuple[str, str], list[tuple[date, str, Event]]], p: Event
) -> list[list[tuple[date, str, Event]]]:
    """The lists of held events a plan may be met by (every list of its family, if it names none)."""
    if not p.organisations:
        return [entries for key, entries in index.items() if key[0] == p.family]
    keys = [(p.family, org) for org in (*sorted(p.organisations), _NO_ORG)]
    return [index[k] for k in keys if k in index]


def _direct_link(
    p: Event, lists: list[list[tuple[date, str, Event]]], on_time: OnTimeIndex,
    moved_to: str | None,
) -> PlanLink:  # fmt: skip
    """The plan's link to the compatible held event of least (|delay|, -similarity, start, id).

    An event on time (delay 0) beats any other: `on_time` finds the best of those.
    Failing one, only events starting in the week before the window (early) or after
    it (late) remain; the late ones come in order of growing delay, so each list is
    left as soon as its delay exceeds the best found (an equal delay is still weighed).
    """
    best: Event | None = on_time.best(p)
    if best is None:
        first = (p.start - timedelta(days=EARLY_LIMIT_DAYS),)
        begin, end = (p.start,), (p.end, "\uffff")
        last = (p.end + timedelta(days=LATE_LIMIT_DAYS), "\uffff")
        best_key: tuple | None = None
        for entries in lists:
            lo, mid = bisect.bisect_left(entries, first), bisect.bisect_left(entries, begin)
            for _, _, h in entries[lo:mid]:
                best, best_key = _better(p, h, best, best_key)
        for entries in lists:
            mid, hi = bisect.bisect_right(entries, end), bisect.bisect_right(entries, last)
            for start, _, h in entries[mid:hi]:
                if best_key is not None and (start - p.end).days > best_key[0]:
                    break
                best, best_key = _better(p, h, best, best_key)
    if best is None:
        return PlanLink(p.id, None, None, moved_to, "no held event found yet")
    orgs = ", ".join(sorted(p.organisations & best.organisations)) or "no organisations named"
    reason = (
        f"{best.type} on {best.start} ({best.sources} report(s)) matches the {p.type} "
        f"planned for {p.start}..{p.end}: same {p.family}, shared {orgs}"
    )
    return PlanLink(p.id, best.id, _delay(p, best), moved_to, reason)


def _better(
    p: Event, h: Event, best: Event | None, best_key: tuple | None
) -> tuple[Event | None, tuple | None]:
    """`h` with its key when it is compatible and beats the best so far (checked in that
    order of cost), else the best unchanged."""
    key = (abs(_delay(p, h)), -similarity(p.organisations, h.organisations), h.start, h.id)
    if (best_key is None or key < best_key) and _compatible(p, h) and _reported_before(p, h):
        return h, key
    return best, best_key


def _reschedulings(plans: Sequence[Event]) -> dict[str, str]:
    """plan id -> the later plan that moved it ("postponed to ..."), reported after it."""
    moved: dict[str, str] = {}
    for later in plans:
        said = [m.published for m in later.members if m.rescheduled and m.published]
        if not said:
            continue
        reported = min(said)
        earlier = [
            p for p in plans
            if p.id != later.id and _compatible(p, later) and p.end < later.start
            and p.first_reported is not None and p.first_reported <= reported
        ]  # fmt: skip
        if earlier:
            moved[max(earlier, key=lambda p: (p.end, p.id)).id] = later.id
    return moved


def outcome(
    window_end: date, fulfilled_start: date | None, delay_days: int | None, today: date
) -> Outcome:
    """What became of a plan, as of `today`."""
    if fulfilled_start is not None and delay_days is not None:
        if delay_days < 0:
            return "met early"
        return "met late" if delay_days > 0 else "met on time"
    return "pending" if window_end >= today else "overdue"
