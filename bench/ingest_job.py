"""One timed ingest in its own process: `python -m bench.ingest_job DB WORKERS PATH...`.

Started by `bench.run` through `bench.procs.run_measured`, so that each ingest starts
cold, its memory is its own, and the pool workers are its children. Prints one JSON
line: seconds, the run's counts, and getrusage maxima (self, largest child) in bytes.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

from etl.pipeline import ingest


def main(argv: list[str]) -> None:
    db, workers, paths = Path(argv[0]), int(argv[1]), [Path(p) for p in argv[2:]]
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    summary = ingest(paths, db, workers=workers)  # default publishing, as users get it
    seconds = time.perf_counter() - started
    answer = {
        "seconds": seconds,
        **summary.counts(),
        "duplicates": summary.duplicates,
        "phases": summary.seconds,
        "self_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "children_maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
