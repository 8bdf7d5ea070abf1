"""The dashboard's derived tables (`etl.store.derived`): backfilled on migration, equal to
what the base tables say after a refresh, and a word index that finds what ILIKE finds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, build_fixture_db

from dashboard import marks
from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.queries import NO_ORG, fetch
from etl.pipeline import ingest
from etl.store import derived
from etl.store.events import refresh_all
from etl.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

# Every derived table, by the columns that do not depend on insertion order (no keys).
_CONTENT = {
    "milestone_facts": "* EXCLUDE (mkey, org_mask)",
    "event_facts": "* EXCLUDE (org_mask)",
    "plan_facts": "* EXCLUDE (org_mask)",
    "summary_org_months": "*",
    "summary_org_lists": "*",
    "summary_places": "*",
    "summary_people": "*",
    "summary_event_lanes": "* EXCLUDE (org_mask)",
    "summary_plan_outcomes": "*",
    "summary_facets": "*",
}
_POSTINGS = """SELECT f.id, w.word FROM search_postings p JOIN search_words w USING (word_id)
    JOIN milestone_facts f USING (mkey)"""
_EVENT_POSTINGS = """SELECT e.id, w.word FROM search_event_postings p
    JOIN search_words w USING (word_id) JOIN event_facts e USING (ekey)"""
# What the event postings must hold: the words of each event's member milestones.
_MEMBER_WORDS = """SELECT DISTINCT f.event_id, w.word FROM search_postings p
    JOIN search_words w USING (word_id) JOIN milestone_facts f USING (mkey)
    WHERE f.event_id IS NOT NULL"""


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    out = {
        t: sorted(map(repr, con.execute(f"SELECT {c} FROM {t}").fetchall()))
        for t, c in _CONTENT.items()
    }
    out["postings"] = sorted(map(repr, con.execute(_POSTINGS).fetchall()))
    out["event_postings"] = sorted(map(repr, con.execute(_EVENT_POSTINGS).fetchall()))
    return out


def _rebuilt(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """What the base tables say now (a rebuild from scratch), leaving `con` as it was."""
    con.execute("BEGIN TRANSACTION")
    derived.rebuild(con)
    snap = _snapshot(con)
    con.execute("ROLLBACK")
    return snap


@pytest.fixture()
def con(tmp_path: Path):
    path = build_fixture_db(tmp_path / "d.duckdb")
    c = duckdb.connect(str(path))
    yield c
    c.close()


def test_buckets_and_lane_agree_with_the_dashboard() -> None:
    assert derived.LANE_BUCKETS == marks.BUCKETS and derived.NO_LANE == NO_ORG


def test_migration_from_v3_backfills(tmp_path: Path) -> None:
    c = duckdb.connect(str(tmp_path / "v3.duckdb"))
    for number, ddl in enumerate(MIGRATIONS[:3], start=1):
        c.execute(ddl)
        c.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
    c.execute((FIXTURES / "dashboard.sql").read_text(encoding="utf-8"))
    refresh_all(c)
    assert migrate(c) == SCHEMA_VERSION
    snap = _snapshot(c)
    assert (
        len(snap["milestone_facts"]) == c.execute("SELECT count(*) FROM milestones").fetchone()[0]
    )
    assert snap["postings"] and snap["event_facts"] and snap["summary_event_lanes"]
    assert snap == _rebuilt(c)


def test_migration_from_v5_fills_the_v6_tables(tmp_path: Path) -> None:
    path = build_fixture_db(tmp_path / "v5.duckdb")
    c = duckdb.connect(str(path))
    whole = _snapshot(c)
    for table in ("search_event_postings", "summary_plan_outcomes", "summary_facets"):
        c.execute(f"DROP TABLE {table}")
    c.execute("DELETE FROM schema_version WHERE version = 6")
    assert migrate(c) == SCHEMA_VERSION
    assert _snapshot(c) == whole and whole["event_postings"] and whole["summary_facets"]


def test_event_postings_hold_the_words_of_the_members(con) -> None:
    found = con.execute(_EVENT_POSTINGS).fetchall()
    assert found and len(found) == len(set(found))
    assert set(found) == set(con.execute(_MEMBER_WORDS).fetchall())


def test_incremental_ingest_with_a_regroup_equals_a_rebuild(tmp_path: Path) -> None:
    """A second ingest regroups events (new reports of a known event, a plan's fulfilment):
    event ids and keys change, and the event postings follow (`derived._index_events`)."""
    src, db = tmp_path / "in", tmp_path / "d.duckdb"
    src.mkdir()
    _write_story(src, "en_done", "en", "2025-10-11T09:00:00+00:00", "Roadmap signed",
                 "The CSTO, the CIS and the SCO signed the roadmap in Dushanbe on 10 October.")  # fmt: skip
    ingest([src], db)
    before = _event_ids(db)
    _write_story(src, "ru_done", "ru", "2025-10-10T15:00:00+03:00", "Подписание",
                 "Генеральные секретари ОДКБ, СНГ и ШОС подписали сегодня в Душанбе дорожную карту.")  # fmt: skip
    _write_story(src, "de_plan", "de", "2025-05-19T16:30:00+03:00", "Fahrplan",
                 "Der Fahrplan der OVKS, der GUS und der SOZ soll bis zum Ende dieses Jahres unterzeichnet werden.")  # fmt: skip
    ingest([src], db)
    assert _event_ids(db) != before
    c = duckdb.connect(str(db))
    try:
        after = _snapshot(c)
        assert after == _rebuilt(c)
        assert any("roadmap" in p for p in after["event_postings"])
        assert set(c.execute(_EVENT_POSTINGS).fetchall()) == set(
            c.execute(_MEMBER_WORDS).fetchall()
        )
    finally:
        c.close()


def _write_story(folder: Path, name: str, lang: str, published: str, title: str, text: str) -> None:
    story = {"url": f"https://example.org/{name}", "title": title, "lang": lang,
             "published": published, "source": "Wire", "text": text}  # fmt: skip
    (folder / f"{name}.jsonl").write_text(json.dumps(story, ensure_ascii=False) + "\n", "utf-8")


def _event_ids(db: Path) -> set[str]:
    c = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in c.execute("SELECT id FROM event_facts").fetchall()}
    finally:
        c.close()


def test_facts_carry_the_base_rows(con) -> None:
    rows = con.execute(
        """SELECT count(*) FROM milestone_facts f JOIN milestones m USING (id)
        JOIN articles a ON a.id = m.article_id
        WHERE f.organisations = coalesce((SELECT list(org_id ORDER BY org_id)
                FROM milestone_organisations WHERE milestone_id = m.id), [])
          AND f.title IS NOT DISTINCT FROM a.title AND f.lang IS NOT DISTINCT FROM a.lang
          AND f.event_id = (SELECT event_id FROM event_milestones WHERE milestone_id = m.id)"""
    ).fetchone()[0]
    assert rows == con.execute("SELECT count(*) FROM milestones").fetchone()[0]


def test_refresh_of_an_edited_article_equals_a_rebuild(con) -> None:
    article = con.execute("SELECT article_id FROM milestones ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("UPDATE articles SET title = 'Roadmap Ωμέγα edited' WHERE id = ?", [article])
    con.execute(
        "UPDATE milestones SET evidence = evidence || ' zyxword' WHERE article_id = ?", [article]
    )
    con.execute(
        """DELETE FROM milestone_organisations WHERE milestone_id IN
        (SELECT id FROM milestones WHERE article_id = ?)""",
        [article],
    )
    con.execute("BEGIN TRANSACTION")
    derived.refresh(con, [article])
    con.execute("COMMIT")
    after = _snapshot(con)
    assert after == _rebuilt(con)
    assert any("zyxword" in p for p in after["postings"])
    derived.refresh(con, [article])  # a re-ingest of the same data changes nothing
    assert _snapshot(con) == after
    derived.refresh(con, [])  # nothing changed: nothing to do
    assert _snapshot(con) == after


@pytest.mark.parametrize(
    "query",
    [
        "roadmap", "Fahrplan", "fahrPLAN", "plan", "OVKS, GUS", "CSTO leaders", "summit in",
        "Минске", "минск", "ЕАЭС", "Евразийский экономический", "–", ", ", "%", "_", "'", "a_b",
        "2025", "1 September", "s", "zzz-not-there", "Sep.", "İstanbul", "(CSTO)",
    ],
)  # fmt: skip
def test_word_index_finds_what_ilike_finds(dashboard_db: Database, query: str) -> None:
    found = fetch(
        dashboard_db,
        *_ids(Filters(query=query)),
    )
    scan = fetch(
        dashboard_db,
        """SELECT m.id FROM milestones m JOIN articles a ON a.id = m.article_id
        WHERE m.evidence ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\' ORDER BY 1""",
        [f"%{_escape(query)}%"] * 2,
    )
    assert list(found["id"]) == list(scan["id"])


