"""Timeline page: the filter sentence, one lane per organisation, CSV downloads."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import ui

ctx = ui.context()
st.title("Timeline")
st.caption(ui.sentence(ctx.filters))

points = ui.run("timeline_points", ctx, ctx.filters)
figure = ui.timeline_figure(ctx, date.today())
if figure is None:
    ui.explain_empty(ctx.filters)
    st.stop()
if "n" in points.columns:
    total = ui.run("count_milestones", ctx, ctx.filters)
    st.caption(
        f"{total:,} milestones: too many to draw one by one, so each circle counts the "
        f"milestones of a {points['bucket'].iloc[0]}. Narrow the filters to see them individually."
    )
st.plotly_chart(figure, key="timeline", config={"displaylogo": False})
st.caption(
    "Filled = held, open = planned; colour = type. A band is a month, season, quarter, "
    'half or year; a dotted bar ending in a marker is a deadline ("by the end of ...").'
)

bom = st.checkbox("Excel-friendly CSV (UTF-8 with BOM)", key="csv_bom")
left, right = st.columns(2)
left.download_button(
    "Download milestones (CSV)", ui.run("csv:milestones_csv", ctx, ctx.filters, bom=bom),
    file_name="diplotime-milestones.csv", mime="text/csv", key="download_milestones",
    on_click="ignore",
)  # fmt: skip
right.download_button(
    "Download articles (CSV)", ui.run("csv:articles_csv", ctx, ctx.filters, bom=bom),
    file_name="diplotime-articles.csv", mime="text/csv", key="download_articles",
    on_click="ignore",
)  # fmt: skip
