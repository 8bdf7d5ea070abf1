"""Data page: the ingest runs with their counts and the files or items that were rejected."""

from __future__ import annotations

import streamlit as st

from dashboard import ui

ctx = ui.context()
st.title("Data")
st.text(f"Database: {ctx.db.path}")

runs = ui.run("ingest_runs", ctx)
st.subheader("Ingest runs")
if runs.empty:
    st.info("No ingest run recorded yet.")
else:
    st.dataframe(runs, hide_index=True)

errors = ui.run("ingest_errors", ctx)
st.subheader("Rejected files and items")
if errors.empty:
    st.caption("Nothing was rejected.")
else:
    st.dataframe(errors, hide_index=True)
