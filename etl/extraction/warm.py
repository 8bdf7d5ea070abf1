"""Build every per-process cache of extraction before worker processes fork.

Called by `etl.pipeline` in the parent, just before it starts a pool of forked
workers: the workers then inherit the automata, reference tables and compiled
temporal grammars copy-on-write instead of each building them again (seconds
of CPU per worker, and memory per worker). Extracting a few sentences per
language fills the lazily built tables; the temporal tagger's per-rule-set
patterns (compiled on first use) are compiled for every set its first-word
index can ask for, so that no worker compiles a pattern mid-run.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from etl.extraction.article import extract
from etl.extraction.temporal import precompile

log = logging.getLogger(__name__)

_ANCHOR = date(2025, 5, 19)
# Written for this purpose: one dateline, event, organisation, person, place and
# a few date shapes per language, so every extractor builds its tables.
_SENTENCES = {
    "de": "MOSKAU, 19. Mai (BelTA) – Der Generalsekretär der OVKS, Imangali Tasmagambetow, "
    "sagte am Montag, der Gipfel der GUS werde am 3. Juni in Minsk stattfinden. "
    "Die Außenminister hatten bereits Anfang Mai beraten.",
    "en": "MINSK, 19 May (BelTA) - SCO Secretary-General Nurlan Yermekbayev said on Monday "
    "that the summit of the heads of state will be held in Astana on 3-4 July 2025. "
    "The foreign ministers met last week.",
    "ru": "МОСКВА, 19 мая. /ТАСС/. Генеральный секретарь ОДКБ заявил в понедельник, что "
    "саммит СНГ пройдет 3 июня в Минске. Министры иностранных дел провели консультации "
    "в начале мая.",
}


def warm_up() -> None:
    """Fill the extraction caches of this process (about two seconds, once)."""
    started = time.perf_counter()
    for lang, text in _SENTENCES.items():
        extract(text, _ANCHOR, lang)
    patterns = precompile()
    log.info(
        "extraction caches warm in %.1f s (%d temporal patterns)",
        time.perf_counter() - started,
        patterns,
    )
