"""Fast paths of extraction give what the plain computation gives: the temporal index's
word head and word starts, the sentence splitter's token and boundaries, the stem cache,
the mention bisection, the masked article's fold and organisation names read run by run."""

from __future__ import annotations

import re

import pytest

from etl.extraction import organisations
from etl.extraction.article import _masked_fold
from etl.extraction.milestones import Mentions, _within
from etl.extraction.organisations import OrgMention, stem
from etl.extraction.places import fold
from etl.extraction.sentences import (
    _BOUNDARY,
    Sentence,
    _token_before,
    iter_sentences,
    split_sentences,
)
from etl.extraction.temporal.dispatch import MAX_PREFIX, head_at
from etl.extraction.temporal.patterns import LANGUAGES, grammar_for

_DIGIT = re.compile("[1-9]")

TEXTS = [
    "am 19. Mai 2025 in Minsk",
    "am  19.\tMai",
    "Mai ",
    "Mai \n",
    "The summit on 3\u00a0July",
    "İstanbul 2025 Ende des Jahres",
    "ΣΑΣ und 12 Tage",
    "в 2025 году и в следующем",
    "x",
    "",
]


def _plain_head(text: str, begin: int) -> str:
    head = " ".join(text[begin : begin + 2 * MAX_PREFIX].split())[:MAX_PREFIX].lower()
    return _DIGIT.sub("0", head)


@pytest.mark.parametrize("text", TEXTS)
def test_head_equals_the_split_and_join_reading(text: str) -> None:
    for begin in range(len(text) + 1):
        assert head_at(text, begin) == _plain_head(text, begin)


def _plain_token(text: str, cut: int) -> str:
    begin = cut
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:cut]


@pytest.mark.parametrize("text", ["z. B. Text", "am 19. Mai", "a\u00a0Nr. 5", "(„Nr.“) X", "a\tb. C"])
def test_token_before_equals_the_step_back(text: str) -> None:
    for cut in range(len(text) + 1):
        assert _token_before(text, cut) == _plain_token(text, cut)


def test_sentences_are_read_lazily_in_the_same_order() -> None:
    text = "Erster Satz. Zweiter Satz am 19. Mai.\n\nDritter Satz! Vierter."
    lazy = iter_sentences(text)
    assert next(lazy) == split_sentences(text)[0]
    assert [next(lazy) for _ in range(3)] == split_sentences(text)[1:]


def test_stem_cache_gives_stems_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(organisations, "_STEM_CACHE_SIZE", 3)
    cache = organisations._StemCache()
    words = ["организации", "vereinten", "nationen", "council", "шанхайской"]
    assert [cache[w] for w in words] == [stem(w) for w in words]
    assert len(cache) <= 3


def test_sentence_mentions_by_bisection_equal_a_scan() -> None:
    orgs = [OrgMention("CSTO", b, b + 4, "OVKS") for b in (0, 10, 20, 26, 40)]
    mentions = Mentions((), orgs, ())
    begins = [m.begin for m in orgs]
    for begin in range(0, 50, 3):
        for end in range(begin, 52, 5):
            scan = [m for m in orgs if m.begin >= begin and m.end <= end]
            assert _within(orgs, begins, begin, end) == scan
            assert mentions.organisations_in(Sentence("", begin, end, 0)) == scan


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", [*TEXTS, "–5 Mai, (3. Juli) 2025—2026: в 2025 г. ‒ x"])
def test_word_starts_equal_the_lookbehind_pattern(lang: str, text: str) -> None:
    index = grammar_for(lang).index
    assert list(index.word_starts(text)) == [m.start() for m in index.starts.finditer(text)]


_LOOKBEHIND_BOUNDARY = re.compile(
    r"""(?<=[.!?…])(["“”»«'’)\]]*)\s+(?=["„“«(–—-]?\s?[A-ZÄÖÜА-ЯЁ0-9])"""
)


@pytest.mark.parametrize(
    "text", [*TEXTS, 'Er kam. Sie ging... "Ja." (Nein.) «Да.» — Так. 3. Mai. !?x. A.\tB', ". A"]
)
def test_boundaries_equal_the_lookbehind_pattern(text: str) -> None:
    found = [(m.start() + 1, m.end(1), m.end()) for m in _BOUNDARY.finditer(text)]
    plain = [(m.start(), m.end(1), m.end()) for m in _LOOKBEHIND_BOUNDARY.finditer(text)]
    assert found == plain


@pytest.mark.parametrize("text", [*TEXTS, "ΟΔΥΣΣΕΑΣ Σ x", "İ ΑΣ Σb", "MINSK, 3 May (X) - Talks"])
def test_masked_fold_is_the_fold_of_the_masked_text_or_none(text: str) -> None:
    for end in range(len(text) + 1):
        got = _masked_fold(fold(text), end)
        assert got is None or got == fold(" " * end + text[end:])
    assert _masked_fold(fold(text), 0) == fold(text)


def _plain_name_spans(folded: str) -> list[tuple[int, int, str]]:
    """Every token of the text stemmed, the automaton run over them, offsets by token."""
    tokens = list(organisations._TOKEN.finditer(folded))
    joined = " " + " ".join(stem(t.group()) for t in tokens) + " "
    spans = []
    for last, (length, org_id, count) in organisations._name_automaton().iter(joined):
        first = joined.count(" ", 0, last - length + 2) - 1
        spans.append((tokens[first].start(), tokens[first + count - 1].end(), org_id))
    return spans


@pytest.mark.parametrize(
    "text",
    [
        *TEXTS,
        "Die  Vereinten\n\nNationen - und die - Organisation des Vertrags über kollektive Sicherheit.",
        "der Vereinten Nationen,Vereinte Nationen  ; (Шанхайской организации сотрудничества)",
        "  UN-Sicherheitsrates  -  Vereinte -Nationen- x ",
    ],
)
def test_name_spans_equal_the_token_by_token_reading(text: str) -> None:
    folded = fold(text)
    assert organisations._name_spans(folded) == _plain_name_spans(folded)
