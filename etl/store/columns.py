"""Extracted articles as Arrow tables, one per store table: built by the workers, loaded by the writer.

`etl.pipeline`'s workers add each `ArticleRecord` to an `ArticleRows` and send the
chunk's `ArticleColumns` to the writer instead of the records themselves; the
writer (`etl.store.loader.load_columns`) concatenates a batch's chunks and lets
DuckDB scan them. Why: a pickled record is a tree of dataclasses that the writer
process, which shares two cores with the workers, would have to rebuild object by
object and then turn into frames again; Arrow columns cross the process boundary as
a few buffers and are inserted as they arrive. The run columns (`first_run`,
`last_run`) are added by the writer, which alone knows the database.

Child rows carry `_row`, their article's position in the chunk, so that the writer
can drop a duplicate article with its rows (ids alone cannot say which copy a row
belongs to); the loader drops the column before inserting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pyarrow as pa

from etl.records import ArticleRecord

ROW = "_row"  # a child row's article, by position in its chunk
_TEXT, _INT, _DATE = pa.string(), pa.int32(), pa.date32()
_TEXTS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", _TEXT), ("content_hash", _TEXT), ("url", _TEXT), ("title", _TEXT),
        ("published_utc", pa.timestamp("us")), ("utc_offset_min", _INT),
        ("published_date", _DATE), ("lang", _TEXT), ("source", _TEXT), ("dateline", _TEXT),
        ("category", _TEXT), ("body", _TEXT), ("path", _TEXT), ("locator", _TEXT),
        ("format", _TEXT), ("flags", _TEXTS),
    ]),
    "article_organisations": pa.schema([
        ("article_id", _TEXT), ("org_id", _TEXT), ("mentions", _INT), (ROW, _INT),
    ]),
    "people": pa.schema([
        ("article_id", _TEXT), ("name", _TEXT), ("role", _TEXT), ("org_id", _TEXT),
        ("surface_forms", _TEXTS), (ROW, _INT),
    ]),
    "article_places": pa.schema([("article_id", _TEXT), ("place", _TEXT), (ROW, _INT)]),
    "milestones": pa.schema([
        ("id", _TEXT), ("article_id", _TEXT), ("ordinal", _INT), ("type", _TEXT),
        ("status", _TEXT), ("timex", _TEXT), ("mod", _TEXT), ("start_date", _DATE),
        ("end_date", _DATE), ("precision", _TEXT), ("stated", _DATE), ("place", _TEXT),
        ("trigger", _TEXT), ("date_text", _TEXT), ("evidence", _TEXT),
        ("evidence_begin", _INT), ("evidence_end", _INT), (ROW, _INT),
    ]),
    "milestone_organisations": pa.schema([("milestone_id", _TEXT), ("org_id", _TEXT), (ROW, _INT)]),
}  # fmt: skip


@dataclass(frozen=True)
class ArticleColumns:
    """Some articles as one Arrow table per store table (parents first), without run columns."""

    tables: dict[str, pa.Table]

    def __len__(self) -> int:
        return self.tables["articles"].num_rows

    def column(self, name: str) -> list[str]:
        """An articles column as Python values (ids, paths, locators for the run's bookkeeping)."""
        return self.tables["articles"].column(name).to_pylist()  # type: ignore[no-any-return]

    def keep(self, mask: Sequence[bool]) -> ArticleColumns:
        """Only the articles where `mask` is true, with their child rows."""
        kept = np.asarray(mask, dtype=bool)
        tables = {"articles": self.tables["articles"].filter(pa.array(kept))}
        for name, table in self.tables.items():
            if name != "articles":
                rows = table.column(ROW).to_numpy()
                tables[name] = table.filter(
                    pa.array(kept[rows] if len(rows) else rows.astype(bool))
                )
        return ArticleColumns(tables)


class ArticleRows:
    """Rows of each table, appended article by article; `columns()` turns them into Arrow."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[object, ...]]] = {name: [] for name in SCHEMAS}

    def __len__(self) -> int:
        return len(self.rows["articles"])

    def add(self, rec: ArticleRecord) -> None:
        """The rows `rec` stores, in the order the loader has always written them."""
        position = len(self.rows["articles"])
        doc, ext, rid = rec.document, rec.extraction, rec.id
        utc, offset, local_date = published_columns(doc.published)
        self.rows["articles"].append(
            (rid, rec.content_hash, doc.url, doc.title, utc, offset, local_date, doc.lang,
             doc.source, doc.dateline, doc.category, doc.text, doc.path, doc.locator,
             doc.format, list(doc.flags))
        )  # fmt: skip
        mention_counts: dict[str, int] = {}
        for org in ext.organisations:
            mention_counts[org] = mention_counts.get(org, 0) + 1
        self.rows["article_organisations"].extend(
            (rid, org, n, position) for org, n in mention_counts.items()
        )
        self.rows["people"].extend(
            (rid, p.name, p.role, p.organisation, list(p.surface_forms), position)
            for p in ext.people
        )
        self.rows["article_places"].extend(
            (rid, place, position) for place in dict.fromkeys(ext.places)
        )
        milestones, milestone_orgs = self.rows["milestones"], self.rows["milestone_organisations"]
        for ordinal, m in enumerate(ext.milestones):
            mid = f"{rid}-{ordinal}"
            milestones.append(
                (mid, rid, ordinal, m.type, m.status, m.timex, m.mod, m.start, m.end,
                 m.precision, m.stated, m.place, m.trigger, m.date_text, m.evidence,
                 m.evidence_begin, m.evidence_end, position)
            )  # fmt: skip
            milestone_orgs.extend((mid, org, position) for org in dict.fromkeys(m.organisations))

    def columns(self) -> ArticleColumns:
        return ArticleColumns(
            {name: _table(rows, SCHEMAS[name]) for name, rows in self.rows.items()}
        )


def of_records(records: Iterable[ArticleRecord]) -> ArticleColumns:
    rows = ArticleRows()
    for rec in records:
        rows.add(rec)
    return rows.columns()


def concat(parts: Sequence[ArticleColumns]) -> ArticleColumns:
    """One batch of several chunks' columns (the tables' chunks are kept, not copied)."""
    if not parts:
        return ArticleRows().columns()
    return ArticleColumns(
        {name: pa.concat_tables([p.tables[name] for p in parts]) for name in SCHEMAS}
    )


def published_columns(published: datetime | None) -> tuple[object, object, object]:
    """(UTC instant, offset in minutes, local date); naive times are taken as UTC-unknown."""
    if published is None:
        return None, None, None
    offset = published.utcoffset()
    if offset is None:
        return published, None, published.date()
    utc = (published - offset).replace(tzinfo=None)
    return utc, int(offset / timedelta(minutes=1)), published.date()


def _table(rows: list[tuple[object, ...]], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(values, type=f.type) for values, f in zip(columns, schema, strict=True)],
        schema=schema,
    )
