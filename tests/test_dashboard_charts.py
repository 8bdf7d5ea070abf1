"""Figure builders: what the timeline draws for days, periods, deadlines and shared milestones."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboard import charts, marks, queries, tracker
from dashboard.filters import Filters

SEED = "cf41e171f9c88871"
TODAY = date(2026, 11, 29)


def marker_traces(fig) -> list:
    return [t for t in fig.data if t.mode == "markers" and t.customdata is not None]


def markers_of(fig, milestone_id: str) -> list[tuple[str, object, str]]:
    """(lane, x, symbol) of every marker drawn for the event of one milestone."""
    found = []
    for t in marker_traces(fig):
        for i, cid in enumerate(t.customdata):
            if milestone_id in cid[1:]:
                symbol = (
                    t.marker.symbol[i] if isinstance(t.marker.symbol, tuple) else t.marker.symbol
                )
                found.append((t.y[i], t.x[i], symbol))
    return sorted(found)


@pytest.fixture()
def figure(dashboard_db):
    return charts.timeline(tracker.event_points(dashboard_db, Filters()), today=TODAY)


def test_seed_milestones_in_the_figure_json(figure) -> None:
    js = figure.to_json()
    assert all(f'"{SEED}-{i}"' in js for i in range(3))


@pytest.mark.parametrize(
    ("milestone_id", "expected"),
    [
        # a day: one filled marker on the day
        (f"{SEED}-1", [("CSTO", date(2025, 5, 19), "circle")]),
        # shared by three organisations: the same id in three lanes, same x
        (f"{SEED}-0", [(org, date(2025, 2, 17), "circle") for org in ("CIS", "CSTO", "SCO")]),
        # a deadline ("bis zum Ende dieses Jahres"): open marker on its end date
        (f"{SEED}-2", [(org, date(2025, 12, 31), "circle-open") for org in ("CIS", "CSTO", "SCO")]),
        # a month: marker in the middle of the band
        ("a3-1", [("EAEU", date(2025, 12, 16), "circle-open")]),
        # a quarter shared by four organisations
        (
            "a5-1",
            [(org, date(2025, 11, 15), "circle-open") for org in ("CIS", "CSTO", "SCO", "UN")],
        ),
    ],
)
def test_markers(figure, milestone_id: str, expected: list) -> None:
    assert markers_of(figure, milestone_id) == expected


def test_periods_are_bands_and_deadlines_are_bars(figure) -> None:
    lines = [t for t in figure.data if t.mode == "lines"]
    bands = [t for t in lines if t.name.endswith("period")]
    deadlines = [t for t in lines if t.name.endswith("deadline")]
    assert {t.name for t in deadlines} == {"signing deadline", "other deadline"}
    signing = next(t for t in deadlines if t.name == "signing deadline")
    assert date(2025, 12, 31) in signing.x and signing.line.dash == "dot"
    meeting = next(t for t in bands if t.name == "meeting period")
    assert (date(2025, 12, 1), date(2025, 12, 31)) in zip(meeting.x, meeting.x[1:], strict=False)
    assert meeting.line.width > signing.line.width


def test_shared_milestones_are_connected(figure) -> None:
    connector = next(t for t in figure.data if t.name == "shared")
    pairs = {(x, y) for x, y in zip(connector.x, connector.y, strict=True) if x is not None}
    assert {(date(2025, 2, 17), "CIS"), (date(2025, 2, 17), "SCO")} <= pairs


def test_legend_today_line_and_hover(figure) -> None:
    names = {t.name for t in figure.data if t.showlegend is not False}
    assert {"held", "planned", "consultation", "session", "signing"} <= names
    assert any(s.type == "line" and s.x0 == TODAY for s in figure.layout.shapes)
    seed = next(t for t in marker_traces(figure) if [SEED + "-2"] in [c[1:2] for c in t.customdata])
    hover = seed.text[[c[1] for c in seed.customdata].index(SEED + "-2")]
    for part in (
        "bis zum Ende dieses Jahres",
        "2025-05-19 – 2025-12-31",
        "END",
        "CIS, CSTO, SCO",
        "<b>1 report:</b>",
        "2025-05-19 · BelTA (de) · OVKS, GUS und SOZ",
        "planned",
    ):
        assert part in hover


def test_hover_escapes_markup(dashboard_db) -> None:
    fig = charts.timeline(tracker.event_points(dashboard_db, Filters(sources=("Example Wire",))))
    texts = [x for t in marker_traces(fig) for x in t.text]
    assert texts and all("<script>" not in x and "&lt;script&gt;" in x for x in texts)


def test_aggregated_timeline_draws_counts(dashboard_db) -> None:
    fig = charts.timeline(tracker.event_points(dashboard_db, Filters(), max_marks=60))
    assert fig is not None
    lanes = len(tracker.event_points(dashboard_db, Filters()))  # one row per (event, lane)
    assert sum(sum(t.customdata) for t in marker_traces(fig)) == lanes


def test_overview_charts(dashboard_db) -> None:
    bars = charts.per_month(queries.milestones_per_month(dashboard_db, Filters()))
    assert bars is not None and {t.type for t in bars.data} == {"bar"}
    heat = charts.cooccurrence_heatmap(queries.cooccurrence(dashboard_db, Filters()))
    assert heat is not None and "CSTO" in heat.data[0].x


@pytest.mark.parametrize(("budget", "axis"), [(48, "month"), (47, "quarter"), (16, "quarter"), (15, "year"), (1, "year")])
def test_per_month_sums_to_coarser_periods_within_the_budget(budget: int, axis: str) -> None:
    months = pd.date_range("2023-01-01", "2024-12-01", freq="MS").date
    counts = pd.DataFrame(
        [(org, m, i % 3 + 1) for i, m in enumerate(months) for org in ("CIS", "CSTO")],
        columns=["org", "month", "n"],
    )
    fig = charts.per_month(counts, max_marks=budget)
    assert fig is not None and fig.layout.yaxis.title.text == f"milestones per {axis}"
    bars = sum(len(t.x) for t in fig.data)
    assert bars <= budget or axis == "year"
    assert sum(int(sum(t.y)) for t in fig.data) == counts["n"].sum()


@pytest.mark.parametrize("build", [charts.timeline, charts.per_month, charts.cooccurrence_heatmap])
def test_empty_frames_draw_nothing(build) -> None:
    assert build(pd.DataFrame()) is None


def shipped(fig) -> int:
    """Marks a figure ships: every non-empty x value of every trace."""
    return sum(sum(x is not None for x in (() if t.x is None else t.x)) for t in fig.data)


def synthetic_points(events: int, lanes: int, years: int, seed: int = 0) -> pd.DataFrame:
    """`tracker.event_points` rows: events over `years`, each in one to three of `lanes`
    lanes, a third of them periods (bands), a tenth deadlines."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 365 * years, events), "D")
    length = np.where(rng.random(events) < 0.33, rng.integers(1, 120, events), 0)
    orgs = [f"ORG{i:02d}" for i in range(lanes)]
    rows = []
    for i in range(events):
        members = sorted(rng.choice(orgs, size=int(rng.integers(1, 4)), replace=False))
        s = start[i].date()
        for org in members:
            rows.append({
                "event_id": f"ev-{i}", "milestone_id": f"m{i}", "milestone_ids": [f"m{i}"],
                "start": s, "end": s + timedelta(days=int(length[i])), "precision": "day",
                "timex": "", "mod": "END" if i % 10 == 0 else None, "date_text": "x",
                "type": "meeting", "status": "held" if i % 2 else "planned", "org": org,
                "organisations": members, "place": None, "reports": ["r"], "evidence": "e",
            })  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("events", "lanes", "years"),
    [(300, 5, 2), (3_000, 12, 3), (20_000, 30, 20), (60_000, 200, 40)],
)
def test_no_figure_ships_more_than_the_cap(events: int, lanes: int, years: int) -> None:
    points = synthetic_points(events, lanes, years)
    fig = charts.timeline(points, today=TODAY)
    assert shipped(fig) <= marks.MAX_MARKS
    counts = [t for t in marker_traces(fig) if t.name.endswith(")")]  # "held (count per ...)"
    if marks.detailed_marks(points) <= marks.MAX_MARKS:
        assert not counts and shipped(fig) == marks.detailed_marks(points)
    else:  # every (event, lane) is counted once
        assert sum(sum(t.customdata) for t in counts) == len(points)


