"""The database schema: defined once, versioned, migrated forward on open.

This is the only module with DDL. Each entry of `MIGRATIONS` moves the schema
from version N-1 to N; `migrate` applies the missing ones inside one transaction
(DuckDB makes DDL transactional), so a database is never left half-migrated.
Readers (the dashboard) open read-only and call `check_version` instead.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from etl.errors import DiplotimeError
from etl.store import derived

_V1 = """
CREATE TABLE schema_version (
    version     INTEGER NOT NULL,
    applied_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE organisations (
    id      VARCHAR PRIMARY KEY,   -- canonical English acronym: CSTO, CIS, SCO, UN ...
    name    VARCHAR NOT NULL,
    parent  VARCHAR,               -- UNSC -> UN
    kind    VARCHAR
);

CREATE TABLE organisation_aliases (
    org_id  VARCHAR NOT NULL,
    lang    VARCHAR NOT NULL,
    alias   VARCHAR NOT NULL
);

CREATE TABLE ingest_runs (
    run_id              INTEGER PRIMARY KEY,
    started             TIMESTAMP NOT NULL,
    finished            TIMESTAMP,
    paths               VARCHAR,
    files_seen          INTEGER NOT NULL DEFAULT 0,
    articles_new        INTEGER NOT NULL DEFAULT 0,
    articles_updated    INTEGER NOT NULL DEFAULT 0,
    articles_unchanged  INTEGER NOT NULL DEFAULT 0,
    files_rejected      INTEGER NOT NULL DEFAULT 0,
    items_rejected      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ingest_errors (
    run_id   INTEGER NOT NULL,
    path     VARCHAR NOT NULL,
    locator  VARCHAR NOT NULL DEFAULT '',
    reason   VARCHAR NOT NULL
);

CREATE TABLE articles (
    id              VARCHAR PRIMARY KEY,  -- hash of canonical URL, else of normalised text
    content_hash    VARCHAR NOT NULL,     -- changes when the article is edited
    url             VARCHAR,
    title           VARCHAR,
    published_utc   TIMESTAMP,            -- the instant, in UTC
    utc_offset_min  INTEGER,              -- the source's offset at that instant, NULL if unknown
    published_date  DATE,                 -- the local calendar date: what "heute" refers to
    lang            VARCHAR,
    source          VARCHAR,
    dateline        VARCHAR,              -- English place name
    category        VARCHAR,
    body            VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    locator         VARCHAR NOT NULL DEFAULT '',
    format          VARCHAR NOT NULL,
    flags           VARCHAR[] NOT NULL DEFAULT [],
    first_run       INTEGER NOT NULL,     -- the ingest run that first loaded it
    last_run        INTEGER NOT NULL      -- the ingest run that last changed it
);

CREATE TABLE article_organisations (
    article_id  VARCHAR NOT NULL,
    org_id      VARCHAR NOT NULL,
    mentions    INTEGER NOT NULL
);

CREATE TABLE people (
    article_id    VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    role          VARCHAR,
    org_id        VARCHAR,
    surface_forms VARCHAR[] NOT NULL DEFAULT []
);

CREATE TABLE article_places (
    article_id  VARCHAR NOT NULL,
    place       VARCHAR NOT NULL
);

CREATE TABLE milestones (
    id              VARCHAR PRIMARY KEY,  -- article id + ordinal
    article_id      VARCHAR NOT NULL,
    ordinal         INTEGER NOT NULL,
    type            VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    timex           VARCHAR NOT NULL,
    mod             VARCHAR,
    start_date      DATE NOT NULL,
    end_date        DATE NOT NULL,
    precision       VARCHAR NOT NULL,
    stated          DATE,
    place           VARCHAR,
    trigger         VARCHAR,
    date_text       VARCHAR,
    evidence        VARCHAR NOT NULL,
    evidence_begin  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL
);

CREATE TABLE milestone_organisations (
    milestone_id  VARCHAR NOT NULL,
    org_id        VARCHAR NOT NULL
);

CREATE INDEX milestones_article ON milestones(article_id);
CREATE INDEX milestone_orgs_milestone ON milestone_organisations(milestone_id);
CREATE INDEX article_orgs_article ON article_organisations(article_id);
"""

# Version 2: the tracker. Events group milestones of many articles; plan_links tie a
# planned event to the held event that fulfilled it (the outcome is computed when asked).
_V2 = """
CREATE TABLE events (
    id                VARCHAR PRIMARY KEY,   -- ev- + hash of the founding milestone id
    family            VARCHAR NOT NULL,      -- gathering, talks, signing, visit, ...
    type              VARCHAR NOT NULL,      -- the members' most common type
    status            VARCHAR NOT NULL,
    start_date        DATE NOT NULL,         -- the finest member's interval
    end_date          DATE NOT NULL,
    precision         VARCHAR NOT NULL,
    timex             VARCHAR NOT NULL,
    mod               VARCHAR,
    place             VARCHAR,
    sources           INTEGER NOT NULL,      -- distinct articles reporting it
    first_reported    DATE,
    founder           VARCHAR NOT NULL       -- milestone id
);

CREATE TABLE event_milestones (
    event_id      VARCHAR NOT NULL,
    milestone_id  VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL           -- why it was merged into the event
);

CREATE TABLE event_organisations (
    event_id  VARCHAR NOT NULL,
    org_id    VARCHAR NOT NULL
);

CREATE TABLE plan_links (
    plan_id         VARCHAR PRIMARY KEY,     -- a planned event
    fulfilled_by    VARCHAR,                 -- the held event, NULL while none is known
    delay_days      INTEGER,                 -- >0 late, <0 early, 0 inside the window
    rescheduled_to  VARCHAR,                 -- a later plan that moved this one
    reason          VARCHAR NOT NULL
);

CREATE INDEX event_milestones_event ON event_milestones(event_id);
CREATE INDEX event_milestones_milestone ON event_milestones(milestone_id);
"""

# Version 3: files already read, so that re-ingesting an unchanged file skips it
# unread. A file is recorded only when all its articles loaded cleanly (no errors,
# no duplicates), in the same transaction as those articles.
_V3 = """
CREATE TABLE files (
    path      VARCHAR NOT NULL,   -- absolute path as ingested
    size      BIGINT NOT NULL,    -- bytes, when read
    mtime_ns  BIGINT NOT NULL,    -- modification time, when read
    last_run  INTEGER NOT NULL,   -- the ingest run that last read it
    articles  INTEGER NOT NULL    -- articles it holds (all in `articles`)
);
"""

# Version 4: query-ready copies for the dashboard, derived from the tables above and
# maintained by `etl.store.derived` (refreshed after each run; backfilled on migration by
# `derived.rebuild`, which the migration cannot run itself: it is SQL alone, so a v3
# file gets the empty tables here and `migrate` fills them).
# milestone_facts: one flat row per milestone with its organisations (sorted) and its
# article's columns, ordered by start date when rebuilt, so date ranges prune; mkey is
# an integer key for the word index. search_words/search_postings: the distinct
# lower-cased words (runs of letters, digits, _) of evidence and title, and which
# milestones hold each. event_facts/plan_facts: events with their organisations, plans
# with their link. summary_*: the unfiltered Overview and timeline, precomputed.
_V4 = """
CREATE TABLE org_bits (          -- each lane organisation's bit in an org_mask, never reused
    org  VARCHAR NOT NULL,
    bit  INTEGER NOT NULL         -- 0.. in order of first sight; from 63 on all share bit 63
);

CREATE TABLE milestone_facts (
    mkey            INTEGER NOT NULL,
    id              VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    event_id        VARCHAR,
    event_key       INTEGER,     -- event_facts.ekey
    start_date      DATE NOT NULL,
    end_date        DATE NOT NULL,
    precision       VARCHAR NOT NULL,
    timex           VARCHAR NOT NULL,
    mod             VARCHAR,
    date_text       VARCHAR,
    type            VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    organisations   VARCHAR[] NOT NULL,
    org_mask        UBIGINT NOT NULL,  -- the organisations' bits (org_bits)
    place           VARCHAR,
    stated          DATE,
    trigger         VARCHAR,
    evidence        VARCHAR NOT NULL,
    evidence_begin  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    url             VARCHAR,
    title           VARCHAR,
    published       VARCHAR,     -- ISO 8601 in the source's local time (dashboard.queries)
    published_date  DATE,
    source          VARCHAR,
    lang            VARCHAR
);

CREATE TABLE search_words (
    word_id  INTEGER NOT NULL,
    word     VARCHAR NOT NULL
);

CREATE TABLE search_postings (
    word_id  INTEGER NOT NULL,
    mkey     INTEGER NOT NULL
);

CREATE TABLE event_facts (
    ekey           INTEGER NOT NULL,  -- integer key, in start-date order
    id             VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    start_date     DATE NOT NULL,
    end_date       DATE NOT NULL,
    organisations  VARCHAR[] NOT NULL,
    org_mask       UBIGINT NOT NULL
);

CREATE TABLE plan_facts (  -- every planned event with its link, its fulfilment and its move
    plan_id            VARCHAR NOT NULL,
    ekey               INTEGER NOT NULL,
    type               VARCHAR NOT NULL,
    organisations      VARCHAR[] NOT NULL,
    org_mask           UBIGINT NOT NULL,
    place              VARCHAR,
    start_date         DATE NOT NULL,
    end_date           DATE NOT NULL,
    fulfilled_by       VARCHAR,
    fulfilled_key      INTEGER,     -- the held event's ekey
    delay_days         INTEGER,
    fulfilled_start    DATE,
    fulfilled_end      DATE,
    fulfilled_place    VARCHAR,
    fulfilled_reports  INTEGER,
    rescheduled_to     VARCHAR,
    rescheduled_start  DATE,
    rescheduled_end    DATE
);

CREATE TABLE summary_org_months (org VARCHAR NOT NULL, month DATE NOT NULL, n BIGINT NOT NULL);
CREATE TABLE summary_org_lists (organisations VARCHAR[] NOT NULL, n BIGINT NOT NULL);
CREATE TABLE summary_places (place VARCHAR NOT NULL, articles BIGINT NOT NULL);
CREATE TABLE summary_people (
    name VARCHAR NOT NULL, role VARCHAR, organisation VARCHAR, articles BIGINT NOT NULL
);
CREATE TABLE summary_event_lanes (  -- events per lane, org set, status and period of each kind
    org VARCHAR NOT NULL, organisations VARCHAR[] NOT NULL, org_mask UBIGINT NOT NULL,
    status VARCHAR NOT NULL, bucket VARCHAR NOT NULL,
    bucket_start DATE NOT NULL, n BIGINT NOT NULL, spans BIGINT NOT NULL,
    planned BIGINT NOT NULL, lo DATE NOT NULL, hi DATE NOT NULL
);
"""

# Version 5: no ART indexes on the tables that grow with the corpus. DuckDB holds an
# ART index (primary key or CREATE INDEX) in the writer's memory: at 600,000 articles
# those of articles, milestones and the tracker tables outgrew the writer's 512 MB and
# a batch could not commit. Nothing reads through them (every query scans with zone
# maps and hash joins), and one writer loads each id once (`loader.load_columns` checks),
# so the indexes are dropped and the keyed tables rebuilt without their primary key.
_V5_INDEXES = (
    "milestones_article", "milestone_orgs_milestone", "article_orgs_article",
    "event_milestones_event", "event_milestones_milestone",
)  # fmt: skip
_V5_UNKEYED = ("articles", "milestones", "events", "plan_links")


def _v5(con: duckdb.DuckDBPyConnection) -> None:
    for index in _V5_INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {index}")
    for table in _V5_UNKEYED:
        _drop_primary_key(con, table)


def _drop_primary_key(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Rebuild `table` with the same columns, rows (in order) and NOT NULLs, keyless.

    DuckDB cannot drop a primary key in place (`ALTER TABLE ... DROP CONSTRAINT` is not
    implemented), so the table is copied under its own DDL with the key made NOT NULL.
    """
    row = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?", [table]
    ).fetchone()
    assert row is not None, table
    ddl = row[0].replace(" PRIMARY KEY", " NOT NULL").replace(f"CREATE TABLE {table}(", "", 1)
    con.execute(f"CREATE TABLE {table}_v5({ddl}")
    con.execute(f"INSERT INTO {table}_v5 SELECT * FROM {table}")
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {table}_v5 RENAME TO {table}")


# Version 6: more query-ready tables (`etl.store.derived`), filled by the migration.
# search_event_postings: the events with a member milestone holding each word (the
# postings joined to the milestones' events), so a one-word search selects its events
# without reading the milestones; keyed by ekey, rebuilt with the events. The summaries:
# the plans' outcomes (the met ones by outcome, the rest by window end, as pending or
# overdue depends on the day) and the sources and languages present.
_V6 = """
CREATE TABLE search_event_postings (
    word_id  INTEGER NOT NULL,
    ekey     INTEGER NOT NULL   -- event_facts.ekey
);
CREATE TABLE summary_plan_outcomes (
    met       VARCHAR,          -- met early / late / on time; NULL while unfulfilled
    end_date  DATE NOT NULL,    -- the plan's window end (decides pending or overdue)
    n         BIGINT NOT NULL
);
CREATE TABLE summary_facets (kind VARCHAR NOT NULL, value VARCHAR NOT NULL);  -- source / lang
"""


def _v6(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_V6)
    derived.fill_v6(con)


Migration = str | Callable[[duckdb.DuckDBPyConnection], None]

# Version N is MIGRATIONS[N - 1]: DDL, or a function for what DDL alone cannot say.
# Append; never edit a released entry.
MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _v5, _v6)
# Versions whose migration leaves derived tables to fill (`etl.store.derived.rebuild`).
BACKFILL_FROM = 4
SCHEMA_VERSION = len(MIGRATIONS)

