"""One ingest with extraction recorded, replayed or as usual, in its own process.

    python -m bench.floor_job MODE RECORDING DB WORKERS PATH...

Started by `bench.floor`. MODE:
- `record`: the usual ingest on 1 worker (this process), saving every article's
  extraction in RECORDING;
- `replay`: the usual ingest on WORKERS processes, except that `extract` answers from
  RECORDING, a dictionary lookup: the run pays for everything but extraction;
- `real`: the usual ingest on WORKERS processes, for the comparison.

Replay swaps `etl.pipeline.extract` before the pool forks, so the workers inherit the
lookup, and skips extraction's warm-up (its compiled patterns would go unused); the
recording is read before the clock starts. Prints one JSON line: wall and
CPU seconds (this process and its waited-for children: the pool's workers and the
tracker's), the run's counts, and the milestones and events the database holds, which
must be the same in all three modes.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import sys
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from etl import pipeline
from etl.records import Extraction

Key = tuple[int, int, Any, Any]
Extract = Callable[[str, datetime | date | None, str | None], Extraction]


def key(text: str, published: datetime | date | None, lang: str | None) -> Key:
    """An article's key in the recording: its text's length and checksum, date and language.

    Not the text itself: a recording keyed by 100,000 texts would hold them all twice
    (pickled and in the replaying process): hundreds of MB more for nothing."""
    return len(text), zlib.crc32(text.encode()), published, lang


def recorder(real: Extract, into: dict[Key, Extraction]) -> Extract:
    def extract(text: str, published: datetime | date | None, lang: str | None) -> Extraction:
        into[key(text, published, lang)] = found = real(text, published, lang)
        return found

    return extract


def replayer(recording: dict[Key, Extraction]) -> Extract:
    def extract(text: str, published: datetime | date | None, lang: str | None) -> Extraction:
        return recording[key(text, published, lang)]  # a miss fails the article, and shows

    return extract


def _cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _stored(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "milestones": con.execute("SELECT count(*) FROM milestones").fetchall()[0][0],
            "events": con.execute("SELECT count(*) FROM events").fetchall()[0][0],
        }
    finally:
        con.close()


def main(argv: list[str]) -> None:
    mode, recording_path, db, workers = argv[0], Path(argv[1]), Path(argv[2]), int(argv[3])
    paths = [Path(p) for p in argv[4:]]
    logging.basicConfig(level=logging.WARNING)
    recording: dict[Key, Extraction] = {}
    if mode == "record":
        pipeline.extract = recorder(pipeline.extract, recording)
        workers = 1
    elif mode == "replay":
        with recording_path.open("rb") as f:
            recording = pickle.load(f)
        pipeline.extract = replayer(recording)
        pipeline.warm_up = lambda: None  # extraction's caches and compiled patterns: unused
    elif mode != "real":
        raise SystemExit(f"unknown mode {mode!r}: record, replay or real")
    cpu, started = _cpu_seconds(), time.perf_counter()
    summary = pipeline.ingest(paths, db, workers=workers)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if mode == "record":
        with recording_path.open("wb") as f:
            pickle.dump(recording, f, protocol=5)
    answer = {
        "mode": mode,
        "seconds": seconds,
        "cpu_seconds": cpu,
        **summary.counts(),
        "phases": summary.seconds,
        **_stored(db),
    }
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
