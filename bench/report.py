"""The benchmark table: one row per measurement with its target and PASS/MISS.

Called by `bench.run`, which prints `render(rows)` to stdout. A row without a target
is information (status "info"); `ok=None` means the target applies at another size
than the one built (the 1M-article targets), and the status says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Status = Literal["PASS", "MISS", "info"]


@dataclass(frozen=True)
class Row:
    metric: str
    measured: str
    target: str = ""
    ok: bool | None = None

    @property
    def status(self) -> Status:
        if self.ok is None:
            return "info"
        return "PASS" if self.ok else "MISS"


def render(rows: list[Row], title: str) -> str:
    """A plain-text table that reads well in a terminal and pastes into a report."""
    headers = ("metric", "measured", "target", "status")
    cells = [(r.metric, r.measured, r.target or "—", r.status) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = [title, line, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    out.append(line)
    return "\n".join(out)


def mb(n_bytes: float) -> str:
    """Bytes in MiB, the unit of every memory and size target in the table."""
    return f"{n_bytes / 2**20:,.0f} MiB"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]
