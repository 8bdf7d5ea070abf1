"""Compose the extractors into one pure function over an article.

The whole text is scanned once by the multi-pattern matchers (organisations,
places, triggers); only sentences that name an event go through the temporal
tagger. That keeps extraction fast enough for archives of millions of articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from etl.extraction.milestones import (
    Mentions,
    OrgContext,
    backreference_stated,
    merge_duplicates,
    sentence_milestones,
)
from etl.extraction.organisations import OrgMention, find_organisations, with_parents
from etl.extraction.people import find_people
from etl.extraction.places import find_places, fold
from etl.extraction.scan import after, scan
from etl.extraction.sentences import Sentence, iter_sentences
from etl.extraction.triggers import Trigger, find_triggers
from etl.extraction.wordpatterns import spaced
from etl.records import Extraction, Milestone

LANGS = ("de", "en", "ru")

# "MOSKAU, 19. Mai (BelTA) – ", "МОСКВА, 19 мая. /ТАСС/. ", "MINSK, 19 May (BelTA) - ":
# the wire dateline repeats the publication date; it is never a milestone date.
_DATELINE = re.compile(
    r"^\s*[A-ZÄÖÜА-ЯЁ][\w\-. ÄÖÜА-ЯЁ]{1,40},\s+[^\n()/]{1,30}?\s*"
    r"(?:\([^)\n]{2,30}\)|/[^/\n]{2,30}/)\.?\s*[-–—]?\s*"
)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_GERMAN = re.compile(r"[äöüß]|\b(?:der|die|und|des|nicht|wird|wurde)\b", re.IGNORECASE)


def dateline_end(text: str) -> int:
    """Where the text's leading dateline ends; 0 when it has none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def mask_dateline(text: str) -> str:
    """The text with its leading dateline blanked out (offsets unchanged)."""
    end = dateline_end(text)
    return " " * end + text[end:] if end else text


def after_dateline(orgs: list[OrgMention], masked: str, end: int) -> list[OrgMention]:
    """`find_organisations(masked)` from the mentions of the unmasked text, without a second scan.

    Blanking only replaces characters before `end`, and the dateline ends on a
    non-word character, so every mention after it is found the same in both texts;
    only a mention reaching across `end` could hide one, and then we scan again.
    """
    if not end:
        return orgs
    if any(m.begin < end < m.end for m in orgs):
        return find_organisations(masked)
    return [m for m in orgs if m.begin >= end]


def guess_language(text: str) -> str:
    """A cheap script/stop-word guess for callers that pass no language."""
    sample = text[:2000]
    if len(_CYRILLIC.findall(sample)) > len(sample) / 10:
        return "ru"
    return "de" if len(_GERMAN.findall(sample)) >= 3 else "en"


def _anchor(published: datetime | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


def extract(text: str, published: datetime | date | None, lang: str | None = None) -> Extraction:
    """Organisations, people, places and dated milestones of one article.

    Milestones need the publication date to resolve relative dates; an article
    without one gets none (it is flagged "no-date" at ingest).
    """
    lang = lang if lang in LANGS else guess_language(text)
    end = dateline_end(text)
    masked = " " * end + text[end:] if end else text
    folded = fold(text)  # shared by the matchers that read the unmasked text
    low = spaced(folded)
    hits = scan(folded, low, lang)  # places, titles, event words, acronyms: one pass
    orgs = find_organisations(text, folded, hits.acronyms)
    places = find_places(text, folded, hits.places)
    people = find_people(text, lang, orgs, places, folded, hits.titles)
    anchor = _anchor(published)
    milestones: list[Milestone] = []
    if anchor is not None:
        masked_fold = _masked_fold(folded, end)
        # The masked text's hits are those after the dateline, unless a word could
        # reach back into it (the dateline ends on a non-letter, so none can).
        reach_back = masked_fold is None or (end and low[end - 1].isalpha())
        own = None if reach_back else after(hits.triggers, end)
        triggers = find_triggers(masked, lang, masked_fold, own)
        mentions = Mentions(triggers, after_dateline(orgs, masked, end), places)
        milestones = _milestones(masked, lang, anchor, mentions)
    return Extraction(
        organisations=with_parents(m.org_id for m in orgs),
        people=tuple(people),
        places=tuple(dict.fromkeys(p.name for p in places)),
        milestones=tuple(milestones),
    )


def _masked_fold(folded: str, end: int) -> str | None:
    """`fold` of the text with its dateline masked, from the article's fold; None if unsure.

    Spares folding the article twice: masking puts spaces before `end`, which fold to
    themselves. Only a capital sigma lower-cases by its neighbours (σ or final ς).
    """
    if not end:
        return folded
    rest = folded[end:]
    if "σ" in rest or "ς" in rest:
        return None
    return " " * end + rest


def _milestones(text: str, lang: str, anchor: date, mentions: Mentions) -> list[Milestone]:
    """The milestones of the sentences, read in order up to the last event word.

    A sentence starting after the last event word adds no milestone; only the first
    such sentence may still date the previous sentence's milestones ("Das erklärte
    er am 19. Mai"), so the text after it is not even split into sentences.
    """
    if not mentions.triggers:
        return []
    triggers = mentions.triggers
    last_event = max(t.end for t in triggers)
    context = OrgContext(mentions, lang)
    found: list[Milestone] = []
    previous: list[Milestone] = []
    ahead = 0  # the first trigger not starting before the sentence
    for s in iter_sentences(text):
        if previous and (said := backreference_stated(s, lang, anchor)):
            found[-len(previous) :] = [
                m if m.stated else replace(m, stated=said) for m in previous
            ]
        ahead, inside = _event_in(triggers, ahead, s)
        if not inside:  # what `sentence_milestones` does then, without its lookups
            context.note(s)
            previous = []
        else:
            previous = sentence_milestones(s, lang, anchor, mentions, context)
            found.extend(previous)
        if s.begin >= last_event:
            break
    return merge_duplicates(found)



def _event_in(triggers: Sequence[Trigger], ahead: int, s: Sentence) -> tuple[int, bool]:
    """The first trigger from `ahead` on not starting before the sentence, and whether
    the sentence holds a trigger (`Mentions.triggers_in` is not empty).

    Sentences come in order, so `ahead` only moves on; triggers are in order and do
    not overlap, so only the first one starting in the sentence can lie inside it.
    """
    while ahead < len(triggers) and triggers[ahead].begin < s.begin:
        ahead += 1
    return ahead, ahead < len(triggers) and triggers[ahead].end <= s.end
