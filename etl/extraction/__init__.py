"""Extraction: article text and publication time in, organisations, people, places
and dated milestones out. Pure: no database, no files, no global mutable state, so
it runs unchanged in worker processes (or on a cluster later).
"""

from etl.extraction.article import extract

__all__ = ["extract"]
