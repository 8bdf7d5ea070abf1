"""Date expressions for the synthetic corpus, as agencies write them, relative to publication.

Called by `bench.templates`. `date_phrase` returns a phrase that fits after a verb
("took place ...", "soll ... unterzeichnet werden", "состоится ..."): explicit days with
and without year, ranges, months, quarters and halves, seasons, "end of this year",
relative days and years, weekdays and validity periods, in the past or the future of
the publication date. The mix is weighted towards explicit days, as in wire copy.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

When = Literal["past", "future"]

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}  # fmt: skip
RU_MONTHS_IN = ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                "сентябре", "октябре", "ноябре", "декабре")  # fmt: skip
WEEKDAYS = {
    "de": ("am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag",
           "am Samstag", "am Sonntag"),
    "en": ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
           "on Saturday", "on Sunday"),
    "ru": ("в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу",
           "в воскресенье"),
}  # fmt: skip
ORDINAL_HALF = {"de": ("ersten", "zweiten"), "en": ("first", "second"), "ru": ("первом", "втором")}
ORDINAL_QUARTER = {
    "de": ("ersten", "zweiten", "dritten", "vierten"),
    "en": ("first", "second", "third", "fourth"),
    "ru": ("первом", "втором", "третьем", "четвёртом"),
}
SEASONS = {
    "de": ("im Frühjahr", "im Sommer", "im Herbst", "im Winter"),
    "en": ("in the spring", "in the summer", "in the autumn", "in the winter"),
    "ru": ("весной", "летом", "осенью", "зимой"),
}
FIXED = {
    ("de", "past"): ("gestern", "vorgestern", "in der vergangenen Woche", "im vergangenen Jahr",
                     "Anfang des Monats", "im vergangenen Monat"),
    ("de", "future"): ("morgen", "übermorgen", "in der nächsten Woche", "im nächsten Jahr",
                       "nächstes Jahr", "bis zum Ende dieses Jahres", "Ende dieses Jahres",
                       "bis Ende des Jahres", "im kommenden Monat", "Mitte nächsten Jahres"),
    ("en", "past"): ("yesterday", "last week", "last year", "earlier this month", "last month"),
    ("en", "future"): ("tomorrow", "next week", "next year", "by the end of this year",
                       "by the end of the year", "later this year", "next month",
                       "in the middle of next year", "early next year"),
    ("ru", "past"): ("вчера", "позавчера", "на прошлой неделе", "в прошлом году",
                     "в начале месяца", "в прошлом месяце"),
    ("ru", "future"): ("завтра", "послезавтра", "на следующей неделе", "в следующем году",
                       "до конца этого года", "до конца года", "в конце года",
                       "в следующем месяце", "в середине следующего года"),
}  # fmt: skip


def _day(lang: str, d: date, year: bool) -> str:
    m = MONTHS[lang][d.month - 1]
    if lang == "de":
        return f"am {d.day}. {m}" + (f" {d.year}" if year else "")
    if lang == "en":
        return f"on {d.day} {m}" + (f" {d.year}" if year else "")
    return f"{d.day} {m}" + (f" {d.year} года" if year else "")


def _range(lang: str, d: date, days: int) -> str:
    e = d + timedelta(days=days)
    m = MONTHS[lang][e.month - 1]
    if e.month != d.month:
        return (
            _day(lang, d, False)
            + {"de": " bis ", "en": " to ", "ru": " – "}[lang]
            + _day(lang, e, False).removeprefix("am ").removeprefix("on ")
        )
    if lang == "de":
        return f"vom {d.day}. bis {e.day}. {m}"
    if lang == "en":
        return f"from {d.day} to {e.day} {m}"
    return f"с {d.day} по {e.day} {m}" if days > 1 else f"{d.day}-{e.day} {m}"


def _month(lang: str, d: date, year: bool) -> str:
    y = f" {d.year}" if year else ""
    if lang == "de":
        return f"im {MONTHS['de'][d.month - 1]}{y}"
    if lang == "en":
        return f"in {MONTHS['en'][d.month - 1]}{y}"
    return f"в {RU_MONTHS_IN[d.month - 1]}" + (f" {d.year} года" if year else "")


def _quarter(lang: str, d: date) -> str:
    q = ORDINAL_QUARTER[lang][(d.month - 1) // 3]
    return {"de": f"im {q} Quartal {d.year}", "en": f"in the {q} quarter of {d.year}",
            "ru": f"в {q} квартале {d.year} года"}[lang]  # fmt: skip


def _half(lang: str, d: date) -> str:
    h = ORDINAL_HALF[lang][(d.month - 1) // 6]
    return {"de": f"im {h} Halbjahr {d.year}", "en": f"in the {h} half of {d.year}",
            "ru": f"во {h} полугодии {d.year} года" if h == "втором" else f"в {h} полугодии {d.year} года"}[lang]  # fmt: skip


def _period(lang: str, d: date) -> str:
    y0 = d.year + 1
    y1 = y0 + 2
    return {"de": f"für den Zeitraum {y0}-{y1}", "en": f"for {y0}-{y1}",
            "ru": f"на {y0}-{y1} годы"}[lang]  # fmt: skip


def _shift(rng: random.Random, published: date, when: When, lo: int, hi: int) -> date:
    days = rng.randint(lo, hi)
    return published - timedelta(days=days) if when == "past" else published + timedelta(days=days)


def date_phrase(rng: random.Random, lang: str, published: date, when: When) -> str:
    """One date expression pointing into the past or the future of `published`."""
    kinds: list[tuple[float, Callable[[], str]]] = [
        (
            40,
            lambda: _day(
                lang, (d := _shift(rng, published, when, 1, 150)), d.year != published.year
            ),
        ),
        (6, lambda: _day(lang, _shift(rng, published, when, 1, 500), True)),
        (9, lambda: _range(lang, _shift(rng, published, when, 2, 200), rng.randint(1, 3))),
        (
            9,
            lambda: _month(
                lang, (d := _shift(rng, published, when, 20, 300)), d.year != published.year
            ),
        ),
        (5, lambda: _quarter(lang, _shift(rng, published, when, 90, 400))),
        (3, lambda: _half(lang, _shift(rng, published, when, 120, 400))),
        (4, lambda: SEASONS[lang][rng.randrange(4)]),
        (6, lambda: WEEKDAYS[lang][rng.randrange(7)]),
        (14, lambda: rng.choice(FIXED[(lang, when)])),
        (4, lambda: _period(lang, published) if when == "future" else _day(lang, published, False)),
    ]
    weights = [w for w, _ in kinds]
    return rng.choices(kinds, weights)[0][1]()


def day_month(lang: str, d: date) -> str:
    """The date part of a wire dateline: "19. Mai", "19 May", "19 мая"."""
    m = MONTHS[lang][d.month - 1]
    return f"{d.day}. {m}" if lang == "de" else f"{d.day} {m}"
