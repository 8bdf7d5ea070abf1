"""`python -m bench run`: build a corpus, ingest it, query it, and print the table.

Called by `bench.__main__`. Steps, each in the process that makes its number honest:
1. the synthetic corpus (`bench.corpus`), reused from `--keep DIR` when it matches;
2. ingest with 1 worker (on a slice of `--single-sample` articles when the corpus is
   bigger) and with all cores on the whole corpus, each in a fresh subprocess whose
   process tree's RSS is sampled (`bench.procs`); the database size;
3. re-ingest of the unchanged corpus into the same database;
4. extraction alone and the dateparser peer on the same pre-read articles;
5. where an article's time goes, stage by stage (`bench.stages`);
6. the dashboard's interactions in a fresh subprocess (`bench.probe`).
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import corpus as corpus_mod
from bench import stages
from bench.measure import read_documents, time_extraction, time_peer
from bench.procs import Measured, run_measured
from bench.report import Row, mb, percentile
from bench.scale import scale_database

log = logging.getLogger(__name__)

TARGET_RATE = 2_500  # articles/s with all cores
TARGET_PEER_RATIO = 40
TARGET_1M_SECONDS = 600
TARGET_RSS = 2 * 1024**3
TARGET_P95_MS = 150
TARGET_CSV_MS = 1_000
TARGET_DASHBOARD_RSS = 700 * 1024**2
TARGET_MARKS = 5_000
TARGET_REINGEST = 0.1
MILLION = 1_000_000


@dataclass(frozen=True)
class Options:
    articles: int = 100_000
    workers: int = os.cpu_count() or 1
    keep: Path | None = None
    seed: int = 0
    single_sample: int = 10_000
    extract_sample: int = 2_000
    peer_sample: int = 300
    reps: int = 20


def _corpus(folder: Path, opts: Options) -> corpus_mod.CorpusStats:
    found = corpus_mod.read_manifest(folder)
    if found and found.articles == opts.articles and found.seed == opts.seed:
        log.info("reusing the corpus in %s", folder)
        return found
    shutil.rmtree(folder, ignore_errors=True)
    log.info("writing %d articles to %s", opts.articles, folder)
    return corpus_mod.write_corpus(folder, opts.articles, seed=opts.seed, workers=opts.workers)


def fresh_db(db: Path) -> None:
    """No database at `db`: the file and every file a generation or a writer leaves beside it."""
    for suffix in ("", ".next", ".lock", ".wal", ".next.wal", ".publish"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)


def _ingest(db: Path, workers: int, paths: list[Path]) -> Measured:
    log.info("ingesting %d path(s) with %d worker(s) into %s", len(paths), workers, db)
    return run_measured(["bench.ingest_job", str(db), str(workers), *map(str, paths)])


def _articles(m: Measured) -> int:
    a = m.answer
    return int(
        a["articles_new"] + a["articles_updated"] + a["articles_unchanged"] + a["duplicates"]
    )


def _bytes(paths: list[Path]) -> int:
    return sum(
        f.stat().st_size
        for p in paths
        for f in p.rglob("*")
        if f.is_file() and not f.name.startswith(".")
    )


def _rate_row(
    label: str, m: Measured, n_bytes: int, target: str = "", ok: bool | None = None
) -> Row:
    n = _articles(m)
    return Row(label, f"{n / m.seconds:,.0f} art/s, {n_bytes / 1e6 / m.seconds:,.1f} MB/s "
                      f"({n:,} in {m.seconds:,.1f} s)", target, ok)  # fmt: skip


def ingest_rows(
    base: Path, stats: corpus_mod.CorpusStats, opts: Options
) -> tuple[list[Row], float]:
    """Rows for ingest speed, memory, size and re-ingest; returns them and the all-cores rate."""
    folder = base / "corpus"
    batches = sorted(folder.glob("batch-*"))
    slice_ = batches[: max(1, math.ceil(opts.single_sample / corpus_mod.BATCH))]
    single_db, db = base / "single.duckdb", base / "diplotime.duckdb"
    fresh_db(single_db)
    fresh_db(db)
    single = _ingest(single_db, 1, slice_)
    fresh_db(single_db)
    full = _ingest(db, opts.workers, [folder])
    again = _ingest(db, opts.workers, [folder])
    n = _articles(full)
    rate = n / full.seconds
    projected = MILLION / rate
    size = db.stat().st_size
    rows = [
        _rate_row("ingest, 1 worker" + (f" ({len(slice_)} batches)" if len(slice_) < len(batches) else ""),
                  single, _bytes(slice_)),
        _rate_row(f"ingest, all cores ({opts.workers} workers)", full, stats.bytes,
                  f">= {TARGET_RATE:,} art/s", rate >= TARGET_RATE),
        Row("  of which (wall)", ", ".join(f"{k} {v:,.1f} s" for k, v in full.answer.get("phases", {}).items())),
        Row("peak RSS of the ingest process tree", f"{mb(full.peak_tree_rss)} (parent {mb(full.answer['self_maxrss'])}, "
            f"largest child {mb(full.peak_child_rss)}; all sampled every 0.1 s)", "<= 2,048 MiB",
            full.peak_tree_rss <= TARGET_RSS),
        Row("1M articles, ingest time" + (" (projected)" if n < MILLION else ""),
            f"{projected / 60:,.1f} min" if n < MILLION else f"{full.seconds / 60 * MILLION / n:,.1f} min",
            "<= 10 min", projected <= TARGET_1M_SECONDS),
        Row("database size per 100,000 articles", f"{mb(size * 100_000 / max(n, 1))} ({mb(size)} for {n:,})"),
        Row("re-ingest unchanged, time vs first ingest",
            f"{again.seconds:,.1f} s / {full.seconds:,.1f} s = {again.seconds / full.seconds:.3f} "
            f"({again.answer['articles_unchanged']:,} unchanged, {again.answer['articles_new']:,} new)",
            "< 0.100", again.seconds / full.seconds < TARGET_REINGEST),
    ]  # fmt: skip
    return rows, rate


def extraction_rows(base: Path, ingest_rate: float, opts: Options) -> list[Row]:
    batches = sorted((base / "corpus").glob("batch-*"))
    folders = batches[: max(1, math.ceil(opts.extract_sample / corpus_mod.BATCH))]
    docs = read_documents(folders, opts.extract_sample, seed=opts.seed)
    log.info(
        "timing extraction on %d articles and the peer on %d",
        len(docs),
        min(len(docs), opts.peer_sample),
    )
    ours = time_extraction(docs)
    peer = time_peer(docs[: opts.peer_sample])
    return [
        Row("extraction alone, 1 process", f"{ours.per_second:,.0f} art/s ({ours.articles:,} articles, "
            f"{ours.found / max(ours.articles, 1):.2f} milestones each)"),
        Row("peer (dateparser search_dates per sentence), 1 process",
            f"{peer.per_second:,.1f} art/s ({peer.articles:,} articles, {peer.found / max(peer.articles, 1):.2f} dates each)"),
        Row("extraction / peer, 1 process each", f"{ours.per_second / peer.per_second:,.1f}x"),
        Row("ingest all cores / peer", f"{ingest_rate / peer.per_second:,.1f}x",
            f">= {TARGET_PEER_RATIO}x", ingest_rate / peer.per_second >= TARGET_PEER_RATIO),
    ]  # fmt: skip


VIEW_LABELS = {
    "one_org": "query+chart: one organisation",
    "three_orgs_year": "query+chart: three organisations, one year",
    "text_search": "query+chart: text search",
    "text_search_rare": "query+chart: text search, rarer word",
    "timeline_payload": "timeline payload (all, figure JSON)",
    "overview": "overview aggregates (7 queries + 2 charts)",
    "csv_10k": "CSV export, 10,000 rows",
}


def dashboard_rows(db: Path, opts: Options) -> list[Row]:
    probe = run_measured(["bench.probe", str(db), str(opts.reps)])
    answer = probe.answer
    rows = []
    for name, label in VIEW_LABELS.items():
        if name in answer.get("errors", {}):
            rows.append(
                Row(f"{label}, p50 / p95", f"error: {answer['errors'][name][:80]}", "", False)
            )
            continue
        times = answer["latency_ms"][name]
        p50, p95 = percentile(times, 50), percentile(times, 95)
        limit = TARGET_CSV_MS if name == "csv_10k" else TARGET_P95_MS
        rows.append(
            Row(
                f"{label}, p50 / p95",
                f"{p50:,.0f} / {p95:,.0f} ms",
                f"p95 <= {limit:,} ms",
                p95 <= limit,
            )
        )
    worst_view, worst = max(answer["marks"].items(), key=lambda kv: kv[1], default=("csv_10k", 0))
    rows += [
        Row("dashboard process max RSS after the interactions", mb(answer["maxrss"]), "<= 700 MiB",
            answer["maxrss"] <= TARGET_DASHBOARD_RSS),
        Row("marks in the biggest timeline figure", f"{worst:,} in {VIEW_LABELS[worst_view].split(': ')[-1]} ({answer['milestones']:,} milestones in db)",
            f"<= {TARGET_MARKS:,}", (worst <= TARGET_MARKS) if answer["marks"] else None),
    ]  # fmt: skip
    return rows


def run(opts: Options) -> tuple[list[Row], str]:
    """Every measurement; returns the rows and a title line describing the run."""
    base = opts.keep or Path(tempfile.mkdtemp(prefix="diplotime-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        stats = _corpus(base / "corpus", opts)
        rows = [Row("corpus", f"{stats.articles:,} articles, {stats.files:,} files, {mb(stats.bytes)} "
                    f"({', '.join(f'{k} {v:,}' for k, v in stats.by_format.items())})")]  # fmt: skip
        ingest, rate = ingest_rows(base, stats, opts)
        rows += ingest
        rows += extraction_rows(base, rate, opts)
        rows += stages.rows([base / "corpus"], opts.extract_sample)
        rows += dashboard_rows(base / "diplotime.duckdb", opts)
    finally:
        if opts.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    title = (f"diplotime benchmark: {opts.articles:,} articles, seed {opts.seed}, {opts.workers} workers "
             f"(os.cpu_count() = {os.cpu_count()}); latency targets apply at 1,000,000 articles")  # fmt: skip
    return rows, title


def dashboard_only(db: Path, factor: int, reps: int) -> tuple[list[Row], str]:
    """The dashboard rows on `db`, or on a copy with every article repeated `factor` times."""
    target = db
    if factor > 1:
        target = db.with_name(f"{db.stem}-x{factor}.duckdb")
        log.info("building %s (%d times %s)", target, factor, db)
        articles = scale_database(db, target, factor)
        log.info("%s holds %d articles", target, articles)
    rows = dashboard_rows(target, Options(reps=reps))
    return rows, f"diplotime dashboard benchmark on {target} ({reps} repetitions per interaction)"
