"""`diplotime export | dashboard | demo`: same filters, same bytes as the dashboard download."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard import cli, export
from dashboard.db import Database
from dashboard.filters import Filters
from etl.pipeline import RunSummary


@pytest.mark.parametrize(
    ("args", "filters"),
    [
        (["milestones", "--org", "CSTO"], Filters(orgs=("CSTO",))),
        (["milestones", "--org", "csto", "--org", "SCO", "--status", "planned", "--type", "signing",
          "--since", "2025-01-01", "--until", "2025-12-31", "--query", "Fahrplan"],
         Filters(orgs=("CSTO", "SCO"), statuses=("planned",), types=("signing",),
                 since=__import__("datetime").date(2025, 1, 1), until=__import__("datetime").date(2025, 12, 31),
                 query="Fahrplan")),
        (["articles", "--lang", "ru", "--source", "TASS", "--bom"], Filters(langs=("ru",), sources=("TASS",))),
        (["milestones", "--since", "2025-05-19", "--until", "2025-05-19", "--by-published"],
         Filters(since=__import__("datetime").date(2025, 5, 19), until=__import__("datetime").date(2025, 5, 19), by_published=True)),
    ],
)  # fmt: skip
def test_export_equals_the_dashboard_bytes(
    dashboard_db_path: Path, args: list[str], filters: Filters
) -> None:
    result = CliRunner().invoke(cli.main, ["export", *args, "--db", str(dashboard_db_path)])
    assert result.exit_code == 0, result.output
    db = Database(dashboard_db_path)
    write = export.milestones_csv if args[0] == "milestones" else export.articles_csv
    assert result.stdout_bytes == write(db, filters, bom="--bom" in args)
    assert len(result.stdout_bytes.splitlines()) > 1


def test_export_to_a_file(dashboard_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        cli.main,
        ["export", "milestones", "--org", "CSTO", "-o", str(out), "--db", str(dashboard_db_path)],
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes().count(b"\n") == 12  # header + 11 CSTO milestones
    assert "milestones of CSTO" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "milestones", "--db", "missing.duckdb"], 3, "No database at missing.duckdb"),
        (["export", "milestones", "--type", "party"], 2, "Invalid value for '--type'"),
        (["export", "milestones", "--since", "19.05.2025"], 2, "Invalid value for '--since'"),
    ],
)
def test_export_errors(args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == code
    assert message in result.stderr


def test_dashboard_execs_streamlit_on_localhost(monkeypatch, tmp_path: Path) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda exe, argv: calls.append(argv))
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(cli.main, ["dashboard", "--db", str(db), "--port", "8765"])
    assert result.exit_code == 0, result.output
    argv = calls[0]
    assert argv[:5] == [sys.executable, "-m", "streamlit", "run", str(cli.APP)]
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    assert argv[argv.index("--server.port") + 1] == "8765"
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert argv[argv.index("--client.toolbarMode") + 1] == "viewer"  # no "Deploy" button
    assert argv[-3:] == ["--", "--db", str(db)]
    assert "no database at" in result.stderr


def test_demo_ingests_the_samples_then_serves(monkeypatch, tmp_path: Path) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr(
        cli, "ingest", lambda paths, db, **kw: calls.append((paths, db, kw)) or RunSummary()
    )
    monkeypatch.setattr(cli.os, "execv", lambda exe, argv: calls.append(tuple(argv)))
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(cli.main, ["demo", "--db", str(db), "--port", "8766"])
    assert result.exit_code == 0, result.output
    (paths, ingested, kw), argv = calls
    assert (
        paths[0].name == "samples"
        and paths[0].is_dir()
        and ingested == db
        and kw == {"progress": True}
    )
    assert "8766" in argv and str(db) in argv
