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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, partial

from etl.extraction.background import has_cue, is_background, is_nonevent
from etl.extraction.clauses import ClauseTense
from etl.extraction.offsets import distance
from etl.extraction.organisations import OrgMention, roots
from etl.extraction.places import PlaceMention, place_kind
from etl.extraction.sentences import Sentence
from etl.extraction.spans import apply_year_qualifiers, event_spans
from etl.extraction.temporal import find_time_expressions
from etl.extraction.triggers import Trigger
from etl.records import Milestone, Status, TimeExpression
from etl.reference import read_rows

# A date this far (in characters) from every trigger is not read as the event's date.
MAX_DATE_DISTANCE = 160
# A date this close to a speech verb says when something was said ("said on Tuesday").
STATED_DISTANCE = 30
# A signing, statement or appointment this close to an already dated event shares its
# date ("held a session today and signed 15 documents").
COORDINATION_DISTANCE = 80
OUTCOME_FAMILIES = frozenset({"signing", "statement", "appointment"})


@dataclass(frozen=True)
class Mentions:
    """Everything found over the whole text, sorted by offset.

    The begin offsets are kept beside each list so that a sentence finds its own
    mentions by bisection: an article has dozens of sentences, and scanning every
    list once per sentence cost more than the rest of a sentence without an event.
    """

    triggers: Sequence[Trigger]
    organisations: Sequence[OrgMention]
    places: Sequence[PlaceMention]
    _begins: tuple[list[int], list[int], list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lists = (self.triggers, self.organisations, self.places)
        object.__setattr__(self, "_begins", tuple([m.begin for m in items] for items in lists))

    def triggers_in(self, s: Sentence) -> list[Trigger]:
        return _within(self.triggers, self._begins[0], s.begin, s.end)

    def organisations_in(self, s: Sentence) -> list[OrgMention]:
        return _within(self.organisations, self._begins[1], s.begin, s.end)

    def places_in(self, s: Sentence) -> list[PlaceMention]:
        return _within(self.places, self._begins[2], s.begin, s.end)


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
def _numbers() -> dict[str, int]:
    return {r["pattern"]: int(r["value"]) for r in read_rows("anaphora.csv") if r["kind"] == "number"}


def _within(items: Sequence, begins: list[int], begin: int, end: int) -> list:
    """The items lying inside [begin, end), from a list sorted by begin with its begin offsets."""
    lo = bisect_left(begins, begin)
    hi = bisect_right(begins, end, lo)
    return [m for m in items[lo:hi] if m.end <= end]


def _status(expr: TimeExpression, anchor: date, cue: Callable[[], Status | None]) -> Status:
    """The date decides when it is clearly before or after the publication day; only
    otherwise are the sentence's cues read (`cue`), which costs a pass over its words."""
    if expr.end < anchor:
        return "held"
    if expr.start > anchor:
        return "planned"
    said = cue()
    if said is not None:
        return said
    return "held" if expr.end <= anchor else "planned"


def _roots(mentions: Sequence[OrgMention]) -> tuple[str, ...]:
    return roots(m.org_id for m in mentions)


class OrgContext:
    """Which organisations a sentence without names of its own is about.

    Every sentence passes through, in order: one with an event through `for_sentence`,
    any other through `note`. A sentence naming organisations sets the context; one
    without names sets it only through a group phrase ("der drei Organisationen").
    Those phrases are searched lazily: a sentence without names waits in `pending`
    until a sentence with an event asks for the context, and is dropped unread when a
    sentence naming organisations comes first. Most sentences are never searched.
    Even their names are read late: a sentence without an event waits in `unread`
    until the context is asked for (`_settle`).
    """

    def __init__(self, mentions: Mentions, lang: str) -> None:
        self.mentions = mentions
        self.all = mentions.organisations
        self.group = _anaphora().get(lang, _anaphora()["en"])[0]
        self.previous: tuple[str, ...] = ()
        self.pending: list[Sentence] = []  # sentences without names, not yet searched
        # Sentences without an event whose names are not read yet (see `note`).
        self.unread: list[Sentence] = []

    def note(self, s: Sentence, own: tuple[str, ...] | None = None) -> None:
        """A sentence without an event: its names, if any, become the context.

        Without `own` its names are read only when a sentence with an event asks for
        the context (`_settle`), and then only back to the latest sentence naming any:
        most sentences of an article are never read.
        """
        if own is None:
            self.unread.append(s)
            return
        self._settle()
        if own:
            self.previous, self.pending = own, []
        else:
            self.pending.append(s)

    def _settle(self) -> None:
        """`note` the unread sentences with their names, as if each had been noted so."""
        unread, self.unread = self.unread, []
        for i in range(len(unread) - 1, -1, -1):
            if named := _roots(self.mentions.organisations_in(unread[i])):
                self.previous, self.pending = named, unread[i + 1 :]
                return
        self.pending.extend(unread)

    def for_sentence(self, s: Sentence, own: tuple[str, ...]) -> tuple[str, ...]:
        """The organisations a sentence with an event is about; it sets the context too."""
        self._settle()
        if own:  # a sentence naming organisations is about those
            self.previous, self.pending = own, []
            return own
        # The latest waiting sentence whose group phrase names organisations set the context.
        for waiting in reversed(self.pending):
            if referred := self._group(waiting):
                self.previous = referred
                break
        self.pending = []
        referred = self._group(s)
        if referred is None:
            return self.previous
        self.previous = referred or self.previous
        return referred

    def _group(self, s: Sentence) -> tuple[str, ...] | None:
        """The organisations a group phrase of the sentence refers back to (the last
        `count` named before it); None without a phrase or without a number in it."""
        group = self.group.search(s.text)
        if not group:
            return None
        words = group.group(0).lower().split()
        count = next((_numbers()[w] for w in words if w in _numbers()), 0)
        if not count:
            return None
        earlier = [m for m in self.all if m.end <= s.begin + group.start()]
        named = list(roots(m.org_id for m in reversed(earlier)))
        return tuple(reversed(named[:count]))


def _stated(
    exprs: Sequence[TimeExpression], speech: Callable[[], list[tuple[int, int]]]
) -> TimeExpression | None:
    """The date that says when something was said: a day-precise date next to a speech verb.

    The verbs of saying (`speech`, a pass over the sentence) are read only when the
    sentence has a day-precise date."""
    days = [e for e in exprs if e.precision == "day" and e.mod is None]
    if not days:
        return None
    cues = speech()
    best: tuple[int, TimeExpression] | None = None
    for e in days:
        for cue_begin, cue_end in cues:
            d = distance(e.begin, e.stop, cue_begin, cue_end)
            if d <= STATED_DISTANCE and (best is None or d < best[0]):
                best = (d, e)
    return best[1] if best else None


def _nearest(expr: TimeExpression, triggers: Sequence[Trigger], offset: int) -> tuple[int, Trigger] | None:
    scored = [
        (distance(expr.begin + offset, expr.stop + offset, t.begin, t.end), t) for t in triggers
    ]
    return min(scored, key=lambda pair: pair[0], default=None)


def sentence_milestones(
    s: Sentence, lang: str, anchor: date, mentions: Mentions, context: OrgContext
) -> list[Milestone]:
    """The milestones one sentence states."""
    triggers = mentions.triggers_in(s)
    if not triggers:
        context.note(s)  # its names are read only if a later sentence needs them
        return []
    orgs = context.for_sentence(s, _roots(mentions.organisations_in(s)))
    reading = ClauseTense(s.text, lang)
    exprs = [
        e for e in find_time_expressions(s.text, lang, anchor, reading.direction)
        if e.kind == "date"
    ]  # fmt: skip
    if not exprs:
        return []
    exprs = [
        e for e in exprs
        if not is_background(e, s.text, lang, anchor) and not is_nonevent(lang, s.text, e)
    ]  # fmt: skip
    exprs = apply_year_qualifiers(event_spans(exprs, s.text, lang), lambda: reading.spans)
    stated = _stated(exprs, reading.speech_spans)
    pairs: list[tuple[TimeExpression, Trigger]] = []
    for e in exprs:
        if e is stated and len(exprs) > 1:
            continue
        nearest = _nearest(e, triggers, s.begin)
        if nearest is not None and nearest[0] <= MAX_DATE_DISTANCE:
            pairs.append((e, nearest[1]))
    pairs += _coordinated(pairs, exprs, triggers, s.begin)
    # A cancelled event has no milestone; the cue is sought only where one would be made.
    if not pairs or has_cue(lang, "cancelled", s.text):
        return []
    venues = _venues(mentions.places_in(s), s, lang)
    return [
        Milestone(
            type=t.type, timex=e.timex,
            status=_status(e, anchor, partial(reading.status, e.begin, t.begin - s.begin)),
            start=e.start, end=e.end, precision=e.precision, mod=e.mod, evidence=s.text,
            stated=stated.start if stated is not None else None, organisations=orgs,
            place=_place_for(venues, t), trigger=t.surface, date_text=e.text,
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
        scored = [(distance(e.begin + offset, e.stop + offset, t.begin, t.end), e) for e in exprs]
        if not scored:
            continue
        gap, e = min(scored, key=lambda pair: pair[0])
        family = families.get(t.type, t.type)
        if (
            family in OUTCOME_FAMILIES and id(e) in chosen and family not in chosen[id(e)]
            and gap <= COORDINATION_DISTANCE
        ):  # fmt: skip
            chosen[id(e)].add(family)
            extra.append((e, t))
    return extra


def _venues(places: Sequence[PlaceMention], s: Sentence, lang: str) -> list[PlaceMention]:
    """The places of a sentence that can be a venue: a city, or a country only after
    "in"/"в" ("in Armenien"). Read once per sentence, whatever its number of milestones."""
    return [
        p for p in places
        if place_kind(p.name) != "country" or has_cue(lang, "locative", s.text[: p.begin - s.begin])
    ]  # fmt: skip


def _place_for(venues: Sequence[PlaceMention], trigger: Trigger) -> str | None:
    """The venue nearest the trigger (see `_venues`)."""
    if not venues:
        return None
    return min(venues, key=lambda p: distance(p.begin, p.end, trigger.begin, trigger.end)).name


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
