"""The parallel regroup writes exactly the rows of the sequential one (`etl.tracker.parallel`,
`etl.store.events.refresh_all`)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from etl.store import events
from etl.store.schema import migrate
from etl.tracker import parallel as parallel_mod
from etl.tracker.parallel import FamilySource, regroup_families
from etl.tracker.rows import MILESTONE_COLUMNS, FamilyRows

PRECISIONS = {"day": 0, "week": 6, "month": 29, "season": 90, "half": 181, "year": 364}
PLACES = [None, None, "Minsk", "Belarus", "Moscow", "Russia", "Astana"]
ORGS = ["CSTO", "CIS", "SCO", "UN"]
TYPES = ["summit", "session", "meeting", "consultation", "signing", "visit"]
EVIDENCE = ["The summit was held.", "The summit was held.", "Talks were rescheduled.", ""]
TRACKER_TABLES = ("events", "event_milestones", "event_organisations", "plan_links")


def _random_rows(seed: int, n: int) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        precision = rnd.choice(list(PRECISIONS))
        start = date(2024, 1, 1) + timedelta(days=rnd.randrange(400))
        rows.append({
            "id": f"m{seed}-{i:05d}", "article_id": f"a{i % 40:03d}", "type": rnd.choice(TYPES),
            "status": rnd.choice(["held", "planned"]), "start_date": start,
            "end_date": start + timedelta(days=PRECISIONS[precision]), "precision": precision,
            "mod": rnd.choice([None, "approx"]), "place": rnd.choice(PLACES),
            "published_date": start - timedelta(days=rnd.randrange(30)),
            "orgs": sorted(rnd.sample(ORGS, rnd.choice([0, 1, 1, 2, 3]))),
            "timex": start.isoformat(), "evidence": rnd.choice(EVIDENCE),
        })  # fmt: skip
    return rows


def _sources(rows: list[dict]) -> list[FamilySource]:
    by_type: dict[str, list[dict]] = {}
    for row in rows:
        by_type.setdefault(row["type"], []).append(row)

    def read(of: list[dict]) -> list[pa.RecordBatch]:
        table = pa.Table.from_pylist([{c: r[c] for c in MILESTONE_COLUMNS} for r in of])
        return table.to_batches(max_chunksize=37)  # several batches a family

    return [
        FamilySource(type_, len(of), lambda of=of: read(of))
        for type_, of in sorted(by_type.items())
    ]


def _shape(rows: FamilyRows) -> tuple:
    tables: dict[str, list[dict]] = {}
    for name, table in rows.parts:
        tables.setdefault(name, []).extend(table.to_pylist())
    return tables, rows.milestones, rows.events, rows.plans


@pytest.mark.parametrize("seed", [1, 2])
def test_parallel_families_equal_sequential(seed: int) -> None:
    sources = _sources(_random_rows(seed, 900))
    sequential = [_shape(r) for r in regroup_families(sources, workers=1)]
    parallel = [_shape(r) for r in regroup_families(sources, workers=2)]
    assert parallel == sequential
    assert sum(s[1] for s in sequential) == 900
    assert any(s[0].get("plan_links") for s in sequential)


def _database(path: Path, rows: list[dict]) -> duckdb.DuckDBPyConnection:
    """A migrated database holding `rows` as milestones (bulk-inserted from Arrow)."""
    con = duckdb.connect(str(path))
    migrate(con)
    ids = sorted({r["article_id"] for r in rows})
    con.register("new_articles", pa.table({
        "id": ids, "published_date": [date(2024, 1, 1) + timedelta(days=int(a[1:])) for a in ids],
    }))  # fmt: skip
    con.execute(
        "INSERT INTO articles (id, content_hash, published_date, body, path, format, first_run,"
        " last_run) SELECT id, id, published_date, 'x', 'p', 'txt', 1, 1 FROM new_articles"
    )
    con.register("new_milestones", pa.Table.from_pylist(rows))
    con.execute(
        "INSERT INTO milestones (id, article_id, ordinal, type, status, timex, mod, start_date,"
        " end_date, precision, place, evidence, evidence_begin, evidence_end)"
        " SELECT id, article_id, 0, type, status, timex, mod, start_date, end_date, precision,"
        " place, evidence, 0, 1 FROM new_milestones"
    )
    con.execute("INSERT INTO milestone_organisations SELECT id, unnest(orgs) FROM new_milestones")
    return con


def _dump(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TRACKER_TABLES}


def test_refresh_all_in_parallel_writes_the_sequential_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = _database(tmp_path / "t.duckdb", _random_rows(3, 1500))
    sequential = events.refresh_all(con, workers=1)
    expected = _dump(con)
    monkeypatch.setattr(events, "PARALLEL_MIN_MILESTONES", 0)
    parallel = events.refresh_all(con, workers=2)
    assert parallel == sequential
    assert _dump(con) == expected
    assert expected["plan_links"] and any(r[3] for r in expected["plan_links"])  # rescheduled
    con.close()


def test_a_failing_worker_fails_the_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _sources(_random_rows(4, 200))
    broken = FamilySource("broken", 10**6, lambda: [pa.record_batch({"id": ["x"]})])
    with pytest.raises(RuntimeError, match="regrouping broken failed") as raised:
        list(regroup_families([*sources, broken], workers=2))
    assert "Traceback" in str(raised.value)  # the worker's own error output


@pytest.mark.parametrize(
    ("running", "size", "expected"),
    [
        ([], 5_000, True),  # a family bigger than the budget runs alone
        ([400], 500, True),
        ([400], 700, False),  # together over the budget: waits
        ([100, 100], 100, False),  # every worker busy
    ],
)
def test_families_start_within_workers_and_memory_budget(
    running: list[int], size: int, expected: bool
) -> None:
    assert parallel_mod.may_start(running, size, workers=2, budget=1_000) is expected


def test_a_tight_budget_regroups_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_mod, "CONCURRENT_MILESTONES", 1)  # one family at a time
    test_parallel_families_equal_sequential(3)


def test_result_files_are_read_back_in_bounded_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel_mod, "SLICE_ROWS", 7)
    table = pa.table({"event_id": [f"e{i}" for i in range(30)], "org_id": ["CSTO"] * 30})
    path = tmp_path / "out-3-event_organisations.arrow"
    with pa.ipc.new_file(str(path), table.schema) as writer:
        writer.write_table(table, max_chunksize=12)  # batches bigger than a slice
    parts = list(parallel_mod._slices([str(path)]))
    assert {name for name, _ in parts} == {"event_organisations"}
    assert max(part.num_rows for _, part in parts) <= 7
    assert pa.concat_tables([part for _, part in parts]).equals(table)  # all rows, in order
    assert not path.exists()  # removed once read


def test_parallel_rows_arrive_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_mod, "SLICE_ROWS", 50)  # the parent's reading, not the workers'
    sources = _sources(_random_rows(5, 600))
    sizes = [t.num_rows for r in regroup_families(sources, workers=2) for _, t in r.parts]
    assert sum(sizes) > 600 and max(sizes) == 50  # read while the files exist
