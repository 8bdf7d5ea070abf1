"""The word-pattern language of the vocabulary files (triggers, modality cues, roles)."""

from __future__ import annotations

import pytest

from etl.extraction.wordpatterns import PatternSet

CASES = [
    ("met", "They met. Metal, metres, Met.", ["met", "Met"]),
    (
        "консультаци*",
        "консультации и консультаций; неконсультация",
        ["консультации", "консультаций"],
    ),
    ("*ила", "она подписала, провела и купила", ["купила"]),
    ("*ела", "она провела, дела", ["провела", "дела"]),
    ("gipfel~", "Gipfel, Gipfels, Gipfeln, Gipfelteilnehmer", ["Gipfel", "Gipfels", "Gipfeln"]),
    (
        "*treffen~",
        "Außenministertreffen, Treffens, Treffpunkt",
        ["Außenministertreffen", "Treffens"],
    ),
    ("=may", "in May they may sign", ["may"]),
    ("пройдет", "саммит пройдёт", ["пройдёт"]),
    (
        "teilte ... mit",
        "Das teilte der Pressedienst der OVKS mit.",
        ["teilte der Pressedienst der OVKS mit"],
    ),
    ("teilte ... mit", "Das teilte er, wie gesagt, mit.", []),  # a gap stays in its clause
    ("wird ... *en $", "Es wird nun geprüft. Er wird Minsk besuchen.", ["wird Minsk besuchen"]),
    (
        "wird ... *en $",
        "Es wird am 17. Februar unterzeichnet werden und gilt.",
        ["wird am 17. Februar unterzeichnet werden"],
    ),
    ("took place", "The summit took\nplace, took place", ["took\nplace", "took place"]),
    ("в прошлом", "в прошлом году, вновь", ["в прошлом"]),
    ("state visit|visits", "state visits and state visit", ["state visits", "state visit"]),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), CASES)
def test_pattern(pattern: str, text: str, expected: list[str]) -> None:
    assert [text[m.begin : m.end] for m in PatternSet([pattern]).matches(text)] == expected


def test_matches_are_sorted_and_keep_overlaps() -> None:
    patterns = PatternSet(["treffen~", "*treffen~", "gipfeltreffen~"])
    found = [(m.pattern, m.begin, m.end) for m in patterns.matches("Das Gipfeltreffen")]
    assert found == [(1, 4, 17), (2, 4, 17)]


@pytest.mark.parametrize("bad", ["... x", "$", "a *~ b"])
def test_malformed_patterns_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        PatternSet([bad])
