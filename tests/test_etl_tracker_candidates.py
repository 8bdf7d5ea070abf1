"""The candidate index chooses exactly the event that weighing every candidate would."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from etl.tracker import grouping
from etl.tracker import plans as plans_mod
from etl.tracker.grouping import Event, Tracked, event_id, family_of, group, similarity
from etl.tracker.plans import link

PRECISIONS = {"day": 0, "week": 6, "month": 29, "season": 90, "half": 181, "year": 364}
PLACES = [None, None, "Minsk", "Belarus", "Moscow", "Russia", "Astana", "Atlantis"]
ORGS = ["CSTO", "CIS", "SCO", "UN"]


def _random_milestones(seed: int, n: int) -> list[Tracked]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        precision = rnd.choice(list(PRECISIONS))
        start = date(2024, 1, 1) + timedelta(days=rnd.randrange(600))
        orgs = frozenset(rnd.sample(ORGS, rnd.choice([0, 1, 1, 1, 2, 3])))
        out.append(
            Tracked(
                id=f"m{seed}-{i}",
                article_id=f"a{i % 50}",
                type=rnd.choice(["summit", "session", "meeting", "consultation"]),
                status=rnd.choice(["held", "planned"]),
                start=start,
                end=start + timedelta(days=PRECISIONS[precision]),
                precision=precision,
                organisations=orgs,
                place=rnd.choice(PLACES),
                published=start,
            )  # fmt: skip
        )
    return out


def _candidate(m: Tracked, e: Event, family: str) -> bool:
    """The grouping's candidate rule: same status and family, overlapping founder
    interval, a founder sharing an organisation (or, naming none, the same place)."""
    f = e.founder
    if e.status != m.status or e.family != family or f.start > m.end or f.end < m.start:
        return False
    if m.organisations:
        return not f.organisations.isdisjoint(m.organisations)
    return not f.organisations and (f.place or "") == (m.place or "")


def _weigh_all(milestones: list[Tracked]) -> list[Event]:
    """Reference grouping: every event weighed for every milestone."""
    events: list[Event] = []
    for m in sorted(milestones, key=grouping.placing_order):
        family = family_of(m.type)
        ranked = [
            (-similarity(m.organisations, e.organisations), e.id, e)
            for e in events
            if _candidate(m, e, family) and grouping._compatible(m, e)
        ]
        if ranked:
            e = min(ranked, key=lambda r: (r[0], r[1]))[2]
            e.join(m, grouping._reason(m, e))
        else:
            e = Event(event_id(family, m), family, m.status, m)
            e.join(m, "first report")
            events.append(e)
    return events


def _shape(events: list[Event]) -> list[tuple]:
    return sorted(
        (e.id, [m.id for m in e.members], [e.reasons[m.id] for m in e.members]) for e in events
    )


@pytest.mark.parametrize("seed", range(6))
def test_index_chooses_what_weighing_every_candidate_chooses(seed: int) -> None:
    milestones = _random_milestones(seed, 500)
    assert _shape(group(milestones)) == _shape(_weigh_all(milestones))


def _weigh_all_links(
    plans: list[Event], held: list[Event]
) -> list[tuple[str, str | None, int | None]]:
    """Reference plan links: every held event weighed for every plan."""
    out = []
    for p in plans:
        ranked = [
            (abs(plans_mod._delay(p, h)), -similarity(p.organisations, h.organisations), h.start, h.id)
            for h in held
            if plans_mod._compatible(p, h) and plans_mod._reported_before(p, h)
            and p.start - timedelta(days=plans_mod.EARLY_LIMIT_DAYS) <= h.start
            and h.start <= p.end + timedelta(days=plans_mod.LATE_LIMIT_DAYS)
        ]  # fmt: skip
        best = min(ranked, default=None)
        by_id = {h.id: h for h in held}
        out.append(
            (p.id, None, None) if best is None
            else (p.id, best[3], plans_mod._delay(p, by_id[best[3]]))
        )  # fmt: skip
    return out


@pytest.mark.parametrize("seed", range(4))
def test_plan_index_chooses_what_weighing_every_held_event_chooses(seed: int) -> None:
    events = group(_random_milestones(100 + seed, 600))
    plans = sorted((e for e in events if e.status == "planned"), key=lambda e: e.id)
    held = [e for e in events if e.status == "held"]
    direct = {x.plan_id: x for x in link(plans, held)}
    got = [(p.id, direct[p.id].fulfilled_by, direct[p.id].delay_days) for p in plans
           if direct[p.id].rescheduled_to is None]  # fmt: skip
    expected = [x for x in _weigh_all_links(plans, held) if direct[x[0]].rescheduled_to is None]
    assert got == expected
    assert sum(x[1] is not None for x in got) > 10
