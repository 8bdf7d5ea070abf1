"""Compose one synthetic article: language, source, publication time, title and body.

Called by `bench.corpus` once per article with the batch's seeded `random.Random`, so
the same seed always gives the same corpus. A body is 1-6 KB: filler paragraphs (no
dates) with one to five milestone sentences (held or planned, explicit and relative
dates), sometimes a quotation, sometimes a dated sentence that names no event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from bench import templates as T
from bench.catalogue import Org, Place, by_id, org_name, people, pick_orgs, places
from bench.expressions import date_phrase
from etl.reference import read_rows

LANG_WEIGHTS = {"ru": 45, "en": 35, "de": 20}
MILESTONE_COUNTS = (1, 2, 3, 4, 5)
MILESTONE_WEIGHTS = (20, 35, 25, 12, 8)
EPOCH = datetime(2019, 1, 1)
SPAN_DAYS = 7 * 365
REGION = ("RU", "BY", "KZ", "KG", "TJ", "UZ", "AM", "AZ", "CN", "CH", "AT", "US", "IN", "IR")


@dataclass(frozen=True)
class Source:
    name: str
    zone: ZoneInfo
    host: str
    dateline_names: tuple[str, ...]

    def dateline_name(self, lang: str) -> str:
        """The agency's signature in the dateline, in Cyrillic for Russian when it has one."""
        cyrillic = [n for n in self.dateline_names if any("а" <= c.lower() <= "я" for c in n)]
        return cyrillic[0] if lang == "ru" and cyrillic else self.dateline_names[0]


@dataclass(frozen=True)
class SyntheticArticle:
    lang: str
    source: Source
    published: datetime  # aware, in the source's zone
    title: str
    dateline_place: Place
    paragraphs: tuple[str, ...]  # the first one starts after the dateline
    url: str


@cache
def sources() -> tuple[Source, ...]:
    out = []
    for row in read_rows("sources.csv"):
        if row["timezone"] and row["dateline_names"]:
            out.append(Source(row["source"], ZoneInfo(row["timezone"]), row["hosts"].split("|")[0],
                              tuple(row["dateline_names"].split("|"))))  # fmt: skip
    return tuple(out)


@cache
def _place_weights() -> tuple[float, ...]:
    country = {r["name"]: r["country"] for r in read_rows("places.csv")}
    return tuple(
        (6.0 if p.kind == "capital" else 2.0) * (15.0 if country.get(p.name) in REGION else 1.0)
        for p in places()
    )


def pick_place(rng: random.Random) -> Place:
    return rng.choices(places(), _place_weights())[0]


def _fill(rng: random.Random, template: str, lang: str, orgs: list[Org], when: str,
          published: datetime) -> str:  # fmt: skip
    """Fill a template's slots (only those it has); a person speaks for their own organisation."""
    slots: dict[str, object] = {}
    a, b = (orgs[0], orgs[1]) if len(orgs) > 1 else (orgs[0], pick_orgs(rng, 2)[-1])
    if "{person}" in template:
        person = rng.choice(people())
        slots.update(person=person.names[lang], role=person.roles[lang])
        if "{role}" in template and person.org in by_id():
            a = by_id()[person.org]
    if "{org}" in template:
        slots["org"] = org_name(rng, a, lang)
    if "{org2}" in template:
        slots["org2"] = org_name(rng, b if b.id != a.id else orgs[0], lang)
    if "{place" in template:
        place = pick_place(rng)
        slots.update(place=place.forms[lang], place_acc=place.accusative)
    if "{date}" in template:
        slots["date"] = date_phrase(rng, lang, published.date(), when)  # type: ignore[arg-type]
    if "{pct}" in template:
        slots["pct"] = rng.randint(2, 19)
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def _milestone_sentence(rng: random.Random, lang: str, orgs: list[Org], published: datetime) -> str:
    when = "past" if rng.random() < 0.55 else "future"
    return _fill(rng, rng.choice(T.MILESTONES[(lang, when)]), lang, orgs, when, published)


def _quote(rng: random.Random, lang: str, orgs: list[Org], published: datetime) -> str:
    inner = " ".join(_fill(rng, t, lang, orgs, "past", published)
                     for t in rng.sample(T.FILLER[lang], rng.randint(1, 3)))  # fmt: skip
    said = T.SAID[lang].format(person=rng.choice(people()).names[lang])
    return f"{T.QUOTE_OPEN[lang]}{inner.rstrip('.')}{T.QUOTE_CLOSE[lang]}, {said}."


def _body(rng: random.Random, lang: str, orgs: list[Org], published: datetime) -> list[str]:
    """Paragraphs up to a target size, milestone sentences spread among fillers."""
    target = int(min(6000, max(1000, rng.lognormvariate(7.8, 0.45))))
    events = [_milestone_sentence(rng, lang, orgs, published)
              for _ in range(rng.choices(MILESTONE_COUNTS, MILESTONE_WEIGHTS)[0])]  # fmt: skip
    if rng.random() < 0.3:
        noise = rng.choice(T.DATED_NOISE[lang])
        events.append(_fill(rng, noise, lang, orgs, "past", published))
    paragraphs: list[str] = []
    size = 0
    while size < target or events:
        if rng.random() < 0.12:
            para = _quote(rng, lang, orgs, published)
        else:
            sentences = [_fill(rng, t, lang, orgs, "past", published)
                         for t in rng.sample(T.FILLER[lang], rng.randint(2, 4))]  # fmt: skip
            if events:
                sentences.insert(
                    rng.randrange(len(sentences) + 1) if paragraphs else 0, events.pop(0)
                )
            para = " ".join(sentences)
        paragraphs.append(para)
        size += len(para.encode("utf-8"))
    return paragraphs


def _title(rng: random.Random, lang: str, orgs: list[Org]) -> str:
    city = pick_place(rng)
    a = rng.choice(orgs[0].acronyms.get(lang) or orgs[0].names[lang])
    other = orgs[1] if len(orgs) > 1 else pick_orgs(rng, 2)[-1]
    other = other if other.id != orgs[0].id else pick_orgs(rng, 3)[-1]
    b = rng.choice(other.acronyms.get(lang) or other.names[lang])
    city_name = city.forms[lang] if lang == "ru" else city.nominative[lang]
    return rng.choice(T.TITLES[lang]).format(a=a, b=b, city=city_name, city_acc=city.accusative)


def compose(rng: random.Random, serial: int) -> SyntheticArticle:
    """One article; `serial` makes its URL unique within the corpus."""
    lang = rng.choices(list(LANG_WEIGHTS), list(LANG_WEIGHTS.values()))[0]
    source = rng.choice(sources())
    naive = EPOCH + timedelta(days=rng.randrange(SPAN_DAYS), minutes=rng.randrange(7 * 60, 22 * 60))
    published = naive.replace(tzinfo=source.zone)
    orgs = pick_orgs(rng, rng.choices((1, 2, 3), (30, 45, 25))[0])
    return SyntheticArticle(
        lang=lang,
        source=source,
        published=published,
        title=_title(rng, lang, orgs),
        dateline_place=pick_place(rng),
        paragraphs=tuple(_body(rng, lang, orgs, published)),
        url=f"https://{source.host}/{lang}/news/{published:%Y/%m/%d}/{serial}",
    )
