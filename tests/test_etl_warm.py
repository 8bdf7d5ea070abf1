"""Warming the extraction caches before a fork: afterwards extraction compiles nothing."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extraction import extract, warm_up
from etl.extraction.temporal import patterns


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Die OVKS-Außenminister beraten am 3. Juni, Ende Mai und im Herbst 2026 in Minsk."),
        ("en", "The SCO summit is due on 4-5 July 2025; ministers met last Tuesday and in early May."),
        ("ru", "Саммит ОДКБ пройдет 28 ноября, а консультации состоялись в начале октября 2025 года."),
    ],
)
def test_no_temporal_pattern_is_compiled_after_warm_up(lang: str, text: str) -> None:
    warm_up()
    before = patterns._subset_pattern.cache_info().misses
    extract(text, date(2025, 5, 19), lang)
    assert patterns._subset_pattern.cache_info().misses == before
