"""Tracker page: announced plans and what became of them, as of today.

One row per plan in view (the sidebar's filters select plans by their reports; the
status filter does not apply). The outcome multiselect is in the URL too
(`?outcome=overdue&outcome=met+late`). Selecting a row shows both sides' sentences,
escaped by `dashboard.render`. The CSV download is the table, byte for byte what
`diplotime export plans` writes.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import streamlit as st

from dashboard import render, ui
from dashboard.export import PLAN_COLUMNS
from dashboard.queries import PAGE_ROWS
from dashboard.render import md_escape
from dashboard.tracker import OUTCOMES

KEY = "tracker_outcome"

ctx = ui.context()
today = date.today()
st.title("Tracker")
plan_filters = dataclasses.replace(ctx.filters, statuses=())
st.caption(
    f"Plans selected by the sidebar ({md_escape(plan_filters.describe())}); outcomes as of "
    f"{today.isoformat()}. "
    "A plan is met when a held event of the same kind and organisations follows it "
    "(late: after its window; overdue: the window has passed with no such event)."
)

if not st.session_state.get("_tracker_url_loaded"):  # a shared link: ?outcome=...
    st.session_state[KEY] = [o for o in st.query_params.get_all("outcome") if o in OUTCOMES]
    st.session_state["_tracker_url_loaded"] = True
outcomes = tuple(st.multiselect("Outcome", OUTCOMES, key=KEY, placeholder="All outcomes"))
if list(outcomes) != st.query_params.get_all("outcome"):
    if outcomes:
        st.query_params["outcome"] = list(outcomes)
    else:
        del st.query_params["outcome"]

counts: dict[str, int] = ui.run("tracker:outcome_counts", ctx, ctx.filters, today)
st.text(" · ".join(f"{n} {outcome}" for outcome, n in counts.items()))

table = ui.run("tracker:plans", ctx, ctx.filters, today, outcomes, limit=PAGE_ROWS)
if table.empty:
    ui.explain_empty(plan_filters)
    st.stop()
if len(table) == PAGE_ROWS:
    st.caption(f"Showing the first {PAGE_ROWS:,} plans; the CSV download has them all.")
event = st.dataframe(
    table[list(PLAN_COLUMNS)], key="plan_table", on_select="rerun",
    selection_mode="single-row", hide_index=True,
    column_config={
        "organisations": st.column_config.ListColumn("organisations"),
        "plan_evidence": st.column_config.TextColumn("plan_evidence", width="large"),
        "fulfilment_evidence": st.column_config.TextColumn("fulfilment_evidence", width="large"),
    },
)  # fmt: skip
bom = st.checkbox("Excel-friendly CSV (UTF-8 with BOM)", key="plans_csv_bom")
ui.csv_download(
    "Download plans (CSV)", "plans", ctx, key="download_plans", bom=bom, today=today,
    outcomes=outcomes,
)  # fmt: skip


def _span(start: Any, end: Any) -> str:
    return str(start) if start == end else f"{start} – {end}"


def _side(title: Any, url: Any, meta: list[Any], sentence: Any) -> None:
    """One side of a plan: its article's title, link, facts and sentence, all escaped."""
    st.html(render.heading_html(str(title) if ui.present(title) else "(untitled)", 4))
    st.text(" · ".join(str(m) for m in meta if ui.present(m)))
    link = render.safe_link(url if ui.present(url) else None)
    if link:
        st.link_button("Open the source", link)
    text = str(sentence) if ui.present(sentence) else ""
    st.html(render.article_html(text, (0, len(text)) if text else None))


def show_plan(row: Any) -> None:
    """The announcement and its fulfilment side by side."""
    st.divider()
    left, right = st.columns(2)
    with left:
        st.subheader("Plan")
        window = f"window {_span(row['window_start'], row['window_end'])}"
        _side(row["plan_title"], row["plan_url"],
              [window, row["window_text"], f"first reported by {row['first_source']}",
             row["plan_published"]],
              row["plan_evidence"])  # fmt: skip
        if ui.present(row["rescheduled_to"]):
            st.text(f"Rescheduled to {_span(row['rescheduled_start'], row['rescheduled_end'])}")
    with right:
        st.subheader(f"Outcome: {row['outcome']}")
        if not ui.present(row["fulfilled_by"]):
            st.text("No held event found yet.")
            return
        held = f"held {_span(row['fulfilled_start'], row['fulfilled_end'])}"
        _side(row["fulfilment_title"], row["fulfilment_url"],
              [held, row["fulfilled_place"], f"{row['fulfilled_reports']} report(s)",
               f"delay {row['delay_days']} days", row["fulfilment_source"]],
              row["fulfilment_evidence"])  # fmt: skip


rows = event.selection.rows if event is not None else []
if rows:
    show_plan(table.iloc[rows[0]])
else:
    st.caption("Select a row to read the sentences behind the plan and its outcome.")
