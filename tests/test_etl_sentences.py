"""Sentence splitting: ordinal dates, abbreviations, initials and quotes are not sentence ends."""

from __future__ import annotations

import pytest

from etl.extraction.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Treffen findet am 19. Mai statt. Danach reist er ab.",
         ["Das Treffen findet am 19. Mai statt.", "Danach reist er ab."]),
        ("Vom 3. bis 5. Juli tagt der Rat in Astana.", ["Vom 3. bis 5. Juli tagt der Rat in Astana."]),
        ("Am 17.02.2025 wurde vereinbart, z. B. ein Fahrplan. Gut.",
         ["Am 17.02.2025 wurde vereinbart, z. B. ein Fahrplan.", "Gut."]),
        ("Generalsekretär N. Jermekbajew sprach. Er sagte nichts.",
         ["Generalsekretär N. Jermekbajew sprach.", "Er sagte nichts."]),
        ("„Wir planen die Unterzeichnung bis Ende des Jahres.“ Das sagte er.",
         ["„Wir planen die Unterzeichnung bis Ende des Jahres.“", "Das sagte er."]),
        ("The summit opened on Sept. 1 in Tianjin. Leaders met.",
         ["The summit opened on Sept. 1 in Tianjin.", "Leaders met."]),
        ("В 2025 г. прошел саммит ШОС. Следующий состоится в Бишкеке.",
         ["В 2025 г. прошел саммит ШОС.", "Следующий состоится в Бишкеке."]),
        ("Первая строка\nВторая строка без точки", ["Первая строка", "Вторая строка без точки"]),
        ("", []),
    ],
)  # fmt: skip
def test_split(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_the_text() -> None:
    text = "Kopf\n\n  MOSKAU, 19. Mai (BelTA) – Erster Satz. Zweiter Satz!  \nDritter."
    sentences = split_sentences(text)
    assert all(text[s.begin : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 2, 2, 3]
