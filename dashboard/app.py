"""The Streamlit entry file: page config, database, shared sidebar, navigation.

Started by `diplotime dashboard` (`streamlit run dashboard/app.py -- --db FILE`); the
database path comes from `--db` after `--`, else $DIPLOTIME_DB, else
data/diplotime.duckdb. Pages live in `app_pages/` and only compose: they take the
context prepared here (`dashboard.ui.context()`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import ui
from dashboard.filters import Filters
from dashboard.render import md_escape
from etl.errors import DiplotimeError

PAGES = Path(__file__).parent / "app_pages"

st.set_page_config(page_title="diplotime", page_icon=":material/calendar_month:", layout="wide")

database = ui.open_database(str(ui.db_path()))
try:
    version = database.version()
    ui.run("facet_values", ui.Context(database, version, Filters()))  # opens and checks the schema
except DiplotimeError as error:
    st.title("diplotime")
    st.error(md_escape(f"{error.title}: {error.detail}" if error.detail else error.title))
    st.markdown(f"What to do: {error.hint}")
    st.code(f"diplotime demo\ndiplotime ingest data/samples --db {database.path}", language="bash")
    st.stop()

context = ui.Context(database, version, Filters())
filters = ui.sidebar(context)
ui.set_context(ui.Context(database, version, filters))

page = st.navigation(
    [
        st.Page(PAGES / "timeline.py", title="Timeline", icon=":material/timeline:", default=True),
        st.Page(PAGES / "milestones.py", title="Milestones", icon=":material/table_rows:"),
        st.Page(PAGES / "tracker.py", title="Tracker", icon=":material/event_available:"),
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/bar_chart:"),
        st.Page(PAGES / "data.py", title="Data", icon=":material/database:"),
    ]
)
page.run()
