"""CSV reports: exactly the rows the dashboard shows, with their provenance.

Called by the Timeline page's download buttons and by `diplotime export`; both use
the query functions the pages use (`queries.milestones`, `queries.articles`), so the
file equals the screen. ISO dates, organisations joined with ";", UTF-8 (optionally
with a BOM for Excel), LF line ends, and cells that a spreadsheet would run as a
formula prefixed with a single quote (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard import queries
from dashboard.db import Database
from dashboard.filters import Filters

MILESTONE_COLUMNS: tuple[str, ...] = (
    "milestone_id", "start", "end", "precision", "timex", "mod", "date_text", "type", "status",
    "organisations", "place", "stated", "evidence",
    "article_id", "url", "title", "published", "source", "lang",
)  # fmt: skip
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "url", "title", "published", "source", "lang", "dateline", "category",
    "organisations", "milestones",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> str | int | float:
    """A value as a CSV cell: ISO dates, ";"-joined lists, formula starts neutralised."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(df: pd.DataFrame, columns: Sequence[str], *, bom: bool = False) -> bytes:
    """Write the given columns of `df` as UTF-8 CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in df.loc[:, list(columns)].itertuples(index=False, name=None):
        writer.writerow([safe_cell(v) for v in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def milestones_csv(db: Database, filters: Filters, *, bom: bool = False) -> bytes:
    """The milestones in view as CSV, ordered by start date and milestone id."""
    return to_csv(queries.milestones(db, filters), MILESTONE_COLUMNS, bom=bom)


def articles_csv(db: Database, filters: Filters, *, bom: bool = False) -> bytes:
    """The articles behind the milestones in view as CSV, ordered by publication date and id."""
    return to_csv(queries.articles(db, filters), ARTICLE_COLUMNS, bom=bom)
