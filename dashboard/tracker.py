"""The tracker's query layer: events (one happening, many reports) and plans with their outcome.

Called by the Timeline, Tracker and Overview pages (through `ui.run("tracker:...")`)
and by `dashboard.export` (hence `diplotime export events|plans`). No Streamlit.

An event is in view when any of its member milestones passes the filters
(`Filters.to_sql` over `m` and `a`, the one definition of the filters). A plan's
outcome depends on the day it is asked about, so it is computed here in SQL with the
rules of `etl.tracker.plans.outcome` (`outcome_sql`; a test checks they agree).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Any, get_args

import pandas as pd

from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.queries import MAX_TIMELINE_POINTS, NO_ORG, PUBLISHED_ISO, fetch
from etl.tracker.plans import Outcome

log = logging.getLogger(__name__)

OUTCOMES: tuple[str, ...] = get_args(Outcome)
_BUCKETS = ("week", "month")  # allow-list for date_trunc

_MEMBERS = """FROM event_milestones em JOIN milestones m ON m.id = em.milestone_id
    JOIN articles a ON a.id = m.article_id"""
_EVENT_ORGS = (
    "coalesce((SELECT list(org_id ORDER BY org_id) FROM event_organisations eo "
    "WHERE eo.event_id = {e}.id), [])"
)
# The first report of each wanted event: earliest publication, then milestone id.
_FIRSTS = f"""SELECT * FROM (
    SELECT em.event_id, m.id AS milestone_id, m.evidence, m.date_text, a.id AS article_id,
        a.url, a.title, {PUBLISHED_ISO} AS published, a.published_date, a.source, a.lang,
        row_number() OVER (PARTITION BY em.event_id ORDER BY a.published_date NULLS LAST, m.id) AS nr
    {_MEMBERS} WHERE em.event_id IN (SELECT id FROM wanted)) WHERE nr = 1"""
# One line per reporting article, oldest first: "2025-05-19 · BelTA (de) · title".
_REPORTS = f"""SELECT event_id, list(line ORDER BY published_date NULLS LAST, line) AS reports
    FROM (SELECT em.event_id, a.published_date,
            coalesce(CAST(a.published_date AS VARCHAR), 'undated') || ' · '
            || coalesce(a.source, 'unknown source') || ' (' || coalesce(a.lang, '?') || ')'
            || coalesce(' · ' || a.title, '') AS line
          {_MEMBERS} WHERE em.event_id IN (SELECT id FROM wanted)
          QUALIFY row_number() OVER (PARTITION BY em.event_id, a.id ORDER BY m.id) = 1)
    GROUP BY event_id"""
_MEMBER_IDS = (
    "(SELECT list(x.milestone_id ORDER BY x.milestone_id) FROM event_milestones x "
    "WHERE x.event_id = e.id)"
)


def outcome_sql(window_end: str, fulfilled_start: str, delay_days: str) -> str:
    """`etl.tracker.plans.outcome` as a SQL expression; its one parameter is today."""
    return f"""CASE WHEN {fulfilled_start} IS NOT NULL AND {delay_days} IS NOT NULL THEN
            CASE WHEN {delay_days} < 0 THEN 'met early' WHEN {delay_days} > 0 THEN 'met late'
                 ELSE 'met on time' END
        WHEN {window_end} >= CAST(? AS DATE) THEN 'pending' ELSE 'overdue' END"""


def events_in_view(filters: Filters) -> tuple[str, list[Any]]:
    """SELECT of the ids of events with a member milestone that passes the filters."""
    where, params = filters.to_sql()
    return f"SELECT DISTINCT em.event_id AS id {_MEMBERS} WHERE {where}", params


def _plans_in_view(filters: Filters) -> tuple[str, list[Any]]:
    """Plans whose window overlaps the dates and whose reports pass the other filters.

    Status does not matter (a plan is a planned event); the dates apply to the plan's
    window (its founder's interval) unless they are publication dates.
    """
    if filters.by_published:
        members = dataclasses.replace(filters, statuses=())
        window = Filters()
    else:
        members = dataclasses.replace(filters, statuses=(), since=None, until=None)
        window = Filters(since=filters.since, until=filters.until)
    sel, params = events_in_view(members)
    window_where, window_params = window.to_sql()
    sql = f"""SELECT e.id FROM events e WHERE e.status = 'planned' AND e.id IN ({sel})
        AND e.founder IN (SELECT m.id FROM milestones m JOIN articles a ON a.id = m.article_id
                          WHERE {window_where})"""
    return sql, params + window_params


def events(db: Database, filters: Filters) -> pd.DataFrame:
    """One row per event in view with its organisations, reports and first report's provenance."""
    sel, params = events_in_view(filters)
    sql = f"""WITH wanted AS ({sel}), firsts AS ({_FIRSTS}), reports AS ({_REPORTS})
        SELECT e.id AS event_id, e.start_date AS start, e.end_date AS "end", e.precision, e.timex,
            e.mod, f.date_text, e.type, e.family, e.status, {_EVENT_ORGS.format(e="e")} AS organisations,
            e.place, e.sources, e.first_reported, e.founder,
            {_MEMBER_IDS} AS milestone_ids, r.reports,
            fr.evidence, fr.article_id, fr.url, fr.title, fr.published, fr.source, fr.lang
        FROM events e JOIN wanted ON wanted.id = e.id JOIN milestones f ON f.id = e.founder
        JOIN firsts fr ON fr.event_id = e.id JOIN reports r ON r.event_id = e.id
        ORDER BY e.start_date, e.id"""
    return fetch(db, sql, params)


def count_events(db: Database, filters: Filters) -> int:
    """How many events are in view."""
    sel, params = events_in_view(filters)
    return int(fetch(db, f"SELECT count(*) AS n FROM ({sel})", params)["n"].iloc[0])


def event_points(
    db: Database, filters: Filters, *, max_points: int = MAX_TIMELINE_POINTS
) -> pd.DataFrame:
    """One row per (event, organisation lane); per lane and week/month counts when too many.

    Every organisation of an event in view gets its lane. The aggregated frame has the
    columns org, bucket_start, bucket, status, n (n counts events).
    """
    sel, params = events_in_view(filters)
    joins = f"FROM events e JOIN ({sel}) s ON s.id = e.id LEFT JOIN event_organisations eo ON eo.event_id = e.id"
    stats = fetch(
        db, f"SELECT count(*) AS n, min(e.start_date) AS lo, max(e.end_date) AS hi {joins}", params
    )
    n, lo, hi = stats.iloc[0]
    if int(n) > max_points:
        bucket = _BUCKETS[1] if lo is not None and (hi - lo).days > 730 else _BUCKETS[0]
        sql = f"""SELECT coalesce(eo.org_id, '{NO_ORG}') AS org,
                CAST(date_trunc('{bucket}', e.start_date) AS DATE) AS bucket_start,
                '{bucket}' AS bucket, e.status, count(DISTINCT e.id) AS n
            {joins} GROUP BY ALL ORDER BY org, bucket_start, e.status"""
        return fetch(db, sql, params)
    frame = events(db, filters)
    lanes = frame["organisations"].map(lambda orgs: list(orgs) or [NO_ORG])
    points = frame.assign(org=lanes).explode("org", ignore_index=True)
    points = points.rename(columns={"founder": "milestone_id"})
    return points.sort_values(["org", "start", "event_id"], kind="stable", ignore_index=True)


def plan_lines(db: Database, filters: Filters, today: date) -> pd.DataFrame:
    """Plans in view that a held event fulfilled: both events' dates, organisations, outcome."""
    sel, params = events_in_view(filters)
    sql = f"""SELECT p.id AS plan_id, h.id AS held_id, p.start_date AS plan_start,
            p.end_date AS plan_end, p.mod AS plan_mod, h.start_date AS held_start,
            h.end_date AS held_end, h.mod AS held_mod,
            {_EVENT_ORGS.format(e="p")} AS plan_orgs, {_EVENT_ORGS.format(e="h")} AS held_orgs,
            {outcome_sql("p.end_date", "h.start_date", "pl.delay_days")} AS outcome
        FROM plan_links pl JOIN events p ON p.id = pl.plan_id JOIN events h ON h.id = pl.fulfilled_by
        WHERE p.id IN ({sel}) ORDER BY p.start_date, p.id"""
    return fetch(db, sql, [today, *params])


def _plans_sql(filters: Filters, today: date, outcomes: tuple[str, ...]) -> tuple[str, list[Any]]:
    sel, params = _plans_in_view(filters)
    wanted = [o for o in outcomes if o in OUTCOMES]
    keep = f"outcome IN ({', '.join('?' for _ in wanted)})" if wanted else "TRUE"
    sql = f"""WITH linked AS (
            SELECT e.id AS plan_id, pl.fulfilled_by, pl.delay_days, pl.rescheduled_to
            FROM events e LEFT JOIN plan_links pl ON pl.plan_id = e.id WHERE e.id IN ({sel})),
        wanted AS (SELECT plan_id AS id FROM linked
                   UNION SELECT fulfilled_by FROM linked WHERE fulfilled_by IS NOT NULL),
        firsts AS ({_FIRSTS})
        SELECT * FROM (SELECT p.id AS plan_id, p.type, {_EVENT_ORGS.format(e="p")} AS organisations,
            p.place, p.start_date AS window_start, p.end_date AS window_end,
            pf.date_text AS window_text, pf.published_date AS first_reported,
            pf.source AS first_source,
            {outcome_sql("p.end_date", "h.start_date", "l.delay_days")} AS outcome, l.delay_days,
            l.fulfilled_by, h.start_date AS fulfilled_start, h.end_date AS fulfilled_end,
            h.place AS fulfilled_place, h.sources AS fulfilled_reports, l.rescheduled_to,
            r.start_date AS rescheduled_start, r.end_date AS rescheduled_end,
            pf.evidence AS plan_evidence, pf.article_id AS plan_article_id, pf.url AS plan_url,
            pf.title AS plan_title, pf.published AS plan_published, pf.lang AS plan_lang,
            hf.evidence AS fulfilment_evidence, hf.article_id AS fulfilment_article_id,
            hf.url AS fulfilment_url, hf.title AS fulfilment_title,
            hf.published AS fulfilment_published, hf.source AS fulfilment_source
        FROM linked l JOIN events p ON p.id = l.plan_id JOIN firsts pf ON pf.event_id = p.id
        LEFT JOIN events h ON h.id = l.fulfilled_by LEFT JOIN firsts hf ON hf.event_id = h.id
        LEFT JOIN events r ON r.id = l.rescheduled_to)
        WHERE {keep} ORDER BY window_start, window_end, plan_id"""
    return sql, [*params, today, *wanted]


def plans(
    db: Database, filters: Filters, today: date, outcomes: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per plan in view with its outcome as of `today`; `outcomes` keeps only those."""
    sql, params = _plans_sql(filters, today, outcomes)
    df = fetch(db, sql, params)
    return df.astype({"delay_days": "Int64", "fulfilled_reports": "Int64"})


def outcome_counts(db: Database, filters: Filters, today: date) -> dict[str, int]:
    """How many plans in view have each outcome (every outcome present, zero when none)."""
    sql, params = _plans_sql(filters, today, ())
    df = fetch(db, f"SELECT outcome, count(*) AS n FROM ({sql}) GROUP BY 1", params)
    found = dict(zip(df["outcome"], df["n"], strict=True))
    return {o: int(found.get(o, 0)) for o in OUTCOMES}
