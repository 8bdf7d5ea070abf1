"""Filters as data: one frozen value turned into SQL, URL parameters and an English sentence.

Modelled on Datasette's filters: values are always bound parameters, identifiers come
from the allow-list below. The query layer (`dashboard.queries`) calls `rows_sql`; the
Streamlit sidebar round-trips `to_query_params`/`from_query_params` through the URL;
pages and the CLI show `describe()`. Being frozen, a `Filters` is a cache key.

SQL fragments expect a row of `milestone_facts` (schema v4) as `m`: the milestone with
its organisations and its article's columns, so no condition joins another table; the
text search narrows the rows through the word index first (`_text_sql`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from etl.records import MILESTONE_TYPES
from etl.store.derived import WORD_PATTERN, org_condition

log = logging.getLogger(__name__)

STATUSES: tuple[str, ...] = ("held", "planned")

# Allow-list: the only identifiers a filter ever writes into SQL.
_COLUMNS: dict[str, str] = {
    "type": "m.type",
    "status": "m.status",
    "lang": "m.lang",
    "source": "m.source",
    "start": "m.start_date",
    "end": "m.end_date",
    "published": "m.published_date",
    "title": "m.title",
    "evidence": "m.evidence",
}

_RE2_SPECIAL = re.compile(r"[\\.+*?()|\[\]{}^$]")
_PLURALS: dict[str, str] = {t: f"{t}s" for t in MILESTONE_TYPES} | {"other": "other milestones"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LANGS = {"de": "German", "en": "English", "ru": "Russian"}


@dataclass(frozen=True)
class Filters:
    """What the user is looking at; the empty value means every milestone."""

    orgs: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    query: str | None = None
    by_published: bool = False

    def rows_sql(self) -> tuple[str, list[Any]]:
        """The milestones in view as a FROM clause: "<rows> m WHERE <condition>", a row of
        `milestone_facts` as `m`, plus its parameters. Callers write
        `SELECT ... FROM {rows}` and may append `AND ...`.

        Every column is on the row itself. A one-word text search starts from the word
        index's milestones and joins the table to them (several times faster than an IN
        over millions of rows); another text search comes last (`_text_sql`).
        """
        where, params = self._where()
        if self.query and _is_one_word(self.query):
            return f"({_ONE_WORD}) k JOIN milestone_facts m ON m.mkey = k.mkey WHERE {where}", [
                self.query,
                *params,
            ]
        return f"milestone_facts m WHERE {where}", params

    def _where(self) -> tuple[str, list[Any]]:
        """The condition over `m` of every filter but a one-word text (`rows_sql`)."""
        clauses: list[str] = []
        params: list[Any] = []
        dates = (("end", ">=", self.since), ("start", "<=", self.until))
        if self.by_published:
            dates = (("published", ">=", self.since), ("published", "<=", self.until))
        for column, op, value in dates:
            if value is not None:
                clauses.append(f"{_COLUMNS[column]} {op} ?")
                params.append(value)
        for column, values in (
            ("type", self.types), ("status", self.statuses), ("lang", self.langs),
            ("source", self.sources),
        ):  # fmt: skip
            if values:
                clauses.append(f"{_COLUMNS[column]} IN ({_marks(values)})")
                params.extend(values)
        if self.orgs:
            orgs, org_params = org_condition("m", self.orgs)
            clauses.append(orgs)
            params.extend(org_params)
        if self.query and not _is_one_word(self.query):
            text, text_params = _text_sql(self.query)
            clauses.append(text)
            params.extend(text_params)
        return (" AND ".join(clauses) or "TRUE"), params

    def events_by_word(self) -> tuple[str, list[Any]] | None:
        """A condition over `e` (a row of `event_facts`, or of `plan_facts` when no
        status is filtered) for a view that is one word and maybe statuses: an event with
        a member holding the word, read from the word index by event
        (`search_event_postings`), never the milestones. None for any other view. Exact:
        a member passes when it holds the word and has a wanted status, and every member
        has its event's status."""
        if not (self.query and _is_one_word(self.query)):
            return None
        if self != Filters(query=self.query, statuses=self.statuses):
            return None
        clauses = [f"e.ekey IN ({_EVENTS_OF_WORD})"]
        if self.statuses:
            clauses.append(f"e.status IN ({_marks(self.statuses)})")
        return " AND ".join(clauses), [self.query, *self.statuses]

    def per_event(self) -> bool:
        """True when an event passes exactly when the event itself does: only organisations
        and statuses are filtered (an event's organisations are its members', and all its
        members share its status), so the members need not be read."""
        return self == Filters(orgs=self.orgs, statuses=self.statuses)

    def to_query_params(self) -> dict[str, list[str]]:
        """The URL form (DESIGN.md): org, from, to, type, status, lang, source, q, by=published."""
        out: dict[str, list[str]] = {}
        if self.orgs:
            out["org"] = list(self.orgs)
        if self.since:
            out["from"] = [self.since.isoformat()]
        if self.until:
            out["to"] = [self.until.isoformat()]
        for key, values in (
            ("type", self.types),
            ("status", self.statuses),
            ("lang", self.langs),
            ("source", self.sources),
        ):
            if values:
                out[key] = list(values)
        if self.query:
            out["q"] = [self.query]
        if self.by_published:
            out["by"] = ["published"]
        return out

    @classmethod
    def from_query_params(cls, mapping: Mapping[str, Any]) -> Filters:
        """Read the URL form back; unknown types, statuses and bad dates are dropped."""

        def get(key: str) -> list[str]:
            if hasattr(mapping, "get_all"):
                raw: Any = mapping.get_all(key)
            else:
                raw = mapping.get(key, [])
            values = [raw] if isinstance(raw, str) else list(raw or [])
            return _unique(v.strip() for v in values if v and v.strip())

        query = " ".join(get("q")) or None
        return cls(
            orgs=tuple(v.upper() for v in get("org")),
            since=_parse_date(get("from")),
            until=_parse_date(get("to")),
            types=tuple(v for v in get("type") if v in MILESTONE_TYPES),
            statuses=tuple(v for v in get("status") if v in STATUSES),
            langs=tuple(get("lang")),
            sources=tuple(get("source")),
            query=query,
            by_published="published" in get("by"),
        )

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return self == Filters()

    def describe(self) -> str:
        """The view as an English sentence, e.g. "planned signings of CSTO or SCO between ..."."""
        status = self.statuses[0] if len(self.statuses) == 1 else ""
        what = " or ".join(_PLURALS.get(t, t) for t in self.types) or "milestones"
        parts = ["all milestones" if self.is_empty() else f"{status} {what}".strip()]
        if self.orgs:
            parts.append("of " + _either(self.orgs))
        dates = _describe_dates(self.since, self.until)
        if dates:
            parts.append(f"in articles published {dates}" if self.by_published else dates)
        if self.langs:
            parts.append("in " + _either([_LANGS.get(v, v) for v in self.langs]))
        if self.sources:
            parts.append("from " + _either(self.sources))
        if self.query:
            parts.append(f"matching '{self.query}'")
        return " ".join(parts)


