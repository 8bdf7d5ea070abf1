"""CSV reports: exactly the rows the dashboard shows, with their provenance.

Called by the Timeline, Milestones and Tracker pages' download buttons and by `diplotime
export`; both run the SQL of the query functions the pages use (`queries.milestones_sql`,
`queries.articles_sql`, `tracker.events_sql`, `tracker.plans_sql`), so the file equals the
screen. `write_csv` streams the rows in chunks (`queries.stream_batches`), so a file of
millions of rows never sits in memory as a frame; the CLI writes it straight to its output. ISO dates, organisations joined with ";", UTF-8 (optionally
with a BOM for Excel), LF line ends, and cells that a spreadsheet would run as a
formula prefixed with a single quote (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO, Literal

import pandas as pd

from dashboard import queries, tracker
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
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "start", "end", "precision", "timex", "mod", "date_text", "type", "family",
    "status", "organisations", "place", "sources", "first_reported", "founder", "milestone_ids",
    "evidence", "article_id", "url", "title", "published", "source", "lang",
)  # fmt: skip
# The Tracker page's table, column for column: what became of the plan, the plan, the
# fulfilling event and the rescheduling, both sides' sentences, then ids and provenance.
PLAN_COLUMNS: tuple[str, ...] = (
    "outcome", "type", "organisations", "place", "window_start", "window_end", "window_text",
    "first_reported", "first_source", "delay_days", "fulfilled_start", "fulfilled_end",
    "fulfilled_place", "fulfilled_reports", "rescheduled_start", "rescheduled_end",
    "plan_evidence", "fulfilment_evidence", "plan_id", "fulfilled_by", "rescheduled_to",
    "plan_article_id", "plan_url", "plan_title", "plan_published", "plan_lang",
    "fulfilment_article_id", "fulfilment_url", "fulfilment_title", "fulfilment_published",
    "fulfilment_source",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
View = Literal["milestones", "articles", "events", "plans"]
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
    out = io.BytesIO()
    _write_rows(out, [df.loc[:, list(columns)].itertuples(index=False, name=None)], columns, bom)
    return out.getvalue()


def _write_rows(
    out: BinaryIO, chunks: Iterable[Iterable[Sequence[Any]]], columns: Sequence[str], bom: bool
) -> int:
    """Header, then each chunk of rows encoded and written as it comes; returns the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    out.write(((BOM if bom else "") + buffer.getvalue()).encode("utf-8"))
    n = 0
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
            n += 1
        out.write(buffer.getvalue().encode("utf-8"))
    return n


def view_sql(
    what: View, filters: Filters, *, today: date | None = None, outcomes: tuple[str, ...] = (),
    limit: int | None = None,
) -> tuple[str, list[Any], tuple[str, ...]]:  # fmt: skip
    """The query behind a CSV (the one its page shows) and the file's columns."""
    if what == "milestones":
        return (*queries.milestones_sql(filters, limit=limit), MILESTONE_COLUMNS)
    if limit is not None:
        raise ValueError("only the milestones CSV takes a limit (the Milestones page's)")
    if what == "articles":
        return (*queries.articles_sql(filters), ARTICLE_COLUMNS)
    if what == "events":
        return (*tracker.events_sql(filters), EVENT_COLUMNS)
    return (*tracker.plans_sql(filters, today or date.today(), outcomes), PLAN_COLUMNS)


def write_csv(
    db: Database, what: View, filters: Filters, out: BinaryIO, *, bom: bool = False,
    today: date | None = None, outcomes: tuple[str, ...] = (), limit: int | None = None,
) -> int:  # fmt: skip
    """Stream a view as CSV into `out`, a chunk of rows at a time (memory stays bounded
    however many rows match); returns the number of rows written."""
    sql, params, columns = view_sql(what, filters, today=today, outcomes=outcomes, limit=limit)
    chunks = (zip(*(batch.column(c).to_pylist() for c in columns), strict=True)
              for batch in queries.stream_batches(db, sql, params))  # fmt: skip
    return _write_rows(out, chunks, columns, bom)


def export_bytes(db: Database, what: View, filters: Filters, **kwargs: Any) -> bytes:
    """`write_csv` into bytes (the download buttons; `write_csv`'s keywords)."""
    out = io.BytesIO()
    write_csv(db, what, filters, out, **kwargs)
    return out.getvalue()


def milestones_csv(
    db: Database, filters: Filters, *, bom: bool = False, limit: int | None = None
) -> bytes:
    """The milestones in view as CSV, ordered by start date and milestone id (the first
    `limit` of them: the Milestones page's table)."""
    return export_bytes(db, "milestones", filters, bom=bom, limit=limit)


def articles_csv(db: Database, filters: Filters, *, bom: bool = False) -> bytes:
    """The articles behind the milestones in view as CSV, ordered by publication date and id."""
    return export_bytes(db, "articles", filters, bom=bom)


def events_csv(db: Database, filters: Filters, *, bom: bool = False) -> bytes:
    """The events in view (one row per happening) as CSV, ordered by start date and event id."""
    return export_bytes(db, "events", filters, bom=bom)


def plans_csv(
    db: Database, filters: Filters, today: date, *, outcomes: tuple[str, ...] = (),
    bom: bool = False,
) -> bytes:  # fmt: skip
    """The Tracker page's table as CSV: plans in view with their outcome as of `today`."""
    return export_bytes(db, "plans", filters, bom=bom, today=today, outcomes=outcomes)
