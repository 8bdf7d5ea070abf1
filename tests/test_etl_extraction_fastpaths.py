"""Fast paths of extraction give what the plain computation gives: the temporal index's
word head, word starts and head-pattern memo, the sentence splitter's token, boundaries,
initials and ordinals, the stem cache, the mention bisection, the masked article's fold
and organisation names read run by run."""

from __future__ import annotations

import re
from datetime import date

import ahocorasick
import pytest

from etl.extraction import organisations
from etl.extraction import scan as scan_module
from etl.extraction.article import _event_in, _masked_fold
from etl.extraction.milestones import Mentions, OrgContext, _roots, _stated, _within
from etl.extraction.organisations import OrgMention, find_organisations, stem
from etl.extraction.people import find_people
from etl.extraction.places import find_places, fold
from etl.extraction.scan import after, scan
from etl.extraction.sentences import (
    _BOUNDARY,
    _INITIAL,
    _ORDINAL,
    Sentence,
    _is_initial,
    _is_ordinal,
    _token_before,
    iter_sentences,
    split_sentences,
)
from etl.extraction.temporal import patterns
from etl.extraction.temporal.dispatch import MAX_PREFIX, head_at
from etl.extraction.temporal.patterns import LANGUAGES, _head_pattern, grammar_for
from etl.extraction.temporal.resolve import Interval, changed
from etl.extraction.triggers import Trigger, find_triggers
from etl.extraction.wordpatterns import spaced
from etl.records import TimeExpression

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


def test_initials_and_ordinals_equal_their_patterns() -> None:
    # Every character of the Basic Multilingual Plane in the shapes the tests tell apart.
    for code in range(0x10000):
        char = chr(code)
        for token in (char + ".", char * 2 + ".", char, char + "1.", "1" + char + ".", char + ".."):
            assert _is_initial(token) == bool(_INITIAL.match(token)), token
            assert _is_ordinal(token) == bool(_ORDINAL.match(token)), token


