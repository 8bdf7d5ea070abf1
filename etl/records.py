"""The records that flow through the pipeline: read -> extract -> load.

Readers produce `Document`s, extraction turns a document's text and publication
time into an `Extraction`, and the store loads `ArticleRecord`s (a document with
its extraction). Everything is a frozen dataclass so records are hashable, cheap
to pickle between worker processes, and cannot be changed behind a stage's back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Lang = Literal["de", "en", "ru"]
MilestoneType = Literal[
    "consultation",
    "meeting",
    "session",
    "summit",
    "signing",
    "visit",
    "statement",
    "appointment",
    "other",
]
Status = Literal["held", "planned"]
Mod = Literal["START", "MID", "END", "BEFORE", "AFTER"]
# DESIGN.md names day, month, quarter, half, year; week and season are added for
# "next week" and "im Herbst", which are neither a month nor a quarter.
Precision = Literal["day", "week", "month", "season", "quarter", "half", "year"]

MILESTONE_TYPES: tuple[str, ...] = MilestoneType.__args__  # type: ignore[attr-defined]
PRECISIONS: tuple[str, ...] = Precision.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Document:
    """One article as a reader found it, before extraction.

    Fields a format does not carry are None; `etl.metadata` fills what it can
    infer from the text (dateline, source, language).
    """

    path: str
    locator: str  # where inside the file: "", "item 3", "line 12", "row 4"
    format: str  # text, html, rss, atom, json, jsonl, csv
    text: str  # the body, boilerplate removed
    title: str | None = None
    published: datetime | None = None  # timezone-aware when the offset is known
    lang: str | None = None
    source: str | None = None
    url: str | None = None
    dateline: str | None = None  # the dateline place in English, e.g. "Moscow" for "MOSKAU"
    category: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadError:
    """A file (or one item of it) that could not be read, with a reason a user can act on."""

    path: str
    reason: str
    locator: str = ""


@dataclass(frozen=True)
class TimeExpression:
    """A date expression found in text, normalised against the publication date.

    `start`/`end` bound the interval in which the thing happens; `timex` is the
    TIMEX3-style value ("2025-02-17", "2025-12", "2025-Q4", "2025-H2", "2025",
    "2025-W21", "2025-SU"); `mod` qualifies it ("bis zum Ende" -> END/BEFORE).
    `kind` separates a point in time from a period such as "2026-2028", which is
    a validity span rather than a milestone date.
    """

    text: str
    begin: int  # character offsets in the text it was found in
    stop: int
    timex: str
    start: date
    end: date
    precision: Precision
    mod: Mod | None = None
    kind: Literal["date", "period"] = "date"
    relative: bool = False  # resolved against the anchor ("morgen", "next year", a year-less date)


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    organisation: str | None = None
    surface_forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Milestone:
    type: MilestoneType
    status: Status
    timex: str
    start: date
    end: date
    precision: Precision
    evidence: str  # the sentence it was read from
    mod: Mod | None = None
    stated: date | None = None  # when the statement was made, if the text says so
    organisations: tuple[str, ...] = ()
    place: str | None = None
    trigger: str = ""  # the word that named the event, as written
    date_text: str = ""  # the date expression, as written
    evidence_begin: int = 0  # offsets of the evidence sentence in the article body
    evidence_end: int = 0


@dataclass(frozen=True)
class Extraction:
    """What extraction finds in one article; a pure function of text and publication time."""

    organisations: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    places: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class ArticleRecord:
    """A document with its identity and extraction: what the store loads."""

    id: str  # stable: hash of the canonical URL, else of the normalised text
    content_hash: str  # changes when the article is edited
    document: Document
    extraction: Extraction = field(default_factory=Extraction)


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and tuples as plain JSON values (ISO dates)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
