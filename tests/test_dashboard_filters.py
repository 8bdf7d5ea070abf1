"""Filters as data: SQL (run on the fixture database), URL round trip, English sentence."""

from __future__ import annotations

import dataclasses
from datetime import date

import duckdb
import pytest

from dashboard import queries
from dashboard.filters import Filters

SEED = ("cf41e171f9c88871-0", "cf41e171f9c88871-1", "cf41e171f9c88871-2")


def ids(db, filters: Filters) -> set[str]:
    return set(queries.milestones(db, filters)["milestone_id"])


@pytest.mark.parametrize(
    ("filters", "must", "must_not"),
    [
        (Filters(), set(SEED), set()),
        (Filters(orgs=("CSTO",)), set(SEED), {"a7-0"}),
        (Filters(orgs=("SCO",)), {SEED[0], SEED[2]}, {SEED[1]}),
        (Filters(orgs=("BRICS", "OSCE")), {"a7-0", "a9-0"}, set(SEED)),
        (Filters(types=("signing",), statuses=("planned",)), {SEED[2], "a11-0"}, {SEED[0], "a4-1"}),
        # the interval overlaps [since, until]: the year-long deadline overlaps December
        (
            Filters(since=date(2025, 12, 1), until=date(2025, 12, 31)),
            {SEED[2], "a3-1"},
            {SEED[0], SEED[1]},
        ),
        (Filters(since=date(2025, 5, 19), until=date(2025, 5, 19)), {SEED[1], SEED[2]}, {SEED[0]}),
        (Filters(until=date(2024, 12, 31)), {"a2-0", "a7-0"}, set(SEED)),
        # by publication date, the seed's three milestones all belong to 19 May 2025
        (
            Filters(since=date(2025, 5, 19), until=date(2025, 5, 19), by_published=True),
            set(SEED),
            {"a3-0"},
        ),
        (Filters(langs=("de",)), set(SEED) | {"a6-0"}, {"a7-0", "a2-0"}),
        (Filters(sources=("TASS",)), {"a3-0", "a7-0", "a11-0"}, set(SEED)),
        (Filters(query="FAHRPLAN"), set(SEED), {"a2-0"}),  # title or evidence, case-insensitive
        (Filters(query="Bischkek"), {SEED[1]}, {SEED[0], SEED[2]}),
        (Filters(query="декларацию"), {"a7-1"}, {"a7-0"}),
    ],
)
def test_rows_sql_selects(dashboard_db, filters: Filters, must: set[str], must_not: set[str]) -> None:
    found = ids(dashboard_db, filters)
    assert must <= found
    assert not (must_not & found)


@pytest.mark.parametrize("query", ["%", "_", "\\", "'; DROP TABLE milestones; --", "a' OR '1'='1"])
def test_values_are_parameters_and_like_wildcards_are_literal(dashboard_db, query: str) -> None:
    assert ids(dashboard_db, Filters(query=query)) == set()
    assert len(ids(dashboard_db, Filters())) == 33


def test_rows_sql_binds_every_value() -> None:
    f = Filters(orgs=("CSTO", "x'y"), since=date(2025, 1, 1), langs=("de",), query="road")
    sql, params = f.rows_sql()
    assert "x'y" not in sql and "road" not in sql and "2025" not in sql
    # organisations twice (their bits, the overflow list); a one-word text once
    assert sql.count("?") == len(params) == 7
    sql, params = dataclasses.replace(f, query="road map").rows_sql()
    # more words: 3 for the word index, a gate and ILIKE for title and evidence
    assert sql.count("?") == len(params) == 13


@pytest.mark.parametrize(
    ("filters", "params"),
    [
        (Filters(), {}),
        (
            Filters(orgs=("CSTO", "SCO"), since=date(2025, 1, 1), until=date(2025, 12, 31),
                    types=("signing",), statuses=("planned",), langs=("de",), query="roadmap"),
            {"org": ["CSTO", "SCO"], "from": ["2025-01-01"], "to": ["2025-12-31"], "type": ["signing"],
             "status": ["planned"], "lang": ["de"], "q": ["roadmap"]},
        ),
        (Filters(sources=("BelTA", "TASS"), by_published=True), {"source": ["BelTA", "TASS"], "by": ["published"]}),
    ],
)  # fmt: skip
def test_query_params_round_trip(filters: Filters, params: dict[str, list[str]]) -> None:
    assert filters.to_query_params() == params
    assert Filters.from_query_params(params) == filters


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ({"org": "csto"}, Filters(orgs=("CSTO",))),  # single values and lower case
        ({"org": ["CSTO", "CSTO", " "]}, Filters(orgs=("CSTO",))),
        ({"from": ["2025-13-01"], "to": ["soon"]}, Filters()),  # bad dates are dropped
        ({"type": ["signing", "party"], "status": ["held", "maybe"]}, Filters(types=("signing",), statuses=("held",))),
        ({"q": [""], "by": ["milestone"]}, Filters()),
    ],
)  # fmt: skip
def test_from_query_params_cleans(mapping: dict, expected: Filters) -> None:
    assert Filters.from_query_params(mapping) == expected


