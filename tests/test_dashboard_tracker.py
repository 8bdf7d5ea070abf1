"""The tracker in the dashboard: events and plans on a database really ingested from articles
written here, the outcome SQL against `etl.tracker.plans.outcome`, the CSV against the CLI,
the timeline's plan → outcome arrows and the Tracker page under AppTest.

The articles: a CSTO session in Almaty announced for June and reported by three agencies
in three languages (met on time); EAEU-SCO consultations planned for March, postponed to
22 April and held then (met late, rescheduled); an OSCE meeting announced for September
2025 that nobody reported (overdue); a BRICS summit in 2026 (pending at the end of 2025).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import charts, cli, export, tracker
from dashboard.db import Database
from dashboard.filters import Filters
from etl.tracker.plans import outcome

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
TODAY = date(2025, 12, 1)

ARTICLES = [  # (name, title, published, lang, source, text)
    ("csto-plan", "CSTO ministers to meet in Almaty", "2025-04-01T10:00:00+03:00", "en", "Eurasia Wire",
     "MOSCOW, 1 April (Eurasia Wire) – The CSTO Council of Foreign Ministers will hold a session in Almaty in June, the CSTO press service said."),
    ("csto-en", "CSTO foreign ministers meet in Almaty", "2025-06-12T18:00:00+05:00", "en", "Eurasia Wire",
     "ALMATY, 12 June (Eurasia Wire) – The CSTO Council of Foreign Ministers held a session in Almaty today."),
    ("csto-de", "OVKS-Außenminister tagten in Almaty", "2025-06-13T09:00:00+03:00", "de", "BelTA",
     "MINSK, 13. Juni (BelTA) – Der Rat der Außenminister der OVKS hat am 12. Juni in Almaty eine Sitzung abgehalten."),
    ("csto-ru", "Заседание СМИД ОДКБ прошло в Алматы", "2025-06-12T20:00:00+03:00", "ru", "TASS",
     "АЛМАТЫ, 12 июня. /ТАСС/. Заседание Совета министров иностранных дел ОДКБ состоялось сегодня в Алматы."),
    ("eaeu-plan", "EAEU and SCO plan consultations", "2025-02-10T12:00:00+03:00", "en", "Eurasia Wire",
     "MINSK, 10 February (Eurasia Wire) – Experts of the EAEU and the SCO will hold consultations in Minsk in March."),
    ("eaeu-moved", "EAEU-SCO consultations postponed", "2025-03-20T12:00:00+03:00", "en", "Eurasia Wire",
     "MINSK, 20 March (Eurasia Wire) – The consultations of the EAEU and the SCO in Minsk have been postponed to 22 April."),
    ("eaeu-held", "EAWU und SOZ berieten in Minsk", "2025-04-22T15:00:00+03:00", "de", "BelTA",
     "MINSK, 22. April (BelTA) – Experten der EAWU und der SOZ haben heute in Minsk Konsultationen abgehalten."),
    ("osce-plan", "OSCE ministers to meet in Vienna", "2025-05-05T12:00:00+02:00", "en", "Eurasia Wire",
     "VIENNA, 5 May (Eurasia Wire) – OSCE foreign ministers will meet in Vienna in September 2025."),
    ("brics-plan", "Саммит БРИКС пройдет в Индии", "2025-07-08T12:00:00+03:00", "ru", "TASS",
     "МОСКВА, 8 июля. /ТАСС/. Саммит БРИКС в 2026 году пройдет в Индии."),
]  # fmt: skip

# (type, window start) -> (outcome on TODAY, delay, rescheduled to the window starting)
PLANS = {
    ("session", date(2025, 6, 1)): ("met on time", 0, None),
    ("consultation", date(2025, 3, 1)): ("met late", 22, date(2025, 4, 22)),
    ("consultation", date(2025, 4, 22)): ("met on time", 0, None),
    ("meeting", date(2025, 9, 1)): ("overdue", None, None),
    ("summit", date(2026, 1, 1)): ("pending", None, None),
}


@pytest.fixture(scope="module")
def tracker_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.pipeline import ingest

    folder = tmp_path_factory.mktemp("tracker")
    for name, title, published, lang, source, text in ARTICLES:
        record = {"url": f"https://news.example/{name}", "title": title, "published": published,
                  "lang": lang, "source": source, "text": text}  # fmt: skip
        (folder / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    db = folder / "diplotime.duckdb"
    summary = ingest([folder], db)
    assert summary.counts()["articles_new"] == len(ARTICLES)
    return db


@pytest.fixture()
def db(tracker_db_path: Path):
    database = Database(tracker_db_path)
    yield database
    database.close()


@pytest.mark.parametrize(
    "filters",
    [
        Filters(orgs=("CSTO",)),
        Filters(langs=("ru",), statuses=("held",)),
        Filters(sources=("BelTA",)),
    ],
)
def test_an_event_reported_three_times_in_three_languages_shows_once(db, filters) -> None:
    held = tracker.events(db, filters)
    held = held[(held["status"] == "held") & (held["type"] == "session")]
    assert len(held) == 1  # any one report puts the whole event in view
    row = held.iloc[0]
    assert (row["start"], row["place"], row["sources"], row["organisations"]) == (
        date(2025, 6, 12), "Almaty", 3, ["CSTO"],
    )  # fmt: skip
    assert len(row["milestone_ids"]) == 3 and row["founder"] in row["milestone_ids"]
    assert [r.split(" · ")[1] for r in row["reports"]] == [
        "Eurasia Wire (en)", "TASS (ru)", "BelTA (de)",
    ]  # fmt: skip
    points = tracker.event_points(db, filters)
    assert (points["event_id"] == row["event_id"]).sum() == 1  # one lane, one mark


def test_reports_are_listed_oldest_first(db) -> None:
    row = tracker.events(db, Filters(orgs=("CSTO",), statuses=("held",))).iloc[0]
    dates = [r.split(" · ")[0] for r in row["reports"]]
    assert dates == ["2025-06-12", "2025-06-12", "2025-06-13"]
    assert row["reports"][-1] == "2025-06-13 · BelTA (de) · OVKS-Außenminister tagten in Almaty"


@pytest.mark.parametrize(("key", "expected"), sorted(PLANS.items()))
def test_plan_outcomes(db, key: tuple[str, date], expected: tuple) -> None:
    df = tracker.plans(db, Filters(), TODAY)
    row = df[(df["type"] == key[0]) & (df["window_start"] == key[1])]
    assert len(row) == 1
    row = row.iloc[0]
    delay = None if row["delay_days"] is pd.NA else int(row["delay_days"])
    moved = row["rescheduled_start"] if isinstance(row["rescheduled_start"], date) else None
    assert (row["outcome"], delay, moved) == expected


def test_plan_rows_carry_both_sides(db) -> None:
    df = tracker.plans(db, Filters(orgs=("EAEU",)), TODAY).set_index("window_start")
    late = df.loc[date(2025, 3, 1)]
    assert (late["window_text"], late["first_reported"], late["first_source"]) == (
        "in March", date(2025, 2, 10), "Eurasia Wire",
    )  # fmt: skip
    assert late["plan_evidence"].startswith("Experts of the EAEU and the SCO will hold")
    assert late["fulfilment_evidence"].startswith("Experten der EAWU und der SOZ")
    assert (late["fulfilled_start"], late["fulfilled_place"], late["fulfilled_reports"]) == (
        date(2025, 4, 22), "Minsk", 1,
    )  # fmt: skip
    assert late["rescheduled_to"] == df.loc[date(2025, 4, 22)]["plan_id"]


@pytest.mark.parametrize(
    ("filters", "outcomes", "today", "expected"),
    [
        (Filters(), (), TODAY, {"met on time": 2, "met late": 1, "overdue": 1, "pending": 1}),
        (Filters(), ("overdue", "met late"), TODAY, {"met late": 1, "overdue": 1}),
        (Filters(), ("pending",), date(2025, 8, 1), {"pending": 2}),  # September not yet passed
        (Filters(statuses=("held",)), (), TODAY, {"met on time": 2, "met late": 1, "overdue": 1, "pending": 1}),
        (Filters(orgs=("OSCE",)), (), TODAY, {"overdue": 1}),
        (Filters(langs=("ru",)), (), TODAY, {"pending": 1}),  # the plan's own reports
        (Filters(since=date(2025, 9, 15)), (), TODAY, {"overdue": 1, "pending": 1}),  # window overlaps
        (Filters(until=date(2025, 3, 10)), (), TODAY, {"met late": 1}),
        (Filters(since=date(2025, 7, 8), until=date(2025, 7, 8), by_published=True), (), TODAY, {"pending": 1}),
        (Filters(query="postponed"), (), TODAY, {"met on time": 1}),
    ],
)  # fmt: skip
def test_plans_follow_the_filters(db, filters, outcomes, today, expected) -> None:
    df = tracker.plans(db, filters, today, outcomes)
    assert df["outcome"].value_counts().to_dict() == expected
    counts = tracker.outcome_counts(db, filters, today)
    assert list(counts) == list(tracker.OUTCOMES)
    if not outcomes:
        assert {k: v for k, v in counts.items() if v} == expected


@pytest.mark.parametrize(
    ("window_end", "fulfilled", "delay", "today"),
    [
        (date(2025, 3, 31), date(2025, 4, 22), 22, date(2025, 12, 1)),
        (date(2025, 3, 31), date(2025, 3, 20), 0, date(2025, 12, 1)),
        (date(2025, 3, 31), date(2025, 3, 20), -3, date(2025, 1, 1)),
        (date(2025, 3, 31), None, None, date(2025, 3, 30)),
        (date(2025, 3, 31), None, None, date(2025, 3, 31)),  # the last day of the window
        (date(2025, 3, 31), None, None, date(2025, 4, 1)),
        (date(2025, 3, 31), date(2025, 4, 2), None, date(2025, 4, 1)),  # no delay: not met
        (date(2025, 3, 31), None, 5, date(2025, 5, 1)),
    ],
)
def test_outcome_sql_equals_python(window_end, fulfilled, delay, today) -> None:
    sql = tracker.outcome_sql("w", "f", "d")
    with duckdb.connect() as con:
        got = con.execute(
            f"SELECT {sql} FROM (SELECT ?::DATE AS w, ?::DATE AS f, ?::INTEGER AS d)",
            [today, window_end, fulfilled, delay],  # today's mark comes first in the text
        ).fetchone()[0]
    assert got == outcome(window_end, fulfilled, delay, today)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plans", "--today", "2025-12-01"], lambda db: export.plans_csv(db, Filters(), TODAY)),
        (["plans", "--today", "2025-12-01", "--outcome", "overdue", "--outcome", "met late",
          "--org", "osce", "--org", "EAEU", "--bom"],
         lambda db: export.plans_csv(db, Filters(orgs=("OSCE", "EAEU")), TODAY,
                                     outcomes=("overdue", "met late"), bom=True)),
        (["events", "--lang", "de"], lambda db: export.events_csv(db, Filters(langs=("de",)))),
    ],
)  # fmt: skip
def test_csv_equals_the_cli_export(tracker_db_path, db, args, expected) -> None:
    result = CliRunner().invoke(cli.main, ["export", *args, "--db", str(tracker_db_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == expected(db)
    assert len(result.stdout_bytes.splitlines()) >= 3


def test_plans_csv_cells(db) -> None:
    text = export.plans_csv(db, Filters(), TODAY).decode()
    assert text.splitlines()[0] == ",".join(export.PLAN_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    late = next(r for r in rows if r["outcome"] == "met late")
    assert len(rows) == 5 and late["delay_days"] == "22" and late["organisations"] == "EAEU;SCO"
    assert (late["window_start"], late["window_end"], late["window_text"]) == (
        "2025-03-01", "2025-03-31", "in March",
    )  # fmt: skip
    assert (
        late["plan_published"] == "2025-02-10T12:00:00+03:00" and late["fulfilled_reports"] == "1"
    )


def test_export_option_errors() -> None:
    result = CliRunner().invoke(cli.main, ["export", "events", "--outcome", "overdue"])
    assert result.exit_code == 2 and "apply to `export plans` only" in result.stderr
    result = CliRunner().invoke(cli.main, ["export", "plans", "--outcome", "late"])
    assert result.exit_code == 2 and "Invalid value for '--outcome'" in result.stderr


def test_timeline_joins_plans_to_their_outcome(db) -> None:
    points = tracker.event_points(db, Filters())
    links = tracker.plan_lines(db, Filters(), TODAY)
    fig = charts.timeline(points, links=links, today=TODAY)
    arrows = {t.name: t for t in fig.data if t.legendgroup == "plan"}
    assert set(arrows) == {"met on time", "met late"}
    assert arrows["met late"].legendgrouptitle.text == "plan → outcome"
    on_time = arrows["met on time"]
    segments = set(zip(on_time.x[0::3], on_time.x[1::3], on_time.y[0::3], strict=True))
    # June plan (marker mid-month) -> 12 June in the CSTO lane; 22 April plan -> 22 April twice
    assert (date(2025, 6, 15), date(2025, 6, 12), "CSTO") in segments
    assert {(date(2025, 4, 22), date(2025, 4, 22), org) for org in ("EAEU", "SCO")} <= segments
    held = [
        c
        for t in fig.data
        if t.mode == "markers" and t.customdata is not None
        for c in t.customdata
    ]
    assert sum(1 for c in held if len(c) == 4) == 1  # the Almaty session: event, founder, 2 more
    x0, x1 = fig.layout.xaxis.range
    assert "2025-02-01" < str(x0) < "2025-03-01" and str(x1) > "2026-12-31"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 1), ("2025-02", "2027-01")),  # all of it
        (date(2029, 6, 1), ("2026-05", "2027-01")),  # from three years back
        (date(2035, 1, 1), ("2025-02", "2027-01")),  # nothing that near: all of it
    ],
)
def test_initial_range_is_the_data_within_three_years_of_today(db, today, expected) -> None:
    fig = charts.timeline(tracker.event_points(db, Filters()), today=today)
    x0, x1 = (str(x) for x in fig.layout.xaxis.range)
    assert x0.startswith(expected[0]) and x1.startswith(expected[1])


def test_tracker_page_restores_the_outcome_from_the_url(monkeypatch, tracker_db_path) -> None:
    monkeypatch.setenv("DIPLOTIME_DB", str(tracker_db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(outcome="overdue")
    at.switch_page("app_pages/tracker.py").run()
    assert not at.exception
    assert at.multiselect(key="tracker_outcome").value == ["overdue"]
    table = at.dataframe[0].value
    assert list(table.columns) == list(export.PLAN_COLUMNS)
    assert set(table["outcome"]) == {"overdue"}
    assert "OSCE foreign ministers will meet in Vienna" in " ".join(table["plan_evidence"])
    at.multiselect(key="tracker_outcome").set_value(["met late", "overdue"]).run()
    assert at.query_params["outcome"] == ["met late", "overdue"]
    assert set(at.dataframe[0].value["outcome"]) == {"met late", "overdue"}


@pytest.mark.parametrize(
    ("filters", "outcomes"),
    [
        (Filters(), {"met on time": 2, "met late": 1}),
        (Filters(orgs=("CSTO",)), {"met on time": 1}),
        (Filters(orgs=("EAEU",), statuses=("planned",)), {"met on time": 1, "met late": 1}),
        (Filters(langs=("en",), since=date(2025, 3, 1)), {"met on time": 2, "met late": 1}),
        (Filters(orgs=("OSCE",)), {}),  # overdue: no held event, no arrow
    ],
)
def test_plan_lines_follow_the_filters(db, filters: Filters, outcomes: dict[str, int]) -> None:
    links = tracker.plan_lines(db, filters, TODAY)
    assert links["outcome"].value_counts().to_dict() == outcomes
    assert all(isinstance(orgs, list) and orgs for orgs in links["plan_orgs"])


@pytest.mark.parametrize("limit", [1, 2, 4, 10])
@pytest.mark.parametrize("outcomes", [(), ("met on time", "overdue")])
def test_a_page_of_plans_is_the_head_of_all(db, limit: int, outcomes: tuple[str, ...]) -> None:
    everything = tracker.plans(db, Filters(), TODAY, outcomes)
    page = tracker.plans(db, Filters(), TODAY, outcomes, limit=limit)
    assert page.equals(everything.head(limit))


@pytest.mark.parametrize("limit", [1, 2, 10])
def test_newest_first_is_the_latest_windows(db, limit: int) -> None:
    everything = tracker.plans(db, Filters(), TODAY)
    latest = everything.sort_values(
        ["window_end", "window_start", "plan_id"], ascending=[False, False, True]
    ).head(limit)
    page = tracker.plans(db, Filters(), TODAY, limit=limit, newest_first=True)
    assert list(page["plan_id"]) == list(latest["plan_id"])


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(orgs=("CSTO",)), Filters(orgs=("EAEU",)), Filters(orgs=("EAEU", "SCO")),
     Filters(orgs=("SCO",), statuses=("held",)), Filters(langs=("de",)), Filters(orgs=("NONE",))],
)  # fmt: skip
def test_count_events_counts_the_events(db, filters: Filters) -> None:
    assert tracker.count_events(db, filters) == len(tracker.events(db, filters))


@pytest.mark.parametrize("today", [date(2025, 1, 1), date(2025, 8, 1), TODAY, date(2027, 1, 1)])
def test_unfiltered_outcome_counts_from_the_summary_equal_the_plans(db, today: date) -> None:
    """Unfiltered, the counts are summed from `summary_plan_outcomes` (any day)."""
    plans = tracker.plans(db, Filters(), today)
    counts = tracker.outcome_counts(db, Filters(), today)
    assert {k: v for k, v in counts.items() if v} == plans["outcome"].value_counts().to_dict()


def _by_members(filters: Filters) -> tuple[str, list]:
    """The events of a view as the member milestones select them (the general route)."""
    rows, params = filters.rows_sql()
    return (
        f"SELECT e.id FROM event_facts e WHERE e.ekey IN (SELECT m.event_key FROM {rows})",
        params,
    )


@pytest.mark.parametrize(
    "filters",
    [Filters(query=q, statuses=s)
     for q in ("CSTO", "csto", "Almaty", "Minsk", "consultations", "consult", "s", "Алматы", "zzz")
     for s in ((), ("held",), ("planned",))],
)  # fmt: skip
def test_one_word_events_from_the_event_index_equal_the_members(db, filters: Filters) -> None:
    assert filters.events_by_word() is not None
    sel, params = tracker.events_in_view(filters)
    found = set(tracker.fetch(db, sel, params)["id"])
    assert found == set(tracker.fetch(db, *_by_members(filters))["id"])
    assert tracker.count_events(db, filters) == len(found) == len(tracker.events(db, filters))
    rows, params = Filters(query=filters.query).rows_sql()  # a plan's status is not filtered
    truth = f"SELECT plan_id FROM plan_facts e WHERE e.ekey IN (SELECT m.event_key FROM {rows})"
    plans = tracker.plans(db, filters, TODAY)
    assert set(plans["plan_id"]) == set(tracker.fetch(db, truth, params)["plan_id"])


@pytest.mark.parametrize(
    "filters",
    [Filters(query="CSTO leaders"), Filters(query="CSTO", orgs=("CSTO",)),
     Filters(query="Almaty", langs=("en",)), Filters(query="Almaty", since=date(2025, 6, 1)),
     Filters(query="İstanbul"), Filters(statuses=("held",))],
)  # fmt: skip
def test_other_views_select_events_through_their_members(filters: Filters) -> None:
    assert filters.events_by_word() is None
