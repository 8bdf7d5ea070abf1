"""Plotly figures for the dashboard: plain functions from query frames to figures.

Called by the Streamlit pages; tests read the figure JSON. Each function returns
None for an empty frame (the page explains instead of drawing an empty chart).

The timeline draws one mark per event (a happening, however many articles report it)
in each of its organisations' lanes. A day is a marker; a month, season, quarter, half
or year is a translucent band from start to end with its marker in the middle; a
deadline ("by the end of 2025", mod END/BEFORE) is a thin bar ending on its end date
with the marker at the end. Held = filled marker, planned = open marker; colour =
type. At most `marks.MAX_MARKS` marks (markers, band ends, connector and arrow ends):
beyond that the events are counted per lane and week, month, quarter or year. An
event of several organisations appears in each lane with the same
`customdata` ([event id, founder milestone id, other member milestone ids...]) and a
thin vertical connector. A plan that a held event fulfilled is joined to it by an
arrow coloured by the outcome ("plan → outcome").
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import marks

TYPE_COLOURS: dict[str, str] = {
    "consultation": "#1f77b4",
    "meeting": "#17becf",
    "session": "#2ca02c",
    "summit": "#d62728",
    "signing": "#9467bd",
    "visit": "#ff7f0e",
    "statement": "#8c564b",
    "appointment": "#e377c2",
    "other": "#7f7f7f",
}
OUTCOME_COLOURS: dict[str, str] = {
    "met early": "#00897b",
    "met on time": "#43a047",
    "met late": "#e65100",
}
DEADLINE_MODS = ("END", "BEFORE")
MAX_REPORT_LINES = 5
HORIZON = timedelta(days=3 * 365 + 1)  # the initial x-range stays within this of today
_SYMBOL = {"held": "circle", "planned": "circle-open"}


def _wrap(text: str, width: int = 80) -> str:
    """Escaped text wrapped for a Plotly hover box (which understands <br>)."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(str(text or ""), width))


