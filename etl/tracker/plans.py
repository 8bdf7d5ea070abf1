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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from etl.extraction.places import compatible_places
from etl.tracker.grouping import Event, same_parties
from etl.tracker.ontime import OnTimeIndex

LATE_LIMIT_DAYS = 120  # a slipped plan is still recognised this long after its window
EARLY_LIMIT_DAYS = 7  # ... and an early fulfilment this long before it
Outcome = Literal["met early", "met on time", "met late", "pending", "overdue"]


@dataclass(frozen=True, slots=True)
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
    index = OnTimeIndex(held, EARLY_LIMIT_DAYS, LATE_LIMIT_DAYS)
    moved = _reschedulings(plans)
    links = {p.id: _direct_link(p, index, moved.get(p.id)) for p in plans}
    del index  # freed before the maps below: of the linking's memory, its peak
    # Only the plans and held events a rescheduling needs (few), not every one.
    by_id = {p.id: p for p in plans if p.id in moved}
    met = {links[later].fulfilled_by for later in moved.values() if later in links}
    held_by_id = {h.id: h for h in held if h.id in met}
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


def _direct_link(p: Event, index: OnTimeIndex, moved_to: str | None) -> PlanLink:
    """The plan's link to the compatible held event of least (|delay|, -similarity, start, id)
    that happened once the plan was reported, from `EARLY_LIMIT_DAYS` before its window
    to `LATE_LIMIT_DAYS` after it (`OnTimeIndex.best`)."""
    best = index.best(p)
    if best is None:
        return PlanLink(p.id, None, None, moved_to, "no held event found yet")
    orgs = ", ".join(sorted(p.organisations & best.organisations)) or "no organisations named"
    reason = (
        f"{best.type} on {best.start} ({best.sources} report(s)) matches the {p.type} "
        f"planned for {p.start}..{p.end}: same {p.family}, shared {orgs}"
    )
    return PlanLink(p.id, best.id, _delay(p, best), moved_to, reason)


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
