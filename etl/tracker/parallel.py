"""Regroup event families side by side: a forked pool, one family per worker at a time.

Used by `etl.store.events.refresh_all`. Grouping and plan linking never cross a
family, so families are independent work. The parent reads each family (the only
process that touches DuckDB: no connection crosses the fork) into an Arrow file,
largest family first so that the work balances; a worker turns the file into the
family's rows (`etl.tracker.rows.regroup`) and writes them to Arrow files, which
the parent maps and inserts in the families' given order, as the sequential path
does. Files rather than pipes keep both sides' memory to one family's Python
objects per worker and one batch in the parent.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

import pyarrow as pa

from etl.tracker.rows import FamilyRows, regroup, tracked


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
            yield regroup(tracked(source.read()))
        return
    folder = tempfile.mkdtemp(prefix="diplotime-regroup-")
    try:
        yield from _parallel(sources, min(workers, len(sources)), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _parallel(sources: Sequence[FamilySource], workers: int, folder: str) -> Iterator[FamilyRows]:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures: dict[int, Future[tuple[dict[str, str | None], int, int]]] = {}
        for i in sorted(range(len(sources)), key=lambda i: (-sources[i].size, i)):
            path = os.path.join(folder, f"in-{i}.arrow")
            _write(sources[i].read(), path)
            futures[i] = pool.submit(_work, path, os.path.join(folder, f"out-{i}"))
        for i in range(len(sources)):
            paths, milestones, plans = futures.pop(i).result()
            tables = {name: _map(path) for name, path in paths.items()}
            yield FamilyRows(*tables.values(), milestones, plans)
            del tables
            for path in paths.values():
                if path is not None:
                    os.remove(path)


def _write(batches: Iterable[pa.RecordBatch], path: str) -> None:
    writer: pa.ipc.RecordBatchFileWriter | None = None
    for batch in batches:
        if writer is None:
            writer = pa.ipc.new_file(path, batch.schema)
        writer.write_batch(batch)
    if writer is not None:
        writer.close()


def _read(path: str) -> Iterator[pa.RecordBatch]:
    if not os.path.exists(path):  # a family without rows
        return
    with pa.memory_map(path) as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i)


def _map(path: str | None) -> pa.Table | None:
    """A result file as a table mapped from disk (no copy on the parent's heap)."""
    if path is None:
        return None
    return pa.ipc.open_file(pa.memory_map(path)).read_all()


def _work(source: str, prefix: str) -> tuple[dict[str, str | None], int, int]:
    """In a worker: regroup the family in file `source`, write its rows next to `prefix`."""
    milestones = tracked(_read(source))
    if os.path.exists(source):
        os.remove(source)
    rows = regroup(milestones)
    paths: dict[str, str | None] = {}
    for name, table in rows.tables.items():
        if table is None:
            paths[name] = None
            continue
        paths[name] = f"{prefix}-{name}.arrow"
        with pa.ipc.new_file(paths[name], table.schema) as writer:
            writer.write_table(table)
    return paths, rows.milestones, rows.plans
