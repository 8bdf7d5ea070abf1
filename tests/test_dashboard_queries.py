"""The query layer on the fixture database: the founding example, lanes, aggregates, drill-down."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import marks, queries, tracker
from dashboard.filters import Filters

SEED = "cf41e171f9c88871"


def test_seed_milestones_as_in_design(dashboard_db) -> None:
    df = queries.milestones(
        dashboard_db, Filters(orgs=("CSTO",), langs=("de",), sources=("BelTA",))
    )
    rows = {r.type: r for r in df.itertuples()}
    assert set(rows) == {"consultation", "session", "signing"}
    assert (rows["consultation"].start, rows["consultation"].status) == (date(2025, 2, 17), "held")
    assert rows["consultation"].organisations == ["CIS", "CSTO", "SCO"]
    assert (rows["session"].start, rows["session"].place, rows["session"].organisations) == (
        date(2025, 5, 19),
        "Bishkek",
        ["CSTO"],
    )
    assert (rows["signing"].end, rows["signing"].status, rows["signing"].precision) == (
        date(2025, 12, 31),
        "planned",
        "year",
    )
    assert rows["signing"].published == "2025-05-19T16:30:00+03:00"
    assert rows["signing"].title.startswith("OVKS, GUS und SOZ")
    assert "bis zum Ende dieses Jahres" in rows["signing"].evidence


def test_milestones_are_ordered_by_start_then_id(dashboard_db) -> None:
    df = queries.milestones(dashboard_db, Filters())
    keys = list(zip(df["start"], df["milestone_id"], strict=True))
    assert keys == sorted(keys) and len(df) == 33


@pytest.mark.parametrize(
    ("filters", "lanes"),
    [
        (Filters(), {"CSTO", "CIS", "SCO", "UN", "EAEU", "BRICS", "OSCE", queries.NO_ORG}),
        # the org filter picks events; their partners keep their lanes
        (Filters(orgs=("SCO",)), {"CSTO", "CIS", "SCO", "UN", "EAEU"}),
        (Filters(orgs=("SCO",), types=("signing",)), {"CSTO", "CIS", "SCO", "EAEU"}),
    ],
)
def test_event_points_one_row_per_lane(dashboard_db, filters: Filters, lanes: set[str]) -> None:
    df = tracker.event_points(dashboard_db, filters)
    assert set(df["org"]) == lanes
    seed = df[df["milestone_ids"].map(lambda ids: f"{SEED}-2" in ids)]  # the planned signing
    assert set(seed["org"]) == {"CIS", "CSTO", "SCO"}


@pytest.mark.parametrize("budget", [12, 40, 80, 200])
@pytest.mark.parametrize("filters", [Filters(), Filters(orgs=("CSTO",)), Filters(query="a")])
def test_event_points_aggregate_within_the_budget(dashboard_db, filters, budget: int) -> None:
    detailed = tracker.event_points(dashboard_db, filters)
    df = tracker.event_points(dashboard_db, filters, max_marks=budget)
    if "n" not in df.columns:  # drawn one by one only when that fits
        assert marks.detailed_marks(detailed) <= budget and df.equals(detailed)
        return
    assert list(df.columns) == marks.COUNT_COLUMNS and len(df) <= budget
    assert df["n"].sum() == len(detailed)  # every (event, lane) counted once
    lanes = detailed["org"].nunique()
    bucket = marks.choose_bucket(lanes, min(detailed["start"]), max(detailed["end"]), budget)
    assert set(df["bucket"]) == {bucket}
    if set(df["org"]) <= set(detailed["org"]):  # not folded: the counts per lane agree
        assert df.groupby("org")["n"].sum().to_dict() == detailed.groupby("org").size().to_dict()


def test_article_detail(dashboard_db) -> None:
    detail = queries.article_detail(dashboard_db, SEED)
    assert detail is not None
    assert detail.article["source"] == "BelTA" and detail.article["body"].startswith(
        "MOSKAU, 19. Mai"
    )
    assert len(detail.milestones) == 3
    assert list(detail.people["name"]) == ["Imanghali Tasmaghambetov"]
    assert detail.places == ("Bishkek", "Moscow")
    assert queries.article_detail(dashboard_db, "nope") is None


def test_per_month_and_cooccurrence(dashboard_db) -> None:
    f = Filters(orgs=("CSTO", "CIS", "SCO"), since=date(2025, 2, 1), until=date(2025, 2, 28))
    per_month = queries.milestones_per_month(dashboard_db, f)
    feb = per_month[per_month["month"] == date(2025, 2, 1)].set_index("org")["n"].to_dict()
    assert feb == {"CIS": 1, "CSTO": 1, "SCO": 1}  # the seed's consultations
    jan = per_month[per_month["month"] == date(2025, 1, 1)].set_index("org")["n"].to_dict()
    # periods count in the month they start: next week (27 Jan), 2025, H1 2025, "by the end of 2025"
    assert jan == {"CIS": 1, "CSTO": 1, "SCO": 2}
    pairs = queries.cooccurrence(dashboard_db, Filters()).set_index(["org_a", "org_b"])["n"]
    assert pairs[("CSTO", "SCO")] == pairs[("SCO", "CSTO")] == 3
    assert pairs[("CSTO", "CSTO")] == 11


def test_top_places_and_people(dashboard_db) -> None:
    places = queries.top_places(dashboard_db, Filters(orgs=("CSTO",)), limit=3)
    assert len(places) == 3 and places["articles"].is_monotonic_decreasing
    people = queries.top_people(dashboard_db, Filters(orgs=("CSTO",)))
    assert people.iloc[0]["name"] == "Imanghali Tasmaghambetov" and people.iloc[0]["articles"] == 2


def test_articles_behind_the_view(dashboard_db) -> None:
    df = queries.articles(dashboard_db, Filters(orgs=("SCO",), statuses=("planned",)))
    counts = df.set_index("article_id")["milestones"].to_dict()
    assert counts == {"a11": 1, "a10": 1, SEED: 1, "a5": 1, "a4": 1}
    assert list(df["published_date"]) == sorted(df["published_date"])


def test_organisation_options_carry_every_alias(dashboard_db) -> None:
    df = queries.organisation_options(dashboard_db).set_index("id")
    assert df.loc["CSTO", "label"] == "CSTO — Collective Security Treaty Organization · OVKS · ОДКБ"
    assert "СНГ" in df.loc["CIS", "label"] and "GUS" in df.loc["CIS", "label"]
    assert df.index[0] == "CSTO"  # most milestones first


def test_facets_and_ingest_tables(dashboard_db) -> None:
    facets = queries.facet_values(dashboard_db)
    assert facets["langs"] == ["de", "en", "ru"] and "BelTA" in facets["sources"]
    runs = queries.ingest_runs(dashboard_db)
    assert runs.iloc[0]["files_rejected"] == 2
    errors = queries.ingest_errors(dashboard_db, run_id=1)
    assert list(errors["path"]) == ["data/samples/broken.json", "data/samples/empty.html"]
    assert queries.ingest_errors(dashboard_db, run_id=99).empty


def test_facets_from_one_scan_equal_each_column_alone(dashboard_db) -> None:
    """Sources and languages read together equal each column's distinct values, ordered."""
    plain = {
        key: list(
            queries.fetch(
                dashboard_db,
                f"SELECT DISTINCT {column} AS v FROM articles WHERE {column} IS NOT NULL ORDER BY 1",
            )["v"]
        )
        for key, column in (("sources", "source"), ("langs", "lang"))
    }
    assert queries.facet_values(dashboard_db) == plain
    assert len(plain["sources"]) > 1
