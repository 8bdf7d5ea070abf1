"""Event triggers: the words in a text that name a milestone (Konsultationen, talks, саммит).

Called by milestone composition (`etl.extraction.milestones`), which ties each trigger
to a date in the same sentence. The vocabulary is data, `etl/reference/triggers.csv`:
one row per word pattern (see `etl.extraction.wordpatterns` for the pattern language)
with its milestone type, an optional context that must be near, or the type
"exclude" for words that look like triggers but never are ("significant",
"встречный", "betreffen").

How a text is read, per language (one automaton each, built on first use):
1. every row's pattern is matched; German noun rows match compound heads
   ("Außenministertreffen", "Ratssitzung"), while a head must end the word, so
   "Sitzungsperiode" and "Besucherzentrum" are not events;
2. a row with a context applies only when its context occurs within `CONTEXT_WINDOW`
   characters ("Treffen des Außenministerrates" is a session, "встреча на высшем
   уровне" a summit); rows whose context is absent are dropped;
3. any candidate overlapping an "exclude" match is dropped;
4. overlapping candidates are reduced to one per place: the longest span first, then
   the longest vocabulary entry ("Gipfeltreffen" is a summit, not a meeting), then a
   row with a context over one without.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from etl.extraction.wordpatterns import Hit, PatternSet, fold, spaced
from etl.records import MILESTONE_TYPES, MilestoneType
from etl.reference import read_rows

log = logging.getLogger(__name__)

TRIGGERS_FILE = "triggers.csv"
CONTEXT_WINDOW = 60  # characters either side of a trigger in which its context is sought
EXCLUDE = "exclude"


class Trigger(NamedTuple):
    """One event word (or phrase) in a text. A named tuple, not a dataclass (made by the
    dozen per article)."""

    type: MilestoneType
    begin: int  # offsets of the whole word (or phrase) in the text
    end: int
    surface: str  # as written
    lemma: str  # the vocabulary entry that matched


@dataclass(frozen=True)
class _Row:
    stem: str
    type: str
    context: re.Pattern[str] | None


@dataclass(frozen=True)
class _Vocabulary:
    rows: tuple[_Row, ...]
    patterns: PatternSet


@cache
def _vocabulary(lang: str) -> _Vocabulary:
    """The rows of one language, compiled once per process."""
    rows = []
    for raw in read_rows(TRIGGERS_FILE):
        if raw["lang"] != lang:
            continue
        kind = raw["type"].strip()
        if kind != EXCLUDE and kind not in MILESTONE_TYPES:
            raise ValueError(f"{TRIGGERS_FILE}: unknown type {kind!r} for {raw['stem']!r}")
        context = raw.get("context") or ""
        rows.append(_Row(raw["stem"].strip(), kind, re.compile(context) if context else None))
    log.debug("%d trigger rows for %s", len(rows), lang)
    return _Vocabulary(tuple(rows), PatternSet([r.stem for r in rows]))


@lru_cache(maxsize=4096)
def _lemma(stem: str, surface_folded: str) -> str:
    """The alternatives of a row that matched, without pattern marks ("*treffen~" -> "treffen")."""
    words = []
    for word in stem.split():
        if word in ("...", "$"):
            continue
        alts = [a.strip("=*~") for a in word.split("|")]
        hits = [a for a in alts if a and a in surface_folded]
        words.append(max(hits, key=len) if hits else alts[0])
    return " ".join(words)


_SENTENCE_END = re.compile(r"[.!?;]\s")


def _context_ok(row: _Row, folded: str, begin: int, end: int) -> bool:
    """Whether the row's context occurs near the word, inside the same sentence."""
    if row.context is None:
        return True
    lo, hi = max(0, begin - CONTEXT_WINDOW), end + CONTEXT_WINDOW
    before = list(_SENTENCE_END.finditer(folded, lo, begin))
    if before:
        lo = before[-1].end()
    after = _SENTENCE_END.search(folded, end, hi)
    if after:
        hi = after.start()
    return row.context.search(folded, lo, hi) is not None


def trigger_patterns(lang: str) -> PatternSet:
    """The event-word patterns of a language (for a scanner joining several automata)."""
    return _vocabulary(lang).patterns


def find_triggers(
    text: str, lang: str, folded: str | None = None, hits: Sequence[tuple[int, Hit]] | None = None
) -> list[Trigger]:
    """The event words of a text in order; one trigger per word (or phrase), excludes applied.

    `folded` is `fold(text)` when the caller has it already; `hits` are the trigger
    automaton's hits over `spaced(folded)` when a joined pass found them already.
    """
    if not text:
        return []
    vocab = _vocabulary(lang)
    folded = fold(text) if folded is None else folded
    excluded: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, int, bool, str, _Row]] = []
    if hits is None:
        found = vocab.patterns.matches(text, folded)
    else:
        found = vocab.patterns.read(text, spaced(folded), hits) if hits else []
    for m in found:
        row = vocab.rows[m.pattern]
        if row.type == EXCLUDE:
            excluded.append((m.begin, m.end))
        elif _context_ok(row, folded, m.begin, m.end):
            lemma = _lemma(row.stem, folded[m.begin : m.end])
            candidates.append((m.begin, m.end, len(lemma), row.context is not None, lemma, row))
    candidates = [c for c in candidates if not any(c[0] < e and b < c[1] for b, e in excluded)]
    candidates.sort(key=lambda c: (c[0], c[0] - c[1], -c[2], not c[3]))
    out: list[Trigger] = []
    last_end = -1
    for begin, end, _, _, lemma, row in candidates:
        if begin >= last_end:
            out.append(Trigger(row.type, begin, end, text[begin:end], lemma))  # type: ignore[arg-type]
            last_end = end
    return out
