"""The `diplotime` command: the write side's commands plus export, dashboard and demo.

`main` is the console entry point (pyproject: `diplotime = "dashboard.cli:main"`).
`export` uses the same `Filters` and queries as the dashboard (streamed to the output), so
`diplotime export milestones --org CSTO` gives the bytes of the page's download
(`events` and `plans` those of the Timeline's and the Tracker's).
Diagnostics go to stderr; stdout belongs to the CSV.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from dashboard import export
from dashboard.db import Database
from dashboard.filters import STATUSES, Filters
from dashboard.tracker import OUTCOMES
from etl.cli import COMMANDS, EXIT_FAILED, configure_logging, db_option
from etl.errors import DiplotimeError
from etl.pipeline import ingest
from etl.records import MILESTONE_TYPES

APP = Path(__file__).parent / "app.py"
SAMPLES = Path("data/samples")
PROJECT_SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """diplotime: dated diplomatic milestones of international organisations from news articles."""
    configure_logging(verbose)


for _command in COMMANDS:
    main.add_command(_command)


def _fail(error: DiplotimeError) -> None:
    click.echo(error.render(), err=True)
    sys.exit(EXIT_FAILED)


def _to_date(_ctx: click.Context, _param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value else None


@main.command("export")
@click.argument("what", type=click.Choice(["milestones", "articles", "events", "plans"]))
@click.option("--org", "orgs", multiple=True, help="Organisation id (repeatable): CSTO, SCO, ...")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    callback=_to_date,
    help="From this date (YYYY-MM-DD).",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    callback=_to_date,
    help="Up to this date (YYYY-MM-DD).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(MILESTONE_TYPES),
    help="Milestone type (repeatable).",
)
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="held or planned."
)
@click.option("--lang", "langs", multiple=True, help="Article language (repeatable): de, en, ru.")
@click.option("--source", "sources", multiple=True, help="Article source (repeatable).")
@click.option("--query", help="Text the title or evidence sentence contains.")
@click.option(
    "--by-published", is_flag=True, help="Dates filter the publication date, not the milestone's."
)
@click.option(
    "--outcome", "outcomes", multiple=True, type=click.Choice(OUTCOMES),
    help="plans only: keep plans with this outcome (repeatable).",
)  # fmt: skip
@click.option(
    "--today", type=click.DateTime(["%Y-%m-%d"]), callback=_to_date,
    help="plans only: outcomes as of this day (default: today).",
)  # fmt: skip
@click.option("--bom", is_flag=True, help="Start with a UTF-8 BOM (for Excel).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; stdout if omitted.",
)
@db_option
def export_command(what: str, orgs: tuple[str, ...], since: date | None, until: date | None,
                   types: tuple[str, ...], statuses: tuple[str, ...], langs: tuple[str, ...],
                   sources: tuple[str, ...], query: str | None, by_published: bool,
                   outcomes: tuple[str, ...], today: date | None, bom: bool,
                   output: Path | None, db: Path) -> None:  # fmt: skip
    """Write the milestones, articles, events or plans the dashboard's filters select as CSV.

    Events are happenings (one row however many articles report them); plans are
    planned events with their outcome as of today (met early, on time, late, pending,
    overdue), as on the Tracker page.
    """
    if what != "plans" and (outcomes or today):
        raise click.UsageError("--outcome and --today apply to `export plans` only")
    filters = Filters(
        orgs=tuple(o.upper() for o in orgs), since=since, until=until, types=types,
        statuses=statuses, langs=langs, sources=sources, query=query or None,
        by_published=by_published,
    )  # fmt: skip
    database = Database(db)
    try:
        if output is None:
            export.write_csv(database, what, filters, sys.stdout.buffer, bom=bom,
                             today=today, outcomes=outcomes)  # fmt: skip
            sys.stdout.buffer.flush()
        else:
            _write_file(database, what, filters, output, bom=bom, today=today, outcomes=outcomes)
            click.echo(f"{what}: {filters.describe()} -> {output}", err=True)
    except DiplotimeError as e:
        _fail(e)
    finally:
        database.close()


def _write_file(
    database: Database, what: Any, filters: Filters, output: Path, **kwargs: Any
) -> None:
    """Stream the CSV into `output` through a temporary file, so a failure leaves no half file."""
    partial = output.with_name(output.name + ".part")
    try:
        with partial.open("wb") as out:
            export.write_csv(database, what, filters, out, **kwargs)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)


def streamlit_argv(db: Path, port: int, host: str) -> list[str]:
    """The command line that serves the dashboard on `db`."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
        "--", "--db", str(db),
    ]  # fmt: skip


def _serve(db: Path, port: int, host: str) -> None:
    """Become the Streamlit server (exec on POSIX, so stopping us stops it)."""
    if not db.exists():
        click.echo(
            f"Note: no database at {db} yet; the dashboard will say how to build one.", err=True
        )
    click.echo(f"diplotime dashboard on http://{host}:{port}/ (database {db})", err=True)
    argv = streamlit_argv(db, port, host)
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, argv)  # does not return
    else:
        sys.exit(subprocess.call(argv))


@main.command("dashboard")
@db_option
@click.option("--port", type=int, default=8501, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; 0.0.0.0 exposes it to the network.",
)
def dashboard_command(db: Path, port: int, host: str) -> None:
    """Serve the Streamlit dashboard on a database."""
    _serve(db, port, host)


@main.command("demo")
@db_option
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def demo_command(db: Path, port: int, host: str) -> None:
    """Build a database from the bundled samples (data/samples) and serve the dashboard on it."""
    samples = next((p for p in (SAMPLES, PROJECT_SAMPLES) if p.is_dir()), None)
    if samples is None:
        _fail(
            DiplotimeError(
                "No samples", f"{SAMPLES} is not a folder", "run from the project folder"
            )
        )
        return
    try:
        summary = ingest([samples], db, progress=True)
    except DiplotimeError as e:
        _fail(e)
    counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in summary.counts().items())
    click.echo(f"demo database {db}: {counts}", err=True)
    _serve(db, port, host)
