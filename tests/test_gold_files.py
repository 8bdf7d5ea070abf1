"""Validates the hand-annotated extraction gold set in tests/gold/*.jsonl.

The gold files are read by `diplotime evaluate` and by the extraction tests; a typo
in one line (a date that does not parse, a timex that disagrees with its bounds, a
status that contradicts the publication date) would silently skew every score, so
each line is checked against tests/gold/CONVENTIONS.md here.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from etl.records import MILESTONE_TYPES, PRECISIONS

GOLD_DIR = Path(__file__).parent / "gold"
LANGS = ("de", "en", "ru")
MIN_ITEMS = 50
ITEM_KEYS = {"id", "lang", "published", "text", "milestones", "note"}
MILESTONE_KEYS = {
    "type",
    "status",
    "timex",
    "mod",
    "start",
    "end",
    "precision",
    "organisations",
    "place",
}
OPTIONAL_MILESTONE_KEYS = {"stated"}
STATUSES = {"held", "planned"}
MODS = {None, "START", "MID", "END", "BEFORE", "AFTER"}
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}
ORG_ID = re.compile(r"^[A-Z][A-Z0-9_-]*$")


def _load(lang: str) -> list[dict[str, Any]]:
    lines = (GOLD_DIR / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _all_items() -> list[tuple[str, dict[str, Any]]]:
    return [(lang, item) for lang in LANGS for item in _load(lang)]


ITEMS = _all_items()
MILESTONES = [(item, m) for _, item in ITEMS for m in item["milestones"]]


def _last(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _iso(value: str) -> date:
    return date.fromisoformat(value)


def _bounds_month(timex: str, mod: str | None, anchor: date) -> tuple[date, date]:
    y, m = (int(p) for p in timex.split("-"))
    first, last = date(y, m, 1), _last(y, m)
    return {
        None: (first, last),
        "START": (first, date(y, m, 10)),
        "MID": (date(y, m, 11), date(y, m, 20)),
        "END": (date(y, m, 21), last),
        "BEFORE": (anchor, last),
    }[mod]


def _bounds_year(timex: str, mod: str | None, anchor: date) -> set[tuple[date, date]]:
    """Allowed (start, end) for a year timex; "END" is either a part or a deadline."""
    y = int(timex)
    return {
        None: {(date(y, 1, 1), date(y, 12, 31))},
        "START": {(date(y, 1, 1), date(y, 4, 30))},
        "MID": {(date(y, 5, 1), date(y, 8, 31))},
        "END": {(date(y, 9, 1), date(y, 12, 31)), (anchor, date(y, 12, 31))},
        "BEFORE": {(anchor, date(y, 12, 31))},
        "AFTER": {(date(y + 1, 1, 1), date(y + 1, 12, 31))},
    }[mod]


def _expected_bounds(
    timex: str, precision: str, mod: str | None, anchor: date
) -> set[tuple[date, date]]:
    """The (start, end) pairs a timex of this precision may carry per CONVENTIONS.md."""
    if precision == "day":
        first, _, last = timex.partition("/")
        return {(_iso(first), _iso(last or first))}
    if precision == "month":
        return {_bounds_month(timex, mod, anchor)}
    if precision == "year":
        return _bounds_year(timex, mod, anchor)
    y_text, _, part = timex.partition("-")
    y = int(y_text)
    if precision == "week":
        monday = date.fromisocalendar(y, int(part.lstrip("W")), 1)
        return {(monday, monday + timedelta(days=6))}
    if precision == "quarter":
        q = int(part.lstrip("Q"))
        return {(date(y, 3 * q - 2, 1), _last(y, 3 * q))}
    if precision == "half":
        return {
            (date(y, 1, 1), date(y, 6, 30)) if part == "H1" else (date(y, 7, 1), date(y, 12, 31))
        }
    if precision == "season":
        if part == "WI":
            return {(date(y, 12, 1), _last(y + 1, 2))}
        first_m, last_m = SEASONS[part]
        return {(date(y, first_m, 1), _last(y, last_m))}
    raise AssertionError(f"unknown precision {precision}")


TIMEX_SHAPES = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}(/\d{4}-\d{2}-\d{2})?$"),
    "week": re.compile(r"^\d{4}-W\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "season": re.compile(r"^\d{4}-(SP|SU|FA|WI)$"),
    "quarter": re.compile(r"^\d{4}-Q[1-4]$"),
    "half": re.compile(r"^\d{4}-H[12]$"),
    "year": re.compile(r"^\d{4}$"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_every_line_is_a_json_object(lang: str) -> None:
    text = (GOLD_DIR / f"{lang}.jsonl").read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        assert line.strip(), f"{lang}.jsonl line {number} is empty"
        assert isinstance(json.loads(line), dict), f"{lang}.jsonl line {number}"


@pytest.mark.parametrize("lang", LANGS)
def test_enough_items_per_language(lang: str) -> None:
    assert len(_load(lang)) >= MIN_ITEMS


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_traps_with_no_milestones(lang: str) -> None:
    assert sum(1 for item in _load(lang) if not item["milestones"]) >= 10


def test_ids_are_unique() -> None:
    counts = Counter(item["id"] for _, item in ITEMS)
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(("lang", "item"), ITEMS, ids=[item["id"] for _, item in ITEMS])
def test_item_fields(lang: str, item: dict[str, Any]) -> None:
    assert set(item) == ITEM_KEYS
    assert item["lang"] == lang
    assert re.fullmatch(rf"{lang}-\d{{3}}", item["id"])
    assert date(2023, 1, 1) <= _iso(item["published"]) <= date(2026, 12, 31)
    assert item["text"].strip() and item["note"].strip()
    assert isinstance(item["milestones"], list)


@pytest.mark.parametrize(("item", "m"), MILESTONES, ids=[i["id"] for i, _ in MILESTONES])
def test_milestone_fields_and_vocabularies(item: dict[str, Any], m: dict[str, Any]) -> None:
    assert MILESTONE_KEYS <= set(m) <= MILESTONE_KEYS | OPTIONAL_MILESTONE_KEYS
    assert m["type"] in MILESTONE_TYPES
    assert m["status"] in STATUSES
    assert m["precision"] in PRECISIONS
    assert m["mod"] in MODS
    assert m["organisations"] and all(ORG_ID.match(o) for o in m["organisations"])
    assert m["place"] is None or (isinstance(m["place"], str) and m["place"].strip())
    if m.get("stated") is not None:
        assert _iso(m["stated"]) <= _iso(item["published"])


@pytest.mark.parametrize(("item", "m"), MILESTONES, ids=[i["id"] for i, _ in MILESTONES])
def test_milestone_dates_agree_with_timex(item: dict[str, Any], m: dict[str, Any]) -> None:
    start, end = _iso(m["start"]), _iso(m["end"])
    assert start <= end
    assert TIMEX_SHAPES[m["precision"]].match(m["timex"]), m["timex"]
    anchor = _iso(item["published"])
    assert (start, end) in _expected_bounds(m["timex"], m["precision"], m["mod"], anchor)


@pytest.mark.parametrize(("item", "m"), MILESTONES, ids=[i["id"] for i, _ in MILESTONES])
def test_status_agrees_with_the_publication_date(item: dict[str, Any], m: dict[str, Any]) -> None:
    """A held milestone cannot start after publication; a planned one cannot be over before it."""
    anchor = _iso(item["published"])
    if m["status"] == "held":
        assert _iso(m["start"]) <= anchor
    else:
        assert _iso(m["end"]) >= anchor
