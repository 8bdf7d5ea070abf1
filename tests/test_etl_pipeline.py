"""Ingest end to end: real files -> real DuckDB file; idempotence, edits, bad input, SIGKILL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.pipeline import ingest
from etl.store import events

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_cf41e171f9c88871.txt"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = ["articles", "milestones", "milestone_organisations", "people",
                  "article_places", "article_organisations"]  # fmt: skip
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def query(db: Path, sql: str) -> list[tuple]:
    """The rows of `sql` on the database file, opened read-only and closed again."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def article_rows(db: Path) -> list[tuple]:
    return query(db, "SELECT id, content_hash, title FROM articles ORDER BY id")


def page(title: str, body: str, day: int = 19) -> str:
    return (
        f"Alle Nachrichten\nPolitik\n{day} Mai 2025, 10:00\n\n{title}\n\n"
        f"MINSK, {day}. Mai (BelTA) – {body}\nAbonnieren Sie uns auf\n"
    )


def test_seed_loads_with_its_metadata(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    summary = ingest([SEED], db)
    assert (summary.files_seen, summary.articles_new) == (1, 1)
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT lang, source, dateline, category, published_utc, utc_offset_min FROM articles"
    ).fetchone()
    assert row[:4] == ("de", "BelTA", "Moscow", "Gesellschaft")
    assert (row[4].isoformat(), row[5]) == ("2025-05-19T13:30:00", 180)
    orgs = {r[0] for r in con.execute("SELECT org_id FROM article_organisations").fetchall()}
    assert {"CSTO", "CIS", "SCO", "UN"} <= orgs


@pytest.mark.skipif(not SAMPLES.exists(), reason="samples not written yet")
def test_reingesting_the_samples_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    first = ingest([SAMPLES], db, workers=2)
    assert list(first.seconds) == ["read, extract, load", "tracker", "derived"]
    assert all(s >= 0 for s in first.seconds.values())
    before, rows = table_counts(db), article_rows(db)
    second = ingest([SAMPLES], db, workers=2)
    assert second.articles_new == second.articles_updated == 0
    assert second.articles_unchanged == first.articles_new + first.articles_updated
    assert table_counts(db) == before
    assert article_rows(db) == rows
    assert before["articles"] >= 40 and before["milestones"] > 0


TRACKER_ROWS = """SELECT e.id, e.family, e.status, e.start_date, list(em.milestone_id ORDER BY 1)
    FROM events e JOIN event_milestones em ON em.event_id = e.id GROUP BY ALL ORDER BY ALL"""


