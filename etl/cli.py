"""The write side's commands: `ingest`, `extract`, `stats`, `evaluate`.

`dashboard.cli` composes them with the read side's commands into `diplotime`.
Exit codes (documented in README): 0 all input loaded; 1 finished, but some files
or items were rejected (see the summary and the Data page); 2 usage error;
3 could not run (database locked or unreadable, path missing, ...).
Diagnostics go to stderr; stdout belongs to the output (JSON, CSV).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from etl import metadata
from etl.errors import DiplotimeError
from etl.extraction import extract as extract_article
from etl.readers import read_path
from etl.records import Document, Extraction, ReadError, to_jsonable

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
DEFAULT_DB = Path("data/diplotime.duckdb")


def default_db() -> Path:
    """`--db` default: $DIPLOTIME_DB, else data/diplotime.duckdb."""
    return Path(os.environ.get("DIPLOTIME_DB", DEFAULT_DB))


def db_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--db",
        "db",
        type=click.Path(path_type=Path, dir_okay=False),
        default=default_db,
        show_default="$DIPLOTIME_DB or data/diplotime.duckdb",
        help="DuckDB database file.",
    )(func)


def fail(error: DiplotimeError) -> None:
    click.echo(error.render(), err=True)
    sys.exit(EXIT_FAILED)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--workers", "-j", type=int, default=os.cpu_count() or 1, show_default="all cores")
@click.option("--max-bytes", type=int, default=20_000_000, show_default=True,
              help="Files larger than this are rejected.")  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[Path, ...], db: Path, workers: int, max_bytes: int, quiet: bool) -> None:
    """Load articles from files and folders (text, HTML, RSS/Atom, JSON/JSONL/CSV)."""
    from etl.pipeline import ingest as run_ingest

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(DiplotimeError("No such file or folder", ", ".join(missing), "check the path"))
    try:
        summary = run_ingest(
            list(paths), db, workers=workers, progress=not quiet, max_bytes=max_bytes
        )
    except DiplotimeError as e:
        fail(e)
    click.echo(
        f"run {summary.run_id}: {summary.files_seen} files; articles "
        f"{summary.articles_new} new, {summary.articles_updated} updated, "
        f"{summary.articles_unchanged} unchanged"
        + (f", {summary.duplicates} duplicates" if summary.duplicates else "")
        + f"; {summary.files_rejected} files and {summary.items_rejected} items rejected"
        + f" -> {db}",
        err=True,
    )
    if sum(summary.seconds.values()) >= 10:  # say where a long run's time went
        phases = ", ".join(f"{name} {secs:,.0f} s" for name, secs in summary.seconds.items())
        click.echo(f"  time: {phases}", err=True)
    rejected = [e for e in summary.errors if not e.reason.startswith("duplicate")]
    for error in rejected[:20]:
        where = f"{error.path} {error.locator}".strip()
        click.echo(f"  rejected {where}: {error.reason}", err=True)
    if len(rejected) > 20:
        click.echo(f"  ... {len(rejected) - 20} more: see `diplotime stats` or the Data page", err=True)
    if rejected:
        sys.exit(EXIT_REJECTED)


def article_json(doc: Document, extraction: Extraction) -> dict[str, object]:
    """One article in the DESIGN.md contract of `diplotime extract`."""
    return {
        "article": {
            "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "lang": doc.lang,
            "source": doc.source,
            "dateline": doc.dateline,
            "category": doc.category,
            "url": doc.url,
            "organisations": list(extraction.organisations),
            "people": [
                {"name": p.name, "role": p.role, "organisation": p.organisation}
                for p in extraction.people
            ],
            "places": list(extraction.places),
            "flags": list(doc.flags),
        },
        "milestones": [
            {
                "type": m.type,
                "status": m.status,
                "timex": m.timex,
                "mod": m.mod,
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "precision": m.precision,
                "stated": m.stated.isoformat() if m.stated else None,
                "organisations": list(m.organisations),
                "place": m.place,
                "evidence": m.evidence,
                "date_text": m.date_text,
            }
            for m in extraction.milestones
        ],
    }


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Indented JSON, one object per article.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per line.")
def extract(file: Path, as_json: bool, as_jsonl: bool) -> None:
    """Print what extraction finds in FILE (no database needed)."""
    now = datetime.now(UTC)
    problems = 0
    for item in read_path(file):
        if isinstance(item, ReadError):
            where = f"{item.path} {item.locator}".strip()
            click.echo(f"rejected {where}: {item.reason}", err=True)
            problems += 1
            continue
        doc = metadata.complete(item, now=now)
        obj = to_jsonable(article_json(doc, extract_article(doc.text, doc.published, doc.lang)))
        if as_jsonl:
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            click.echo(json.dumps(obj, ensure_ascii=False, indent=2))
    if problems:
        sys.exit(EXIT_REJECTED)


@click.command()
@db_option
def stats(db: Path) -> None:
    """Counts of what the database holds, and the last ingest runs."""
    from etl.store.stats import database_stats

    try:
        click.echo(database_stats(db))
    except DiplotimeError as e:
        fail(e)


@click.command()
@click.argument("gold", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--by", "by", type=click.Choice(["lang", "none"]), default="lang", show_default=True)
@click.option("--misses", type=int, default=0, help="Also list this many misses and extras.")
def evaluate(gold: tuple[Path, ...], by: str, misses: int) -> None:
    """Score extraction against gold files (JSONL, tests/gold/CONVENTIONS.md)."""
    from etl.evaluate import evaluate_files, render

    paths = list(gold) or sorted(Path("tests/gold").glob("*.jsonl"))
    if not paths:
        fail(DiplotimeError("No gold files", "none given and none in tests/gold", "pass GOLD files"))
    click.echo(render(evaluate_files(paths), by_lang=by == "lang", misses=misses))


COMMANDS: list[click.Command] = [ingest, extract, stats, evaluate]


def configure_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