def _na(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _reports(reports: Any) -> list[str]:
    """ "3 reports:" and one escaped line per report, at most MAX_REPORT_LINES, then "and N more"."""
    items = [str(r) for r in (reports if isinstance(reports, list | tuple) else [])]
    if not items:
        return []
    head = f"<b>{len(items)} report{'s' if len(items) != 1 else ''}:</b>"
    lines = [
        html.escape(textwrap.shorten(r, 100, placeholder=" …")) for r in items[:MAX_REPORT_LINES]
    ]
    if len(items) > MAX_REPORT_LINES:
        lines.append(f"and {len(items) - MAX_REPORT_LINES} more")
    return [head, *lines]


def hover_text(row: Mapping[str, Any]) -> str:
    """Date as the finest report states it and normalised, type, status, organisations,
    place, the reports (source, language, date, title) and the first report's evidence."""
    span = str(row["start"]) if row["start"] == row["end"] else f"{row['start']} – {row['end']}"
    mod = f" ({_na(row['mod'])})" if _na(row["mod"]) else ""
    lines = [
        f"<b>{html.escape(_na(row['type']))}</b> · {html.escape(_na(row['status']))}",
        f"{html.escape(_na(row['date_text']) or _na(row['timex']))} → {span} "
        f"[{html.escape(_na(row['timex']))}{mod}, {html.escape(_na(row['precision']))}]",
        "Organisations: " + html.escape(", ".join(row["organisations"]) or "—"),
    ]
    if _na(row["place"]):
        lines.append("Place: " + html.escape(_na(row["place"])))
    lines.extend(_reports(row.get("reports")))
    lines.append("<i>First report:</i> " + _wrap(_na(row["evidence"])))
    return "<br>".join(lines)


def _customdata(row: Mapping[str, Any]) -> list[str]:
    """[event id, founder milestone id, the other member milestone ids]."""
    founder = str(row["milestone_id"])
    members = [str(m) for m in (row.get("milestone_ids") or []) if str(m) != founder]
    return [str(row["event_id"]), founder, *members]


def marker_date(row: Mapping[str, Any]) -> date:
    """Where the marker sits: the day, a deadline's end, or the middle of a band."""
    start, end = row["start"], row["end"]
    if _na(row["mod"]) in DEADLINE_MODS:
        return end
    return start + timedelta(days=(end - start).days // 2)


def _lane_order(points: pd.DataFrame) -> list[str]:
    """Busiest lane on top."""
    return list(points.groupby("org").size().sort_values(ascending=False, kind="stable").index)


def timeline(
    points: pd.DataFrame, *, links: pd.DataFrame | None = None, today: date | None = None,
    max_marks: int = marks.MAX_MARKS,
) -> go.Figure | None:  # fmt: skip
    """The timeline of `tracker.event_points` (events or aggregated counts), with the
    plan → outcome arrows of `tracker.plan_lines`; never more than `max_marks` marks
    (events that would need more are counted per lane and period, as the query layer does)."""
    if points.empty:
        return None
    if "n" not in points.columns and marks.detailed_marks(points, links) > max_marks:
        lanes = points["org"].nunique()
        bucket = marks.choose_bucket(lanes, min(points["start"]), max(points["end"]), max_marks)
        points = marks.aggregate(points, bucket)
    if "n" in points.columns:
        return _aggregated_timeline(marks.fold_lanes(points, max_marks), today)
    points = points.assign(x=[marker_date(r) for r in points.to_dict("records")])
    lanes = _lane_order(points)
    fig = _timeline_figure(
        _layout(lanes, today, _initial_range(points["start"], points["end"], today))
    )
    _add_bands(fig, points)
    _add_connectors(fig, points)
    for mtype, group in points.groupby("type", sort=True):
        fig.add_trace(
            go.Scatter(
                x=list(group["x"]), y=list(group["org"]), mode="markers", name=str(mtype),
                legendgroup="type", legendgrouptitle_text="type",
                marker={"color": TYPE_COLOURS.get(str(mtype), "#333"), "size": 12,
                        "symbol": [_SYMBOL.get(s, "circle") for s in group["status"]],
                        "line": {"width": 2, "color": TYPE_COLOURS.get(str(mtype), "#333")}},
                customdata=[_customdata(r) for r in group.to_dict("records")],
                text=[hover_text(r) for r in group.to_dict("records")],
                hovertemplate="%{text}<extra></extra>",
            )
        )  # fmt: skip
    if links is not None and not links.empty:
        _add_plan_lines(fig, links, set(lanes))  # drawn over the marks
    _add_status_legend(fig)
    return fig


def _add_bands(fig: go.Figure, points: pd.DataFrame) -> None:
    """Imprecise dates as bands, deadlines as thin bars; one trace per (type, kind)."""
    spans = points[points["start"] != points["end"]]
    for (mtype, deadline), group in spans.groupby(
        ["type", spans["mod"].isin(DEADLINE_MODS)], sort=True
    ):
        xs: list[Any] = []
        ys: list[Any] = []
        for start, end, org in zip(group["start"], group["end"], group["org"], strict=True):
            xs += [start, end, None]
            ys += [org, org, None]
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", showlegend=False, hoverinfo="skip",
                name=f"{mtype} {'deadline' if deadline else 'period'}",
                line={"color": TYPE_COLOURS.get(str(mtype), "#333"), "width": 3 if deadline else 12,
                      "dash": "dot" if deadline else "solid"},
                opacity=0.6 if deadline else 0.3,
            )
        )  # fmt: skip


def _add_connectors(fig: go.Figure, points: pd.DataFrame) -> None:
    """A thin vertical line joining the lanes of an event shared by several organisations."""
    shared = points[points.duplicated("event_id", keep=False)].sort_values(["event_id", "org"])
    xs: list[Any] = []
    ys: list[Any] = []
    previous = None
    for mid, x, org in zip(shared["event_id"], shared["x"], shared["org"], strict=True):
        if previous is not None and mid != previous:
            xs.append(None)
            ys.append(None)
        xs.append(x)
        ys.append(org)
        previous = mid
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", showlegend=False, hoverinfo="skip", name="shared",
                line={"color": "rgba(80,80,80,0.5)", "width": 1},
            )
        )  # fmt: skip


def _plan_lanes(plan_orgs: list[str], held_orgs: list[str], lanes: set[str]) -> list[str]:
    """Where to draw a plan's arrow: the lanes both share, else the plan's own."""
    shared = [o for o in plan_orgs if o in held_orgs and o in lanes]
    return shared or [o for o in plan_orgs if o in lanes] or [o for o in lanes if o == "(none)"]


