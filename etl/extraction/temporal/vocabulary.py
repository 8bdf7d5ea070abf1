"""The temporal vocabulary of one language: month and weekday names, seasons,
ordinals, relative words, parts, deictic words, units, deadline prepositions.

Read once per process from `etl/reference/temporal_vocabulary.csv`. The grammar
modules (`grammar_de`, `grammar_en`, `grammar_ru`) ask for regex alternations of a
category; the interpreter asks for the value of a matched surface form.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from etl.reference import read_rows

logger = logging.getLogger(__name__)

VOCABULARY_FILE = "temporal_vocabulary.csv"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One surface form with its category, value and grammatical tag."""

    category: str
    value: str
    tag: str
    case_sensitive: bool
    form: str


@lru_cache(maxsize=8192)
def normalise(surface: str) -> str:
    """The lookup key of a surface form: lower case, single spaces, 'ё' as 'е'."""
    return _SPACES.sub(" ", surface.strip()).lower().replace("ё", "е")


def _form_regex(form: str) -> str:
    """A form as a regex: any whitespace between words, 'ё' also as 'е', whole word."""
    parts = [re.escape(word) for word in form.split()]
    source = r"\s+".join(parts).replace("ё", "[ёе]").replace("Ё", "[ЁЕ]")
    if form[-1].isalnum():
        source += r"(?!\w)"
    return source


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The entries of one language, with regex alternations and value lookups."""

    lang: str
    entries: tuple[Entry, ...]

    def forms(
        self,
        category: str,
        tags: tuple[str, ...] | None = None,
        values: tuple[str, ...] | None = None,
    ) -> list[Entry]:
        """Entries of a category (optionally only some tags or values), longest first."""
        found = [
            e
            for e in self.entries
            if e.category == category
            and (tags is None or e.tag in tags)
            and (values is None or e.value in values)
        ]
        return sorted(found, key=lambda e: (-len(e.form), e.form))

    def alternation(
        self,
        category: str,
        tags: tuple[str, ...] | None = None,
        values: tuple[str, ...] | None = None,
    ) -> str:
        """A non-capturing regex group matching any form of the category.

        Case-sensitive forms are wrapped in `(?-i:...)` because the combined
        pattern is compiled case-insensitively.
        """
        branches = []
        for entry in self.forms(category, tags, values):
            source = _form_regex(entry.form)
            branches.append(f"(?-i:{source})" if entry.case_sensitive else source)
        if not branches:
            return "(?!)"
        return "(?:" + "|".join(branches) + ")"

    def __post_init__(self) -> None:
        table: dict[str, dict[str, str]] = {}
        for entry in self.entries:
            table.setdefault(entry.category, {})[normalise(entry.form)] = entry.value
        object.__setattr__(self, "_table", table)

    def value(self, category: str, surface: str) -> str:
        """The value of a matched surface form; KeyError when it is not in the category."""
        table: dict[str, dict[str, str]] = self._table  # type: ignore[attr-defined]
        return table[category][normalise(surface)]


@cache
def load_vocabulary(lang: str) -> Vocabulary:
    """The vocabulary of a language (de, en, ru), read once and cached."""
    entries = []
    for row in read_rows(VOCABULARY_FILE):
        if row["lang"] != lang:
            continue
        for form in row["forms"].split("|"):
            if form.strip():
                entries.append(
                    Entry(
                        category=row["category"],
                        value=row["value"],
                        tag=row["tag"],
                        case_sensitive=row["case"] == "s",
                        form=form.strip(),
                    )
                )
    if not entries:
        raise ValueError(f"no temporal vocabulary for language {lang!r}")
    logger.debug("temporal vocabulary %s: %d forms", lang, len(entries))
    return Vocabulary(lang=lang, entries=tuple(entries))


def vocabulary_size() -> dict[str, int]:
    """Number of surface forms per language (for reports and tests)."""
    return {lang: len(load_vocabulary(lang).entries) for lang in ("de", "en", "ru")}
