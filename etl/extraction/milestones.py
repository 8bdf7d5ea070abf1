"""Milestones: an event trigger tied to a date expression in the same sentence.

Called by `etl.extraction.article.extract` with the article's sentences and the
mentions found over the whole text. For each sentence that names an event
(`triggers`) the temporal tagger reads its dates, resolved against the
publication date in the sentence's tense direction (`tense`). Each date goes to
the nearest trigger; a date that belongs to a speech verb ("erklärte am 19. Mai")
is the statement date, not an event. Status comes from the date against the
publication day and, where the date straddles that day, from the sentence's
tense and modality. Organisations are those named in the sentence, or those a
phrase like "der drei Organisationen" refers back to, or the previous sentence's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from etl.extraction.clauses import clause_at, clause_spans
from etl.extraction.organisations import OrgMention, roots
from etl.extraction.places import PlaceMention, place_kind
from etl.extraction.sentences import Sentence
from etl.extraction.spans import event_spans
from etl.extraction.temporal import find_time_expressions
from etl.extraction.tense import (
    Cue,
    Direction,
    find_cues,
    find_statement_cues,
    status_of,
    tense_of,
)
from etl.extraction.triggers import Trigger
from etl.records import Milestone, Status, TimeExpression
from etl.reference import read_rows

# A date this far (in characters) from every trigger is not read as the event's date.
MAX_DATE_DISTANCE = 160
# A date this close to a speech verb says when something was said ("said on Tuesday").
STATED_DISTANCE = 30
# Events that ended this many years before publication are background, not milestones.
HISTORY_YEARS = 5
# Characters over which a tense cue's weight halves: the verb next to a date decides.
CUE_FADE = 40
# A year-precise deadline this many years ahead is a programme horizon ("bis 2030").
HORIZON_YEARS = 3
# A year expression this close to a more precise date qualifies it ("next year ... in October").
QUALIFIER_DISTANCE = 40
# A signing, statement or appointment this close to an already dated event shares its
# date ("held a session today and signed 15 documents").
COORDINATION_DISTANCE = 80
OUTCOME_FAMILIES = frozenset({"signing", "statement", "appointment"})
# A chairmanship / entry-into-force cue this close to a date makes it no event date.
NONEVENT_DISTANCE = 25
# A founding/anniversary cue this close to a date makes it history whatever the year.
HISTORY_CUE_DISTANCE = 12


@dataclass(frozen=True)
class Mentions:
    """Everything found over the whole text, sorted by offset."""

    triggers: Sequence[Trigger]
    organisations: Sequence[OrgMention]
    places: Sequence[PlaceMention]


@cache
def _anaphora() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per language: (group reference "der drei Organisationen", back-reference "Das erklärte")."""
    rows = read_rows("anaphora.csv")
    out: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
    for lang in ("de", "en", "ru"):
        groups = [r["pattern"] for r in rows if r["lang"] == lang and r["kind"] == "group"]
        backrefs = [r["pattern"] for r in rows if r["lang"] == lang and r["kind"] == "backref"]
        out[lang] = (
            re.compile("|".join(f"(?:{p})" for p in groups), re.IGNORECASE),
            re.compile(r"^\W*(?:" + "|".join(f"(?:{p})" for p in backrefs) + ")", re.IGNORECASE),
        )
    return out


@cache
def _exclusions(lang: str, kind: str) -> re.Pattern[str] | None:
    patterns = [r["pattern"] for r in read_rows("exclusions.csv") if r["lang"] == lang and r["kind"] == kind]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def _is_nonevent(lang: str, sentence: str, expr: TimeExpression) -> bool:
    """The date belongs to a chairmanship or an entry into force, not to an event:
    "chairmanship from January 1" (cue just before), "zum 1. Januar wirksam" (just after)."""
    before = _exclusions(lang, "nonevent_before")
    window = max(0, expr.begin - NONEVENT_DISTANCE - 40)
    if before is not None and any(
        0 <= expr.begin - m.end() <= NONEVENT_DISTANCE
        for m in before.finditer(sentence, window, expr.begin)
    ):
        return True
    after = _exclusions(lang, "nonevent_after")
    return after is not None and bool(after.match(sentence[expr.stop : expr.stop + 40]))


