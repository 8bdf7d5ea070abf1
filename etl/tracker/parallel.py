"""Regroup event families side by side: worker processes, one family each at a time.

Used by `etl.store.events.refresh_all`. Grouping and plan linking never cross a
family, so families are independent work. The parent reads each family (the only
process that touches DuckDB) into an Arrow file, largest family first so that the
work balances; a worker turns the file into the family's rows
(`etl.tracker.rows.regroup`) and writes them to Arrow files in batches of at most
`SLICE_ROWS`, which the parent reads back a batch at a time and inserts in the
families' given order, as the sequential path does. Files rather than pipes keep
both sides' memory to one family's Python objects per worker and one batch in the
parent. Both sides read files rather than map them: a mapped file's pages count in
the process's RSS as they are touched, and a family's results run to hundreds of MB.

Workers are fresh interpreters (`python -m etl.tracker.parallel SOURCE PREFIX`,
which prints the result files and counts as JSON), not forks: a fork would map the
parent's DuckDB buffers and caches (a GB at the end of a large ingest) into every
worker, which a process tree's RSS then counts once per worker, and would copy a
process that runs DuckDB's threads. Nor `multiprocessing`'s spawn: it re-runs the
parent's main script in each worker (a Streamlit test's app, a caller's script).
A fresh interpreter costs a quarter second of imports per family.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from etl.tracker.rows import FamilyRows, Part, collector_paused, regroup, tracked


@dataclass(frozen=True)
class FamilySource:
    """A family to regroup: its milestone count (for balancing) and how to read it."""

    name: str
    size: int
    read: Callable[[], Iterable[pa.RecordBatch]]  # `rows.MILESTONE_COLUMNS` batches


def regroup_families(sources: Sequence[FamilySource], workers: int) -> Iterator[FamilyRows]:
    """Each family's rows, in the order of `sources`; `workers` > 1 regroups in parallel."""
    if workers <= 1 or len(sources) < 2:
        for source in sources:
            with collector_paused():
                rows = regroup(tracked(source.read()))
            yield rows
        return
    folder = tempfile.mkdtemp(prefix="diplotime-regroup-")
    try:
        yield from _parallel(sources, min(workers, len(sources)), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


TABLES = ("events", "event_milestones", "event_organisations", "plan_links")
# Rows in a result file's batch, and so in one insert of the parent: a few MB of columns.
SLICE_ROWS = 20_000
_POLL_SECONDS = 0.05  # how often the parent looks for a free worker
# Milestones regrouped at once by all workers together. A worker peaks at about 0.8 KB
# per milestone of its family (measured at 100k) plus ~0.1 GB of interpreter, so this
# keeps the workers near 1 GB in all, and the ingest under 2 GB at a million articles,
# where the two largest families hold about that many each and so run one after the
# other. A family bigger than this runs alone.
CONCURRENT_MILESTONES = 1_000_000


def may_start(running: Sequence[int], size: int, workers: int, budget: int) -> bool:
    """Whether a family of `size` milestones may start beside the `running` ones' sizes."""
    if not running:
        return True
    return len(running) < workers and sum(running) + size <= budget


def _parallel(sources: Sequence[FamilySource], workers: int, folder: str) -> Iterator[FamilyRows]:
    started: dict[int, subprocess.Popen[str]] = {}
    try:
        for i in sorted(range(len(sources)), key=lambda i: (-sources[i].size, i)):
            source = os.path.join(folder, f"in-{i}.arrow")
            _write(sources[i].read(), source)
            while not may_start(
                [sources[j].size for j, p in started.items() if p.poll() is None],
                sources[i].size, workers, CONCURRENT_MILESTONES,
            ):  # fmt: skip
                time.sleep(_POLL_SECONDS)
            # Errors go to a file: a pipe nobody reads while the parent waits for a free
            # worker would stop a worker that writes more than the pipe holds.
            with open(os.path.join(folder, f"err-{i}.txt"), "w") as errors:
                started[i] = subprocess.Popen(
                    [sys.executable, "-m", __name__, source, os.path.join(folder, f"out-{i}")],
                    stdout=subprocess.PIPE, stderr=errors, text=True,
                )  # fmt: skip
        for i in range(len(sources)):
            out, _ = started[i].communicate()
            if started[i].returncode != 0:
                err = Path(folder, f"err-{i}.txt").read_text(errors="replace")
                raise RuntimeError(f"regrouping {sources[i].name} failed:\n{err[-4000:]}")
            paths, milestones, events, plans = json.loads(out)
            yield FamilyRows(_slices(paths), milestones, events, plans)
    finally:
        for proc in started.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def _write(batches: Iterable[pa.RecordBatch], path: str) -> None:
    writer: pa.ipc.RecordBatchFileWriter | None = None
    for batch in batches:
        if writer is None:
            writer = pa.ipc.new_file(path, batch.schema)
        writer.write_batch(batch)
    if writer is not None:
        writer.close()


def _read(path: str) -> Iterator[pa.RecordBatch]:
    """The batches of an Arrow file, each read when asked (one on the heap at a time)."""
    if not os.path.exists(path):  # a family without rows
        return
    with pa.OSFile(path) as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i)


def _slices(paths: list[str]) -> Iterator[Part]:
    """The result files' rows as parts of at most `SLICE_ROWS` rows, in file order, each
    file removed once read: the parent holds one slice at a time, whatever the family's size."""
    for path in paths:
        name = os.path.basename(path).rsplit("-", 1)[1].removesuffix(".arrow")
        for batch in _read(path):
            for start in range(0, batch.num_rows, SLICE_ROWS):
                yield name, pa.Table.from_batches([batch.slice(start, SLICE_ROWS)])
        os.remove(path)


def _work(source: str, prefix: str) -> tuple[list[str], int, int, int]:
    """In a worker: regroup the family in file `source`, write its rows next to `prefix`
    (one file a table, in `TABLES` order); returns the files and the counts."""
    with collector_paused():
        milestones = tracked(_read(source))
        if os.path.exists(source):
            os.remove(source)
        rows = regroup(milestones)
    writers: dict[str, pa.ipc.RecordBatchFileWriter] = {}
    for name, table in rows.parts:
        if name not in writers:
            writers[name] = pa.ipc.new_file(f"{prefix}-{name}.arrow", table.schema)
        writers[name].write_table(table, max_chunksize=SLICE_ROWS)
    for writer in writers.values():
        writer.close()
    paths = [f"{prefix}-{name}.arrow" for name in TABLES if name in writers]
    return paths, rows.milestones, rows.events, rows.plans


if __name__ == "__main__":  # a worker: python -m etl.tracker.parallel SOURCE PREFIX
    print(json.dumps(_work(sys.argv[1], sys.argv[2])))