def _add_plan_lines(fig: go.Figure, links: pd.DataFrame, lanes: set[str]) -> None:
    """An arrow from each fulfilled plan's mark to the held event's, one trace per outcome."""
    for outcome, colour in OUTCOME_COLOURS.items():
        xs: list[Any] = []
        ys: list[Any] = []
        texts: list[str | None] = []
        for r in links[links["outcome"] == outcome].to_dict("records"):
            start = marker_date(
                {"start": r["plan_start"], "end": r["plan_end"], "mod": r["plan_mod"]}
            )
            end = marker_date(
                {"start": r["held_start"], "end": r["held_end"], "mod": r["held_mod"]}
            )
            text = (
                f"plan of {r['plan_start']} – {r['plan_end']} → {outcome}: held {r['held_start']}"
            )
            for org in _plan_lanes(list(r["plan_orgs"]), list(r["held_orgs"]), lanes):
                xs += [start, end, None]
                ys += [org, org, None]
                texts += [text, text, None]
        if not xs:
            continue
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines+markers", name=outcome, legendgroup="plan",
                legendgrouptitle_text="plan → outcome", text=texts,
                hovertemplate="%{text}<extra></extra>", line={"color": colour, "width": 3},
                opacity=0.9,
                marker={"symbol": "arrow", "angleref": "previous", "color": colour,
                        "size": [0 if i % 3 == 0 else 13 for i in range(len(xs))]},
            )
        )  # fmt: skip


def _initial_range(starts: pd.Series, ends: pd.Series, today: date | None) -> list[date] | None:
    """The span of the data in view, padded, within HORIZON of today (when that leaves any)."""
    if starts.empty:
        return None
    lo, hi = min(starts), max(ends)
    if today is not None:
        clipped = (max(lo, today - HORIZON), min(hi, today + HORIZON))
        if clipped[0] < clipped[1]:
            lo, hi = clipped
    pad = max(timedelta(days=20), (hi - lo) * 0.03)
    return [lo - pad, hi + pad]


def _add_status_legend(fig: go.Figure) -> None:
    for status, symbol in _SYMBOL.items():
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=status, legendgroup="status",
                legendgrouptitle_text="status",
                marker={"symbol": symbol, "size": 12, "color": "#444", "line": {"width": 2}},
            )
        )  # fmt: skip


def _layout(lanes: list[str], today: date | None, x_range: list[date] | None = None) -> dict:
    """The timeline's layout, given whole to the figure: setting it property by property
    (`update_layout`, `update_xaxes`, `add_shape`) parses every path and takes ten times
    as long for the same layout."""
    layout: dict[str, Any] = {
        "height": max(320, 140 + 70 * len(lanes)),
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "hovermode": "closest",
        "legend": {"orientation": "v", "groupclick": "toggleitem"},
        "hoverlabel": {"align": "left"},
        "yaxis": {"type": "category", "categoryorder": "array", "categoryarray": lanes[::-1]},
        "xaxis": {"type": "date", "showgrid": True, "range": x_range},
    }  # fmt: skip
    if today is not None:
        layout["shapes"] = [
            {"type": "line", "x0": today, "x1": today, "y0": 0, "y1": 1, "xref": "x",
             "yref": "paper", "line": {"color": "#d62728", "width": 1, "dash": "dash"}}
        ]  # fmt: skip
        layout["annotations"] = [
            {"x": today, "y": 1, "xref": "x", "yref": "paper", "text": "today",
             "showarrow": False, "yanchor": "bottom"}
        ]  # fmt: skip
    return layout


def _timeline_figure(layout: dict, data: list[dict] | None = None) -> go.Figure:
    """A timeline figure with its whole layout (`_layout`) and, as ever, untitled axes."""
    fig = go.Figure(data=data, layout=layout)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        axis.update(title=None)  # an empty title object: no axis title
    return fig