def _has(lang: str, kind: str, text: str) -> bool:
    pattern = _exclusions(lang, kind)
    return bool(pattern and pattern.search(text))


def is_background(expr: TimeExpression, sentence: str, lang: str, anchor: date) -> bool:
    """Founding dates, anniversaries, long-past events and programme horizons are context."""
    if expr.end.year <= anchor.year - HISTORY_YEARS:
        return True
    horizon = expr.mod in ("END", "BEFORE") and expr.precision == "year"
    if horizon and expr.end.year >= anchor.year + HORIZON_YEARS:
        return True
    pattern = _exclusions(lang, "history")
    if pattern is None:
        return False
    if expr.end.year < anchor.year and pattern.search(sentence):
        return True
    # "Heute vor 33 Jahren", "today marks 80 years since": the cue stands next to the date.
    return any(
        _distance(m.start(), m.end(), expr.begin, expr.stop) <= HISTORY_CUE_DISTANCE
        for m in pattern.finditer(sentence)
    )


def _shift_year(e: TimeExpression, year: int) -> TimeExpression:
    """The same year-less date in another year ("в октябре" of "в следующем году")."""
    delta = year - e.start.year
    try:
        start = e.start.replace(year=e.start.year + delta)
        end = e.end.replace(year=e.end.year + delta)
    except ValueError:  # 29 February
        return e
    timex = "/".join(str(int(p[:4]) + delta) + p[4:] for p in e.timex.split("/"))
    return replace(e, start=start, end=end, timex=timex)


def apply_year_qualifiers(
    exprs: list[TimeExpression], reading: ClauseTense
) -> list[TimeExpression]:
    """A bare year next to a more precise date names that date's year, not an event of its own."""
    years = [e for e in exprs if e.precision == "year" and e.mod is None]
    finer = [e for e in exprs if e.precision not in ("year",)]
    if not years or not finer:
        return exprs
    absorbed: set[int] = set()
    out: list[TimeExpression] = []
    for e in finer:
        near = [
            y for y in years
            if clause_at(reading.spans, y.begin) == clause_at(reading.spans, e.begin)
            or _distance(y.begin, y.stop, e.begin, e.stop) <= QUALIFIER_DISTANCE
        ]  # fmt: skip
        if near:
            qualifier = min(near, key=lambda y: _distance(y.begin, y.stop, e.begin, e.stop))
            absorbed.add(id(qualifier))
            if e.relative and e.start.year == e.end.year != qualifier.start.year:
                e = _shift_year(e, qualifier.start.year)
        out.append(e)
    kept = [y for y in years if id(y) not in absorbed]
    return sorted(out + kept, key=lambda e: e.begin)


@cache
def _numbers() -> dict[str, int]:
    return {r["pattern"]: int(r["value"]) for r in read_rows("anaphora.csv") if r["kind"] == "number"}


def _within(items: Sequence, begin: int, end: int) -> list:
    return [m for m in items if m.begin >= begin and m.end <= end]


def _distance(a_begin: int, a_end: int, b_begin: int, b_end: int) -> int:
    if a_begin >= b_end:
        return a_begin - b_end
    if b_begin >= a_end:
        return b_begin - a_end
    return 0


def _status(expr: TimeExpression, anchor: date, cue: Status | None) -> Status:
    """The date decides when it is clearly before or after the publication day."""
    if expr.end < anchor:
        return "held"
    if expr.start > anchor:
        return "planned"
    if cue is not None:
        return cue
    return "held" if expr.end <= anchor else "planned"


