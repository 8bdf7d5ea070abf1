"""The quick test before the history cues: it turns away only sentences the cues cannot match."""

from __future__ import annotations

import re

import pytest

from etl.extraction.background import _exclusions, _may_match, _odd_cases, _prefilter
from etl.reference import read_rows

KINDS = sorted({(r["lang"], r["kind"]) for r in read_rows("exclusions.csv")})
SENTENCES = [
    "The CSTO was founded in 2002 and marks 23 years since its creation.",
    "Today marks twenty years since the treaty; the 33rd anniversary is near.",
    "It was ESTABLİSHED IN 1992, yearſ ago. The summit was cancelled.",
    "Die 2002 gegründete OVKS feiert ihr Jubiläum: vor 23 Jahren, 10 Jahre nach der Gründung.",
    "Heute jährt sich der 33. Jahrestag. Das Treffen wurde abgesagt.",
    "ОДКБ, ᲂснованная в 2002 году, отмечает годовщину: 30-летие, 33 года со дня создания.",
    "ОДКБ ᲂснована.",  # an old Cyrillic "о": lower-cased, still no "основан"
    "Организация создана в 1992 году; 20 лет назад исполняется 10 лет. Саммит отменён.",
    "Der Vorsitz geht an Kasachstan, in Kraft ab 1. Januar; chairmanship from January.",
    "No cue at all in this sentence, nor in diesem Satz, ни в этом.",
]


@pytest.mark.parametrize(("lang", "kind"), KINDS)
def test_prefilter_turns_away_only_non_matches(lang: str, kind: str) -> None:
    pattern = _exclusions(lang, kind)
    assert pattern is not None
    for sentence in SENTENCES:
        for text in (sentence, sentence.upper(), sentence.lower()):
            if pattern.search(text):
                assert _may_match(lang, kind, text), (lang, kind, text)


@pytest.mark.parametrize("lang", ["de", "en", "ru"])
def test_history_cues_have_a_prefilter(lang: str) -> None:
    quick = _prefilter(lang, "history")
    assert quick is not None
    assert not _may_match(lang, "history", "The summit will be held in Minsk on 19 May.")


def test_odd_cases_lie_in_the_basic_plane() -> None:
    letters = frozenset("abcdefghijklmnopqrstuvwxyzäöüßабвгдежзийклмнопрстуфхцчшщъыьэюяё.-")
    beyond = "".join(map(chr, range(0x10000, 0x110000)))
    assert not re.findall("[" + re.escape("".join(sorted(letters))) + "]", beyond, re.IGNORECASE)
    assert {"ſ", "ı", "İ"} <= _odd_cases(letters)
    assert "\u212a" not in _odd_cases(letters)  # Kelvin sign: its lower case is "k"


@pytest.mark.parametrize("lang", ["de", "en", "ru"])
def test_no_prefilter_for_short_words(lang: str) -> None:
    """ "in", "в": a quick test would pass nearly every text and only cost time."""
    assert _prefilter(lang, "locative") is None
    assert _may_match(lang, "locative", "anything")
