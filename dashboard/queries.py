"""The query layer: plain functions from (database, filters) to pandas DataFrames.

Called by the Streamlit pages (through a cache), by `dashboard.export` for CSV and
hence by the CLI. No Streamlit here, so every view has one implementation. All
aggregation happens in SQL; only the rows a view shows reach pandas. Milestones are read
from the flat, query-ready rows of `milestone_facts` (`etl.store.derived`), which carry
their organisations and their article's columns, so no view joins the base tables; a
page stops at its last start date, and the CSV export streams (`stream_batches`). SQL
expects the milestone as `m` (see `Filters.rows_sql`).

Dates come back as `datetime.date`, lists (organisations, aliases) as Python lists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from dashboard.db import Database
from dashboard.filters import Filters
from etl.store.derived import PUBLISHED_ISO

log = logging.getLogger(__name__)

NO_ORG = "(none)"
STREAM_ROWS = 20_000  # rows per chunk when a result is streamed (CSV export)
PAGE_ROWS = 10_000  # rows a page's table shows at most (the CSV has them all)

_MILESTONE_COLUMNS = """m.id AS milestone_id, m.start_date AS start, m.end_date AS "end",
    m.precision, m.timex, m.mod, m.date_text, m.type, m.status, m.organisations, m.place,
    m.stated, m.trigger, m.evidence, m.evidence_begin, m.evidence_end, m.article_id, m.url,
    m.title, m.published, m.published_date, m.source, m.lang"""


@dataclass(frozen=True)
class ArticleDetail:
    """One article with everything read from it, for the drill-down."""

    article: dict[str, Any]
    milestones: pd.DataFrame
    people: pd.DataFrame
    places: tuple[str, ...]


def to_frame(table: pa.Table | pa.RecordBatch) -> pd.DataFrame:
    """Arrow to pandas: dates as `date`, list columns as Python lists (decided by the schema)."""
    df = table.to_pandas(date_as_object=True)
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            df[field.name] = pd.Series(table.column(i).to_pylist(), index=df.index, dtype=object)
    return df


def fetch(db: Database, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    """Run one query on its own cursor; dates as `date`, lists as lists."""
    with db.cursor() as cur:
        table = cur.sql(sql, params=params or None).to_arrow_table()
    return to_frame(table)


def stream_batches(
    db: Database, sql: str, params: list[Any] | None = None, *, rows: int = STREAM_ROWS
) -> Iterator[pa.RecordBatch]:
    """The result of one query in Arrow batches of at most `rows` rows, read as consumed."""
    with db.cursor() as cur:
        reader = cur.sql(sql, params=params or None).to_arrow_reader(rows)
        for batch in reader:
            if batch.num_rows:
                yield batch


def scalar(db: Database, sql: str, params: list[Any] | None = None) -> Any:
    """The single value of a one-row, one-column query."""
    with db.cursor() as cur:
        row = cur.execute(sql, params or None).fetchone()
    return row[0] if row else None


def org_lists(
    ids_sql: str, key: str = "milestone_id", table: str = "milestone_organisations"
) -> str:
    """Organisation lists of the ids `ids_sql` selects, aggregated once: (key, organisations)."""
    return f"""SELECT {key} AS id, list(org_id ORDER BY org_id) AS organisations
        FROM {table} WHERE {key} IN ({ids_sql}) GROUP BY 1"""


def milestones_sql(
    filters: Filters, *, limit: int | None = None, extra: str = "TRUE",
    extra_params: list[Any] | None = None,
) -> tuple[str, list[Any]]:  # fmt: skip
    """The SQL of `milestones`: one flat table (`milestone_facts`) filtered and ordered."""
    rows, params = filters.rows_sql()
    rows = f"{rows} AND ({extra})"
    params = params + list(extra_params or [])
    if limit is None:
        sql = f"SELECT {_MILESTONE_COLUMNS} FROM {rows} ORDER BY m.start_date, m.id"
        return sql, params
    # The page's last start date first (dates alone, cheap); rows after it are never read,
    # as the table is stored by start date and its zone maps prune the rest.
    sql = f"""WITH cut AS (SELECT max(start_date) AS d FROM (SELECT m.start_date FROM {rows}
            ORDER BY m.start_date LIMIT {int(limit)}))
        SELECT {_MILESTONE_COLUMNS} FROM {rows} AND m.start_date <= (SELECT d FROM cut)
        ORDER BY m.start_date, m.id LIMIT {int(limit)}"""
    return sql, params + params


def milestones(
    db: Database, filters: Filters, *, limit: int | None = None, extra: str = "TRUE",
    extra_params: list[Any] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """One row per milestone in view, with its organisations and article provenance.

    Ordered by start date then id, so the screen and the CSV agree row for row.
    `extra` is a condition written by this module (never user input).
    """
    return fetch(db, *milestones_sql(filters, limit=limit, extra=extra, extra_params=extra_params))


def count_milestones(db: Database, filters: Filters) -> int:
    """How many milestones are in view."""
    rows, params = filters.rows_sql()
    return int(scalar(db, f"SELECT count(*) FROM {rows}", params))


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
    if filters.is_empty():
        return fetch(db, "SELECT org, month, n FROM summary_org_months ORDER BY month, org")
    rows, params = filters.rows_sql()
    lanes, lane_params = "", []
    if filters.orgs:  # only the selected organisations' lanes
        lanes, lane_params = (
            f"WHERE org IN ({', '.join('?' for _ in filters.orgs)})",
            list(filters.orgs),
        )
    sql = f"""SELECT org, month, count(*) AS n
        FROM (SELECT unnest(m.organisations) AS org,
                CAST(date_trunc('month', m.start_date) AS DATE) AS month
              FROM {rows}) {lanes}
        GROUP BY ALL ORDER BY month, org"""
    return fetch(db, sql, params + lane_params)


def cooccurrence(db: Database, filters: Filters) -> pd.DataFrame:
    """How often two organisations share a milestone in view: org_a, org_b, n (diagonal = total).

    The pairs are made from the distinct organisation lists (a few hundred), not by
    joining the organisations to themselves; unfiltered, the lists are precomputed."""
    kinds, params = "SELECT organisations AS orgs, n FROM summary_org_lists", []
    if not filters.is_empty():
        rows, params = filters.rows_sql()
        kinds = f"""SELECT m.organisations AS orgs, count(*) AS n FROM {rows}
            AND len(m.organisations) > 0 GROUP BY 1"""
    sql = f"""WITH kinds AS ({kinds})
        SELECT x.org_a, y.org_b, sum(kinds.n)::BIGINT AS n
        FROM kinds, unnest(kinds.orgs) AS x(org_a), unnest(kinds.orgs) AS y(org_b)
        GROUP BY ALL ORDER BY org_a, org_b"""
    return fetch(db, sql, params)


def _articles_in_view(filters: Filters) -> tuple[str, list[Any]]:
    rows, params = filters.rows_sql()
    return f"SELECT m.article_id, count(*) AS milestones FROM {rows} GROUP BY 1", params


def top_places(db: Database, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    """Places named in the articles behind the milestones in view: place, articles.

    An article lists each of its places once (the loader), so rows count articles."""
    if filters.is_empty():
        sql = "SELECT place, articles FROM summary_places ORDER BY articles DESC, place LIMIT ?"
        return fetch(db, sql, [limit])
    sel, params = _articles_in_view(filters)
    sql = f"""SELECT p.place, count(*) AS articles FROM article_places p
        WHERE p.article_id IN (SELECT article_id FROM ({sel}))
        GROUP BY 1 ORDER BY articles DESC, place LIMIT ?"""
    return fetch(db, sql, params + [limit])


def top_people(db: Database, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    """People named in the articles behind the milestones in view: name, role, organisation, articles."""
    if filters.is_empty():
        sql = """SELECT name, role, organisation, articles FROM summary_people
            ORDER BY articles DESC, name LIMIT ?"""
        return fetch(db, sql, [limit])
    sel, params = _articles_in_view(filters)
    sql = f"""SELECT p.name, mode(p.role) AS role, mode(p.org_id) AS organisation,
            count(DISTINCT p.article_id) AS articles FROM people p
        WHERE p.article_id IN (SELECT article_id FROM ({sel}))
        GROUP BY 1 ORDER BY articles DESC, name LIMIT ?"""
    return fetch(db, sql, params + [limit])


def articles_sql(filters: Filters) -> tuple[str, list[Any]]:
    """The SQL of `articles` (also streamed by the CSV export)."""
    sel, params = _articles_in_view(filters)
    sql = f"""WITH sel AS ({sel}),
        o AS ({org_lists("SELECT article_id FROM sel", "article_id", "article_organisations")})
        SELECT a.id AS article_id, a.url, a.title, {PUBLISHED_ISO} AS published, a.published_date,
            a.source, a.lang, a.dateline, a.category, coalesce(o.organisations, []) AS organisations,
            sel.milestones
        FROM sel JOIN articles a ON a.id = sel.article_id LEFT JOIN o ON o.id = a.id
        ORDER BY a.published_date, a.id"""
    return sql, params


def articles(db: Database, filters: Filters) -> pd.DataFrame:
    """The articles behind the milestones in view, with how many of their milestones match."""
    return fetch(db, *articles_sql(filters))


def organisation_options(db: Database) -> pd.DataFrame:
    """Organisations for the picker: id, name, aliases, milestones, label (searchable by any alias)."""
    sql = """WITH counts AS (SELECT org AS id, sum(n)::BIGINT AS milestones
                             FROM summary_org_months GROUP BY 1),
            ids AS (SELECT id FROM organisations UNION SELECT id FROM counts),
            aliases AS (SELECT id, list(alias ORDER BY alias) AS aliases
                        FROM (SELECT DISTINCT org_id AS id, alias FROM organisation_aliases
                              WHERE alias <> org_id) GROUP BY 1)
        SELECT ids.id, coalesce(o.name, ids.id) AS name, coalesce(al.aliases, []) AS aliases,
            coalesce(c.milestones, 0) AS milestones
        FROM ids LEFT JOIN organisations o ON o.id = ids.id LEFT JOIN aliases al ON al.id = ids.id
        LEFT JOIN counts c ON c.id = ids.id
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
    """The sources and languages present, for the pickers: precomputed with each ingest
    (`summary_facets`), as a scan of a million articles costs the Overview ~10 ms."""
    df = fetch(db, "SELECT kind, value FROM summary_facets ORDER BY kind, value")
    return {
        "sources": list(df.loc[df["kind"] == "source", "value"]),
        "langs": list(df.loc[df["kind"] == "lang", "value"]),
    }


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
