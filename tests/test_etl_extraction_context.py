"""Organisation context across sentences: which organisations an event sentence without
names of its own is about (group phrases are read lazily, so the order of sentences is
what these cases pin down)."""

from __future__ import annotations

from datetime import date

import pytest

from etl.extraction import extract

ANCHOR = date(2025, 5, 19)
NAMED = "Die OVKS, die GUS und die SOZ arbeiten eng zusammen. "
EVENT = "Am 3. Juni findet ein Gipfel in Minsk statt."


@pytest.mark.parametrize(
    ("text", "organisations"),
    [
        # A group phrase in a sentence without an event refers back to the three named.
        (NAMED + "Die Generalsekretäre der drei Organisationen sprachen lange. " + EVENT,
         ("CSTO", "CIS", "SCO")),
        # A later sentence naming an organisation replaces that context.
        (NAMED + "Die Generalsekretäre der drei Organisationen sprachen lange. Die UNO "
         "schweigt. " + EVENT, ("UN",)),
        # "der beiden": the last two named; a sentence without names keeps the context.
        (NAMED + "Die Vertreter der beiden Organisationen sprachen lange. Das Wetter war gut. "
         + EVENT, ("CIS", "SCO")),
        # The event sentence's own group phrase, then a following event sentence.
        ("The CSTO, the CIS and the SCO work closely. Leaders of the three organisations "
         "will hold a summit on 3 June. A session followed on 4 June.",
         ("CSTO", "CIS", "SCO")),
    ],
)  # fmt: skip
def test_sentence_without_names_takes_the_context(text: str, organisations: tuple) -> None:
    milestones = extract(text, ANCHOR, None).milestones
    assert milestones
    assert {m.organisations for m in milestones} == {organisations}
