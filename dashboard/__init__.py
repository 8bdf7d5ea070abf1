"""The read side of diplotime: query layer, charts, CSV export, Streamlit pages and the CLI.

`db`, `filters`, `queries`, `charts` and `export` import no Streamlit, so the CLI,
the tests and the pages share one implementation of every filter. Only `app.py`,
`ui.py` and `app_pages/` use Streamlit.
"""