# Tables that hang off one article, with the column that names it. The loader
# deletes and re-inserts these when an article is edited.
ARTICLE_CHILD_TABLES: tuple[tuple[str, str], ...] = (
    ("article_organisations", "article_id"),
    ("people", "article_id"),
    ("article_places", "article_id"),
    ("milestones", "article_id"),
)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database; 0 for an empty one."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or exists[0] == 0:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring a read-write database up to `SCHEMA_VERSION`, atomically; returns the version.

    A database that had data before version `BACKFILL_FROM` gets its derived tables
    filled in the same transaction."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise DiplotimeError(
            "Database is newer than this diplotime",
            f"schema version {version}, this program knows up to {SCHEMA_VERSION}",
            "upgrade diplotime (pip install -U diplotime) or use another --db file",
        )
    if version == SCHEMA_VERSION:
        return version
    con.execute("BEGIN TRANSACTION")
    try:
        for number in range(version + 1, SCHEMA_VERSION + 1):
            step = MIGRATIONS[number - 1]
            if isinstance(step, str):
                con.execute(step)
            else:
                step(con)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
        if 0 < version < BACKFILL_FROM:
            derived.rebuild(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def check_version(con: duckdb.DuckDBPyConnection) -> int:
    """For read-only users: fail clearly when the file is not a diplotime database we can read."""
    version = current_version(con)
    if version == 0:
        raise DiplotimeError(
            "Not a diplotime database",
            "the file has no diplotime schema",
            "build one with `diplotime ingest PATH --db FILE` or `diplotime demo`",
        )
    if version > SCHEMA_VERSION:
        raise DiplotimeError(
            "Database is newer than this diplotime",
            f"schema version {version}, this program knows up to {SCHEMA_VERSION}",
            "upgrade diplotime",
        )
    return version
