"""Overview page: milestones per month per organisation, co-occurrence, top places and people,
and the tracker's summary: how many plans were met, late, overdue or pending."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import charts, ui

OVERDUE_ROWS = 100  # the latest overdue plans; the Tracker page pages through them all

ctx = ui.context()
st.title("Overview")
st.caption(ui.sentence(ctx.filters))

per_month = charts.per_month(ui.run("milestones_per_month", ctx, ctx.filters))
if per_month is None:
    ui.explain_empty(ctx.filters)
    st.stop()
st.subheader("Milestones per month and organisation")
st.plotly_chart(per_month, key="per_month")

left, right = st.columns(2)
with left:
    st.subheader("Organisations that share milestones")
    heatmap = charts.cooccurrence_heatmap(ui.run("cooccurrence", ctx, ctx.filters))
    if heatmap is None:
        st.caption("No milestone in view names an organisation.")
    else:
        st.plotly_chart(heatmap, key="cooccurrence")
with right:
    st.subheader("Top places")
    st.dataframe(ui.run("top_places", ctx, ctx.filters), hide_index=True)
    st.subheader("Top people")
    st.dataframe(ui.run("top_people", ctx, ctx.filters), hide_index=True)

today = date.today()
st.subheader("What became of the plans")
counts: dict[str, int] = ui.run("tracker:outcome_counts", ctx, ctx.filters, today)
for column, (outcome, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    column.metric(outcome, n)
overdue = ui.run(
    "tracker:plans", ctx, ctx.filters, today, ("overdue",), limit=OVERDUE_ROWS, newest_first=True
)
if overdue.empty:
    st.caption(f"No plan in view is overdue on {today.isoformat()}.")
else:
    shown = (
        f"the {len(overdue):,} most recent of {counts['overdue']:,}; "
        if len(overdue) < counts["overdue"]
        else ""
    )
    st.caption(
        f"Overdue ({shown}the window has passed and no held event fulfils the plan). "
        "The Tracker page has every plan with its evidence."
    )
    st.dataframe(
        overdue[["window_start", "window_end", "window_text", "type", "organisations", "place",
                 "first_reported", "first_source", "plan_evidence", "plan_id"]],
        hide_index=True,
    )  # fmt: skip
