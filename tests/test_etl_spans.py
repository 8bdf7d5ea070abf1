"""Multi-day spans: lists, lengths and opening/closing verbs make one event interval."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extraction.spans import event_spans
from etl.extraction.temporal import find_time_expressions


def spans(text: str, lang: str, anchor: str, direction: str | None = None) -> list[tuple[str, str]]:
    exprs = [e for e in find_time_expressions(text, lang, date.fromisoformat(anchor), direction)]
    return [(e.start.isoformat(), e.end.isoformat()) for e in event_spans(exprs, text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "anchor", "direction", "expected"),
    [
        ("Leaders will gather in New Delhi on Saturday and Sunday.", "en", "2023-09-08", "future",
         [("2023-09-09", "2023-09-10")]),
        ("OSCE ministers opened a two-day meeting in Skopje today.", "en", "2023-11-30", None,
         [("2023-11-30", "2023-12-01")]),
        ("Das dreitägige Treffen, das am Dienstag begonnen hatte, endete heute.", "de", "2023-08-24",
         "past", [("2023-08-22", "2023-08-24")]),
        ("Двухдневное заседание, открывшееся в четверг, завершилось сегодня.", "ru", "2025-12-05",
         "past", [("2025-12-04", "2025-12-05")]),
        ("Die dreitägige Konferenz endete heute in Wien.", "de", "2025-06-12", None,
         [("2025-06-10", "2025-06-12")]),
        # Not spans: days far apart, or a list of unrelated dates.
        ("The council met on 3 June and again on 17 June.", "en", "2025-06-20", "past",
         [("2025-06-03", "2025-06-03"), ("2025-06-17", "2025-06-17")]),
        ("Die Sitzung findet am 5. Mai statt.", "de", "2025-04-01", "future",
         [("2025-05-05", "2025-05-05")]),
    ],
)  # fmt: skip
def test_event_spans(text: str, lang: str, anchor: str, direction: str | None, expected: list) -> None:
    assert spans(text, lang, anchor, direction) == expected
