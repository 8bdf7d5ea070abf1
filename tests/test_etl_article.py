"""Composition of the extractors: the dateline mask and the single organisation scan."""

from __future__ import annotations

import pytest

from etl.extraction.article import after_dateline, dateline_end, mask_dateline
from etl.extraction.organisations import OrgMention, find_organisations

TEXTS = [
    "MOSKAU, 19. Mai (BelTA) – Die OVKS und die GUS beraten am 3. Juni in Minsk.",
    "МОСКВА, 19 мая. /ТАСС/. Совет министров иностранных дел ОДКБ соберется в июне.",
    "NEW YORK, 19 May (UN News) - The UN Security Council and the SCO met on Monday.",
    "MINSK, 2 June (BelTA) -The Eurasian Economic Union's council meets in Minsk.",
    "The SCO summit opens on 3 July in Astana; no dateline here.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_mentions_after_the_dateline_equal_a_scan_of_the_masked_text(text: str) -> None:
    end = dateline_end(text)
    masked = mask_dateline(text)
    assert after_dateline(find_organisations(text), masked, end) == find_organisations(masked)


@pytest.mark.parametrize(("text", "dropped"), [(TEXTS[2], "UN"), (TEXTS[0], None)])
def test_mentions_inside_the_dateline_are_dropped(text: str, dropped: str | None) -> None:
    end = dateline_end(text)
    kept = after_dateline(find_organisations(text), mask_dateline(text), end)
    assert all(m.begin >= end for m in kept)
    inside = [m.org_id for m in find_organisations(text) if m.begin < end]
    assert inside == ([dropped] if dropped else [])


def test_a_mention_across_the_dateline_end_rescans() -> None:
    text = TEXTS[0]
    end = dateline_end(text)
    crossing = [OrgMention("CSTO", end - 2, end + 8, text[end - 2 : end + 8])]
    masked = mask_dateline(text)
    assert after_dateline(crossing, masked, end) == find_organisations(masked)