@pytest.mark.parametrize(
    ("lanes", "lo", "hi", "bucket"),
    [
        (3, date(2025, 1, 1), date(2025, 12, 31), "week"),
        (15, date(2008, 1, 1), date(2027, 12, 31), "quarter"),
        (15, date(2024, 1, 1), date(2027, 12, 31), "month"),
        (60, date(1990, 1, 1), date(2027, 12, 31), "year"),
    ],
)
def test_bucket_from_lanes_and_span(lanes: int, lo: date, hi: date, bucket: str) -> None:
    assert marks.choose_bucket(lanes, lo, hi) == bucket
    assert lanes * marks.buckets_in_span(bucket, lo, hi) * 2 <= marks.MAX_MARKS


def _plain(value: object) -> object:
    """A figure's dict with arrays and tuples as lists (datetime64 days become dates)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def _by_values(fig) -> dict:
    """The traces as plain values (`to_dict` would encode numeric arrays in base64)."""
    return {"data": [_plain(t.to_plotly_json()) for t in fig.data]}


def _reference_counts_figure(counts: pd.DataFrame) -> list[dict]:
    """The aggregated timeline's traces built value by value (the plain construction)."""
    biggest = max(int(counts["n"].max()), 1)
    fig = charts.go.Figure()
    for status, group in counts.groupby("status", sort=True):
        fig.add_trace(
            charts.go.Scatter(
                x=list(group["bucket_start"]), y=list(group["org"]), mode="markers",
                name=f"{status} (count per {group['bucket'].iloc[0]})",
                marker={"symbol": charts._SYMBOL.get(str(status), "circle"), "color": "#1f77b4",
                        "size": [8 + 30 * (int(n) / biggest) ** 0.5 for n in group["n"]],
                        "line": {"width": 2, "color": "#1f77b4"}},
                customdata=list(group["n"]),
                hovertemplate="%{y}: %{customdata} " + str(status) + " from %{x}<extra></extra>",
            )
        )  # fmt: skip
    return _by_values(fig)["data"]


