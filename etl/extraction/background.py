"""Dates that are context, not milestones: founding dates and anniversaries, long-past
events, programme horizons ("bis 2030"), chairmanships and entries into force, and
cancelled events. The cue words are data (`etl/reference/exclusions.csv`).
Called by milestone composition for each date of a sentence that names an event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from re import _constants as sre  # the parse tree's opcodes
from re import _parser as sre_parse  # to find the words a pattern cannot match without

from etl.extraction.offsets import distance
from etl.records import TimeExpression
from etl.reference import read_rows

# Events that ended this many years before publication are background, not milestones.
HISTORY_YEARS = 5
# A year-precise deadline this many years ahead is a programme horizon ("bis 2030").
HORIZON_YEARS = 3
# A chairmanship / entry-into-force cue this close to a date makes it no event date.
NONEVENT_DISTANCE = 25
# A founding/anniversary cue this close to a date makes it history whatever the year.
HISTORY_CUE_DISTANCE = 12
# Cues whose words are this short ("in", "в") are in most texts: no quick test for them.
PREFILTER_MIN_WORD = 3


def _patterns(lang: str, kind: str) -> list[str]:
    rows = read_rows("exclusions.csv")
    return [r["pattern"] for r in rows if r["lang"] == lang and r["kind"] == kind]


@cache
def _exclusions(lang: str, kind: str) -> re.Pattern[str] | None:
    patterns = _patterns(lang, kind)
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


@cache
def _prefilter(lang: str, kind: str) -> re.Pattern[str] | None:
    """A quick test over the lower-cased text: no match of it, no match of the cues.

    `re` tries a case-insensitive alternation at every position ("(\\d+|\\w+) years since"
    at every word), while a case-sensitive alternation of words is skipped to by their
    first letters in C. Every cue of the history rows holds a word ("years", "лет",
    "gegründet"), found in the lower-cased text unless one of its letters is written as
    a character whose lower case is not the letter (Turkish "İ", long "ſ", old Cyrillic
    "ᲂ"): those, lower-cased, are searched for too. None when some cue needs no word,
    or only a word shorter than `PREFILTER_MIN_WORD`.
    """
    patterns = _patterns(lang, kind)
    needed: set[str] = set()
    for pattern in patterns:
        words = _needed_words(sre_parse.parse(pattern, re.IGNORECASE))
        if not words or min(map(len, words)) < PREFILTER_MIN_WORD:
            return None
        needed |= {w.lower() for w in words}
    odd = {x.lower() for x in _odd_cases(frozenset("".join(needed)))}
    alternatives = sorted(needed | odd, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives)) if alternatives else None


def _needed_words(items: Iterable[tuple]) -> frozenset[str] | None:
    """Words of which every match of the parsed sequence `items` holds one (None: no such
    set found). A run of literal characters is a word; a group, an alternation (every
    branch must have words) and a repeat of at least once pass on their words; of the
    candidates the one whose shortest word is longest is taken."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def take(words: frozenset[str] | None) -> None:
        nonlocal best
        if words and (best is None or min(map(len, words)) > min(map(len, best))):
            best = words

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        take(frozenset(["".join(run)]) if run else None)
        run = []
        if op is sre.SUBPATTERN:
            take(_needed_words(av[3]))
        elif op is sre.BRANCH:
            branches = [_needed_words(b) for b in av[1]]
            if all(branches):
                take(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            take(_needed_words(av[2]))
        elif op is sre.ATOMIC_GROUP:
            take(_needed_words(av))
    take(frozenset(["".join(run)]) if run else None)
    return best


@cache
def _odd_cases(letters: frozenset[str]) -> frozenset[str]:
    """Characters that match one of `letters` case-insensitively, but whose lower case is
    not that letter's ("İ" for "i", "ſ" for "s"; "K" is fine: its lower case is "k").

    Only the Basic Multilingual Plane is searched: no character beyond it has a case
    mapping into it (a test checks the whole range).
    """
    if not letters:
        return frozenset()
    plane = "".join(map(chr, range(0x10000)))
    any_letter = "[" + "".join(re.escape(letter) for letter in letters) + "]"
    return frozenset(
        x for x in set(re.findall(any_letter, plane, re.IGNORECASE))
        for letter in letters
        if x.lower() != letter.lower() and re.fullmatch(re.escape(letter), x, re.IGNORECASE)
    )  # fmt: skip


def _may_match(lang: str, kind: str, text: str) -> bool:
    """False only when the cues of `kind` cannot match `text` (see `_prefilter`)."""
    quick = _prefilter(lang, kind)
    return quick is None or quick.search(text.lower()) is not None


def is_nonevent(lang: str, sentence: str, expr: TimeExpression) -> bool:
    """The date belongs to a chairmanship or an entry into force, not to an event:
    "chairmanship from January 1" (cue just before), "zum 1. Januar wirksam" (just after)."""
    before = _exclusions(lang, "nonevent_before")
    window = max(0, expr.begin - NONEVENT_DISTANCE - 40)
    if (
        before is not None
        and _may_match(lang, "nonevent_before", sentence[window : expr.begin])
        and any(
            0 <= expr.begin - m.end() <= NONEVENT_DISTANCE
            for m in before.finditer(sentence, window, expr.begin)
        )
    ):
        return True
    after = _exclusions(lang, "nonevent_after")
    return after is not None and bool(after.match(sentence[expr.stop : expr.stop + 40]))


def has_cue(lang: str, kind: str, text: str) -> bool:
    pattern = _exclusions(lang, kind)
    return bool(pattern and _may_match(lang, kind, text) and pattern.search(text))


def is_background(expr: TimeExpression, sentence: str, lang: str, anchor: date) -> bool:
    """Founding dates, anniversaries, long-past events and programme horizons are context."""
    if expr.end.year <= anchor.year - HISTORY_YEARS:
        return True
    horizon = expr.mod in ("END", "BEFORE") and expr.precision == "year"
    if horizon and expr.end.year >= anchor.year + HORIZON_YEARS:
        return True
    pattern = _exclusions(lang, "history")
    if pattern is None or not _may_match(lang, "history", sentence):
        return False
    if expr.end.year < anchor.year:
        # Any cue makes a past date background; no cue at all means none next to it either.
        return bool(pattern.search(sentence))
    # "Heute vor 33 Jahren", "today marks 80 years since": the cue stands next to the date.
    return any(
        distance(m.start(), m.end(), expr.begin, expr.stop) <= HISTORY_CUE_DISTANCE
        for m in pattern.finditer(sentence)
    )
