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


def _reference_split(text: str) -> list[tuple[str, int, int, int]]:
    """The split with one call per step, as `iter_sentences` read before it wrote them out."""
    from etl.extraction.sentences import _BOUNDARY, _is_false_boundary, _sentence, _token_before

    out = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n")):
        start = 0
        for match in _BOUNDARY.finditer(line):
            token = _token_before(line, match.start() + 1)
            if _is_false_boundary(token, line[match.end() : match.end() + 1]):
                continue
            if sentence := _sentence(line, start, match.end(1), offset, paragraph):
                out.append(tuple(sentence))
            start = match.end()
        if sentence := _sentence(line, start, len(line), offset, paragraph):
            out.append(tuple(sentence))
        offset += len(line) + 1
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Kopf\n\n  MOSKAU, 19. Mai (BelTA) – Erster Satz. Zweiter Satz!  \nDritter.",
        "Am 3. Juli. 4. Juli tagte er. „Z. B.“ Nein. (Nr. 5) Ja… «Т.е.» Да. N. Jermekbajew sprach.",
        "Er sagte: „Gut.“ Dann.\tSo.\u00a0Ende. 12. 2025 wurde es. 123. Aber.  ",
        " . .\n\n\n.A. B. c. D.\u2003E.) F.] G?! «Н. Иванов» 1.\u00a0Mai. 1. 2. x.",
    ],
)  # fmt: skip
def test_written_out_split_is_the_stepwise_one(text: str) -> None:
    assert [tuple(s) for s in split_sentences(text)] == _reference_split(text)