def test_column_built_figures_equal_the_value_by_value_ones(dashboard_db) -> None:
    points = synthetic_points(3_000, 12, 3)
    counts = marks.aggregate(points, "month")
    fig = charts.timeline(counts, today=TODAY)
    assert _by_values(fig)["data"] == _reference_counts_figure(counts)
    per_month = queries.milestones_per_month(dashboard_db, Filters())
    bars = charts.go.Figure()
    for org, group in per_month.groupby("org", sort=True):
        bars.add_trace(charts.go.Bar(x=list(group["month"]), y=list(group["n"]), name=str(org)))
    assert _by_values(charts.per_month(per_month))["data"] == _by_values(bars)["data"]
    pairs = queries.cooccurrence(dashboard_db, Filters())
    matrix = pairs.pivot_table(
        index="org_a", columns="org_b", values="n", fill_value=0, aggfunc="sum"
    )
    heat = _by_values(charts.cooccurrence_heatmap(pairs))["data"][0]
    assert heat["x"] == heat["y"] == sorted(matrix.index) == sorted(matrix.columns)
    assert heat["z"] == heat["text"] == matrix.to_numpy().tolist()


def _layout_by_updates(lanes: list[str], today: date | None, x_range: list | None) -> dict:
    """The timeline's layout set property by property (the plain construction)."""
    fig = charts.go.Figure()
    fig.update_layout(
        height=max(320, 140 + 70 * len(lanes)), margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest", legend={"orientation": "v", "groupclick": "toggleitem"},
        hoverlabel={"align": "left"},
    )  # fmt: skip
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=lanes[::-1], title=None)
    fig.update_xaxes(type="date", title=None, showgrid=True, range=x_range)
    if today is not None:
        fig.add_shape(
            type="line", x0=today, x1=today, y0=0, y1=1, xref="x", yref="paper",
            line={"color": "#d62728", "width": 1, "dash": "dash"},
        )  # fmt: skip
        fig.add_annotation(
            x=today, y=1, xref="x", yref="paper", text="today", showarrow=False, yanchor="bottom"
        )
    return _plain(fig.layout.to_plotly_json())


@pytest.mark.parametrize("today", [TODAY, None])
def test_layouts_given_whole_equal_the_updated_ones(dashboard_db, today) -> None:
    points = tracker.event_points(dashboard_db, Filters())
    fig = charts.timeline(points, today=today)
    lanes = charts._lane_order(points)
    x_range = charts._initial_range(points["start"], points["end"], today)
    assert _plain(fig.layout.to_plotly_json()) == _layout_by_updates(lanes, today, x_range)
    counts = marks.aggregate(synthetic_points(500, 5, 2), "month")
    fig = charts.timeline(counts, today=today)
    lanes = list(counts.groupby("org")["n"].sum().sort_values(ascending=False, kind="stable").index)
    x_range = charts._initial_range(counts["bucket_start"], counts["bucket_start"], today)
    assert _plain(fig.layout.to_plotly_json()) == _layout_by_updates(lanes, today, x_range)


@pytest.mark.parametrize("budget", [5_000, 47, 15])
def test_overview_layouts_given_whole_equal_the_updated_ones(dashboard_db, budget: int) -> None:
    months = pd.date_range("2023-01-01", "2024-12-01", freq="MS").date
    counts = pd.DataFrame(
        [(org, m, i % 3 + 1) for i, m in enumerate(months) for org in ("CIS", "CSTO")],
        columns=["org", "month", "n"],
    )
    for frame in (counts, queries.milestones_per_month(dashboard_db, Filters())):
        fig = charts.per_month(frame, max_marks=budget)
        period = fig.layout.yaxis.title.text.rsplit(" ", 1)[1]
        plain = charts.go.Figure()
        plain.update_layout(
            barmode="stack", height=380, showlegend=True, margin={"l": 10, "r": 10, "t": 30, "b": 10}
        )
        summed = charts._coarsest_needed(frame, budget)[1]
        if period == "month" and summed["month"].nunique() <= 24:
            plain.update_xaxes(type="date", dtick="M1", tickformat="%b %Y")
        else:
            plain.update_xaxes(type="date")
        plain.update_yaxes(title=f"milestones per {period}")
        assert _plain(fig.layout.to_plotly_json()) == _plain(plain.layout.to_plotly_json())
    heat = charts.cooccurrence_heatmap(queries.cooccurrence(dashboard_db, Filters()))
    plain = charts.go.Figure()
    plain.update_layout(
        height=max(320, 60 + 40 * len(heat.data[0].x)), margin={"l": 10, "r": 10, "t": 30, "b": 10}
    )
    plain.update_yaxes(autorange="reversed")
    assert _plain(heat.layout.to_plotly_json()) == _plain(plain.layout.to_plotly_json())
