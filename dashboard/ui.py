"""Streamlit glue shared by the entry file and the pages: database, cache, sidebar, context.

`app.py` calls `open_database`, `sidebar` and `set_context`; pages call `context()`,
`run(...)` with the name of a function of `dashboard.queries`, or "tracker:<name>" for
`dashboard.tracker`, and `csv_download` for a CSV button (written on click, not cached). Query results are cached with `st.cache_data`, keyed by the query
name, the database path and *version* (so a swapped file shows new data without a
restart) and the frozen `Filters`. Widgets are never read inside cached code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, export, queries, tracker
from dashboard.db import DB_ENV, DEFAULT_DB, Database, Version
from dashboard.filters import STATUSES, Filters
from dashboard.render import md_escape
from etl.records import MILESTONE_TYPES

URL_KEYS = ("org", "from", "to", "type", "status", "lang", "source", "q", "by")
_WIDGET = {key: f"filter_{key}" for key in URL_KEYS}
_DATE_RANGE = (date(1950, 1, 1), date(2100, 12, 31))
_MODULES: dict[str, Any] = {"tracker": tracker}


@dataclass(frozen=True)
class Context:
    """What every page needs: the database, its version and the filters in force."""

    db: Database
    version: Version
    filters: Filters


def db_path(argv: Sequence[str] | None = None) -> Path:
    """`--db FILE` after `--` on the streamlit command line, else $DIPLOTIME_DB, else the default."""
    args = list(sys.argv if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--db="):
            return Path(arg.split("=", 1)[1])
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


@st.cache_resource(show_spinner=False)
def open_database(path: str) -> Database:
    """One Database per path per server; it hands out a cursor per query."""
    return Database(path)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _cached(
    name: str, path: str, version: Version, args: tuple, kwargs: tuple, _db: Database
) -> Any:
    prefix, _, function = name.rpartition(":")
    module = _MODULES[prefix] if prefix else queries
    return getattr(module, function)(_db, *args, **dict(kwargs))


def run(name: str, ctx: Context, *args: Any, **kwargs: Any) -> Any:
    """A query function of `dashboard.queries` (or "tracker:<name>"), cached."""
    return _cached(name, str(ctx.db.path), ctx.version, args, tuple(sorted(kwargs.items())), ctx.db)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _timeline(path: str, version: Version, filters: Filters, today: date, _db: Database) -> Any:
    points = _cached("tracker:event_points", path, version, (filters,), (), _db)  # the page's
    links = None if "n" in points.columns else tracker.plan_lines(_db, filters, today)
    return charts.timeline(points, links=links, today=today)


def timeline_figure(ctx: Context, today: date) -> go.Figure | None:
    """The timeline figure, cached: wrapping thousands of hover texts takes a second."""
    return _timeline(str(ctx.db.path), ctx.version, ctx.filters, today, ctx.db)


def csv_download(
    label: str, what: str, ctx: Context, *, key: str, bom: bool, **kwargs: Any
) -> None:
    """A download button whose CSV is written only when clicked, streamed, and not cached:
    a view of millions of rows costs nothing until asked for and never sits in the cache."""
    filters = ctx.filters

    def data() -> bytes:
        return export.export_bytes(ctx.db, what, filters, bom=bom, **kwargs)  # type: ignore[arg-type]

    st.download_button(
        label, data, file_name=f"diplotime-{what}.csv", mime="text/csv", key=key,
        on_click="ignore",
    )  # fmt: skip


def set_context(ctx: Context) -> None:
    st.session_state["_diplotime_context"] = ctx


def context() -> Context:
    """The context the entry file prepared for this run."""
    return st.session_state["_diplotime_context"]


def sentence(filters: Filters) -> str:
    """The filter sentence, capitalised and safe for Markdown."""
    text = filters.describe()
    return md_escape(text[:1].upper() + text[1:])


def explain_empty(filters: Filters) -> None:
    """The page's answer to an empty result: what was asked for and how to widen it."""
    st.info(
        f"Nothing to show for {md_escape(filters.describe())}. "
        "Widen the dates, remove an organisation or clear the text search in the sidebar."
    )


def _seed_widgets_from_url() -> None:
    """On a session's first run, put the URL's filters into the widgets."""
    if st.session_state.get("_diplotime_url_loaded"):
        return
    f = Filters.from_query_params(st.query_params)
    values: dict[str, Any] = {
        "org": list(f.orgs), "from": f.since, "to": f.until, "type": list(f.types),
        "status": list(f.statuses), "lang": list(f.langs), "source": list(f.sources),
        "q": f.query or "", "by": f.by_published,
    }  # fmt: skip
    for key, value in values.items():
        st.session_state[_WIDGET[key]] = value
    st.session_state["_diplotime_url_loaded"] = True


def _with_selected(options: Sequence[str], key: str) -> list[str]:
    """Options plus whatever the URL asked for, so a shared link never loses a value."""
    chosen = [v for v in st.session_state.get(_WIDGET[key], []) if v not in options]
    return [*options, *chosen]


def sidebar(ctx: Context) -> Filters:
    """The filter widgets, initialised from and written back to the URL."""
    _seed_widgets_from_url()
    orgs: pd.DataFrame = run("organisation_options", ctx)
    labels = dict(zip(orgs["id"], orgs["label"], strict=True))
    facets: dict[str, list[str]] = run("facet_values", ctx)
    w = _WIDGET
    with st.sidebar:
        st.header("Filters")
        org = st.multiselect(
            "Organisations", _with_selected(list(orgs["id"]), "org"), key=w["org"],
            format_func=lambda i: labels.get(i, i), placeholder="All organisations",
        )  # fmt: skip
        since = st.date_input(
            "From", key=w["from"], value=None, min_value=_DATE_RANGE[0], max_value=_DATE_RANGE[1]
        )
        until = st.date_input(
            "To", key=w["to"], value=None, min_value=_DATE_RANGE[0], max_value=_DATE_RANGE[1]
        )
        by = st.toggle(
            "Dates are publication dates",
            key=w["by"],
            help="Filter by when the article was published, not when the milestone happens.",
        )
        types = st.multiselect(
            "Type", _with_selected(MILESTONE_TYPES, "type"), key=w["type"], placeholder="All types"
        )
        status = st.multiselect(
            "Status",
            _with_selected(STATUSES, "status"),
            key=w["status"],
            placeholder="Held and planned",
        )
        lang = st.multiselect(
            "Language",
            _with_selected(facets["langs"], "lang"),
            key=w["lang"],
            placeholder="All languages",
        )
        source = st.multiselect(
            "Source",
            _with_selected(facets["sources"], "source"),
            key=w["source"],
            placeholder="All sources",
        )
        q = st.text_input(
            "Text contains", key=w["q"], help="Searches titles and evidence sentences."
        )
    filters = Filters(
        orgs=tuple(org), since=since, until=until, types=tuple(types), statuses=tuple(status),
        langs=tuple(lang), sources=tuple(source), query=q.strip() or None, by_published=bool(by),
    )  # fmt: skip
    write_url(filters)
    return filters


def write_url(filters: Filters) -> None:
    """Make the URL say what the filters are; keys that are not filters are left alone."""
    wanted = filters.to_query_params()
    for key in URL_KEYS:
        current = st.query_params.get_all(key)
        if key in wanted and current != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and current:
            del st.query_params[key]


def present(value: Any) -> bool:
    """False for None, NaN and empty strings (pandas gives NaN for missing text)."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return str(value) != ""
