"""CSV export: the rows on screen, provenance columns, ISO dates, BOM, no formula injection."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest

from dashboard import export, queries
from dashboard.filters import Filters

SEED = "cf41e171f9c88871"


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_milestones_csv_equals_the_query_rows(dashboard_db) -> None:
    f = Filters(orgs=("CSTO",))
    data = export.milestones_csv(dashboard_db, f)
    got = rows(data)
    assert [r["milestone_id"] for r in got] == list(
        queries.milestones(dashboard_db, f)["milestone_id"]
    )
    assert list(got[0]) == list(export.MILESTONE_COLUMNS)
    seed = {r["milestone_id"]: r for r in got}[f"{SEED}-2"]
    assert seed["start"] == "2025-05-19" and seed["end"] == "2025-12-31"
    assert seed["organisations"] == "CIS;CSTO;SCO"
    assert seed["published"] == "2025-05-19T16:30:00+03:00"
    assert seed["article_id"] == SEED and seed["url"].startswith("https://de.belta.by/")
    assert (seed["source"], seed["lang"], seed["status"], seed["mod"]) == (
        "BelTA",
        "de",
        "planned",
        "END",
    )


def test_deterministic_order_and_line_ends(dashboard_db) -> None:
    first = export.milestones_csv(dashboard_db, Filters())
    assert first == export.milestones_csv(dashboard_db, Filters())
    assert b"\r" not in first  # LF line ends
    got = rows(first)
    keys = [(r["start"], r["milestone_id"]) for r in got]
    assert keys == sorted(keys) and len(got) == 33


@pytest.mark.parametrize("bom", [False, True])
def test_bom_is_optional(dashboard_db, bom: bool) -> None:
    data = export.articles_csv(dashboard_db, Filters(langs=("ru",)), bom=bom)
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(export.ARTICLE_COLUMNS)
    assert "Саммит БРИКС в Казани завершился" in data.decode("utf-8")


def test_articles_csv(dashboard_db) -> None:
    got = {
        r["article_id"]: r for r in rows(export.articles_csv(dashboard_db, Filters(orgs=("CSTO",))))
    }
    assert got[SEED]["organisations"] == "CIS;CSTO;SCO;UN" and got[SEED]["milestones"] == "3"
    assert got["a12"]["published"] == "2025-04-02T12:00:00-04:00"


def test_formula_cells_are_neutralised(dashboard_db) -> None:
    crafted = rows(export.milestones_csv(dashboard_db, Filters(sources=("Example Wire",))))[0]
    assert crafted["title"].startswith("'=1+2")
    assert crafted["evidence"].startswith("'+CSTO")
    assert crafted["place"] == "'@Astana"
    assert crafted["date_text"] == "'-3 March 2025"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (None, ""), (float("nan"), ""),
        (date(2025, 2, 17), "2025-02-17"), (["CIS", "CSTO"], "CIS;CSTO"), (["=x"], "'=x"), (3, 3), (True, "true"),
    ],
)  # fmt: skip
def test_safe_cell(value: object, cell: object) -> None:
    assert export.safe_cell(value) == cell


def test_empty_view_is_a_header(dashboard_db) -> None:
    data = export.milestones_csv(dashboard_db, Filters(query="no such thing"))
    assert data.decode() == ",".join(export.MILESTONE_COLUMNS) + "\n"


def test_query_layer_imports_no_streamlit() -> None:
    code = (
        "import sys, dashboard.db, dashboard.filters, dashboard.queries, dashboard.charts, "
        "dashboard.export, dashboard.render, dashboard.cli, dashboard.tracker; "
        "assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
