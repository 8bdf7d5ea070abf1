"""CSV reports: exactly the rows the dashboard shows, with their provenance.

Called by the Timeline and Tracker pages' download buttons and by `diplotime export`;
both use the query functions the pages use (`queries.milestones`, `queries.articles`,
`tracker.events`, `tracker.plans`), so the file equals the screen. ISO dates, organisations joined with ";", UTF-8 (optionally
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


def events_csv(db: Database, filters: Filters, *, bom: bool = False) -> bytes:
    """The events in view (one row per happening) as CSV, ordered by start date and event id."""
    return to_csv(tracker.events(db, filters), EVENT_COLUMNS, bom=bom)


def plans_csv(
    db: Database, filters: Filters, today: date, *, outcomes: tuple[str, ...] = (),
    bom: bool = False,
) -> bytes:  # fmt: skip
    """The Tracker page's table as CSV: plans in view with their outcome as of `today`."""
    return to_csv(tracker.plans(db, filters, today, outcomes), PLAN_COLUMNS, bom=bom)