FILTER_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Filters))


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


# The milestones with a word containing a one-word query (`rows_sql`): exactly those
# whose evidence or title holds it, as a substring of the lower-cased text lies inside
# one of its words when the query is made of word characters only. A posting is one
# (word, milestone) pair (`etl.store.derived`), so when a single word contains the query
# its postings are the milestones, each once: the DISTINCT (a hash of every posting, a
# fifth of a common word's selection at 1M) runs only when several words do.
_ONE_WORD = """WITH w AS MATERIALIZED
        (SELECT word_id FROM search_words WHERE contains(word, lower(?)))
    SELECT p.mkey FROM search_postings p
    WHERE p.word_id = (SELECT min(word_id) FROM w) AND (SELECT count(*) FROM w) = 1
    UNION ALL SELECT DISTINCT p.mkey FROM search_postings p
    WHERE p.word_id IN (SELECT word_id FROM w) AND (SELECT count(*) FROM w) > 1"""


# The events of the milestones of `_ONE_WORD`. A word's rows of the index are a few
# blocks (stored by word within ranges of events; the join pushes the word ids to the
# scan). The DISTINCT is what makes the semi-join hash these events, not the 1.5
# million rows of `event_facts` at 1M (80 -> 22 ms for a word of a tenth of them).
_EVENTS_OF_WORD = """SELECT DISTINCT p.ekey FROM search_event_postings p
    JOIN search_words w USING (word_id) WHERE contains(w.word, lower(?))"""


