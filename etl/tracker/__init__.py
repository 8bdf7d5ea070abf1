"""The tracker: one event across many articles (`grouping`), and what became of each
plan (`plans`). Pure functions over milestones; `etl.store.events` keeps the tables."""
