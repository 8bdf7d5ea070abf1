"""Run a measured subprocess: wall time, its JSON answer, and the peak RSS of its process tree.

Called by `bench.run` for the ingest runs and the dashboard probe. Peak RSS is sampled
from /proc every 0.1 s as the sum over the process and all its descendants (pool
workers included); that over-counts pages shared copy-on-write after fork, so it is an
upper bound. The child also reports its own `getrusage` (SELF and CHILDREN) maxima.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_tree_rss: int  # bytes, sampled sum over the process tree
    answer: dict[str, Any]  # the JSON object the child printed last
    # bytes, the largest sampled RSS of one descendant. Not getrusage's children
    # maximum: a child started by fork and exec reports the parent's size at the fork.
    peak_child_rss: int = 0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_rss(root: int) -> tuple[int, int]:
    """Resident bytes of `root` and all its descendants now, and of the largest descendant."""
    tree = _children()
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):  # the process just ended
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            total += rss
            largest = max(largest, rss) if pid != root else largest
        todo.extend(tree.get(pid, ()))
    return total, largest


def run_measured(args: list[str], *, cwd: Path | None = None) -> Measured:
    """Run `python -m <args>`, sample its tree's RSS, parse the last stdout line as JSON."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd)  # fmt: skip
    peak = peak_child = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_child
        while not stop.is_set():
            total, child = tree_rss(proc.pid)
            peak, peak_child = max(peak, total), max(peak_child, child)
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-4000:]}")
    lines = [x for x in out.splitlines() if x.strip().startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args)} printed no result:\n{err[-4000:]}")
    return Measured(seconds, peak, json.loads(lines[-1]), peak_child)
