"""One automaton pass over an article's folded text for places, titles, event words and acronyms.

Called by `etl.extraction.article.extract`. Places (`places`), people's titles
(`people`), event words (`triggers`) and organisations' acronyms (`organisations`)
each have an Aho-Corasick automaton, and a pass costs tens of microseconds an
article, nearly all of it in stepping from character to character, whatever the
number of words. Here the words of the four are joined in one automaton per
language: one pass finds the hits of all, and each reader takes its own
(`PatternSet.read`, `find_places(hits=...)`, `find_organisations(acronym_hits=...)`),
which equal those of its own automaton (a test checks). Acronyms are matched in
their case on the text itself; here their folded forms are, and a hit counts only
where the text spells the alias.

The pass runs over `spaced(folded)` (line breaks, tabs and no-break spaces read as
spaces), as the word patterns want; the places automaton reads `folded` itself, so a
place hit whose text holds one of those characters is dropped here (no place name
holds one, so only a name broken across lines could hit, and there it must not).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from etl.extraction.organisations import FoldedAcronyms, acronym_keys
from etl.extraction.people import title_patterns
from etl.extraction.places import place_automaton
from etl.extraction.triggers import trigger_patterns
from etl.extraction.wordpatterns import _SPACES, Hit

PlaceHit = tuple[int, tuple[int, str, bool]]  # last offset; key length, name, capitals only


@dataclass(frozen=True)
class Hits:
    """The automaton hits of one text, per reader, in the order of the text."""

    places: list[PlaceHit]
    titles: list[tuple[int, Hit]]
    triggers: list[tuple[int, Hit]]
    acronyms: list[tuple[int, FoldedAcronyms]] | None  # None: read the text's own way


@cache
def _scanner(lang: str) -> ahocorasick.Automaton:
    """The words of the four automata; a word's value holds each reader's own (or None)."""
    values: dict[str, list[Any]] = {}
    sources = (
        dict(place_automaton().items()),
        title_patterns(lang).keys,
        trigger_patterns(lang).keys,
        acronym_keys() or {},
    )
    for i, keys in enumerate(sources):
        for key, value in keys.items():
            if key[:1] == " ":
                raise ValueError(f"automaton word starts with a space: {key!r}")
            values.setdefault(key, [None] * len(sources))[i] = value
    auto = ahocorasick.Automaton()
    rank = _letter_rank(lang)
    for key in sorted(values, key=lambda k: [rank.get(c, len(rank)) for c in k]):
        auto.add_word(key, tuple(values[key]))
    auto.make_automaton()
    return auto


# Letters by how often news text has them. The automaton looks a character up among
# a node's children in the order they were added, so words starting with common
# letters go in first: a pass over a German or English article costs about a sixth
# less. The order changes no hit.
_LATIN = "eaoitnsrhldcumgpfbwkyvzjxqäöüßéè"
_CYRILLIC = "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё"


def _letter_rank(lang: str) -> dict[str, int]:
    letters = _CYRILLIC + _LATIN if lang == "ru" else _LATIN + _CYRILLIC
    return {c: i for i, c in enumerate(letters)}


def scan(folded: str, low: str, lang: str) -> Hits:
    """The hits in `low` (`spaced(folded)`) of the places, titles and event words of `lang`.

    The hits are listed once and each reader's taken by a comprehension: a loop
    testing all four values of every hit cost as much as the automaton pass itself.
    """
    found = list(_scanner(lang).iter(low))
    places = [(last, v[0]) for last, v in found if v[0] is not None]
    if low is not folded and low != folded:  # a line break or the like was read as a space
        places = [hit for hit in places if not _holds_space(folded, hit[0], hit[1][0])]
    titles = [(last, v[1]) for last, v in found if v[1] is not None]
    triggers = [(last, v[2]) for last, v in found if v[2] is not None]
    acronyms = None
    if acronym_keys() is not None:
        acronyms = [(last, v[3]) for last, v in found if v[3] is not None]
    return Hits(places, titles, triggers, acronyms)


def _holds_space(folded: str, last: int, length: int) -> bool:
    span = folded[last - length + 1 : last + 1]
    return not span.isprintable() and any(space in span for space in _SPACES)


def after(hits: list[tuple[int, Hit]], end: int) -> list[tuple[int, Hit]]:
    """The hits starting at or after `end`: those of the text with its first `end`
    characters blanked (no automaton word starts with a space)."""
    if not end:
        return hits
    return [hit for hit in hits if hit[0] - hit[1][0] + 1 >= end]
