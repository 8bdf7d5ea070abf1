"""Where an article's ingest time goes, stage by stage: `python -m bench stages`.

Called by `bench.__main__` and by `bench.run` (the rows under the ingest figures).
Each stage runs exactly what the pipeline runs (`etl.pipeline._process_file` reads,
completes, identifies and extracts, and its chunk becomes Arrow columns; the parent
unpickles and loads), one stage at a
time on the same files, timed in CPU seconds of this process so that a busy machine
changes the figures less than wall clock would. DuckDB's own threads are not counted
in the load stage's CPU, so its wall time is reported beside it.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from bench.report import Row
from etl import metadata
from etl.extraction import extract
from etl.extraction.warm import warm_up
from etl.identity import article_id, content_hash
from etl.readers import iter_files, read_path
from etl.records import ArticleRecord, Document
from etl.store import columns, loader, schema

T = TypeVar("T")


@dataclass(frozen=True)
class Stage:
    name: str
    cpu_seconds: float
    wall_seconds: float


def _timed(name: str, work: Callable[[], T]) -> tuple[Stage, T]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return Stage(name, time.process_time() - cpu, time.perf_counter() - wall), result


def _files(folders: Iterable[Path], limit: int) -> list[Path]:
    """The first files of the folders holding about `limit` articles (a file may hold many)."""
    out: list[Path] = []
    for path in iter_files(folders):
        out.append(path)
        if len(out) >= max(1, limit // 4):
            break
    return out


CHUNK_ARTICLES = 140  # about what a worker's chunk of 32 files holds in the bench corpus


def _columns(records: list[ArticleRecord]) -> list[columns.ArticleColumns]:
    """What the workers send: each chunk's articles as Arrow tables."""
    out = []
    for i in range(0, len(records), CHUNK_ARTICLES):
        rows = columns.ArticleRows()
        for rec in records[i : i + CHUNK_ARTICLES]:
            rows.add(rec)
        out.append(rows.columns())
    return out


def _load(parts: list[columns.ArticleColumns]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "stages.duckdb"))
        try:
            schema.migrate(con)
            run = loader.start_run(con, ["bench"], datetime.now(UTC))
            loader.load_columns(con, run, parts, [], frozenset(), [])
        finally:
            con.close()


def measure(folders: Iterable[Path], limit: int = 4_000) -> tuple[int, list[Stage]]:
    """Articles measured and the cost of each stage on them."""
    now = datetime.now(UTC)
    warm_up()
    metadata.warm_up(now)
    files = _files(folders, limit)
    read, items = _timed("read (readers)", lambda: [i for f in files for i in read_path(f)])
    raw = [i for i in items if isinstance(i, Document)]
    meta, docs = _timed("metadata", lambda: [metadata.complete(d, now=now) for d in raw])
    ids, keys = _timed("identity (id, content hash)",
                       lambda: [(article_id(d), content_hash(d)) for d in docs])  # fmt: skip
    ext, extractions = _timed(
        "extraction", lambda: [extract(d.text, d.published, d.lang) for d in docs]
    )
    records = [
        ArticleRecord(k[0], k[1], d, e) for k, d, e in zip(keys, docs, extractions, strict=True)
    ]
    build, parts = _timed("worker: rows -> Arrow columns", lambda: _columns(records))
    to_parent, blob = _timed("worker -> parent (pickle)", lambda: pickle.dumps(parts, 5))
    from_worker, parts = _timed("parent: unpickle", lambda: pickle.loads(blob))
    load, _ = _timed("parent: DuckDB load", lambda: _load(parts))
    return len(docs), [read, meta, ids, ext, build, to_parent, from_worker, load]


def rows(folders: Iterable[Path], limit: int = 4_000) -> list[Row]:
    """One row per stage in ms per article, then the ceiling they imply for two cores."""
    n, stages = measure(folders, limit)
    n = max(n, 1)
    out = [
        Row(f"stage: {s.name}", f"{s.cpu_seconds * 1000 / n:.3f} ms/article CPU"
            + (f" ({s.wall_seconds * 1000 / n:.3f} wall)" if s.name.startswith("parent: DuckDB") else ""))
        for s in stages
    ]  # fmt: skip
    total = sum(s.cpu_seconds for s in stages) * 1000 / n
    out.append(Row("stages together", f"{total:.3f} ms/article CPU on {n:,} articles: "
                   f"at most {2 * 1000 / total:,.0f} art/s on 2 cores before the tracker"))  # fmt: skip
    return out