class ClauseTense:
    """Tense and status read from the clause around a position.

    A clause without a tense cue gives no direction: its year-less dates take the
    occurrence nearest the publication date, which beats borrowing the tense of a
    neighbouring clause that usually speaks of another event ("After talks on
    13 March, they agreed to hold ..."). Status may fall back on the sentence when
    its cues agree.
    """

    def __init__(self, sentence: str, lang: str) -> None:
        self.sentence, self.lang = sentence, lang
        self.cues = find_cues(sentence, lang)
        self.spans = clause_spans(sentence, lang)
        directions = {tense_of([c]) for c in self.cues if c.signal not in ("speech", "none")}
        self.sentence_status = status_of(self.cues) if len(directions) <= 1 else None

    def _clause_cues(self, *offsets: int) -> list[Cue]:
        clauses = {clause_at(self.spans, o) for o in offsets}
        return [c for c in self.cues if any(b <= c.begin < e for b, e in clauses)]

    def direction(self, offset: int) -> Direction | None:
        """The tense nearest the offset: a cue's weight fades with its distance."""
        past = future = 0.0
        for c in self._clause_cues(offset):
            if c.signal in ("speech", "none"):
                continue
            weight = c.weight / (1 + _distance(c.begin, c.end, offset, offset + 1) / CUE_FADE)
            if c.signal in ("past", "held"):
                past += weight
            else:
                future += weight
        if past == future:
            return None
        return "past" if past > future else "future"

    def status(self, *offsets: int) -> Status | None:
        return status_of(self._clause_cues(*offsets)) or self.sentence_status

    def speech_spans(self) -> list[tuple[int, int]]:
        return find_statement_cues(self.sentence, self.lang)


def _roots(mentions: Sequence[OrgMention]) -> tuple[str, ...]:
    return roots(m.org_id for m in mentions)


class OrgContext:
    """Which organisations a sentence without names of its own is about."""

    def __init__(self, organisations: Sequence[OrgMention], lang: str) -> None:
        self.all = organisations
        self.group = _anaphora().get(lang, _anaphora()["en"])[0]
        self.previous: tuple[str, ...] = ()

    def for_sentence(self, s: Sentence, own: tuple[str, ...]) -> tuple[str, ...]:
        group = self.group.search(s.text)
        if group and not own:
            words = group.group(0).lower().split()
            count = next((_numbers()[w] for w in words if w in _numbers()), 0)
            if not count:
                return self.previous
            earlier = [m for m in self.all if m.end <= s.begin + group.start()]
            named = list(roots(m.org_id for m in reversed(earlier)))
            return tuple(reversed(named[:count]))
        return own or self.previous


def _stated(exprs: Sequence[TimeExpression], cues: list[tuple[int, int]]) -> TimeExpression | None:
    """The date that says when something was said: a day-precise date next to a speech verb."""
    best: tuple[int, TimeExpression] | None = None
    for e in exprs:
        if e.precision != "day" or e.mod is not None:
            continue
        for cue_begin, cue_end in cues:
            d = _distance(e.begin, e.stop, cue_begin, cue_end)
            if d <= STATED_DISTANCE and (best is None or d < best[0]):
                best = (d, e)
    return best[1] if best else None


def _nearest(expr: TimeExpression, triggers: Sequence[Trigger], offset: int) -> tuple[int, Trigger] | None:
    scored = [
        (_distance(expr.begin + offset, expr.stop + offset, t.begin, t.end), t) for t in triggers
    ]
    return min(scored, key=lambda pair: pair[0], default=None)


def sentence_milestones(
    s: Sentence, lang: str, anchor: date, mentions: Mentions, context: OrgContext
) -> list[Milestone]:
    """The milestones one sentence states."""
    own = _roots(_within(mentions.organisations, s.begin, s.end))
    orgs = context.for_sentence(s, own)
    context.previous = orgs or context.previous
    triggers = _within(mentions.triggers, s.begin, s.end)
    if not triggers:
        return []
    reading = ClauseTense(s.text, lang)
    exprs = [
        e for e in find_time_expressions(s.text, lang, anchor, reading.direction)
        if e.kind == "date"
    ]  # fmt: skip
    if not exprs:
        return []
    exprs = [
        e for e in exprs
        if not is_background(e, s.text, lang, anchor) and not _is_nonevent(lang, s.text, e)
    ]  # fmt: skip
    exprs = apply_year_qualifiers(event_spans(exprs, s.text, lang), reading)
    if _has(lang, "cancelled", s.text):
        return []
    stated = _stated(exprs, reading.speech_spans())
    places = _within(mentions.places, s.begin, s.end)
    pairs: list[tuple[TimeExpression, Trigger]] = []
    for e in exprs:
        if e is stated and len(exprs) > 1:
            continue
        nearest = _nearest(e, triggers, s.begin)
        if nearest is not None and nearest[0] <= MAX_DATE_DISTANCE:
            pairs.append((e, nearest[1]))
    pairs += _coordinated(pairs, exprs, triggers, s.begin)
    return [
        Milestone(
            type=t.type, timex=e.timex,
            status=_status(e, anchor, reading.status(e.begin, t.begin - s.begin)),
            start=e.start, end=e.end, precision=e.precision, mod=e.mod, evidence=s.text,
            stated=stated.start if stated is not None else None, organisations=orgs,
            place=_place_for(places, t, s, lang), trigger=t.surface, date_text=e.text,
            evidence_begin=s.begin, evidence_end=s.end,
        )  # fmt: skip
        for e, t in sorted(pairs, key=lambda p: (p[0].begin, p[1].begin))
    ]