def _ids(filters: Filters) -> tuple[str, list]:
    rows, params = filters.rows_sql()
    return f"SELECT m.id FROM {rows} ORDER BY 1", params


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _mask_of(organisations: str) -> str:
    """SQL of the org_mask a list of organisations should have: the OR of their bits."""
    return f"""(SELECT coalesce(bit_or(1::UBIGINT << least(b.bit, {derived.OVERFLOW_BIT})),
        0::UBIGINT) FROM org_bits b WHERE list_contains({organisations}, b.org))"""


def _masks_agree(con: duckdb.DuckDBPyConnection) -> None:
    """Every org_mask is the OR of its organisations' bits (bits differ between a refresh
    and a rebuild, which number organisations in another order)."""
    for table in ("milestone_facts", "event_facts", "plan_facts", "summary_event_lanes"):
        wrong = con.execute(
            f"SELECT count(*) FROM {table} t WHERE t.org_mask <> {_mask_of('t.organisations')}"
        ).fetchone()[0]
        assert wrong == 0, table


def test_masks_agree_after_a_build(con: duckdb.DuckDBPyConnection) -> None:
    _masks_agree(con)
    assert con.execute("SELECT count(*) FROM org_bits").fetchone()[0] > 3


def test_organisations_beyond_the_mask_bits_filter_exactly(tmp_path: Path) -> None:
    """With more organisations than bits, those sharing the overflow bit still filter exactly."""
    path = build_fixture_db(tmp_path / "many.duckdb")
    c = duckdb.connect(str(path))
    c.execute(
        """INSERT INTO milestone_organisations
        SELECT id, 'X' || lpad(CAST((3 * i + k) % 90 AS VARCHAR), 2, '0')
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM milestones),
            range(3) AS r(k)"""
    )
    c.execute("BEGIN TRANSACTION")
    derived.rebuild(c)
    c.execute("COMMIT")
    _masks_agree(c)
    bits = dict(c.execute("SELECT org, bit FROM org_bits").fetchall())
    c.close()
    assert max(bits.values()) > derived.OVERFLOW_BIT
    low = min((o for o in bits if bits[o] < derived.OVERFLOW_BIT), key=bits.get)
    high = max(bits, key=bits.get)
    db = Database(path)
    for orgs in ((low,), (high,), (low, high), ("CSTO", high)):
        truth = fetch(
            db,
            f"""SELECT DISTINCT milestone_id FROM milestone_organisations
            WHERE org_id IN ({", ".join("?" for _ in orgs)})""",
            list(orgs),
        )
        rows, params = Filters(orgs=orgs).rows_sql()
        found = fetch(db, f"SELECT m.id FROM {rows}", params)
        assert set(found["id"]) == set(truth["milestone_id"]) != set(), orgs