def test_sentences_are_tuples_of_text_and_offsets() -> None:
    sentence = split_sentences("Erster Satz. Zweiter.")[1]
    assert sentence == Sentence("Zweiter.", 13, 21, 0)
    assert (sentence.text, sentence.begin, sentence.end, sentence.paragraph) == tuple(sentence)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_head_pattern_memo_equals_the_lookup_and_stays_bounded(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    grammar = grammar_for(lang)
    grammar.heads.clear()  # a memo: emptying it changes no result
    monkeypatch.setattr(patterns, "HEADS_CACHE_SIZE", 4)
    text = "am 19. Mai 2025, on 3 July, в 2025 году, Ende des Jahres, next week, x y z"
    expected = [
        (begin, stop, rule.name) for begin, stop, rule in grammar.reference_candidates(text)
    ]
    for _ in range(2):  # once filling the memo, once reading it
        found = [(begin, stop, rule.name) for begin, stop, rule in grammar.candidates(text)]
        assert [c for c in found if c in expected] == found
        assert [m.span() for _, m in grammar.matches(text)] == [
            m.span() for _, m in grammar.reference_matches(text)
        ]
        assert len(grammar.heads) <= 4
    for head, pattern in grammar.heads.items():
        assert pattern is _head_pattern(grammar, head)


def test_unread_notes_settle_as_notes_read_at_once() -> None:
    # Sentences 10 characters apart; organisations named in some of them.
    sentences = [Sentence(f"s{i} der drei Organisationen", 10 * i, 10 * i + 9, 0) for i in range(8)]
    for named in ([], [1], [0, 3], [2, 5, 6], [7], list(range(8))):
        orgs = [OrgMention(("CSTO", "CIS", "SCO")[i % 3], 10 * i, 10 * i + 3, "x") for i in named]
        for asked in range(len(sentences)):
            lazy = OrgContext(Mentions((), orgs, ()), "de")
            eager = OrgContext(Mentions((), orgs, ()), "de")
            for s in sentences[:asked]:
                lazy.note(s)
                eager.note(s, _roots(eager.mentions.organisations_in(s)))
            s = sentences[asked]
            assert lazy.for_sentence(s, ()) == eager.for_sentence(s, ())
            assert (lazy.previous, lazy.pending) == (eager.previous, eager.pending)


def test_changed_interval_equals_one_built_with_the_fields() -> None:
    day = date(2025, 5, 19)
    interval = Interval("2025-05-19", day, day, "day")
    assert changed(interval, relative=True, mod="END") == Interval(
        "2025-05-19", day, day, "day", mod="END", kind="date", relative=True
    )
    assert changed(interval) == interval
    with pytest.raises(ValueError):
        changed(interval, month=5)


_SCAN_TEXTS = [
    *TEXTS,
    "MOSKAU, 19. Mai (BelTA) – Der Gipfel der OVKS in Minsk; Rio\nde Janeiro, Rio de Janeiro.",
    "MINSK, 3 May (BelTA)-Talks of the CSTO, Csto, csto, UN-led, the UN\u00a0Security Council met.",
    "МОСКВА, 19 мая. /ТАСС/. Саммит ОДКБ и ОДКБ-овский, одкб; Генеральный секретарь ШОС заявил.",
    "The Secretary-General of the SCO said the summit will be held in Astana.\tForeign ministers met.",
    "İstanbul: ΣΑΣ Gipfeltreffen der GUS, Außenministertreffen in Baku und Minsk.",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", _SCAN_TEXTS)
def test_joined_scan_gives_each_reader_its_own_automaton_hits(lang: str, text: str) -> None:
    folded = fold(text)
    hits = scan(folded, spaced(folded), lang)
    assert hits.acronyms is not None  # the reference acronyms all fold in place
    assert find_places(text, folded, hits.places) == find_places(text, folded)
    assert organisations._acronym_spans(text, hits.acronyms) == organisations._acronym_spans(text)
    assert find_organisations(text, folded, hits.acronyms) == find_organisations(text, folded)
    orgs = find_organisations(text, folded)
    places = find_places(text, folded)
    assert find_people(text, lang, orgs, places, folded, hits.titles) == find_people(
        text, lang, orgs, places, folded
    )
    for end in range(len(text) + 1):
        masked = " " * end + text[end:]
        masked_fold = _masked_fold(folded, end)
        if masked_fold is None or (end and spaced(folded)[end - 1].isalpha()):
            continue  # `extract` reads such a text on its own
        assert find_triggers(masked, lang, masked_fold, after(hits.triggers, end)) == find_triggers(
            masked, lang
        )


@pytest.mark.parametrize("piece", ["vereinten", "(шанхайской", "un-sicherheitsrates,", "", "—"])
def test_run_caches_equal_the_tokens_of_the_run(piece: str) -> None:
    tokens = list(organisations._TOKEN.finditer(piece))
    assert organisations._PIECES[piece] == "".join(stem(t.group()) + " " for t in tokens)
    assert organisations._OFFSETS[piece] == tuple(t.span() for t in tokens)


def test_event_walk_equals_the_sentence_lookup() -> None:
    text = "Gipfel. Treffen am 3. Mai und Gipfel. Nichts. Konsultationen im Juni! Ende"
    sentences = split_sentences(text)
    spans = [(0, 6), (8, 15), (30, 36), (46, 60), (38, 44), (70, 75), (5, 9)]
    for count in range(len(spans) + 1):
        chosen = sorted(spans[:count])
        kept: list[tuple[int, int]] = []  # in order, without overlaps, as find_triggers gives
        for begin, end in chosen:
            if not kept or begin >= kept[-1][1]:
                kept.append((begin, end))
        triggers = [Trigger("meeting", b, e, text[b:e], "x") for b, e in kept]
        mentions = Mentions(triggers, (), ())
        ahead = 0
        for s in sentences:
            ahead, inside = _event_in(triggers, ahead, s)
            assert inside == bool(mentions.triggers_in(s))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ranked_scanner_gives_the_hits_of_one_built_in_any_order(lang: str) -> None:
    scanner = scan_module._scanner(lang)
    plain = ahocorasick.Automaton()
    for key, value in sorted(scanner.items(), reverse=True):
        plain.add_word(key, value)
    plain.make_automaton()
    for text in _SCAN_TEXTS:
        low = spaced(fold(text))
        assert list(scanner.iter(low)) == list(plain.iter(low))


def test_stated_reads_the_verbs_of_saying_only_for_a_day_precise_date() -> None:
    month = TimeExpression("im Mai", 0, 6, "2025-05", date(2025, 5, 1), date(2025, 5, 31), "month")
    day = TimeExpression(
        "am 19. Mai", 10, 20, "2025-05-19", date(2025, 5, 19), date(2025, 5, 19), "day"
    )

    def unread() -> list[tuple[int, int]]:
        raise AssertionError("the verbs of saying were read")

    assert _stated([month], unread) is None
    assert _stated([month, day], lambda: [(22, 30)]) is day  # "erklärte" two characters on
    assert _stated([month, day], lambda: [(60, 68)]) is None