def test_edited_article_replaces_its_old_version_only(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    record = {"url": "https://example.org/a", "title": "A", "published": "2025-05-19T10:00:00+03:00",
              "lang": "en", "source": "Wire",
              "text": "The CSTO and the CIS held consultations on 17 February in Moscow."}  # fmt: skip
    other = {**record, "url": "https://example.org/b", "title": "B"}
    (src / "a.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    db = tmp_path / "d.duckdb"
    ingest([src], db)
    b_before = [r for r in article_rows(db) if r[2] == "B"]
    record["text"] = "The CSTO and the CIS will sign the roadmap by the end of the year."
    (src / "a.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    summary = ingest([src], db)
    assert (summary.articles_new, summary.articles_updated, summary.articles_unchanged) == (0, 1, 1)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    assert con.execute("SELECT type, status FROM milestones m JOIN articles a ON a.id = m.article_id WHERE a.title = 'A'").fetchall() == [("signing", "planned")]
    # The edit is regrouped and derived: the tracker and the dashboard's tables follow it.
    by_type = "SELECT {} FROM {} GROUP BY ALL ORDER BY ALL"
    assert con.execute(by_type.format("type, status, count(*)", "milestone_facts")).fetchall() == [
        ("consultation", "held", 1), ("signing", "planned", 1),
    ]  # fmt: skip
    # The consultation (B's, and A's before the edit) is regrouped without A's milestone,
    # whose number now belongs to a signing.
    assert con.execute(by_type.format("type, status, count(*)", "events")).fetchall() == [
        ("consultation", "held", 1), ("signing", "planned", 1),
    ]  # fmt: skip
    assert con.execute(
        "SELECT count(*), count(DISTINCT milestone_id) FROM event_milestones"
    ).fetchone() == (2, 2)
    incremental = con.execute(TRACKER_ROWS).fetchall()
    con.close()
    full = tmp_path / "full.duckdb"  # the same tables regrouped from scratch
    shutil.copy(db, full)
    con = duckdb.connect(str(full))
    events.refresh_all(con)
    assert con.execute(TRACKER_ROWS).fetchall() == incremental
    con.close()
    assert [r for r in article_rows(db) if r[2] == "B"] == b_before


def test_bad_files_are_recorded_and_never_stop_the_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (src / "big.txt").write_text("x" * 5000, encoding="utf-8")
    good = {"url": "https://example.org/g", "title": "G", "published": "2025-05-19", "lang": "en",
            "text": "The SCO summit will be held in Tianjin on 31 August."}  # fmt: skip
    (src / "mixed.jsonl").write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    (src / "nodate.txt").write_text(page("Ohne Datum", "Die OVKS tagt.").replace("19 Mai 2025, 10:00\n", "").replace("MINSK, 19. Mai (BelTA) – ", ""), encoding="utf-8")
    (src / "twice-a.txt").write_text(page("Zweimal", "Die GUS tagt am 20. Mai."), encoding="utf-8")
    shutil.copy(src / "twice-a.txt", src / "twice-b.txt")
    db = tmp_path / "d.duckdb"
    summary = ingest([src], db, max_bytes=4000)
    assert summary.files_seen == 7
    assert summary.files_rejected == 3  # empty, binary, too big
    assert summary.items_rejected == 1  # the broken JSONL line
    assert summary.duplicates == 1
    assert summary.articles_new == 3  # the good JSONL line, no-date page, one of the twins
    con = duckdb.connect(str(db), read_only=True)
    reasons = dict(con.execute("SELECT regexp_extract(path, '[^/]+$'), reason FROM ingest_errors").fetchall())
    assert set(reasons) == {"empty.txt", "image.png", "big.txt", "mixed.jsonl", "twice-b.txt"}
    assert "duplicate: same article as " in reasons["twice-b.txt"]
    assert "twice-a.txt" in reasons["twice-b.txt"]  # where the original was read
    undated = con.execute("SELECT flags, published_utc FROM articles WHERE published_utc IS NULL").fetchall()
    assert undated == [(["no-date"], None)]
    run = con.execute("SELECT files_seen, articles_new, files_rejected, items_rejected FROM ingest_runs").fetchone()
    assert run == (7, 3, 3, 1)


def test_sigkill_mid_ingest_keeps_the_last_published_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(400):
        (src / f"a{i:04d}.txt").write_text(page(f"Artikel {i}", f"Die OVKS tagt am 20. Mai. Nummer {i}."), encoding="utf-8")
    db = tmp_path / "d.duckdb"
    env = {**os.environ, "DIPLOTIME_PUBLISH_SECONDS": "0"}
    code = (
        "import sys, etl.pipeline as p; p.BATCH_ARTICLES = 20; p.CHUNK_FILES = 10;"
        f"p.ingest([__import__('pathlib').Path({str(src)!r})], __import__('pathlib').Path({str(db)!r}))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while not db.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert db.exists(), "no batch was published before the kill"
    published = table_counts(db)["articles"]
    assert 0 < published <= 400
    summary = ingest([src], db)  # the next run completes
    assert summary.articles_new + summary.articles_unchanged == 400
    assert table_counts(db)["articles"] == 400
    # The killed run's articles were loaded but never grouped or derived: this run did it.
    assert _refreshed(db) == (400, 400, 400)


def _refreshed(db: Path) -> tuple[int, int, int]:
    """Milestones, those in an event, and those with a fact row."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE id IN (SELECT milestone_id FROM event_milestones)),
                count(*) FILTER (WHERE id IN (SELECT id FROM milestone_facts)) FROM milestones"""
        ).fetchone()
    return row


def test_a_run_refreshes_what_a_stopped_run_loaded(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    ingest([SAMPLES], db)
    with duckdb.connect(str(db)) as con:  # as if the last batches' run had stopped there
        article = con.execute("SELECT article_id FROM milestones ORDER BY id LIMIT 1").fetchone()[0]
        con.execute("DELETE FROM milestone_facts WHERE article_id = ?", [article])
        con.execute(
            "DELETE FROM event_milestones WHERE milestone_id IN "
            "(SELECT id FROM milestones WHERE article_id = ?)",
            [article],
        )
    total = _refreshed(db)[0]
    assert _refreshed(db) != (total, total, total)
    summary = ingest([SAMPLES], db)
    assert summary.articles_new == summary.articles_updated == 0
    assert _refreshed(db) == (total, total, total)
    fresh = tmp_path / "fresh.duckdb"
    ingest([SAMPLES], fresh)
    assert _grouping(db) == _grouping(fresh)


def _grouping(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """SELECT e.id, e.start_date, e.end_date, e.sources, list(em.milestone_id ORDER BY 1)
            FROM events e JOIN event_milestones em ON em.event_id = e.id GROUP BY ALL ORDER BY 1"""
        ).fetchall()


def _records_folder(tmp_path: Path, texts: dict[str, list[str]], age_s: int = 3600) -> Path:
    """JSONL files of records, their mtime `age_s` seconds in the past (not racy)."""
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for name, bodies in texts.items():
        lines = [
            json.dumps({"url": f"https://example.org/{name}/{i}", "title": f"{name} {i}",
                        "published": "2025-05-19T10:00:00+03:00", "lang": "en", "text": body})
            for i, body in enumerate(bodies)
        ]  # fmt: skip
        path = src / f"{name}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        stamp = time.time() - age_s
        os.utime(path, (stamp, stamp))
    return src


TEXTS = {
    "a": ["The CSTO and the CIS held consultations on 17 February in Moscow.",
          "The SCO summit will be held in Astana on 4 July."],
    "b": ["The UN Security Council met on 3 March."],
}  # fmt: skip


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the (inline) pipeline opens."""
    import etl.pipeline

    opened: list[str] = []
    real = etl.pipeline.read_path

    def counting(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(etl.pipeline, "read_path", counting)
    return opened


@pytest.mark.parametrize(
    ("change", "read_again", "counts"),
    [
        ("nothing", [], (0, 0, 3)),
        ("touch a", ["a.jsonl"], (0, 0, 3)),  # same content, new mtime: read, all unchanged
        ("edit a", ["a.jsonl"], (0, 1, 2)),  # new content and size: read, one updated
    ],
)
def test_unchanged_files_are_skipped_unread(
    tmp_path: Path, reads: list[str], change: str, read_again: list[str], counts: tuple
) -> None:
    src = _records_folder(tmp_path, TEXTS)
    db = tmp_path / "d.duckdb"
    first = ingest([src], db)
    assert (first.articles_new, sorted(reads)) == (3, ["a.jsonl", "b.jsonl"])
    before = table_counts(db)
    if change == "touch a":
        stamp = time.time() - 60
        os.utime(src / "a.jsonl", (stamp, stamp))
    elif change == "edit a":
        _records_folder(tmp_path, {"a": [TEXTS["a"][0], "The SCO summit opens in Astana on 4 July 2025."]}, 60)
    reads.clear()
    second = ingest([src], db)
    assert sorted(reads) == read_again
    assert (second.articles_new, second.articles_updated, second.articles_unchanged) == counts
    assert second.files_seen == 2
    assert table_counts(db)["articles"] == before["articles"]


def test_files_with_rejected_items_or_just_written_are_read_again(tmp_path: Path, reads: list[str]) -> None:
    src = _records_folder(tmp_path, TEXTS)
    bad = src / "a.jsonl"
    bad.write_text(bad.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    stamp = time.time() - 3600
    os.utime(bad, (stamp, stamp))
    (src / "c.jsonl").write_text((src / "b.jsonl").read_text(encoding="utf-8").replace("/b/", "/c/"), encoding="utf-8")
    db = tmp_path / "d.duckdb"
    first = ingest([src], db)
    assert first.items_rejected == 1
    reads.clear()
    second = ingest([src], db)
    assert sorted(reads) == ["a.jsonl", "c.jsonl"]  # b was clean and old enough to trust
    assert (second.articles_unchanged, second.items_rejected, second.files_seen) == (4, 1, 3)


def test_a_copy_of_a_skipped_files_article_stays_a_duplicate(tmp_path: Path, reads: list[str]) -> None:
    src = _records_folder(tmp_path, {"a": ["The CSTO met on 3 March."], "b": ["Other text.", "The SCO met on 4 March."]})
    b = src / "b.jsonl"  # b's first record has a's URL: a duplicate, loaded once (from a)
    b.write_text(b.read_text(encoding="utf-8").replace("example.org/b/0", "example.org/a/0"), encoding="utf-8")
    stamp = time.time() - 3600
    os.utime(b, (stamp, stamp))
    db = tmp_path / "d.duckdb"
    first = ingest([src], db)
    reads.clear()
    second = ingest([src], db)
    assert reads == ["b.jsonl"]  # a was clean; b held a duplicate, so it is read again
    assert (first.articles_new, first.duplicates) == (2, 1)
    assert (second.articles_updated, second.articles_unchanged, second.duplicates) == (0, 2, 1)
    # The original is named even when its file was not read again.
    (reason,) = [e.reason for e in second.errors]
    assert reason.startswith("duplicate: same article as ") and "a.jsonl" in reason


def test_workers_with_a_bounded_backlog_load_what_one_process_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers with one task each in flight: every result arrives, in input order."""
    texts = {f"f{i:03d}": [f"The CSTO met on {1 + i % 28} March.", f"Text {i}."] for i in range(60)}
    src = _records_folder(tmp_path, texts)
    monkeypatch.setattr("etl.pipeline.CHUNK_FILES", 4)
    monkeypatch.setattr("etl.pipeline.AHEAD_CHUNKS", 1)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    assert ingest([src], one).counts() == ingest([src], two, workers=2).counts()
    assert table_counts(one) == table_counts(two)
    assert table_counts(two)["articles"] == 120
    assert article_rows(one) == article_rows(two)
    assert titles_in_load_order(one) == titles_in_load_order(two)


def titles_in_load_order(db: Path) -> list[tuple]:
    return query(db, "SELECT title FROM articles ORDER BY rowid")


def test_progress_bars_cover_the_tracker_and_the_derived_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the files' bar the tracker and the derived tables take minutes on a large
    archive: each has a bar too, family by family and stage by stage."""
    texts = {f"f{i:03d}": [f"The CSTO met on {1 + i % 28} March.", f"Text {i}."] for i in range(60)}
    src, db = _records_folder(tmp_path, texts), tmp_path / "d.duckdb"
    ingest([src], db, progress=True)
    err = capsys.readouterr().err
    [(milestones,)] = query(db, "SELECT count(*) FROM milestones")
    families = query(db, "SELECT DISTINCT family FROM events")
    assert milestones > 0 and "ingest" in err
    assert "tracker: 100%" in err and f"{milestones}/{milestones}" in err
    assert all(f"{family} regrouped" in err for (family,) in families)
    assert "derived tables: 100%" in err and "3/3" in err and "event facts done" in err
    ingest([src], db, progress=True)  # nothing to read: no bar at all
    assert capsys.readouterr().err == ""