@pytest.mark.parametrize(
    ("filters", "sentence"),
    [
        (Filters(), "all milestones"),
        (
            Filters(orgs=("CSTO", "SCO"), since=date(2025, 1, 1), until=date(2025, 12, 31),
                    types=("signing",), statuses=("planned",), query="roadmap"),
            "planned signings of CSTO or SCO between 1 Jan 2025 and 31 Dec 2025 matching 'roadmap'",
        ),
        (Filters(statuses=("held", "planned")), "milestones"),
        (Filters(types=("summit", "other")), "summits or other milestones"),
        (Filters(orgs=("CSTO", "CIS", "SCO"), since=date(2025, 2, 17)), "milestones of CSTO, CIS or SCO from 17 Feb 2025 on"),
        (Filters(until=date(2025, 5, 19), by_published=True, langs=("de", "ru")),
         "milestones in articles published until 19 May 2025 in German or Russian"),
        (Filters(statuses=("held",), sources=("BelTA",)), "held milestones from BelTA"),
    ],
)  # fmt: skip
def test_describe(filters: Filters, sentence: str) -> None:
    assert filters.describe() == sentence


def test_filters_are_hashable_cache_keys() -> None:
    assert len({Filters(orgs=("CSTO",)), Filters(orgs=("CSTO",)), Filters()}) == 2


TEXTS = [
    "İZMİR", "İstanbul summit", "ISTANBUL", "istanbul", "Straße nach Minsk", "STRASSE", "ſtraße",
    "Σύνοδος ΟΣΕ", "σύνοδος", "ς", "3 \u212a (kelvin)", "Fahrplan (neu)", "a.b*c+d?", "50%_off\\x",
    "ДЕКЛАРАЦИЮ подписали", "декларацию", "Ёлка", "ёлка", "ǅ", "ǆ", "ẞ", "ß", "", None,
]  # fmt: skip


@pytest.mark.parametrize(
    "query",
    ["i", "İ", "izmir", "istanbul", "İSTANBUL", "straße", "STRASSE", "ſ", "s", "σ", "Σ", "ς", "k",
     "(neu)", "a.b*c", "+d?", "50%_", "%", "_", "\\", "декларацию", "ДЕКЛАРАЦИЮ", "ё", "Ё",
     "ǆ", "ǅ", "ß", "ẞ", "x'y"],
)  # fmt: skip
def test_text_search_finds_what_ilike_finds(query: str) -> None:
    """The regular-expression gate never drops a row the ILIKE contract keeps."""
    from dashboard.filters import _contains, _escape_like

    condition, params = _contains("t", query)
    with duckdb.connect() as con:
        con.execute("CREATE TABLE x (i INTEGER, t VARCHAR)")
        con.executemany("INSERT INTO x VALUES (?, ?)", list(enumerate(TEXTS)))
        got = con.execute(f"SELECT i FROM x WHERE {condition} ORDER BY i", params).fetchall()
        want = con.execute(
            "SELECT i FROM x WHERE t ILIKE ? ESCAPE '\\' ORDER BY i",
            [f"%{_escape_like(query)}%"],
        ).fetchall()
    assert got == want


@pytest.mark.parametrize("query", ["fahrplan", "Bischkek", "a", "an", "ор", "2025", "zzzq"])
def test_one_word_search_is_the_ilike_contract_row_for_row(dashboard_db, query: str) -> None:
    """One word contained in one indexed word, in several (the DISTINCT branch) or in none:
    the milestones, each once, are those ILIKE finds in the evidence or the title."""
    expected = queries.fetch(
        dashboard_db,
        "SELECT m.id FROM milestone_facts m WHERE m.evidence ILIKE ? OR m.title ILIKE ?",
        [f"%{query}%"] * 2,
    )
    found = queries.milestones(dashboard_db, Filters(query=query))["milestone_id"]
    assert len(found) == found.nunique()
    assert set(found) == set(expected["id"])
    assert queries.count_milestones(dashboard_db, Filters(query=query)) == len(expected)
