"""The peer: an extractor in the style of common event coders, timed next to diplotime.

Called by `bench.run`. It splits the text into sentences with a regular expression and
asks `dateparser.search.search_dates` for the dates in each sentence (restricted to the
article's language, relative to the publication time, preferring the past), emitting one
milestone per date found. No organisations, no triggers, no status: this is the usual
baseline a dated-event pipeline is built from, and the speed to beat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateparser.search import search_dates

_SENTENCE_END = re.compile(r"(?<=[.!?…»“”])\s+(?=[«„“A-ZÄÖÜА-ЯЁ0-9])|\n{2,}")


@dataclass(frozen=True)
class PeerMilestone:
    date_text: str
    when: datetime
    evidence: str


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def extract(text: str, published: datetime | None, lang: str | None) -> list[PeerMilestone]:
    """One milestone per date dateparser finds in a sentence."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if published is not None:
        settings["RELATIVE_BASE"] = published.replace(tzinfo=None)
    languages = [lang] if lang in ("de", "en", "ru") else None
    found: list[PeerMilestone] = []
    for sentence in split_sentences(text):
        for date_text, when in search_dates(sentence, languages=languages, settings=settings) or ():
            found.append(PeerMilestone(date_text, when, sentence))
    return found
