"""The Streamlit app under AppTest: URL <-> widgets, pages, explanations, escaping."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from etl.store.schema import migrate

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
SEED = "cf41e171f9c88871"


def app(monkeypatch: pytest.MonkeyPatch, db: Path, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("DIPLOTIME_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    return at


def test_url_restores_the_view_and_the_chart_has_the_seed(monkeypatch, dashboard_db_path) -> None:
    at = app(
        monkeypatch,
        dashboard_db_path,
        org=["CSTO", "SCO"],
        status="planned",
        type="signing",
        q="Fahrplan",
        **{"from": "2025-01-01"},
    )
    at.run()
    assert not at.exception
    assert at.multiselect(key="filter_org").value == ["CSTO", "SCO"]
    assert at.multiselect(key="filter_status").value == ["planned"]
    assert at.text_input(key="filter_q").value == "Fahrplan"
    assert str(at.date_input(key="filter_from").value) == "2025-01-01"
    assert at.caption[0].value.startswith("Planned signings of CSTO or SCO from 1 Jan 2025 on")
    spec = at.get("plotly_chart")[0].proto.spec
    assert (
        f"{SEED}-2" in spec and f"{SEED}-0" not in spec
    )  # the held consultations are filtered out


def test_widgets_write_the_url(monkeypatch, dashboard_db_path) -> None:
    at = app(monkeypatch, dashboard_db_path, org="CSTO")
    at.run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert all(f"{SEED}-{i}" in spec for i in range(3))
    at.multiselect(key="filter_org").set_value(["CSTO", "CIS"])
    at.multiselect(key="filter_lang").set_value(["de"])
    at.toggle(key="filter_by").set_value(True)
    at.run()
    assert at.query_params["org"] == ["CSTO", "CIS"]
    assert at.query_params["lang"] in ("de", ["de"]) and at.query_params["by"] in (
        "published",
        ["published"],
    )
    at.multiselect(key="filter_org").set_value([]).run()
    assert "org" not in at.query_params


def test_empty_result_is_explained(monkeypatch, dashboard_db_path) -> None:
    at = app(monkeypatch, dashboard_db_path, q="[nothing](http://x)")
    at.run()
    assert not at.get("plotly_chart")
    message = at.info[0].value
    assert (
        message.startswith("Nothing to show for milestones matching")
        and "Widen the dates" in message
    )
    assert "\\[nothing\\]" in message  # the user's text is shown, not rendered as a link


def test_no_database_says_what_to_run(monkeypatch, tmp_path) -> None:
    at = app(monkeypatch, tmp_path / "missing.duckdb")
    at.run()
    assert "No database at" in at.error[0].value
    assert "diplotime demo" in at.code[0].value
    assert not at.get("plotly_chart") and not at.multiselect


def test_article_markup_is_escaped(monkeypatch, dashboard_db_path) -> None:
    at = app(monkeypatch, dashboard_db_path, milestone="a13-0")
    at.switch_page("app_pages/milestones.py").run()
    assert not at.exception
    bodies = [h.proto.body for h in at.get("html")]
    text = next(b for b in bodies if "article-text" in b)
    assert '<mark id="evidence">+CSTO &lt;script&gt;alert(3)&lt;/script&gt; consultations' in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "[link](http://x)" in text
    for html in bodies:
        assert "<script" not in html and "<img" not in html and "<a " not in html
    assert not [m for m in at.markdown if "http://x" in m.value]


def test_other_pages_render(monkeypatch, dashboard_db_path) -> None:
    at = app(monkeypatch, dashboard_db_path, org="CSTO")
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2 and len(at.dataframe) == 3
    assert [m.label for m in at.metric] == [
        "met early",
        "met on time",
        "met late",
        "pending",
        "overdue",
    ]
    overdue = set(at.dataframe[2].value["window_end"])  # CSTO's summer, autumn and 2025 plans
    assert overdue == {date(2025, 8, 31), date(2025, 11, 30), date(2025, 12, 31)}
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    assert "no article text found" in at.dataframe[1].value.to_csv()


def test_a_swapped_database_shows_without_restart(monkeypatch, dashboard_db_path, tmp_path) -> None:
    db = tmp_path / "diplotime.duckdb"
    shutil.copy(dashboard_db_path, db)
    at = app(monkeypatch, db)
    at.run()
    assert at.get("plotly_chart")
    nxt = tmp_path / "diplotime.duckdb.next"
    con = duckdb.connect(str(nxt))
    migrate(con)
    con.close()
    os.replace(nxt, db)
    at.run()
    assert not at.get("plotly_chart") and at.info[0].value.startswith(
        "Nothing to show for all milestones"
    )


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["app.py", "--", "--db", "x.duckdb"], None, "x.duckdb"),
        (["app.py", "--db=y.duckdb"], "z.duckdb", "y.duckdb"),
        (["pytest"], "z.duckdb", "z.duckdb"),
        (["pytest"], None, "data/diplotime.duckdb"),
    ],
)
def test_db_path(monkeypatch, argv: list[str], env: str | None, expected: str) -> None:
    if env is None:
        monkeypatch.delenv("DIPLOTIME_DB", raising=False)
    else:
        monkeypatch.setenv("DIPLOTIME_DB", env)
    assert ui.db_path(argv) == Path(expected)
