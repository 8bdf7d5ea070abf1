"""diplotime's write side: read articles, extract dated milestones, load them into DuckDB.

Stages, each its own package, data flowing one way:
`readers` (files -> Document) -> `metadata` (fill what the text implies) ->
`extraction` (text + publication time -> Extraction, pure) -> `store` (DuckDB).
`pipeline` composes them for `diplotime ingest`. Nothing here imports `dashboard`.
"""
