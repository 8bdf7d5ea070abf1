"""Tense, modality and speech verbs of a sentence: did its event happen, or is it planned?

Called by milestone composition (`etl.extraction.milestones`): the tense direction
resolves year-less dates ("am Mittwoch" in a past sentence is the Wednesday before the
publication date), the status cues decide held or planned where the date alone does
not, and the speech-verb spans separate the date of a statement ("erklärte ... am
19. Mai") from the date of an event.

The cues are data, `etl/reference/modality.csv`: a word pattern (language of
`etl.extraction.wordpatterns`), a signal and a weight. Scoring:

1. All cue patterns are matched; where several start at the same word the longest
   wins ("was held" over "was", "agreed to" over "agreed"), on equal length a "none"
   row (a look-alike such as "next to", "посол", "wird ... geprüft") beats a speech
   verb, which beats the rest, which are ordered by weight. Matches are then taken
   left to right without overlap, so "will be held" counts once.
2. held + past weights sum to the past score, planned + future to the future score.
3. `sentence_tense`: the larger score wins; a tie is no answer. Speech verbs count
   only when nothing else does: "Wir planen die Unterzeichnung ...", sagte er" is
   planned, although "sagte" is past; "Das erklärte er auf der Sitzung" is past.
4. `status_from_cues`: explicit status words (held/planned rows) decide first; when
   they are absent or balanced, the tense decides (past -> held, future -> planned).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from etl.extraction.wordpatterns import Match, PatternSet
from etl.reference import read_rows

log = logging.getLogger(__name__)

MODALITY_FILE = "modality.csv"

Direction = Literal["past", "future"]
Signal = Literal["past", "future", "planned", "held", "speech", "none"]
SIGNALS: tuple[str, ...] = Signal.__args__  # type: ignore[attr-defined]
_RANK = {"none": 0, "speech": 1}  # on equal length: none, then speech, then by weight


class Cue(NamedTuple):
    """One cue found in a sentence (a named tuple: cheap to make, one per cue word)."""

    signal: Signal
    weight: float
    begin: int
    end: int


@dataclass(frozen=True)
class _Rules:
    signals: tuple[Signal, ...]
    weights: tuple[float, ...]
    patterns: PatternSet
    speech: frozenset[int]  # the rows that are verbs of saying


@cache
def _rules(lang: str) -> _Rules:
    signals: list[Signal] = []
    weights: list[float] = []
    cues: list[str] = []
    for row in read_rows(MODALITY_FILE):
        if row["lang"] != lang:
            continue
        if row["signal"] not in SIGNALS:
            raise ValueError(
                f"{MODALITY_FILE}: unknown signal {row['signal']!r} for {row['cue']!r}"
            )
        signals.append(row["signal"])  # type: ignore[arg-type]
        weights.append(float(row["weight"]))
        cues.append(row["cue"].strip())
    log.debug("%d modality cues for %s", len(cues), lang)
    speech = frozenset(i for i, signal in enumerate(signals) if signal == "speech")
    return _Rules(tuple(signals), tuple(weights), PatternSet(cues), speech)


def find_cues(sentence: str, lang: str) -> list[Cue]:
    """The cues of a sentence, left to right, without overlaps and without "none" rows."""
    return cues_of(cue_matches(sentence, lang), lang)


def cue_matches(sentence: str, lang: str) -> list[Match]:
    """Every match of every modality row in the sentence: what `cues_of` and
    `statement_spans_of` read, so that a caller wanting both matches once."""
    return _rules(lang).patterns.matches(sentence)


def cues_of(matches: list[Match], lang: str) -> list[Cue]:
    """`find_cues` from the sentence's `cue_matches`."""
    rules = _rules(lang)
    best: dict[int, tuple[tuple[int, int, float], int, int]] = {}  # begin -> (rank, end, row)
    for pattern, begin, end in matches:
        rank = (end - begin, -_RANK.get(rules.signals[pattern], 2), rules.weights[pattern])
        if begin not in best or rank > best[begin][0]:
            best[begin] = (rank, end, pattern)
    out: list[Cue] = []
    last_end = -1
    for begin in sorted(best):
        _, end, pattern = best[begin]
        if begin >= last_end:
            last_end = end
            if rules.signals[pattern] != "none":
                out.append(Cue(rules.signals[pattern], rules.weights[pattern], begin, end))
    return out


def _direction(past: float, future: float) -> Direction | None:
    if past > future:
        return "past"
    if future > past:
        return "future"
    return None


def tense_of(cues: list[Cue]) -> Direction | None:
    """The direction a set of cues points to (see the scoring in the module docstring)."""
    past = sum(c.weight for c in cues if c.signal in ("past", "held"))
    future = sum(c.weight for c in cues if c.signal in ("future", "planned"))
    if past or future:
        return _direction(past, future)
    speech = sum(c.weight for c in cues if c.signal == "speech")
    return "past" if speech > 0 else None


def sentence_tense(sentence: str, lang: str) -> Direction | None:
    """The tense of the sentence's event (not of its speech verb); None without a signal."""
    return tense_of(find_cues(sentence, lang))


@cache
def _speech(lang: str) -> PatternSet:
    return PatternSet(
        [r["cue"].strip() for r in read_rows(MODALITY_FILE)
         if r["lang"] == lang and r["signal"] == "speech"]
    )  # fmt: skip


def find_statement_cues(sentence: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the verbs of saying ("erklärte", "teilte ... mit", "said", "заявил").

    Matched on their own, not in competition with tense cues: in "hatte dies am
    Dienstag mitgeteilt" the perfect tense and the verb of saying are both true.
    """
    return _outermost({(begin, end) for _, begin, end in _speech(lang).matches(sentence)})


def statement_spans_of(matches: list[Match], lang: str) -> list[tuple[int, int]]:
    """`find_statement_cues` from the sentence's `cue_matches`: the speech rows among all
    rows match where they match alone (every pattern is matched on its own)."""
    speech = _rules(lang).speech
    return _outermost({(begin, end) for pattern, begin, end in matches if pattern in speech})


def _outermost(found: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, in order, that no other span contains."""
    spans = sorted(found)
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def status_from_cues(sentence: str, lang: str) -> Literal["held", "planned"] | None:
    """Held or planned as the words of the sentence say it; None when they say nothing."""
    return status_of(find_cues(sentence, lang))


def status_of(cues: list[Cue]) -> Literal["held", "planned"] | None:
    """Held or planned as a set of cues says it: status words first, then tense."""
    held = sum(c.weight for c in cues if c.signal == "held")
    planned = sum(c.weight for c in cues if c.signal == "planned")
    if held != planned:
        return "held" if held > planned else "planned"
    tense = tense_of(cues)
    if tense is None:
        return None
    return "held" if tense == "past" else "planned"
