"""The benchmark runs end to end on a tiny corpus, and the corpus is deterministic and readable.

No timed assertion: the numbers depend on the machine; what must hold is that every
row of the table is printed with a status, and that the generator's output is what
`diplotime ingest` reads.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import BATCH, plan, write_corpus
from etl.readers import iter_files, read_path
from etl.records import Document

ROOT = Path(__file__).resolve().parents[1]
ROWS = (
    "corpus",
    "ingest, 1 worker",
    "ingest, all cores (2 workers)",
    "  of which (wall)",
    "peak RSS of the ingest process tree",
    "1M articles, ingest time",
    "database size per 100,000 articles",
    "re-ingest unchanged, time vs first ingest",
    "extraction alone, 1 process",
    "peer (dateparser search_dates per sentence), 1 process",
    "extraction / peer, 1 process each",
    "ingest all cores / peer",
    "stage: read (readers)",
    "stage: extraction",
    "stage: worker: rows -> Arrow columns",
    "stage: parent: DuckDB load",
    "stages together",
    "query+chart: one organisation, p50 / p95",
    "query+chart: three organisations, one year, p50 / p95",
    "query+chart: text search, p50 / p95",
    "query+chart: text search, rarer word, p50 / p95",
    "timeline payload (all, figure JSON), p50 / p95",
    "overview aggregates (7 queries + 2 charts), p50 / p95",
    "CSV export, 10,000 rows, p50 / p95",
    "dashboard process max RSS after the interactions",
    "marks in the biggest timeline figure",
)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> str:
    keep = tmp_path_factory.mktemp("bench")
    args = ["run", "--articles", "300", "--workers", "2", "--keep", str(keep), "--reps", "2",
            "--extract-sample", "100", "--peer-sample", "10"]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.parametrize("metric", ROWS)
def test_every_row_is_printed_with_a_status(table: str, metric: str) -> None:
    rows = [line for line in table.splitlines() if line.startswith(metric)]
    assert rows, f"no row {metric!r} in\n{table}"
    assert re.search(r"\s(PASS|MISS|info)\s*$", rows[0]), rows[0]


def test_the_corpus_counts_every_article(table: str) -> None:
    assert "300 articles," in table


@pytest.mark.parametrize("size", [1, 7, 300, BATCH])
def test_a_batch_plan_sums_to_its_size(size: int) -> None:
    counts = dict(plan(size))
    assert sum(counts.values()) == size
    assert counts["jsonl"] >= size * 0.69


def test_same_seed_same_files_and_every_article_reads(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 150, seed=7)
    write_corpus(tmp_path / "b", 150, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in iter_files([tmp_path / "a"]))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in iter_files([tmp_path / "b"]))
    assert files_a == files_b
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a
    )
    docs = [d for f in iter_files([tmp_path / "a"]) for d in read_path(f)]
    assert all(isinstance(d, Document) for d in docs), [
        d for d in docs if not isinstance(d, Document)
    ][:3]
    assert len(docs) == first.articles == 150
    assert {d.format for d in docs} == {"jsonl", "text", "html", "rss", "csv"}


def test_floor_replays_extraction_and_stores_the_same(tmp_path: Path) -> None:
    """`bench floor`: the replayed runs must store what the usual ones do, or the floor
    they measure is of a different ingest."""
    write_corpus(tmp_path / "corpus", 200, seed=3)
    args = ["floor", "--corpus", str(tmp_path / "corpus"), "--articles", "200", "--rounds", "1",
            "--workers", "2"]  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split("  ")[0]: line for line in done.stdout.splitlines()}
    assert rows["articles, milestones, events (every run)"].rstrip().endswith("PASS"), done.stdout
    assert re.search(r"\s200 / [1-9]", rows["articles, milestones, events (every run)"])
    for metric in ("ingest, 2 workers, extraction replayed (free)",
                   "CPU per article the target allows on 2 cores"):  # fmt: skip
        assert re.search(r"\s(PASS|MISS)\s*$", rows[metric]), done.stdout
