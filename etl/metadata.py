"""Article metadata the text implies: language, source agency, dateline place, time zone, flags.

Called by `etl.pipeline` and `etl.cli` on every `Document` a reader yields, before
extraction. Pure: no I/O beyond the cached reference files, and `now` is passed in.
What a document already carries wins (a record's `lang`, `source`, `published`);
the dateline ("MOSKAU, 19. Mai (BelTA) –", "МОСКВА, 19 мая. /ТАСС/.") and the URL's
host fill the rest. Sources and their time zones are `etl/reference/sources.csv`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from etl.records import Document
from etl.reference import read_rows

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en", "ru")
# Language is told from the title and the opening (de/en/ru differ within a few
# sentences; py3langid costs time per byte, and bodies run to many kilobytes).
LANG_SAMPLE = 600
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-zäöüß]", re.IGNORECASE)
FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST_YEAR = 1900

_UPPER = "A-ZÄÖÜА-ЯЁ"
# PLACE, [date] (Agency) – ...   or   PLACE, [date]. /Agency/. ...
DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][\w.'’ -]{{1,40}}?)\s*"
    r"(?:,\s*(?P<date>[^()/\n]{1,25}?))?\s*"
    r"(?:\((?P<paren>[^()\n]{2,30})\)|/(?P<slash>[^/\n]{2,30})/)"
)


@dataclass(frozen=True)
class Source:
    name: str
    zone: str | None
    hosts: tuple[str, ...]
    names: tuple[str, ...]  # lower-cased: the canonical name and its dateline signatures


@cache
def sources() -> tuple[Source, ...]:
    return tuple(
        Source(
            name=row["source"],
            zone=row["timezone"] or None,
            hosts=tuple(h.lower() for h in row["hosts"].split("|") if h),
            names=tuple(n.lower() for n in [row["source"], *row["dateline_names"].split("|")] if n),
        )
        for row in read_rows("sources.csv")
    )


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model restricted to our languages; loading it is slow, so once per process."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def warm_up(now: datetime) -> None:
    """Load the language model and the source tables (for a parent about to fork workers)."""
    _name_patterns()
    complete(
        Document(path="", locator="", format="text", text="MINSK, 19 May (BelTA) - Warm."), now=now
    )


def complete(doc: Document, *, now: datetime) -> Document:
    """The document with language, source, dateline, time zone and flags filled in."""
    place, agency = find_dateline(doc.text)
    source, known = _source(doc, agency)
    published = with_zone(doc.published, known.zone if known else None)
    return replace(
        doc,
        lang=detect_language(doc),
        source=source,
        dateline=doc.dateline or _english_place(place),
        published=published,
        flags=_merge(doc.flags, date_flags(published, now)),
    )


def _source(doc: Document, agency: str | None) -> tuple[str | None, Source | None]:
    """The source's name (the document's own, then the dateline's, then the host's) and its row.

    A name we know is canonicalised ("ТАСС: Новости" -> TASS); an unknown one is kept as given.
    The row (for the time zone) may come from a later clue when the given name is unknown.
    """
    given, signed, hosted = (
        source_by_name(doc.source),
        source_by_name(agency),
        source_by_host(doc.url),
    )
    known = given or signed or hosted
    if doc.source and doc.source.strip():
        return (given.name if given else doc.source.strip()), known
    if agency:
        return (signed.name if signed else agency), known
    return (hosted.name if hosted else None), known


def detect_language(doc: Document) -> str | None:
    """The document's own language tag reduced to its primary subtag, else the detected one."""
    if doc.lang and doc.lang.strip():
        return doc.lang.strip().replace("_", "-").partition("-")[0].lower()
    sample = f"{doc.title or ''}\n{doc.text}"[:LANG_SAMPLE]
    if not sample.strip():
        return None
    if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)):
        return "ru"  # of de/en/ru only Russian is written in Cyrillic; the model is the slow part
    lang, _score = _identifier().classify(sample)
    return lang


def find_dateline(text: str) -> tuple[str | None, str | None]:
    """The place and agency of the text's opening dateline, as written; (None, None) if it has none."""
    first = text.lstrip()[:200]
    match = DATELINE.match(first)
    if not match:
        return None, None
    place = match["place"].strip()
    agency = (match["paren"] or match["slash"] or "").strip(" .")
    capitalised = all(word[:1].isupper() for word in place.split())
    if not (place.isupper() or (capitalised and source_by_name(agency))):
        return None, None  # "Die OVKS (Organisation ...)" is a sentence, not a dateline
    return place, agency or None


def source_by_name(name: str | None) -> Source | None:
    """The known source named, exactly or as a word of a longer name ("ТАСС: Новости")."""
    if not name:
        return None
    low = name.strip().lower()
    for source, pattern in _name_patterns():
        if low in source.names or pattern.search(low):
            return source
    return source_by_host(low) if "." in low else None


@cache
def _name_patterns() -> tuple[tuple[Source, re.Pattern[str]], ...]:
    """Per source, one compiled pattern for its names as whole words (built once, not per call)."""
    return tuple(
        (s, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, s.names)) + r")(?!\w)"))
        for s in sources()
    )


def source_by_host(url: str | None) -> Source | None:
    """The source whose host is the URL's host or one of its parent domains (www.belta.by)."""
    host = (urlsplit(url).hostname if url and "//" in url else url or "").lower()
    by_host = _sources_by_host()
    labels = host.split(".")
    for i in range(len(labels)):
        source = by_host.get(".".join(labels[i:]))
        if source is not None:
            return source
    return None


@cache
def _sources_by_host() -> dict[str, Source]:
    """Host -> source; the first source listing a host wins, as in sources.csv's order."""
    out: dict[str, Source] = {}
    for source in sources():
        for host in source.hosts:
            out.setdefault(host, source)
    return out


def with_zone(published: datetime | None, zone: str | None) -> datetime | None:
    """A naive time of a source with a known zone gets that zone's offset (fixed, as it was then)."""
    if published is None or published.tzinfo is not None or zone is None:
        return published
    offset = published.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    return published.replace(tzinfo=timezone(offset)) if offset is not None else published


def date_flags(published: datetime | None, now: datetime) -> tuple[str, ...]:
    """ "no-date", "future-date" (more than a day after `now`) or "pre-1900"."""
    if published is None:
        return ("no-date",)
    if published.year < EARLIEST_YEAR:
        return ("pre-1900",)
    if _aware(published) > _aware(now) + FUTURE_TOLERANCE:
        return ("future-date",)
    return ()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _english_place(place: str | None) -> str | None:
    if not place:
        return None
    english = _normalise_place(place)
    if english is None:
        log.debug("dateline place %r not in the gazetteer; keeping it as written", place)
    return english or place.title()


def _normalise_place(name: str) -> str | None:
    """The gazetteer's English name; imported late so a broken extraction package cannot stop reading."""
    try:
        from etl.extraction.places import normalise_place
    except ImportError as e:
        log.warning("place names are not normalised (%s)", e)
        return None
    return normalise_place(name)


def _merge(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(old + new))
