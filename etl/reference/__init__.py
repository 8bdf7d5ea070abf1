"""Reference data as files: organisations and aliases, places, event vocabulary.

Loaded once per process and cached; extraction reads them through these helpers
so that the vocabulary can grow without touching code.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def read_rows(filename: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV file in this package, as dicts; lines starting with '#' are comments."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines))
