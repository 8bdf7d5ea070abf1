"""How fast ingest could be if extraction cost nothing: `python -m bench floor`.

Called by `bench.__main__`. The ingest target (`bench.run.TARGET_RATE` articles/s on
this machine's cores) is a budget of CPU per article for everything an ingest does:
reading, metadata, extraction, loading, the tracker and the derived tables. This
measures the part that is not extraction, with the real pipeline on a real corpus:
extraction is first recorded, then replayed from memory (`bench.floor_job`), so the
replayed run does all the rest exactly as usual. If even that run misses the target,
no speed-up of extraction alone can meet it.

Runs alternate (as usual, replayed, as usual, ...) so that a machine growing busier
or quieter during the measurement shifts both alike; each runs in a fresh process
into a fresh database, like `bench run`'s ingests.
"""

from __future__ import annotations

import logging
import math
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import corpus as corpus_mod
from bench.procs import run_measured
from bench.report import Row
from bench.run import TARGET_RATE, fresh_db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Run:
    mode: str
    articles: int
    seconds: float
    cpu_seconds: float
    milestones: int
    events: int
    phases: dict[str, float]  # wall seconds of the ingest's phases

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def cpu_ms(self) -> float:
        """CPU milliseconds per article, all processes of the run together."""
        return self.cpu_seconds * 1000 / max(self.articles, 1)


def _job(mode: str, recording: Path, db: Path, workers: int, paths: list[Path]) -> Run:
    fresh_db(db)
    log.info("ingest, extraction %s, %d worker(s)", mode, workers)
    answer = run_measured(
        ["bench.floor_job", mode, str(recording), str(db), str(workers), *map(str, paths)]
    ).answer
    return Run(mode, int(answer["articles_new"]), answer["seconds"], answer["cpu_seconds"],
               answer["milestones"], answer["events"], answer["phases"])  # fmt: skip


def measure(corpus: Path, articles: int, workers: int, rounds: int) -> list[Run]:
    """The usual and the replayed runs, alternating, after one recording run."""
    if rounds < 1:
        raise SystemExit(
            "--rounds must be at least 1: each round is one usual and one replayed run"
        )
    batches = sorted(corpus.glob("batch-*"))
    paths = batches[: max(1, math.ceil(articles / corpus_mod.BATCH))]
    if not paths:
        raise SystemExit(f"no batch-* folders in {corpus}: write one with `python -m bench corpus`")
    with tempfile.TemporaryDirectory(prefix="diplotime-floor-") as tmp:
        recording, db = Path(tmp) / "extractions.pickle", Path(tmp) / "floor.duckdb"
        runs = [_job("record", recording, db, 1, paths)]
        for _ in range(rounds):
            runs += [_job(mode, recording, db, workers, paths) for mode in ("real", "replay")]
    return runs


def _summary(runs: list[Run]) -> str:
    rates = " / ".join(f"{r.rate:,.0f}" for r in runs)
    cpu = statistics.median(r.cpu_ms for r in runs)
    phases = ", ".join(f"{k} {v:,.1f} s" for k, v in runs[0].phases.items())
    return f"{rates} art/s; {cpu:.2f} ms CPU per article (median); first run: {phases}"


def rows(corpus: Path, articles: int, workers: int, rounds: int = 2) -> list[Row]:
    runs = measure(corpus, articles, workers, rounds)
    real = [r for r in runs if r.mode == "real"]
    free = [r for r in runs if r.mode == "replay"]
    same = {(r.articles, r.milestones, r.events) for r in runs}
    best = max(r.rate for r in free)
    budget = workers * 1000 / TARGET_RATE
    real_cpu = statistics.median(r.cpu_ms for r in real)
    free_cpu = statistics.median(r.cpu_ms for r in free)
    return [
        Row("articles, milestones, events (every run)",
            ", ".join(f"{a:,} / {m:,} / {e:,}" for a, m, e in sorted(same)),
            "the same in every run", len(same) == 1),
        Row(f"ingest, {workers} workers, extraction as usual", _summary(real)),
        Row(f"ingest, {workers} workers, extraction replayed (free)", _summary(free),
            f">= {TARGET_RATE:,} art/s", best >= TARGET_RATE),
        Row("extraction's share of the ingest's CPU",
            f"{(real_cpu - free_cpu) / real_cpu:.0%} ({real_cpu - free_cpu:.2f} of {real_cpu:.2f} ms)"),
        Row(f"CPU per article the target allows on {workers} cores",
            f"{budget:.2f} ms, against {free_cpu:.2f} ms without extraction",
            f"<= {budget:.2f} ms", free_cpu <= budget),
    ]  # fmt: skip
