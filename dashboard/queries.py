"""The query layer: plain functions from (database, filters) to pandas DataFrames.

Called by the Streamlit pages (through a cache), by `dashboard.export` for CSV and
hence by the CLI. No Streamlit here, so every view has one implementation. All
aggregation happens in SQL; only the rows a view shows reach pandas. SQL expects the
milestone as `m` and its article as `a` (see `Filters.to_sql`).

Dates come back as `datetime.date`, lists (organisations, aliases) as Python lists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dashboard.db import Database
from dashboard.filters import Filters

log = logging.getLogger(__name__)

MAX_TIMELINE_POINTS = 5_000
NO_ORG = "(none)"

_BASE = "FROM milestones m JOIN articles a ON a.id = m.article_id"
_MILESTONE_ORGS = (
    "coalesce((SELECT list(org_id ORDER BY org_id) FROM milestone_organisations mo "
    "WHERE mo.milestone_id = m.id), [])"
)
_OFFSET = "abs(a.utc_offset_min)"
# ISO 8601 in the source's local time with its offset; UTC when the offset is unknown.
PUBLISHED_ISO = f"""CASE
    WHEN a.published_utc IS NULL THEN CAST(a.published_date AS VARCHAR)
    WHEN a.utc_offset_min IS NULL THEN strftime(a.published_utc, '%Y-%m-%dT%H:%M:%S') || '+00:00'
    ELSE strftime(a.published_utc + to_minutes(a.utc_offset_min), '%Y-%m-%dT%H:%M:%S')
        || CASE WHEN a.utc_offset_min < 0 THEN '-' ELSE '+' END
        || lpad(CAST({_OFFSET} // 60 AS VARCHAR), 2, '0') || ':'
        || lpad(CAST({_OFFSET} % 60 AS VARCHAR), 2, '0')
END"""
_MILESTONE_COLUMNS = f"""m.id AS milestone_id, m.start_date AS start, m.end_date AS "end",
    m.precision, m.timex, m.mod, m.date_text, m.type, m.status,
    {_MILESTONE_ORGS} AS organisations, m.place, m.stated, m.trigger, m.evidence,
    m.evidence_begin, m.evidence_end, a.id AS article_id, a.url, a.title,
    {PUBLISHED_ISO} AS published, a.published_date, a.source, a.lang"""
_BUCKETS = ("week", "month")  # allow-list for date_trunc in aggregated timelines


@dataclass(frozen=True)
class ArticleDetail:
    """One article with everything read from it, for the drill-down."""

    article: dict[str, Any]
    milestones: pd.DataFrame
    people: pd.DataFrame
    places: tuple[str, ...]


def fetch(db: Database, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """Run one query on its own cursor; dates as `date`, lists as lists."""
    with db.cursor() as cur:
        table = cur.sql(sql, params=params or None).to_arrow_table()
    df = table.to_pandas(date_as_object=True)
    for column in df.columns:
        if df[column].dtype == object and df[column].map(lambda v: isinstance(v, np.ndarray)).any():
            df[column] = df[column].map(lambda v: list(v) if isinstance(v, np.ndarray) else v)
    return df


def _lanes(filters: Filters) -> tuple[str, list[Any]]:
    """The join condition that keeps only the selected organisations' lanes."""
    if not filters.orgs:
        return "", []
    return f" AND mo.org_id IN ({', '.join('?' for _ in filters.orgs)})", list(filters.orgs)


def milestones(
    db: Database, filters: Filters, *, limit: int | None = None, extra: str = "TRUE",
    extra_params: list[Any] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """One row per milestone in view, with its organisations and article provenance.

    Ordered by start date then id, so the screen and the CSV agree row for row.
    `extra` is a condition written by this module (never user input).
    """
    where, params = filters.to_sql()
    sql = f"SELECT {_MILESTONE_COLUMNS} {_BASE} WHERE {where} AND ({extra}) ORDER BY m.start_date, m.id"
    params = params + list(extra_params or [])
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return fetch(db, sql, params)


def count_milestones(db: Database, filters: Filters) -> int:
    """How many milestones are in view."""
    where, params = filters.to_sql()
    return int(fetch(db, f"SELECT count(*) AS n {_BASE} WHERE {where}", params)["n"].iloc[0])


def timeline_points(
    db: Database, filters: Filters, *, max_points: int = MAX_TIMELINE_POINTS
) -> pd.DataFrame:
    """One row per (milestone, organisation lane); per lane and week/month counts when too many.

    The dashboard's timeline draws events (`tracker.event_points`); this milestone view
    serves `bench/probe.py` and anyone who wants the reports one by one.

    Every organisation of a milestone in view gets its lane, so a milestone shared with
    others shows where it connects (the org filter chooses milestones, not lanes).
    The aggregated frame has the columns org, bucket_start, bucket, status, n.
    """
    where, params = filters.to_sql()
    joins = "LEFT JOIN milestone_organisations mo ON mo.milestone_id = m.id"
    stats = fetch(
        db, f"SELECT count(*) AS n, min(m.start_date) AS lo, max(m.end_date) AS hi {_BASE} WHERE {where}",
        params,
    )  # fmt: skip
    n, lo, hi = stats.iloc[0]
    if int(n) > max_points:
        bucket = _BUCKETS[1] if lo is not None and (hi - lo).days > 730 else _BUCKETS[0]
        sql = f"""SELECT coalesce(mo.org_id, '{NO_ORG}') AS org,
                CAST(date_trunc('{bucket}', m.start_date) AS DATE) AS bucket_start,
                '{bucket}' AS bucket, m.status, count(DISTINCT m.id) AS n
            {_BASE} {joins} WHERE {where} GROUP BY ALL ORDER BY org, bucket_start, m.status"""
        return fetch(db, sql, params)
    sql = f"""SELECT m.id AS milestone_id, coalesce(mo.org_id, '{NO_ORG}') AS org,
            m.start_date AS start, m.end_date AS "end", m.precision, m.mod, m.timex, m.date_text,
            m.type, m.status, m.place, m.evidence, {_MILESTONE_ORGS} AS organisations,
            a.source, a.url, a.title, a.published_date
        {_BASE} {joins} WHERE {where} ORDER BY org, m.start_date, m.id"""
    return fetch(db, sql, params)


def article_detail(db: Database, article_id: str) -> ArticleDetail | None:
    """The article's text and metadata with its milestones, people and places; None if unknown."""
    article = fetch(
        db,
        f"""SELECT a.id AS article_id, a.url, a.title, {PUBLISHED_ISO} AS published, a.published_date,
            a.lang, a.source, a.dateline, a.category, a.body, a.path, a.locator, a.format
        FROM articles a WHERE a.id = ?""",
        [article_id],
    )
    if article.empty:
        return None
    ms = milestones(db, Filters(), extra="m.article_id = ?", extra_params=[article_id])
    people = fetch(
        db, "SELECT name, role, org_id AS organisation FROM people WHERE article_id = ? ORDER BY name",
        [article_id],
    )  # fmt: skip
    places = fetch(
        db, "SELECT place FROM article_places WHERE article_id = ? ORDER BY place", [article_id]
    )
    return ArticleDetail(article.iloc[0].to_dict(), ms, people, tuple(places["place"]))


def milestones_per_month(db: Database, filters: Filters) -> pd.DataFrame:
    """Milestones per organisation and month of their start date: org, month, n."""
    where, params = filters.to_sql()
    lane_sql, lane_params = _lanes(filters)
    sql = f"""SELECT mo.org_id AS org, CAST(date_trunc('month', m.start_date) AS DATE) AS month,
            count(DISTINCT m.id) AS n
        {_BASE} JOIN milestone_organisations mo ON mo.milestone_id = m.id{lane_sql}
        WHERE {where} GROUP BY ALL ORDER BY month, org"""
    return fetch(db, sql, lane_params + params)


def cooccurrence(db: Database, filters: Filters) -> pd.DataFrame:
    """How often two organisations share a milestone in view: org_a, org_b, n (diagonal = total)."""
    where, params = filters.to_sql()
    sql = f"""WITH sel AS (SELECT m.id {_BASE} WHERE {where})
        SELECT x.org_id AS org_a, y.org_id AS org_b, count(DISTINCT sel.id) AS n
        FROM sel JOIN milestone_organisations x ON x.milestone_id = sel.id
        JOIN milestone_organisations y ON y.milestone_id = sel.id
        GROUP BY ALL ORDER BY org_a, org_b"""
    return fetch(db, sql, params)


def _articles_in_view(filters: Filters) -> tuple[str, list[Any]]:
    where, params = filters.to_sql()
    return f"SELECT m.article_id, count(*) AS milestones {_BASE} WHERE {where} GROUP BY 1", params


def top_places(db: Database, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    """Places named in the articles behind the milestones in view: place, articles."""
    sel, params = _articles_in_view(filters)
    sql = f"""WITH sel AS ({sel}) SELECT p.place, count(DISTINCT p.article_id) AS articles
        FROM sel JOIN article_places p ON p.article_id = sel.article_id
        GROUP BY 1 ORDER BY articles DESC, place LIMIT ?"""
    return fetch(db, sql, params + [limit])


def top_people(db: Database, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    """People named in the articles behind the milestones in view: name, role, organisation, articles."""
    sel, params = _articles_in_view(filters)
    sql = f"""WITH sel AS ({sel}) SELECT p.name, mode(p.role) AS role, mode(p.org_id) AS organisation,
            count(DISTINCT p.article_id) AS articles
        FROM sel JOIN people p ON p.article_id = sel.article_id
        GROUP BY 1 ORDER BY articles DESC, name LIMIT ?"""
    return fetch(db, sql, params + [limit])


def articles(db: Database, filters: Filters) -> pd.DataFrame:
    """The articles behind the milestones in view, with how many of their milestones match."""
    sel, params = _articles_in_view(filters)
    sql = f"""WITH sel AS ({sel})
        SELECT a.id AS article_id, a.url, a.title, {PUBLISHED_ISO} AS published, a.published_date,
            a.source, a.lang, a.dateline, a.category,
            coalesce((SELECT list(org_id ORDER BY org_id) FROM article_organisations ao
                      WHERE ao.article_id = a.id), []) AS organisations,
            sel.milestones
        FROM sel JOIN articles a ON a.id = sel.article_id ORDER BY a.published_date, a.id"""
    return fetch(db, sql, params)


def organisation_options(db: Database) -> pd.DataFrame:
    """Organisations for the picker: id, name, aliases, milestones, label (searchable by any alias)."""
    sql = """WITH ids AS (SELECT id FROM organisations UNION SELECT org_id FROM milestone_organisations)
        SELECT ids.id, coalesce(o.name, ids.id) AS name,
            coalesce((SELECT list(DISTINCT alias ORDER BY alias) FROM organisation_aliases oa
                      WHERE oa.org_id = ids.id AND oa.alias <> ids.id), []) AS aliases,
            (SELECT count(*) FROM milestone_organisations mo WHERE mo.org_id = ids.id) AS milestones
        FROM ids LEFT JOIN organisations o ON o.id = ids.id
        ORDER BY milestones DESC, ids.id"""
    df = fetch(db, sql)
    df["label"] = [
        _label(i, n, a) for i, n, a in zip(df["id"], df["name"], df["aliases"], strict=True)
    ]
    return df


def _label(org_id: str, name: str, aliases: list[str]) -> str:
    """ "CSTO — Collective Security Treaty Organization · OVKS · ОДКБ"."""
    label = org_id if name == org_id else f"{org_id} — {name}"
    return " · ".join([label, *[a for a in aliases if a != name]])


def facet_values(db: Database) -> dict[str, list[str]]:
    """The sources and languages present, for the pickers."""
    out: dict[str, list[str]] = {}
    for key, column in (("sources", "source"), ("langs", "lang")):
        df = fetch(
            db, f"SELECT DISTINCT {column} AS v FROM articles WHERE {column} IS NOT NULL ORDER BY 1"
        )
        out[key] = list(df["v"])
    return out


def ingest_runs(db: Database) -> pd.DataFrame:
    """Every ingest run with its counts, newest first."""
    return fetch(db, "SELECT * FROM ingest_runs ORDER BY run_id DESC")


def ingest_errors(db: Database, run_id: int | None = None) -> pd.DataFrame:
    """Rejected files and items with their reasons, newest run first."""
    sql = "SELECT run_id, path, locator, reason FROM ingest_errors"
    params: list[Any] = []
    if run_id is not None:
        sql += " WHERE run_id = ?"
        params.append(run_id)
    return fetch(db, sql + " ORDER BY run_id DESC, path, locator", params)
