"""Extraction: article text and publication time in, organisations, people, places
and dated milestones out. Pure: no database, no files, no global mutable state, so
it runs unchanged in worker processes (or on a cluster later). `warm_up` builds
the per-process caches, for a parent about to fork workers.
"""

from etl.extraction.article import extract
from etl.extraction.warm import warm_up

__all__ = ["extract", "warm_up"]