def _aggregated_timeline(counts: pd.DataFrame, today: date | None) -> go.Figure:
    """Counts per lane and period: marker size grows with the count.

    Traces are dicts of whole columns: Plotly validates thousands of counts in one
    copy each instead of value by value, and each trace once (not again in add_trace)."""
    lanes = list(counts.groupby("org")["n"].sum().sort_values(ascending=False, kind="stable").index)
    biggest = max(int(counts["n"].max()), 1)
    traces: list[dict[str, Any]] = []
    for status, group in counts.groupby("status", sort=True):
        n = group["n"].to_numpy(dtype="int64")
        traces.append(
            {"type": "scatter", "x": _days(group["bucket_start"]), "y": group["org"].to_numpy(),
             "mode": "markers", "name": f"{status} (count per {group['bucket'].iloc[0]})",
             "marker": {"symbol": _SYMBOL.get(str(status), "circle"), "color": "#1f77b4",
                        "size": 8 + 30 * _roots(n, biggest),
                        "line": {"width": 2, "color": "#1f77b4"}},
             "customdata": n,
             "hovertemplate": "%{y}: %{customdata} " + str(status) + " from %{x}<extra></extra>"}
        )  # fmt: skip
    starts = counts["bucket_start"]
    return _timeline_figure(_layout(lanes, today, _initial_range(starts, starts, today)), traces)


def _roots(counts: np.ndarray, biggest: int) -> np.ndarray:
    """sqrt(count / biggest) as Python's ** computes it (numpy's power can differ in the
    last bit, which would change a marker's size in the figure JSON)."""
    return np.array([(v / biggest) ** 0.5 for v in counts.tolist()], dtype=float)


def _days(dates: pd.Series) -> np.ndarray:
    """A column of dates as datetime64[D]: Plotly copies it in one piece (an array of date
    objects is deep-copied value by value) and writes the same ISO dates to JSON."""
    return pd.to_datetime(dates).to_numpy().astype("datetime64[D]")


def per_month(counts: pd.DataFrame, *, max_marks: int = marks.MAX_MARKS) -> go.Figure | None:
    """Milestones per month, stacked by organisation (from `queries.milestones_per_month`).

    Years of many organisations would draw more bars than `max_marks`; then the counts
    are summed per quarter, or per year, and the axis says which."""
    if counts.empty:
        return None
    period, counts = _coarsest_needed(counts, max_marks)
    days, n = _days(counts["month"]), counts["n"].to_numpy()
    rows = counts.groupby("org", sort=True).indices  # org -> positions of its rows, in order
    xaxis: dict[str, Any] = {"type": "date"}
    if period == "month" and counts["month"].nunique() <= 24:
        xaxis |= {"dtick": "M1", "tickformat": "%b %Y"}
    return go.Figure(
        data=[{"type": "bar", "x": days[rows[org]], "y": n[rows[org]], "name": str(org)}
              for org in sorted(rows)],
        layout={"barmode": "stack", "height": 380, "showlegend": True,
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "xaxis": xaxis,
                "yaxis": {"title": {"text": f"milestones per {period}"}}},
    )  # fmt: skip  # traces and layout given whole: each validated once, no paths parsed


def _coarsest_needed(counts: pd.DataFrame, max_marks: int) -> tuple[str, pd.DataFrame]:
    """The finest of month, quarter and year whose bars fit `max_marks`, and the counts
    summed to it (the `month` column then holds the period's first day)."""
    for period, freq in (("month", None), ("quarter", "QS"), ("year", "YS")):
        if freq is None:
            summed = counts
        else:
            starts = pd.to_datetime(counts["month"]).dt.to_period(freq[0]).dt.start_time.dt.date
            summed = (
                counts.assign(month=starts).groupby(["org", "month"], as_index=False)["n"].sum()
            )
        if len(summed) <= max_marks:
            return period, summed
    return "year", summed


def cooccurrence_heatmap(pairs: pd.DataFrame) -> go.Figure | None:
    """How often two organisations share a milestone (from `queries.cooccurrence`)."""
    if pairs.empty:
        return None
    matrix = pairs.groupby(["org_a", "org_b"])["n"].sum().unstack(fill_value=0)
    orgs = sorted(set(matrix.index) | set(matrix.columns))
    z = matrix.reindex(index=orgs, columns=orgs, fill_value=0).to_numpy()
    return go.Figure(
        data=[{"type": "heatmap", "z": z, "x": orgs, "y": orgs, "colorscale": "Blues", "text": z,
               "texttemplate": "%{text}",
               "hovertemplate": "%{y} with %{x}: %{z} milestones<extra></extra>"}],
        layout={"height": max(320, 60 + 40 * len(orgs)),
                "margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "yaxis": {"autorange": "reversed"}},
    )  # fmt: skip  # whole arrays and layout: validated in one copy, no paths parsed
