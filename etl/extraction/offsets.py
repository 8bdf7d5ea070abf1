"""Character-offset arithmetic shared by the extractors that compose mentions."""

from __future__ import annotations


def distance(a_begin: int, a_end: int, b_begin: int, b_end: int) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    if a_begin >= b_end:
        return a_begin - b_end
    if b_begin >= a_end:
        return b_begin - a_end
    return 0
