"""Milestones page: the table; a selected row opens its article with the evidence highlighted.

The selected milestone is also in the URL (`?milestone=<id>`), so a link can point
at the sentence behind a point. Article text is shown as escaped text, never as
Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from dashboard import render, ui
from dashboard.queries import PAGE_ROWS as MAX_ROWS

COLUMNS = ["start", "end", "date_text", "type", "status", "organisations", "place", "evidence", "source", "lang", "title", "milestone_id"]  # fmt: skip

ctx = ui.context()
st.title("Milestones")
st.caption(ui.sentence(ctx.filters))

table = ui.run("milestones", ctx, ctx.filters, limit=MAX_ROWS)
if table.empty:
    ui.explain_empty(ctx.filters)
    st.stop()
if len(table) == MAX_ROWS:
    total = ui.run("count_milestones", ctx, ctx.filters)
    st.caption(
        f"Showing the first {MAX_ROWS:,} of {total:,} milestones; the CSV download on the "
        "Timeline page has them all."
    )
event = st.dataframe(
    table[COLUMNS], key="milestone_table", on_select="rerun", selection_mode="single-row",
    hide_index=True,
    column_config={
        "evidence": st.column_config.TextColumn("evidence", width="large"),
        "organisations": st.column_config.ListColumn("organisations"),
    },
)  # fmt: skip
rows = event.selection.rows if event is not None else []
chosen: str | None
if rows:
    chosen = str(table.iloc[rows[0]]["milestone_id"])
    st.session_state["_milestone_selected"] = True
    if st.query_params.get("milestone") != chosen:
        st.query_params["milestone"] = chosen
elif st.session_state.pop("_milestone_selected", False):  # the user cleared the selection
    chosen = None
    if "milestone" in st.query_params:
        del st.query_params["milestone"]
else:  # a shared link: ?milestone=<id>
    chosen = st.query_params.get("milestone")


def show_article(milestone_id: str) -> None:
    """The article behind one milestone: text with the evidence marked, its other findings."""
    hit = table[table["milestone_id"] == milestone_id]
    if hit.empty:
        st.info("The selected milestone is not in the current view; select a row in the table.")
        return
    row = hit.iloc[0]
    detail = ui.run("article_detail", ctx, str(row["article_id"]))
    if detail is None:
        st.warning("The article of this milestone is no longer in the database.")
        return
    art = detail.article
    st.divider()
    st.html(render.heading_html(str(art["title"] or "(untitled)")))
    meta = [
        str(art[k])
        for k in ("published", "source", "lang", "dateline", "category")
        if ui.present(art[k])
    ]
    st.text(" · ".join(meta))
    link = render.safe_link(art["url"])
    if link:
        st.link_button("Open the source", link)
    span = render.evidence_span(
        str(art["body"]), str(row["evidence"]), int(row["evidence_begin"]), int(row["evidence_end"])
    )
    st.html(render.article_html(str(art["body"]), span))
    left, right = st.columns(2)
    with left:
        st.subheader("Milestones in this article")
        st.dataframe(
            detail.milestones[
                ["start", "end", "type", "status", "organisations", "date_text", "evidence"]
            ],
            hide_index=True,
        )
    with right:
        st.subheader("People")
        st.dataframe(detail.people, hide_index=True)
        st.subheader("Places")
        st.text(", ".join(detail.places) or "none found")


if chosen:
    show_article(chosen)
else:
    st.caption("Select a row to read the article it comes from.")
