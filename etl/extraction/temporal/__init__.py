"""Temporal expressions in German, English and Russian news text.

`find_time_expressions(text, lang, anchor, direction)` finds the date expressions
of a sentence (or a whole article) and normalises them against the publication
date: explicit dates, day ranges and lists, months, seasons, quarters, halves,
parts ("Anfang Mai", "late 2026"), relative days, weeks and years, weekdays,
deadlines ("bis zum Ende dieses Jahres", "by June", "до конца года"), "after
2026" and validity periods ("2026-2028", kind "period").

Rule-based: one compiled pattern per language, built from the vocabulary in
`etl/reference/temporal_vocabulary.csv` by the grammar modules, tried at the words
a first-word index points to; where matches overlap the longer one is kept.
Called by the milestone extractor for each sentence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from functools import partial

from etl.extraction.temporal.interpret import interpret
from etl.extraction.temporal.patterns import Rule, choose, grammar_for, precompile
from etl.extraction.temporal.resolve import Direction, Interval
from etl.records import TimeExpression

logger = logging.getLogger(__name__)

__all__ = ["Direction", "find_time_expressions", "precompile"]


def find_time_expressions(
    text: str,
    lang: str,
    anchor: date,
    direction: Direction | None | Callable[[int], Direction | None] = None,
) -> list[TimeExpression]:
    """The temporal expressions of `text`, non-overlapping and sorted by offset.

    `anchor` is the publication date; `direction` is the tense and decides only
    year-less dates and weekdays (past: the latest on or before the anchor;
    future: the earliest on or after it; None: the nearest). It may be a function
    of the expression's offset, for sentences whose clauses differ in tense.
    """
    grammar = grammar_for(lang)
    candidates = grammar.found(text)
    if not candidates:  # about a quarter of the sentences asked about
        return []
    direction_at = direction if callable(direction) else (lambda _offset: direction)
    intervals: dict[int, Interval] = {}

    def resolves(rule: Rule, own: re.Match[str]) -> bool:
        try:
            tense = partial(direction_at, own.start())
            interval = interpret(rule, own, grammar.vocabulary, anchor, tense)
        except (KeyError, ValueError, OverflowError) as error:
            logger.debug("temporal: cannot resolve %r (%s)", own.group(), error)
            return False
        if interval is None:
            return False
        intervals[own.start()] = interval
        return True

    found: list[TimeExpression] = []
    for _rule, own in choose(candidates, resolves):
        begin = own.start()
        interval = intervals[begin]
        found.append(
            TimeExpression(
                text=own.group(),
                begin=begin,
                stop=own.end(),
                timex=interval.timex,
                start=interval.start,
                end=interval.end,
                precision=interval.precision,
                mod=interval.mod,
                kind=interval.kind,
                relative=interval.relative,
            )
        )
    return found