def _text_sql(query: str) -> tuple[str, list[Any]]:
    """`query` (not one word) in the evidence or the title, as ILIKE finds it, on the
    candidates of the word index (`etl.store.derived`): the milestones holding, for each
    word of the query, a word that contains it; a query without a word takes every row."""
    words = f"SELECT DISTINCT unnest(regexp_extract_all(lower(?), '{WORD_PATTERN}')) AS t"
    candidates = f"""SELECT p.mkey FROM search_postings p JOIN
            (SELECT DISTINCT q.t, w.word_id FROM ({words}) q
             JOIN search_words w ON contains(w.word, q.t)) hits USING (word_id)
        GROUP BY p.mkey HAVING count(DISTINCT hits.t) = (SELECT count(*) FROM ({words}))
        UNION ALL SELECT mkey FROM milestone_facts WHERE (SELECT count(*) FROM ({words})) = 0"""
    evidence, evidence_params = _contains(_COLUMNS["evidence"], query)
    title, title_params = _contains(_COLUMNS["title"], query)
    sql = f"m.mkey IN ({candidates}) AND ({evidence} OR {title})"
    return sql, [query] * 3 + [*evidence_params, *title_params]


def _is_one_word(query: str) -> bool:
    """True when the query is one word of the index's WORD_PATTERN ([\\p{L}\\p{N}_]+) and
    lower-casing keeps its length (so a substring of the lower-cased text is a match)."""
    return (
        bool(query)
        and len(query.lower()) == len(query)
        and all(ch == "_" or unicodedata.category(ch)[0] in "LN" for ch in query)
    )


def _contains(column: str, query: str) -> tuple[str, list[Any]]:
    """`column ILIKE '%query%'` (the contract), evaluated only where a case-insensitive
    regular expression matches: RE2 is several times faster than ILIKE on non-ASCII text.

    Exact: ILIKE compares DuckDB's lower() of both sides, character for character, and
    every character x is in RE2's case-folding orbit of lower(x) except U+0130 (İ, lower
    'i') — checked over all of Unicode — so the expression, with i written (?:i|İ), finds
    every row ILIKE finds (and a few more, such as ſ for s, which ILIKE then drops).
    """
    return (
        f"CASE WHEN regexp_matches({column}, ?) THEN {column} ILIKE ? ESCAPE '\\' ELSE false END",
        [_case_free_regex(query), f"%{_escape_like(query)}%"],
    )


def _case_free_regex(text: str) -> str:
    """An RE2 pattern matching `text` anywhere, ignoring case (see `_contains`)."""
    parts = ["(?:i|İ)" if ch in "iIİ" else _RE2_SPECIAL.sub(r"\\\g<0>", ch) for ch in text]
    return "(?i)" + "".join(parts)


def _escape_like(text: str) -> str:
    """Make %, _ and the escape character literal inside an ILIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _parse_date(values: list[str]) -> date | None:
    if not values:
        return None
    try:
        return date.fromisoformat(values[0])
    except ValueError:
        log.warning("ignoring a date that is not YYYY-MM-DD: %r", values[0])
        return None


def _either(values: Iterable[str]) -> str:
    items = list(values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def format_date(d: date) -> str:
    """1 Jan 2025: unambiguous in every locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _describe_dates(since: date | None, until: date | None) -> str:
    if since and until:
        return f"between {format_date(since)} and {format_date(until)}"
    if since:
        return f"from {format_date(since)} on"
    if until:
        return f"until {format_date(until)}"
    return ""
