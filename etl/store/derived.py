"""Query-ready data for the dashboard, derived from the base tables (schema v4).

Called by `etl.pipeline._refresh_tracker` after each run (`refresh`, inside the
writer's transaction), by `etl.store.schema.migrate` when a v3 file is upgraded and by
`bench.scale` (`rebuild`). Everything here is a function of the base tables, so a
refresh is idempotent: the rows of the changed articles are deleted and derived again,
and the small tables (events, plans, summaries) are recomputed whole.

- `milestone_facts`: one flat row per milestone with its sorted organisations and its
  article's columns, so no dashboard query joins string ids over millions of rows.
- `search_words` / `search_postings`: an inverted index of the lower-cased words of
  each milestone's evidence and its article's title. A substring of the text (what
  ILIKE finds) holds each of the query's words inside one word of the text, so the
  milestones that hold, for every query word, a word containing it are a superset of
  the ILIKE matches (`dashboard.filters` then runs the exact ILIKE on those alone).
  `search_event_postings` (schema v6): the events of each word's milestones, so a
  one-word search selects events without reading milestones; rebuilt with the events.
- `event_facts`, `plan_facts`: events with their organisations (a list and a bit mask,
  `org_bits`) and integer keys; plans with their link.
- `summary_*`: the unfiltered Overview and timeline counts, the plans' outcomes (by
  window end for the unfulfilled) and the sources and languages present.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

import duckdb
import pyarrow as pa

log = logging.getLogger(__name__)

# A word: a maximal run of letters, digits and underscores of the lower-cased text
# (RE2 syntax; the dashboard splits queries with the same pattern, in DuckDB).
WORD_PATTERN = r"[\p{L}\p{N}_]+"

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

# The timeline's periods (`dashboard.marks.BUCKETS`, a test checks they agree) and the
# lane of events without organisations (`dashboard.queries.NO_ORG`).
LANE_BUCKETS: tuple[str, ...] = ("week", "month", "quarter", "year")
# An org_mask is a UBIGINT: organisations from the 64th on share the last bit, and a
# filter on one of them reads the organisation list of the rows with that bit.
OVERFLOW_BIT = 63
NO_LANE = "(none)"

_ALL_TABLES = (
    "org_bits", "milestone_facts", "search_words", "search_postings", "event_facts", "plan_facts",
    "summary_org_months", "summary_org_lists", "summary_places", "summary_people",
    "summary_event_lanes", "search_event_postings", "summary_plan_outcomes", "summary_facets",
)  # fmt: skip


def lane_counts_sql(
    where: str, buckets: Sequence[str] = LANE_BUCKETS, *, by_org_set: bool = False
) -> str:
    """Events of `event_facts e` passing `where` per lane (an event without organisations
    in NO_LANE), status and period, for each period kind of `buckets` in one pass: org,
    status, bucket, bucket_start, n, spans, planned, lo, hi. The timeline runs it with
    its filters (`dashboard.tracker`). `by_org_set` also splits by the events'
    organisation sets (organisations, org_mask): that is `summary_event_lanes`, from
    which the timeline of organisations and statuses alone is summed without reading
    an event."""
    kinds = [b for b in LANE_BUCKETS if b in buckets]  # the allow-list: never caller text
    keys = "org, organisations, org_mask, status" if by_org_set else "org, status"
    cases = " ".join(f"WHEN NOT grouping({b}) THEN '{b}'" for b in kinds)
    starts = ", ".join(f"CAST({b} AS DATE)" for b in kinds)
    sets = ", ".join(f"({keys}, {b})" for b in kinds)
    return f"""WITH lanes AS (
            SELECT coalesce(unnest(CASE WHEN len(e.organisations) = 0 THEN [NULL]
                                   ELSE e.organisations END), '{NO_LANE}') AS org,
                e.organisations, e.org_mask, e.status, e.start_date, e.end_date,
                {", ".join(f"date_trunc('{b}', e.start_date) AS {b}" for b in kinds)}
            FROM event_facts e WHERE {where})
        SELECT {keys}, CASE {cases} END AS bucket, coalesce({starts}, NULL) AS bucket_start,
            count(*) AS n, count(*) FILTER (WHERE start_date <> end_date) AS spans,
            count(*) FILTER (WHERE status = 'planned') AS planned, min(start_date) AS lo,
            max(end_date) AS hi
        FROM lanes GROUP BY GROUPING SETS ({sets})"""


def summed_lanes_sql(where: str, buckets: Sequence[str] = LANE_BUCKETS) -> str:
    """`lane_counts_sql` for a condition on organisations and status alone (over `e`, a row
    of `summary_event_lanes`), summed from the summary, whose rows are stored by period
    kind so that one kind is read alone."""
    kinds = ", ".join(f"'{b}'" for b in LANE_BUCKETS if b in buckets)
    return f"""SELECT org, status, bucket, bucket_start, sum(n)::BIGINT AS n,
            sum(spans)::BIGINT AS spans, sum(planned)::BIGINT AS planned, min(lo) AS lo,
            max(hi) AS hi
        FROM summary_event_lanes e WHERE e.bucket IN ({kinds}) AND {where}
        GROUP BY org, status, bucket, bucket_start"""


# The stages of `refresh`, each told to its `on_stage` as it is done (a minute or more
# each at a million articles: the command line shows them).
STAGES = ("milestone facts and word index", "summaries", "event facts")


def _quiet(stage: str) -> None:
    pass


def refresh(
    con: duckdb.DuckDBPyConnection,
    changed_article_ids: Sequence[str],
    on_stage: Callable[[str], None] = _quiet,
) -> None:
    """Bring the derived tables up to date after a run that changed these articles.

    Runs in the caller's transaction, after the tracker's refresh. Nothing changed:
    nothing to do (a re-ingest of unchanged files stays cheap)."""
    if not changed_article_ids:
        return
    # A temporary table, not a registered frame: a registered view (and the frame,
    # a million ids after a first ingest) would live on until the transaction commits.
    changed = pa.table({"id": pa.array(changed_article_ids, pa.string())})  # noqa: F841
    con.execute("CREATE OR REPLACE TEMP TABLE derived_changed AS SELECT DISTINCT id FROM changed")
    del changed
    _refresh_milestones(con, "IN (SELECT id FROM derived_changed)")
    con.execute("DROP TABLE derived_changed")
    on_stage(STAGES[0])
    _refresh_summaries(con)
    on_stage(STAGES[1])
    refresh_events(con)
    on_stage(STAGES[2])


def behind(con: duckdb.DuckDBPyConnection, run_id: int) -> list[str]:
    """Articles of earlier runs than `run_id` with a milestone that no event or no fact
    row holds yet (the run's own are refreshed anyway: after a first ingest, all).

    A run stopped after publishing some batches (killed, out of memory) leaves them:
    its articles are loaded, but the tracker and this module refresh only at a run's
    end, and the next run finds them unchanged. That run refreshes them too."""
    rows = con.execute(
        """SELECT DISTINCT article_id FROM milestones
        WHERE (id NOT IN (SELECT milestone_id FROM event_milestones)
               OR id NOT IN (SELECT id FROM milestone_facts))
          AND article_id NOT IN (SELECT id FROM articles WHERE last_run = ?)""",
        [run_id],
    ).fetchall()
    return [r[0] for r in rows]


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Derive every table from scratch, rows ordered by start date (migration, bench)."""
    for table in _ALL_TABLES:
        con.execute(f"DELETE FROM {table}")
    _refresh_milestones(con, "IS NOT NULL")
    _refresh_summaries(con)
    refresh_events(con)


def _refresh_milestones(con: duckdb.DuckDBPyConnection, articles: str) -> None:
    """Replace the facts and postings of the articles `article_id {articles}` selects.

    In ranges of whole months of start date (`_month_ranges`): each chunk is sorted and
    indexed alone, so the writer's memory limit holds at millions of milestones, and
    the table still ends up in start-date order for a first load."""
    con.execute(
        f"""DELETE FROM search_postings WHERE mkey IN
            (SELECT mkey FROM milestone_facts WHERE article_id {articles})"""
    )
    con.execute(f"DELETE FROM milestone_facts WHERE article_id {articles}")
    _assign_bits(con)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE derived_chosen AS
        SELECT id, date_trunc('month', start_date) AS month FROM milestones
        WHERE article_id {articles}"""
    )
    for lo, hi in _month_ranges(con, "SELECT month, count(*) FROM derived_chosen GROUP BY 1"):
        first = con.execute("SELECT coalesce(max(mkey), 0) FROM milestone_facts").fetchone()
        base = int(first[0]) if first else 0
        con.execute(_milestone_facts_sql(), [lo, hi, lo, hi, base])
        _index_words(con, base)
    con.execute("DROP TABLE derived_chosen")


_CHUNK_ROWS = 200_000  # rows per build statement: the writer's memory holds, few statements


def _month_ranges(
    con: duckdb.DuckDBPyConnection, counts_sql: str, *, chunk_rows: int | None = None
) -> list[tuple[date, date]]:
    """Consecutive months (`counts_sql`: month, rows) grouped into [from, to) ranges of
    at most `_CHUNK_ROWS` rows, a bigger month alone.

    One statement per range, not per month: each statement scans its whole table, and
    an archive spanning decades has hundreds of months (at 100,000 articles over 20
    years, month-by-month builds cost more than the tracker)."""
    limit = _CHUNK_ROWS if chunk_rows is None else chunk_rows
    ranges: list[tuple[date, date]] = []
    lo: date | None = None
    last = date.min
    size = 0
    for month, rows in sorted(con.execute(counts_sql).fetchall()):
        if lo is not None and size + rows > limit:
            ranges.append((lo, month))
            lo, size = None, 0
        lo = month if lo is None else lo
        size += rows
        last = month
    if lo is not None:
        ranges.append((lo, _next_month(last)))
    return ranges


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _milestone_facts_sql() -> str:
    """A range of months of the chosen milestones (`derived_chosen`) as flat rows;
    parameters: the first month and the month after the range (twice: the date test
    first reads one column, so the id test probes one range's rows, not all), the key
    to number from."""
    return f"""INSERT INTO milestone_facts
    WITH chosen AS (SELECT * FROM milestones
                    WHERE start_date >= ? AND start_date < ?
                      AND id IN (SELECT id FROM derived_chosen WHERE month >= ? AND month < ?)),
        o AS (SELECT milestone_id, list(org_id ORDER BY org_id) AS organisations,
                  {_MASK} AS org_mask
              FROM milestone_organisations LEFT JOIN org_bits ON org = org_id
              WHERE milestone_id IN (SELECT id FROM chosen) GROUP BY 1)
    SELECT ? + row_number() OVER (ORDER BY m.start_date, m.id), m.id, m.article_id,
        em.event_id, NULL, m.start_date, m.end_date, m.precision, m.timex, m.mod,
        m.date_text, m.type, m.status, coalesce(o.organisations, []),
        coalesce(o.org_mask, 0::UBIGINT), m.place, m.stated, m.trigger,
        m.evidence, m.evidence_begin, m.evidence_end, a.url, a.title, {PUBLISHED_ISO},
        a.published_date, a.source, a.lang
    FROM chosen m JOIN articles a ON a.id = m.article_id
    LEFT JOIN o ON o.milestone_id = m.id
    LEFT JOIN event_milestones em ON em.milestone_id = m.id
    ORDER BY m.start_date, m.id"""


# The org_mask of a group of rows of organisations joined to their `org_bits`: the OR of
# their bits, in the aggregate that lists them (a subquery per row over `org_bits` cost a
# quarter of the milestone facts' build).
_MASK = f"bit_or(1::UBIGINT << least(bit, {OVERFLOW_BIT}))"


def org_condition(alias: str, orgs: Sequence[str]) -> tuple[str, list[str]]:
    """A condition over `alias` (a row with organisations and org_mask): it names one of
    `orgs`. The mask decides for organisations with a bit of their own; the list is read
    only on rows whose mask has the shared overflow bit."""
    marks = ", ".join("?" for _ in orgs)
    own = f"""({alias}.org_mask & (SELECT coalesce(bit_or(1::UBIGINT << bit), 0::UBIGINT)
        FROM org_bits WHERE bit < {OVERFLOW_BIT} AND org IN ({marks}))) <> 0"""
    shared = f"""(({alias}.org_mask >> {OVERFLOW_BIT}) = 1
        AND list_has_any({alias}.organisations, [{marks}]::VARCHAR[]))"""
    return f"({own} OR {shared})", [*orgs, *orgs]


def _assign_bits(con: duckdb.DuckDBPyConnection) -> None:
    """Give every organisation a milestone names its bit, once: bits are never renumbered,
    so a refresh touches only the rows it changes."""
    con.execute(
        """INSERT INTO org_bits
        SELECT org_id, (SELECT count(*) FROM org_bits) + row_number() OVER (ORDER BY org_id) - 1
        FROM (SELECT DISTINCT org_id FROM milestone_organisations
              WHERE org_id NOT IN (SELECT org FROM org_bits))"""
    )


def _index_words(con: duckdb.DuckDBPyConnection, above: int) -> None:
    """Add the words of the milestones with mkey > `above` to the word index."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE derived_words AS
        SELECT DISTINCT mkey, unnest(regexp_extract_all(
                lower(evidence || ' ' || coalesce(title, '')), '{WORD_PATTERN}')) AS word
        FROM milestone_facts WHERE mkey > ?""",
        [above],
    )
    con.execute(
        """INSERT INTO search_words
        SELECT (SELECT coalesce(max(word_id), 0) FROM search_words) + row_number() OVER (ORDER BY word),
            word
        FROM (SELECT DISTINCT word FROM derived_words) new
        WHERE NOT EXISTS (SELECT 1 FROM search_words w WHERE w.word = new.word)"""
    )
    con.execute(
        """INSERT INTO search_postings
        SELECT w.word_id, d.mkey FROM derived_words d JOIN search_words w USING (word)
        ORDER BY w.word_id, d.mkey"""
    )
    con.execute("DROP TABLE derived_words")


def _refresh_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the unfiltered Overview's tables from the facts (small results)."""
    statements = (
        """INSERT INTO summary_org_months
        SELECT org, CAST(date_trunc('month', start_date) AS DATE), count(*)
        FROM (SELECT unnest(organisations) AS org, start_date FROM milestone_facts) GROUP BY ALL""",
        """INSERT INTO summary_org_lists
        SELECT organisations, count(*) FROM milestone_facts WHERE len(organisations) > 0
        GROUP BY 1""",
        """INSERT INTO summary_places
        SELECT place, count(*) FROM article_places
        WHERE article_id IN (SELECT article_id FROM milestone_facts) GROUP BY 1""",
        """INSERT INTO summary_people
        SELECT name, mode(role), mode(org_id), count(DISTINCT article_id) FROM people
        WHERE article_id IN (SELECT article_id FROM milestone_facts) GROUP BY 1""",
    )
    for table in ("summary_org_months", "summary_org_lists", "summary_places", "summary_people"):
        con.execute(f"DELETE FROM {table}")
    for sql in statements:
        con.execute(sql)
    _refresh_facets(con)


def _refresh_facets(con: duckdb.DuckDBPyConnection) -> None:
    """The sources and languages of the articles, for the dashboard's pickers."""
    con.execute("DELETE FROM summary_facets")
    con.execute(
        """INSERT INTO summary_facets
        SELECT CASE WHEN grouping(lang) = 1 THEN 'source' ELSE 'lang' END, coalesce(source, lang)
        FROM articles GROUP BY GROUPING SETS ((source), (lang))
        HAVING coalesce(source, lang) IS NOT NULL"""
    )


def fill_v6(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the tables schema v6 adds from the derived tables already there (the
    migration of a v5 file; on an older file they are empty, and `rebuild` follows)."""
    _refresh_facets(con)
    _refresh_plan_outcomes(con)
    _index_events(con)


def refresh_events(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the event tables and each milestone's event (after the tracker's refresh).

    In ranges of whole months of the events' start dates (`_month_ranges`), so the
    writer's memory limit holds at millions of events; keys follow start date, then id."""
    for table in ("event_facts", "plan_facts", "summary_event_lanes"):
        con.execute(f"DELETE FROM {table}")
    _assign_bits(con)
    ranges = _month_ranges(
        con, "SELECT CAST(date_trunc('month', start_date) AS DATE), count(*) FROM events GROUP BY 1"
    )
    for lo, hi in ranges:
        first = con.execute("SELECT coalesce(max(ekey), 0) FROM event_facts").fetchone()
        con.execute(_event_facts_sql(), [lo, hi, int(first[0]) if first else 0])
    for lo, hi in ranges:
        con.execute(_PLAN_FACTS, [lo, hi, lo, hi])
    lanes = lane_counts_sql("TRUE", by_org_set=True)
    con.execute(
        f"INSERT INTO summary_event_lanes SELECT * FROM ({lanes}) ORDER BY bucket, org_mask"
    )
    _refresh_plan_outcomes(con)
    _link_milestones(con)
    _index_events(con)


# A fulfilled plan's outcome (`etl.tracker.plans.outcome`); NULL for the others, whose
# outcome (pending or overdue) depends on the day asked (`dashboard.tracker.outcome_sql`).
_MET = """CASE WHEN fulfilled_start IS NOT NULL AND delay_days IS NOT NULL THEN
    CASE WHEN delay_days < 0 THEN 'met early' WHEN delay_days > 0 THEN 'met late'
         ELSE 'met on time' END END"""


def _refresh_plan_outcomes(con: duckdb.DuckDBPyConnection) -> None:
    """The plans per met outcome and window end: the unfiltered outcome counts of any day."""
    con.execute("DELETE FROM summary_plan_outcomes")
    con.execute(
        f"""INSERT INTO summary_plan_outcomes
        SELECT {_MET} AS met, end_date, count(*) FROM plan_facts GROUP BY ALL ORDER BY ALL"""
    )


def _index_events(con: duckdb.DuckDBPyConnection) -> None:
    """The word index by event: (word, event) for each event with a member holding the
    word. Event keys change whenever the events are refreshed, so the table is rebuilt
    whole with them, from the milestones' postings and event keys (`_link_milestones`),
    in ranges of event keys: each pair is made in one range, each range is stored by
    word, and a word's rows are read from a few blocks per range."""
    con.execute("DELETE FROM search_event_postings")
    top = con.execute("SELECT coalesce(max(ekey), 0) FROM event_facts").fetchone()
    for lo in range(0, int(top[0]) if top else 0, _CHUNK_ROWS):
        con.execute(
            """INSERT INTO search_event_postings
            SELECT DISTINCT p.word_id, m.event_key FROM search_postings p
            JOIN (SELECT mkey, event_key FROM milestone_facts
                  WHERE event_key > ? AND event_key <= ?) m USING (mkey)
            ORDER BY ALL""",
            [lo, lo + _CHUNK_ROWS],
        )


def _event_facts_sql() -> str:
    """A range of months of events with their organisations; parameters: the first
    month, the month after the range, the key to number from."""
    return f"""INSERT INTO event_facts
        WITH chosen AS (SELECT * FROM events WHERE start_date >= ? AND start_date < ?),
            o AS (SELECT event_id, list(org_id ORDER BY org_id) AS organisations,
                      {_MASK} AS org_mask
                  FROM event_organisations LEFT JOIN org_bits ON org = org_id
                  WHERE event_id IN (SELECT id FROM chosen) GROUP BY 1)
        SELECT ? + row_number() OVER (ORDER BY e.start_date, e.id), e.id, e.status,
            e.start_date, e.end_date, coalesce(o.organisations, []),
            coalesce(o.org_mask, 0::UBIGINT)
        FROM chosen e LEFT JOIN o ON o.event_id = e.id ORDER BY e.start_date, e.id"""


# A range of months of plans with their link, fulfilment and move; parameters: the first
# month and the month after the range, twice (the plans' own rows are read by date).
_PLAN_FACTS = """INSERT INTO plan_facts
    WITH chosen AS (SELECT * FROM event_facts
                    WHERE status = 'planned' AND start_date >= ? AND start_date < ?),
        plans AS (SELECT * FROM events WHERE start_date >= ? AND start_date < ?
                  AND id IN (SELECT id FROM chosen)),
        links AS (SELECT * FROM plan_links WHERE plan_id IN (SELECT id FROM chosen)),
        held AS (SELECT * FROM events WHERE id IN (SELECT fulfilled_by FROM links)),
        held_keys AS (SELECT id, ekey FROM event_facts
                      WHERE id IN (SELECT fulfilled_by FROM links)),
        moved AS (SELECT * FROM events WHERE id IN (SELECT rescheduled_to FROM links))
    SELECT e.id, e.ekey, ev.type, e.organisations, e.org_mask, ev.place, e.start_date,
        e.end_date, pl.fulfilled_by, hk.ekey, pl.delay_days, h.start_date, h.end_date,
        h.place, h.sources, pl.rescheduled_to, r.start_date, r.end_date
    FROM chosen e JOIN plans ev ON ev.id = e.id
    LEFT JOIN links pl ON pl.plan_id = e.id
    LEFT JOIN held h ON h.id = pl.fulfilled_by LEFT JOIN held_keys hk ON hk.id = h.id
    LEFT JOIN moved r ON r.id = pl.rescheduled_to
    ORDER BY e.start_date, e.id"""

_LINK_CHUNK = 500_000  # milestone keys per update: bounded memory at millions of rows


def _link_milestones(con: duckdb.DuckDBPyConnection) -> None:
    """Each milestone's event id and key, in ranges of keys."""
    top = con.execute("SELECT coalesce(max(mkey), 0) FROM milestone_facts").fetchone()
    for lo in range(0, int(top[0]) if top else 0, _LINK_CHUNK):
        con.execute(
            """UPDATE milestone_facts SET event_id = k.id, event_key = k.ekey
            FROM (SELECT em.milestone_id, ef.id, ef.ekey FROM event_milestones em
                  JOIN event_facts ef ON ef.id = em.event_id
                  WHERE em.milestone_id IN
                      (SELECT id FROM milestone_facts WHERE mkey > ? AND mkey <= ?)) k
            WHERE k.milestone_id = milestone_facts.id
              AND (milestone_facts.event_key IS DISTINCT FROM k.ekey
                   OR milestone_facts.event_id IS DISTINCT FROM k.id)""",
            [lo, lo + _LINK_CHUNK],
        )
    con.execute(
        """UPDATE milestone_facts SET event_id = NULL, event_key = NULL
        WHERE event_id IS NOT NULL AND id NOT IN (SELECT milestone_id FROM event_milestones)"""
    )
