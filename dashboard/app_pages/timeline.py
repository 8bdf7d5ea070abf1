"""Timeline page: the filter sentence, one lane per organisation with one mark per event,
plans joined to their outcome, CSV downloads."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import ui

ctx = ui.context()
st.title("Timeline")
st.caption(ui.sentence(ctx.filters))

points = ui.run("tracker:event_points", ctx, ctx.filters)
figure = ui.timeline_figure(ctx, date.today())
if figure is None:
    ui.explain_empty(ctx.filters)
    st.stop()
if "n" in points.columns:
    total = points.attrs.get("events")  # counted with the counts, when they were selected
    if total is None:
        total = ui.run("tracker:count_events", ctx, ctx.filters)
    st.caption(
        f"{total:,} events: too many to draw one by one, so each circle counts the "
        f"events of a {points['bucket'].iloc[0]}. Narrow the filters to see them individually."
    )
st.plotly_chart(figure, key="timeline", config={"displaylogo": False})
st.caption(
    "One mark per event, however many articles report it (hover for the reports). "
    "Filled = held, open = planned; colour = type. A band is a month, season, quarter, "
    'half or year; a dotted bar ending in a marker is a deadline ("by the end of ..."). '
    "An arrow joins a plan to the held event that fulfilled it, coloured by the outcome."
)

bom = st.checkbox("Excel-friendly CSV (UTF-8 with BOM)", key="csv_bom")
left, middle, right = st.columns(3)
with left:
    ui.csv_download(
        "Download milestones (CSV)", "milestones", ctx, key="download_milestones", bom=bom
    )
with middle:
    ui.csv_download("Download events (CSV)", "events", ctx, key="download_events", bom=bom)
with right:
    ui.csv_download("Download articles (CSV)", "articles", ctx, key="download_articles", bom=bom)
