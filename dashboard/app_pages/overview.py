"""Overview page: milestones per month per organisation, co-occurrence, top places and people,
and planned milestones whose date has passed."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import charts, ui

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
st.subheader("Planned, but the date has passed")
overdue = ui.run("overdue_plans", ctx, ctx.filters, today)
if overdue.empty:
    st.caption(f"No planned milestone in view ended before {today.isoformat()}.")
else:
    st.caption("Planned milestones whose end date is before today: check whether they happened.")
    st.dataframe(
        overdue[
            [
                "end",
                "date_text",
                "type",
                "organisations",
                "place",
                "evidence",
                "source",
                "milestone_id",
            ]
        ],
        hide_index=True,
    )