def test_month_ranges_group_consecutive_months_up_to_the_chunk() -> None:
    c = duckdb.connect()
    counts = """SELECT * FROM (VALUES (DATE '2024-11-01', 2), (DATE '2024-12-01', 2),
        (DATE '2025-01-01', 9), (DATE '2025-03-01', 1), (DATE '2025-04-01', 1)) t(m, n)"""
    ranges = derived._month_ranges(c, counts, chunk_rows=4)
    assert [(str(lo), str(hi)) for lo, hi in ranges] == [
        ("2024-11-01", "2025-01-01"),  # 2 + 2
        ("2025-01-01", "2025-03-01"),  # a month bigger than a chunk stands alone
        ("2025-03-01", "2025-05-01"),  # December rolls over; gaps need no range
    ]
    assert derived._month_ranges(c, counts + " WHERE n < 0", chunk_rows=4) == []


def test_small_chunks_build_the_same_tables_in_start_date_order(con, monkeypatch) -> None:
    whole = _rebuilt(con)
    monkeypatch.setattr(derived, "_CHUNK_ROWS", 2)
    assert _rebuilt(con) == whole
    con.execute("BEGIN TRANSACTION")
    derived.rebuild(con)
    order = con.execute("SELECT start_date, id FROM milestone_facts ORDER BY mkey").fetchall()
    events = con.execute("SELECT start_date, id FROM event_facts ORDER BY ekey").fetchall()
    con.execute("ROLLBACK")
    assert order == sorted(order) and events == sorted(events)