@cache
def _families() -> dict[str, str]:
    return {row["type"]: row["family"] for row in read_rows("event_families.csv")}


def _coordinated(
    pairs: list[tuple[TimeExpression, Trigger]],
    exprs: Sequence[TimeExpression],
    triggers: Sequence[Trigger],
    offset: int,
) -> list[tuple[TimeExpression, Trigger]]:
    """What a meeting produced, on its date: "held a session today and signed 15
    documents", "endete heute mit der Annahme einer Erklärung" (two milestones).

    A signing/statement/appointment word no date chose joins the date nearest to it,
    when that date already names an event of another family and the word is close by.
    Other kinds are not paired this way: measured on the gold sets, it costs more
    precision than it gains recall.
    """
    families = _families()
    taken = {id(t) for _, t in pairs}
    chosen = {id(e): {families.get(t.type, t.type) for ee, t in pairs if ee is e} for e, _ in pairs}
    extra: list[tuple[TimeExpression, Trigger]] = []
    for t in triggers:
        if id(t) in taken:
            continue
        scored = [(_distance(e.begin + offset, e.stop + offset, t.begin, t.end), e) for e in exprs]
        if not scored:
            continue
        distance, e = min(scored, key=lambda pair: pair[0])
        family = families.get(t.type, t.type)
        if (
            family in OUTCOME_FAMILIES and id(e) in chosen and family not in chosen[id(e)]
            and distance <= COORDINATION_DISTANCE
        ):  # fmt: skip
            chosen[id(e)].add(family)
            extra.append((e, t))
    return extra


def _place_for(
    places: Sequence[PlaceMention], trigger: Trigger, s: Sentence, lang: str
) -> str | None:
    """The venue nearest the trigger: a city, or a country only after "in"/"в" ("in Armenien")."""
    venues = [
        p for p in places
        if place_kind(p.name) != "country" or _has(lang, "locative", s.text[: p.begin - s.begin])
    ]  # fmt: skip
    if not venues:
        return None
    return min(venues, key=lambda p: _distance(p.begin, p.end, trigger.begin, trigger.end)).name


def backreference_stated(s: Sentence, lang: str, anchor: date) -> date | None:
    """ "Das erklärte X am 19. Mai": the statement date of the previous sentence's milestones."""
    if not _anaphora().get(lang, _anaphora()["en"])[1].search(s.text):
        return None
    exprs = find_time_expressions(s.text, lang, anchor, "past")
    days = [e for e in exprs if e.precision == "day" and e.kind == "date"]
    return days[0].start if days else None


def merge_duplicates(milestones: Sequence[Milestone]) -> list[Milestone]:
    """One milestone per (type, date): the article repeats what its lead said."""
    merged: dict[tuple, Milestone] = {}
    for m in milestones:
        key = (m.type, m.timex, m.mod, m.start, m.end)
        if key not in merged:
            merged[key] = m
            continue
        first = merged[key]
        orgs = tuple(dict.fromkeys(first.organisations + m.organisations))
        merged[key] = replace(
            first, organisations=orgs, place=first.place or m.place, stated=first.stated or m.stated
        )
    return list(merged.values())
