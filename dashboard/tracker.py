"""The tracker's query layer: events (one happening, many reports) and plans with their outcome.

Called by the Timeline, Tracker and Overview pages (through `ui.run("tracker:...")`)
and by `dashboard.export` (hence `diplotime export events|plans`). No Streamlit.

An event is in view when any of its member milestones passes the filters
(`Filters.rows_sql`, the one definition of the filters). A plan's
outcome depends on the day it is asked about, so it is computed here in SQL with the
rules of `etl.tracker.plans.outcome` (`outcome_sql`; a test checks they agree).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date
from typing import Any, get_args

import pandas as pd

from dashboard import lanes, marks
from dashboard.db import Database
from dashboard.filters import Filters
from dashboard.queries import NO_ORG, fetch, scalar
from etl.store.derived import org_condition, summed_lanes_sql
from etl.tracker.plans import Outcome

log = logging.getLogger(__name__)

OUTCOMES: tuple[str, ...] = get_args(Outcome)

# The members of the wanted events with what their reports need, read once.
_MEMBERS = """SELECT m.event_id, m.event_key, m.id AS milestone_id, m.evidence, m.date_text, m.article_id,
        m.url, m.title, m.published, m.published_date, m.source, m.lang
    FROM milestone_facts m WHERE m.event_key IN (SELECT ekey FROM wanted_keys)"""
# The first report of each wanted event: earliest publication, then milestone id.
_FIRSTS = """SELECT * FROM members
    QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY published_date NULLS LAST, milestone_id) = 1"""
# One line per reporting article, oldest first: "2025-05-19 · BelTA (de) · title".
_REPORTS = """SELECT event_id, list(line ORDER BY published_date NULLS LAST, line) AS reports
    FROM (SELECT event_id, published_date,
            coalesce(CAST(published_date AS VARCHAR), 'undated') || ' · '
            || coalesce(source, 'unknown source') || ' (' || coalesce(lang, '?') || ')'
            || coalesce(' · ' || title, '') AS line
          FROM members
          QUALIFY row_number() OVER (PARTITION BY event_id, article_id ORDER BY milestone_id) = 1)
    GROUP BY event_id"""
_MEMBER_IDS = """SELECT event_id, list(milestone_id ORDER BY milestone_id) AS milestone_ids
    FROM members GROUP BY event_id"""


def _event_orgs(ids_sql: str) -> str:
    """(id, organisations) of the events `ids_sql` selects (`event_facts`)."""
    return f"SELECT id, organisations FROM event_facts WHERE id IN ({ids_sql})"


def outcome_sql(window_end: str, fulfilled_start: str, delay_days: str) -> str:
    """`etl.tracker.plans.outcome` as a SQL expression; its one parameter is today."""
    return f"""CASE WHEN {fulfilled_start} IS NOT NULL AND {delay_days} IS NOT NULL THEN
            CASE WHEN {delay_days} < 0 THEN 'met early' WHEN {delay_days} > 0 THEN 'met late'
                 ELSE 'met on time' END
        WHEN {window_end} >= CAST(? AS DATE) THEN 'pending' ELSE 'overdue' END"""


def events_where(filters: Filters) -> tuple[str, list[Any]]:
    """A condition over `e` (a row of `event_facts`): some member milestone passes the filters.

    When only organisations and statuses are filtered the event's own row decides
    (`Filters.per_event`) and no member is read; a one-word search (maybe with statuses)
    reads the word index by event (`Filters.events_by_word`).
    """
    if filters.per_event():
        clauses, params = ["TRUE"], list(filters.statuses)
        if filters.statuses:
            clauses.append(f"e.status IN ({', '.join('?' for _ in filters.statuses)})")
        if filters.orgs:
            orgs, org_params = org_condition("e", filters.orgs)
            clauses.append(orgs)
            params.extend(org_params)
        return " AND ".join(clauses), params
    by_word = filters.events_by_word()
    if by_word is not None:
        return by_word
    rows, params = filters.rows_sql()
    return f"e.ekey IN (SELECT m.event_key FROM {rows})", params


def events_in_view(filters: Filters) -> tuple[str, list[Any]]:
    """SELECT of the ids of events with a member milestone that passes the filters."""
    where, params = events_where(filters)
    return f"SELECT e.id FROM event_facts e WHERE {where}", params


def _plans_where(filters: Filters) -> tuple[str, list[Any]]:
    """A condition over `e` (a row of `plan_facts`, every planned event): plans whose window
    overlaps the dates and whose reports pass the other filters.

    Status does not matter (a plan is a planned event); the dates apply to the plan's
    window (its founder's interval) unless they are publication dates.
    """
    if filters.by_published:
        members = dataclasses.replace(filters, statuses=())
    else:
        members = dataclasses.replace(filters, statuses=(), since=None, until=None)
    where, params = events_where(members)  # plan_facts has the columns it reads
    clauses = [where]
    if not filters.by_published:  # an event's interval is its founder's
        for clause, value in (
            ("e.end_date >= ?", filters.since),
            ("e.start_date <= ?", filters.until),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
    return " AND ".join(clauses), params


def events_sql(filters: Filters) -> tuple[str, list[Any]]:
    """The SQL of `events` (also streamed by the CSV export)."""
    where, params = events_where(filters)
    sql = f"""WITH wanted_keys AS MATERIALIZED (SELECT e.ekey, e.id FROM event_facts e WHERE {where}),
            wanted AS MATERIALIZED (SELECT ev.* FROM events ev
                WHERE ev.id IN (SELECT id FROM wanted_keys)),
            members AS MATERIALIZED ({_MEMBERS}), firsts AS ({_FIRSTS}), reports AS ({_REPORTS}),
            ids AS ({_MEMBER_IDS}), orgs AS ({_event_orgs("SELECT id FROM wanted")})
        SELECT e.id AS event_id, e.start_date AS start, e.end_date AS "end", e.precision, e.timex,
            e.mod, f.date_text, e.type, e.family, e.status,
            coalesce(orgs.organisations, []) AS organisations, e.place, e.sources,
            e.first_reported, e.founder, ids.milestone_ids, r.reports,
            fr.evidence, fr.article_id, fr.url, fr.title, fr.published, fr.source, fr.lang
        FROM wanted e JOIN members f ON f.event_id = e.id AND f.milestone_id = e.founder
        JOIN firsts fr ON fr.event_id = e.id JOIN reports r ON r.event_id = e.id
        JOIN ids ON ids.event_id = e.id LEFT JOIN orgs ON orgs.id = e.id
        ORDER BY e.start_date, e.id"""
    return sql, params


def events(db: Database, filters: Filters) -> pd.DataFrame:
    """One row per event in view with its organisations, reports and first report's provenance."""
    return fetch(db, *events_sql(filters))


def count_events(db: Database, filters: Filters) -> int:
    """How many events are in view."""
    if filters.per_event() or filters.events_by_word() is not None:
        where, params = events_where(filters)
        return int(scalar(db, f"SELECT count(*) FROM event_facts e WHERE {where}", params))
    rows, params = filters.rows_sql()  # every event key a milestone names is an event
    return int(scalar(db, f"SELECT count(DISTINCT m.event_key) FROM {rows}", params))


def event_points(
    db: Database, filters: Filters, *, max_marks: int = marks.MAX_MARKS
) -> pd.DataFrame:
    """One row per (event, organisation lane); counts per lane and period when the detailed
    timeline would ship more than `max_marks` marks (`dashboard.marks`).

    Every organisation of an event in view gets its lane. The aggregated frame has the
    columns org, bucket_start, bucket, status, n (n counts events); its period is the
    finest that keeps lanes x periods x statuses within `max_marks`. The yearly counts
    decide (they hold every total); only the chosen period's counts are then read.
    Filtered by organisations and statuses alone, the counts are summed from
    `summary_event_lanes`; else the events in view are selected once (`dashboard.lanes`)
    and the aggregated frame carries their number in `attrs["events"]`.
    """
    where, params = events_where(filters)
    if filters.per_event():
        return _points(db, filters, lambda b: fetch(db, summed_lanes_sql(where, (b,)), params),
                       max_marks)  # fmt: skip
    with lanes.selected(db, where, params) as view:
        points = _points(db, filters, view.counts, max_marks)
        if "n" in points.columns:
            points.attrs["events"] = view.total()
        return points


def _points(
    db: Database, filters: Filters, counts: Callable[[str], pd.DataFrame], max_marks: int
) -> pd.DataFrame:
    """`event_points` with `counts(bucket)` giving the lane counts of one period kind."""
    years = counts(marks.BUCKETS[-1])
    points, spans, planned = (int(years[c].sum()) for c in ("n", "spans", "planned"))
    # a lane row is a marker; a band adds two, a connector at most two, a plan's arrow two
    if points and points + 2 * spans + 2 * points + 2 * planned > max_marks:
        # markers and band ends alone are known from the counts: past the budget with the
        # arrows, the events need not be read to find that they would not fit
        over = points + 2 * spans + 2 * planned > max_marks
        detailed = None if over else _event_lanes(db, filters)
        if detailed is None or marks.detailed_marks(detailed) + 2 * planned > max_marks:
            bucket = marks.choose_bucket(
                years["org"].nunique(), years["lo"].min(), years["hi"].max(), max_marks
            )
            chosen = years if bucket == marks.BUCKETS[-1] else counts(bucket)
            chosen = chosen.sort_values(["org", "bucket_start", "status"])
            return marks.fold_lanes(chosen[marks.COUNT_COLUMNS].reset_index(drop=True), max_marks)
        return detailed
    return _event_lanes(db, filters)


def _event_lanes(db: Database, filters: Filters) -> pd.DataFrame:
    """`events` with one row per organisation lane (an event of none in NO_ORG's lane)."""
    frame = events(db, filters)
    lanes = frame["organisations"].map(lambda orgs: list(orgs) or [NO_ORG])
    points = frame.assign(org=lanes).explode("org", ignore_index=True)
    points = points.rename(columns={"founder": "milestone_id"})
    return points.sort_values(["org", "start", "event_id"], kind="stable", ignore_index=True)


def plan_lines(db: Database, filters: Filters, today: date) -> pd.DataFrame:
    """Plans in view that a held event fulfilled: both events' dates, organisations, outcome."""
    sel, params = events_in_view(filters)
    shown = f"SELECT pl.plan_id AS id FROM plan_links pl WHERE pl.fulfilled_by IS NOT NULL AND pl.plan_id IN ({sel})"
    both = "SELECT id FROM shown UNION ALL SELECT fulfilled_by FROM plan_links pl JOIN shown ON shown.id = pl.plan_id"
    sql = f"""WITH shown AS MATERIALIZED ({shown}), orgs AS ({_event_orgs(both)})
        SELECT p.id AS plan_id, h.id AS held_id, p.start_date AS plan_start,
            p.end_date AS plan_end, p.mod AS plan_mod, h.start_date AS held_start,
            h.end_date AS held_end, h.mod AS held_mod,
            coalesce(po.organisations, []) AS plan_orgs, coalesce(ho.organisations, []) AS held_orgs,
            {outcome_sql("p.end_date", "h.start_date", "pl.delay_days")} AS outcome
        FROM plan_links pl JOIN events p ON p.id = pl.plan_id JOIN events h ON h.id = pl.fulfilled_by
        LEFT JOIN orgs po ON po.id = p.id LEFT JOIN orgs ho ON ho.id = h.id
        WHERE p.id IN (SELECT id FROM shown) ORDER BY p.start_date, p.id"""
    return fetch(db, sql, [*params, today])


def _linked(plans_where: str) -> str:
    """The CTE `outcomes`: each plan in view with its link and its outcome (one parameter,
    today); nothing else about a plan is read before the outcome filter and the page."""
    return f"""outcomes AS (
            SELECT e.*, {outcome_sql("e.end_date", "e.fulfilled_start", "e.delay_days")} AS outcome
            FROM plan_facts e WHERE {plans_where})"""


def plans_sql(
    filters: Filters, today: date, outcomes: tuple[str, ...] = (), *, limit: int | None = None,
    newest_first: bool = False,
) -> tuple[str, list[Any]]:  # fmt: skip
    """The SQL of `plans` (also streamed by the CSV export): outcome, filter and page
    first, then the page's reports and organisations."""
    sel, params = _plans_where(filters)
    params = [today, *params]  # today's mark (in the outcome) comes before the plans'
    wanted = [o for o in outcomes if o in OUTCOMES]
    keep = f"outcome IN ({', '.join('?' for _ in wanted)})" if wanted else "TRUE"
    params += wanted
    page = ""
    if limit is not None:
        page = " LIMIT ?"
        params.append(int(limit))
    order = "{end} DESC, {start} DESC, plan_id" if newest_first else "{start}, {end}, plan_id"
    sql = f"""WITH {_linked(sel)}, linked AS MATERIALIZED (SELECT * FROM outcomes WHERE {keep}
            ORDER BY {order.format(start="start_date", end="end_date")}{page}),
        wanted_keys AS (SELECT ekey FROM linked
                   UNION SELECT fulfilled_key FROM linked WHERE fulfilled_key IS NOT NULL),
        members AS MATERIALIZED ({_MEMBERS}), firsts AS ({_FIRSTS})
        SELECT l.plan_id, l.type, l.organisations, l.place, l.start_date AS window_start,
            l.end_date AS window_end, pf.date_text AS window_text,
            pf.published_date AS first_reported, pf.source AS first_source, l.outcome,
            l.delay_days, l.fulfilled_by, l.fulfilled_start, l.fulfilled_end, l.fulfilled_place,
            l.fulfilled_reports, l.rescheduled_to, l.rescheduled_start, l.rescheduled_end,
            pf.evidence AS plan_evidence, pf.article_id AS plan_article_id, pf.url AS plan_url,
            pf.title AS plan_title, pf.published AS plan_published, pf.lang AS plan_lang,
            hf.evidence AS fulfilment_evidence, hf.article_id AS fulfilment_article_id,
            hf.url AS fulfilment_url, hf.title AS fulfilment_title,
            hf.published AS fulfilment_published, hf.source AS fulfilment_source
        FROM linked l JOIN firsts pf ON pf.event_key = l.ekey
        LEFT JOIN firsts hf ON hf.event_key = l.fulfilled_key
        ORDER BY {order.format(start="window_start", end="window_end")}"""
    return sql, params


def plans(
    db: Database, filters: Filters, today: date, outcomes: tuple[str, ...] = (),
    *, limit: int | None = None, newest_first: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """One row per plan in view with its outcome as of `today`; `outcomes` keeps only those,
    `limit` the first rows (by window start, end and plan id; `newest_first`: the latest
    window end first, as the Overview lists what became overdue most recently)."""
    sql, params = plans_sql(filters, today, outcomes, limit=limit, newest_first=newest_first)
    df = fetch(db, sql, params)
    return df.astype({"delay_days": "Int64", "fulfilled_reports": "Int64"})


def outcome_counts(db: Database, filters: Filters, today: date) -> dict[str, int]:
    """How many plans in view have each outcome (every outcome present, zero when none)."""
    if filters.is_empty():  # the plans per met outcome and window end (`summary_plan_outcomes`)
        pending = "CASE WHEN end_date >= CAST(? AS DATE) THEN 'pending' ELSE 'overdue' END"
        sql = f"""SELECT coalesce(met, {pending}) AS outcome, sum(n)::BIGINT AS n
            FROM summary_plan_outcomes GROUP BY 1"""
        df = fetch(db, sql, [today])
    else:
        sel, params = _plans_where(filters)
        sql = f"WITH {_linked(sel)} SELECT outcome, count(*) AS n FROM outcomes GROUP BY 1"
        df = fetch(db, sql, [today, *params])
    found = dict(zip(df["outcome"], df["n"], strict=True))
    return {o: int(found.get(o, 0)) for o in OUTCOMES}
