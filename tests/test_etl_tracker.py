"""Tracker: grouping milestones into events, linking plans to outcomes, incremental refresh."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import ingest
from etl.store import events as event_store
from etl.tracker.grouping import Tracked, group, same_parties
from etl.tracker.plans import link, outcome

D = date.fromisoformat


def ms(
    mid: str, type_: str, status: str, start: str, end: str | None = None, *,
    precision: str = "day", orgs: tuple[str, ...] = ("CSTO",), place: str | None = None,
    published: str = "2025-05-01", rescheduled: bool = False,
) -> Tracked:  # fmt: skip
    return Tracked(
        id=mid, article_id="a-" + mid, type=type_, status=status, start=D(start),
        end=D(end or start), precision=precision, organisations=frozenset(orgs), place=place,
        published=D(published), rescheduled=rescheduled,
    )  # fmt: skip


def membership(events: list) -> list[set[str]]:
    return sorted(({m.id for m in e.members} for e in events), key=lambda s: sorted(s))


@pytest.mark.parametrize(
    ("milestones", "expected"),
    [
        # The same summit reported as summit, session and in autumn: one event.
        ([ms("a", "summit", "held", "2025-08-31", "2025-09-01", place="Tianjin"),
          ms("b", "session", "held", "2025-09-01", place="Tianjin"),
          ms("c", "summit", "held", "2025-09-01", "2025-11-30", precision="season")],
         [{"a", "b", "c"}]),
        # Two meetings of the same organisations a week apart stay two events.
        ([ms("a", "meeting", "held", "2025-06-10", orgs=("CIS", "CSTO")),
          ms("b", "consultation", "held", "2025-06-17", orgs=("CIS", "CSTO")),
          ms("c", "meeting", "held", "2025-06-01", "2025-06-30", precision="month",
             orgs=("CSTO",))],
         [{"a", "c"}, {"b"}]),
        # Different families never merge; nor do different places or different parties.
        ([ms("a", "signing", "held", "2025-10-10"), ms("b", "summit", "held", "2025-10-10")],
         [{"a"}, {"b"}]),
        ([ms("a", "summit", "held", "2025-10-10", place="Minsk"),
          ms("b", "summit", "held", "2025-10-10", place="Astana")],
         [{"a"}, {"b"}]),
        ([ms("a", "signing", "held", "2025-10-10", orgs=("CSTO", "UN")),
          ms("b", "signing", "held", "2025-10-10", orgs=("CSTO", "CIS", "SCO"))],
         [{"a"}, {"b"}]),
        # Held and planned reports of one happening are kept apart: plans are linked instead.
        ([ms("a", "summit", "planned", "2025-08-31"), ms("b", "summit", "held", "2025-08-31")],
         [{"a"}, {"b"}]),
        # A coarse report joins the event whose parties match best.
        ([ms("a", "signing", "held", "2025-09-01", orgs=("SCO",)),
          ms("b", "signing", "held", "2025-10-10", orgs=("CSTO", "CIS", "SCO")),
          ms("c", "signing", "held", "2025-09-01", "2025-11-30", precision="season",
             orgs=("CSTO", "CIS", "SCO"))],
         [{"a"}, {"b", "c"}]),
    ],
)  # fmt: skip
def test_grouping_rules(milestones: list[Tracked], expected: list[set[str]]) -> None:
    assert membership(group(milestones)) == sorted(expected, key=lambda s: sorted(s))


def test_grouping_is_deterministic_and_explained() -> None:
    items = [
        ms(f"m{i}", random.Random(i).choice(["summit", "session", "meeting"]), "held",
           (date(2025, 1, 1) + timedelta(days=i % 40)).isoformat(),
           orgs=(["CSTO", "CIS", "SCO"][i % 3],))
        for i in range(120)
    ]  # fmt: skip
    first = group(items)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    second = group(shuffled)
    assert [(e.id, sorted(m.id for m in e.members)) for e in first] == [
        (e.id, sorted(m.id for m in e.members)) for e in second
    ]
    for e in first:
        assert e.reasons[e.founder.id] == "first report"
        assert all("shared" in e.reasons[m.id] for m in e.members if m is not e.founder)


def test_same_parties() -> None:
    assert same_parties(frozenset({"CSTO"}), frozenset({"CSTO", "CIS"}))
    assert same_parties(frozenset(), frozenset({"UN"}))
    assert not same_parties(frozenset({"CSTO", "UN"}), frozenset({"CSTO", "CIS"}))


def _events(*milestones: Tracked) -> tuple[list, list]:
    events = group(milestones)
    return [e for e in events if e.status == "planned"], [e for e in events if e.status == "held"]


@pytest.mark.parametrize(
    ("plan", "held", "expected"),
    [
        (ms("p", "signing", "planned", "2025-05-19", "2025-12-31", precision="year"),
         ms("h", "signing", "held", "2025-10-10", published="2025-10-10"), ("h", 0)),
        (ms("p", "session", "planned", "2025-03-01", "2025-03-31", precision="month",
            published="2025-02-20"),
         ms("h", "session", "held", "2025-04-22", published="2025-04-22"), ("h", 22)),
        (ms("p", "summit", "planned", "2025-07-03", published="2025-06-01"),
         ms("h", "summit", "held", "2025-07-01", published="2025-07-01"), ("h", -2)),
        # Too late to be the same plan, or before the plan was announced: no link.
        (ms("p", "summit", "planned", "2025-03-01", "2025-03-31", precision="month",
            published="2025-02-01"),
         ms("h", "summit", "held", "2025-12-01", published="2025-12-01"), (None, None)),
        (ms("p", "summit", "planned", "2025-06-01", "2025-06-30", precision="month",
            published="2025-06-10"),
         ms("h", "summit", "held", "2025-06-05", published="2025-06-05"), (None, None)),
        # Other parties, another kind of event: no link.
        (ms("p", "signing", "planned", "2025-06-01", "2025-06-30", precision="month",
            orgs=("CSTO", "UN")),
         ms("h", "signing", "held", "2025-06-10", orgs=("CSTO", "CIS")), (None, None)),
        (ms("p", "signing", "planned", "2025-06-10"), ms("h", "visit", "held", "2025-06-10"),
         (None, None)),
    ],
)  # fmt: skip
def test_plan_links(plan: Tracked, held: Tracked, expected: tuple) -> None:
    plans, helds = _events(plan, held)
    (result,) = link(plans, helds)
    fulfilled = None if result.fulfilled_by is None else "h"
    assert (fulfilled, result.delay_days) == expected


def test_rescheduled_plan_is_met_late_through_its_replacement() -> None:
    original = ms("p1", "consultation", "planned", "2025-03-01", "2025-03-31",
                  precision="month", published="2025-02-20")  # fmt: skip
    moved = ms("p2", "consultation", "planned", "2025-04-22", published="2025-03-14",
               rescheduled=True)  # fmt: skip
    held = ms("h", "consultation", "held", "2025-04-22", published="2025-04-22")
    plans, helds = _events(original, moved, held)
    links = {x.plan_id: x for x in link(plans, helds)}
    by_member = {e.members[0].id: e.id for e in plans}
    first = links[by_member["p1"]]
    assert first.rescheduled_to == by_member["p2"]
    assert first.delay_days == 22 and first.fulfilled_by is not None
    assert links[by_member["p2"]].delay_days == 0


@pytest.mark.parametrize(
    ("window_end", "fulfilled", "delay", "today", "expected"),
    [
        ("2025-12-31", "2025-10-10", 0, "2026-01-01", "met on time"),
        ("2025-03-31", "2025-04-22", 22, "2026-01-01", "met late"),
        ("2025-07-03", "2025-07-01", -2, "2026-01-01", "met early"),
        ("2025-05-31", None, None, "2026-01-01", "overdue"),
        ("2026-05-31", None, None, "2026-01-01", "pending"),
        ("2026-01-01", None, None, "2026-01-01", "pending"),
    ],
)
def test_outcome(window_end: str, fulfilled: str | None, delay: int | None, today: str, expected: str) -> None:
    got = outcome(D(window_end), D(fulfilled) if fulfilled else None, delay, D(today))
    assert got == expected


# --- end to end: files in three languages -> events and plan links in the database ---

STORIES = {
    "de_plan.jsonl": {"url": "https://example.org/de-plan", "title": "Fahrplan", "lang": "de",
        "published": "2025-05-19T16:30:00+03:00", "source": "BelTA",
        "text": "Der Fahrplan der OVKS, der GUS und der SOZ soll bis zum Ende dieses Jahres unterzeichnet werden."},
    "ru_done.jsonl": {"url": "https://example.org/ru-done", "title": "Подписание", "lang": "ru",
        "published": "2025-10-10T15:00:00+03:00", "source": "ТАСС",
        "text": "Генеральные секретари ОДКБ, СНГ и ШОС подписали сегодня в Душанбе дорожную карту."},
    "en_done.jsonl": {"url": "https://example.org/en-done", "title": "Roadmap signed", "lang": "en",
        "published": "2025-10-11T09:00:00+00:00", "source": "Wire",
        "text": "The CSTO, the CIS and the SCO signed the roadmap in Dushanbe on 10 October."},
    "en_overdue.jsonl": {"url": "https://example.org/en-overdue", "title": "Memorandum", "lang": "en",
        "published": "2025-01-30T09:00:00+00:00", "source": "Wire",
        "text": "The CSTO and the UN Office on Drugs and Crime plan to sign a memorandum in the spring."},
    "de_anniversary.jsonl": {"url": "https://example.org/de-anniv", "title": "Jahrestag", "lang": "de",
        "published": "2025-05-15T10:00:00+03:00", "source": "BelTA",
        "text": "Die OVKS begeht den Jahrestag des am 15. Mai 1992 in Taschkent unterzeichneten Vertrags. Die Außenminister der OVKS treffen sich am 20. Mai in Minsk."},
}  # fmt: skip


def _write(folder: Path, names: list[str]) -> None:
    import json

    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(json.dumps(STORIES[name], ensure_ascii=False) + "\n", encoding="utf-8")


def _tracker(db: Path) -> tuple[list, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        events_ = con.execute(
            """SELECT e.family, e.status, e.start_date, e.sources,
                      (SELECT list(org_id ORDER BY org_id) FROM event_organisations o WHERE o.event_id = e.id)
               FROM events e ORDER BY e.start_date, e.family, e.status"""
        ).fetchall()
        links = con.execute(
            """SELECT p.family, p.end_date, h.start_date, l.delay_days
               FROM plan_links l JOIN events p ON p.id = l.plan_id
               LEFT JOIN events h ON h.id = l.fulfilled_by ORDER BY p.end_date"""
        ).fetchall()
        return events_, links
    finally:
        con.close()


def test_files_to_events_and_plans(tmp_path: Path) -> None:
    src, db = tmp_path / "in", tmp_path / "d.duckdb"
    _write(src, list(STORIES))
    ingest([src], db)
    events_, links = _tracker(db)
    signings = [e for e in events_ if e[0] == "signing"]
    # The Russian and English reports of the signing are one event with two sources.
    assert [e for e in signings if e[1] == "held"] == [("signing", "held", D("2025-10-10"), 2, ["CIS", "CSTO", "SCO"])]
    # The German plan is met on time by it; the memorandum plan has no fulfilment.
    assert (D("2025-12-31"), D("2025-10-10"), 0) in [(x[1], x[2], x[3]) for x in links]
    assert (D("2025-05-31"), None, None) in [(x[1], x[2], x[3]) for x in links]
    # The 1992 treaty is history, not a signing event.
    assert not [e for e in events_ if e[2].year == 1992]


def test_incremental_refresh_equals_full_regrouping(tmp_path: Path) -> None:
    src, db = tmp_path / "in", tmp_path / "d.duckdb"
    _write(src, ["de_plan.jsonl", "en_overdue.jsonl", "de_anniversary.jsonl"])
    ingest([src], db)
    _write(src, ["ru_done.jsonl", "en_done.jsonl"])
    ingest([src], db)
    incremental = _tracker(db)
    copy = tmp_path / "full.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    event_store.refresh_all(con)
    con.close()
    assert _tracker(copy) == incremental
    # Re-ingesting unchanged files touches nothing.
    before = _tracker(db)
    summary = ingest([src], db)
    assert summary.articles_new == summary.articles_updated == 0
    assert _tracker(db) == before


class _NoRegister:
    """A connection that refuses `register`: DuckDB keeps a registered frame alive until
    the transaction commits, even once unregistered, and the tracker's is long."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def register(self, *_: object) -> None:
        raise AssertionError("a frame registered inside the tracker's transaction")

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def test_incremental_refresh_registers_no_frame(tmp_path: Path) -> None:
    src, db = tmp_path / "in", tmp_path / "d.duckdb"
    _write(src, ["de_plan.jsonl", "en_overdue.jsonl"])
    ingest([src], db)
    con = duckdb.connect(str(db))
    try:
        con.execute("BEGIN TRANSACTION")
        article_ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        counts = event_store.refresh(_NoRegister(con), article_ids)  # type: ignore[arg-type]
        con.execute("COMMIT")
    finally:
        con.close()
    assert counts.regrouped_milestones > 0 and counts.plans > 0
    assert _tracker(db)[0]


def test_a_plan_in_a_country_is_met_in_one_of_its_cities() -> None:
    plan = ms("p", "summit", "planned", "2025-01-01", "2025-12-31", precision="year",
              place="China", orgs=("SCO",), published="2024-07-04")  # fmt: skip
    held = ms("h", "summit", "held", "2025-08-31", "2025-09-01", place="Tianjin", orgs=("SCO",),
              published="2025-09-01")  # fmt: skip
    plans, helds = _events(plan, held)
    (result,) = link(plans, helds)
    assert result.fulfilled_by is not None and result.delay_days == 0
