"""The tracker's records: a milestone as the tracker sees it (`Tracked`) and an event
(`Event`), with the party rules both grouping and plan linking use.

Imported by `etl.tracker.grouping`, `etl.tracker.coarse` and `etl.tracker.plans`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Tracked:
    """A milestone as the tracker sees it."""

    id: str
    article_id: str
    type: str
    status: str
    start: date
    end: date
    precision: str
    organisations: frozenset[str]
    place: str | None
    published: date | None
    mod: str | None = None
    rescheduled: bool = False  # a plan whose sentence says it was moved ("postponed to ...")
    timex: str = ""  # as extracted ("2025-08-31/2025-09-01", "2025-FA")


@dataclass(slots=True)
class Event:
    id: str
    family: str
    status: str
    founder: Tracked
    members: list[Tracked] = field(default_factory=list)
    # Why each member joined, in step with members: a text, or the event's organisations
    # when it joined, from which `reason` makes the text when asked (a shared set, not a
    # text per member: a tenth of a large family's memory).
    why: list[str | frozenset[str]] = field(default_factory=list)
    # Derived from `members`, which only ever grow by append: kept up to date lazily
    # (grouping asks for them millions of times on large archives).
    _seen: int = field(default=0, repr=False, compare=False)
    _orgs: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    _places: Counter[str] | None = field(default=None, repr=False, compare=False)
    _place: str | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> date:
        return self.founder.start

    @property
    def end(self) -> date:
        return self.founder.end

    def join(self, m: Tracked, reason: str | frozenset[str]) -> None:
        """Add `m`, which joined for `reason`: a text, or the organisations the event had
        then (see `why`)."""
        self.members.append(m)
        self.why.append(reason)

    def reason(self, i: int) -> str:
        """Why member `i` joined."""
        why = self.why[i]
        return why if isinstance(why, str) else reason_text(self.members[i], self, why)

    @property
    def reasons(self) -> dict[str, str]:
        """Milestone id -> why it joined."""
        return {m.id: self.reason(i) for i, m in enumerate(self.members)}

    def _catch_up(self) -> None:
        if self._seen == len(self.members):
            return
        if len(self.members) == 1:  # most events have one report: no tally needed
            self._seen = 1
            self._orgs, self._place = self.members[0].organisations, self.members[0].place
            return
        if self._places is None:  # the first tally, or the first since `settle`
            self._places = Counter(m.place for m in self.members[: self._seen] if m.place)
        new = self.members[self._seen :]
        self._orgs = _union(self._orgs, (m.organisations for m in new))
        self._places.update(m.place for m in new if m.place)
        places = self._places
        self._place = min(places, key=lambda p: (-places[p], p)) if places else None
        self._seen = len(self.members)

    def settle(self) -> None:
        """Drop the tally of places once grouping is done (a Counter an event of several
        reports, held for nothing while plans are linked and rows built); rebuilt from
        the members should another join."""
        self._catch_up()
        self._places = None

    @property
    def organisations(self) -> frozenset[str]:
        self._catch_up()
        return self._orgs

    @property
    def place(self) -> str | None:
        self._catch_up()
        return self._place

    @property
    def type(self) -> str:
        if len(self.members) == 1:
            return self.founder.type
        types = Counter(m.type for m in self.members)
        return min(types, key=lambda t: (-types[t], t != self.founder.type, t))

    @property
    def sources(self) -> int:
        if len(self.members) == 1:
            return 1
        return len({m.article_id for m in self.members})

    @property
    def first_reported(self) -> date | None:
        dates = [m.published for m in self.members if m.published]
        return min(dates) if dates else None


def _union(orgs: frozenset[str], more: Iterable[frozenset[str]]) -> frozenset[str]:
    """`orgs.union(*more)`, as one of the sets given when it is one of them (members name
    fewer organisations than their event or more, rarely others): a set of organisations
    is shared by thousands of milestones and events, not copied for each event."""
    for other in more:
        if not other <= orgs:
            orgs = other if orgs <= other else orgs | other
    return orgs


def reason_text(m: Tracked, e: Event, orgs: frozenset[str]) -> str:
    """Why `m` joined `e`, which had organisations `orgs` when it did."""
    shared = ", ".join(sorted(m.organisations & orgs)) or f"place {m.place}"
    return (
        f"same {e.family} ({m.type} ~ {e.founder.type}), shared {shared}, "
        f"{m.precision} {m.start}..{m.end} overlaps {e.start}..{e.end}"
        + (f", place {m.place}" if m.place else "")
    )


def same_parties(a: frozenset[str], b: frozenset[str]) -> bool:
    """One report may name fewer organisations than another, never different ones:
    {CSTO} and {CSTO, CIS} can be one event; {CSTO, UN} and {CSTO, CIS, SCO} cannot."""
    return not a or not b or a <= b or b <= a


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets of organisations: the closest party list wins a tie."""
    return len(a & b) / len(a | b) if a or b else 1.0
