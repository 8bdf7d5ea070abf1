"""Property tests (hypothesis) of the temporal tagger: for any anchor between
1990 and 2060 and expressions built from the vocabulary, intervals are ordered,
relative years and deadlines follow the anchor, year-less dates respect the
sentence's direction, explicit dates ignore the anchor, results are
deterministic and offsets point at the text; and the fast paths (word starts,
matches read where they were found) agree with the plain readings.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extraction.temporal import find_time_expressions
from etl.extraction.temporal.dispatch import head_at
from etl.extraction.temporal.interpret import Groups
from etl.extraction.temporal.patterns import _head_pattern, grammar_for
from etl.extraction.temporal.vocabulary import load_vocabulary

anchors = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
directions = st.sampled_from(["past", "future", None])
days = st.integers(min_value=1, max_value=28)
years = st.integers(min_value=1950, max_value=2090)


def forms(lang: str, category: str, tags: tuple[str, ...] | None = None) -> st.SearchStrategy[str]:
    return st.sampled_from([e.form for e in load_vocabulary(lang).forms(category, tags)])


def full_months(lang: str) -> st.SearchStrategy[str]:
    return forms(lang, "month", ("",))


YEAR_LESS = {
    "de": st.one_of(
        st.builds("am {}. {}".format, days, full_months("de")),
        st.builds("im {}".format, full_months("de")),
        st.builds("im {}".format, forms("de", "season")),
        st.builds("am {}".format, forms("de", "weekday")),
        st.builds("Anfang {}".format, full_months("de")),
        st.builds("vom {}. bis {}. {}".format, st.just(3), st.just(5), full_months("de")),
    ),
    "en": st.one_of(
        st.builds("on {} {}".format, days, full_months("en")),
        st.builds("{} {}".format, full_months("en"), days),
        st.builds("in {}".format, full_months("en")),
        st.builds("in {}".format, forms("en", "season")),
        st.builds("on {}".format, forms("en", "weekday")),
        st.builds("in the {} quarter".format, forms("en", "ordinal")),
    ),
    "ru": st.one_of(
        st.builds("{} {}".format, days, forms("ru", "month")),
        st.builds("в {}".format, forms("ru", "month")),
        st.builds("в {}".format, forms("ru", "weekday")),
        forms("ru", "season", ("instr",)),
        st.builds("в конце {}".format, forms("ru", "month")),
    ),
}

WITH_YEAR = {
    "de": st.one_of(
        st.builds("am {}. {} {}".format, days, full_months("de"), years),
        st.builds("im {} {}".format, full_months("de"), years),
        st.builds("Ende {}".format, years),
        st.builds("im {} Quartal {}".format, forms("de", "ordinal"), years),
        st.builds("{}-{}".format, years, st.integers(min_value=1, max_value=9)).map(
            lambda s: s.split("-")[0] + "-" + str(int(s.split("-")[0]) + int(s.split("-")[1]))
        ),
    ),
    "en": st.one_of(
        st.builds("{} {}, {}".format, full_months("en"), days, years),
        st.builds("in {} {}".format, full_months("en"), years),
        st.builds("early {}".format, years),
        st.builds("in the {} of {}".format, forms("en", "season"), years),
        st.builds("Q{} {}".format, st.integers(min_value=1, max_value=4), years),
    ),
    "ru": st.one_of(
        st.builds("{} {} {} года".format, days, forms("ru", "month"), years),
        st.builds("в {} году".format, years),
        st.builds("в {} {} года".format, forms("ru", "month"), years),
        st.builds("в {} квартале {} года".format, forms("ru", "ordinal"), years),
        st.builds("в середине {} года".format, years),
    ),
}

RELATIVE = {
    "de": st.one_of(
        forms("de", "relday"),
        st.builds("{} Woche".format, forms("de", "deictic")),
        st.just("im nächsten Jahr"),
        st.just("bis Ende des Jahres"),
        st.just("in der zweiten Jahreshälfte"),
    ),
    "en": st.one_of(
        forms("en", "relday"),
        st.builds("{} week".format, forms("en", "deictic")),
        st.just("later this year"),
        st.just("by the end of the month"),
    ),
    "ru": st.one_of(
        forms("ru", "relday"),
        st.just("на прошлой неделе"),
        st.just("в следующем месяце"),
        st.just("до конца года"),
    ),
}

langs = st.sampled_from(["de", "en", "ru"])


@st.composite
def any_expression(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(langs)
    pool = draw(st.sampled_from([YEAR_LESS, WITH_YEAR, RELATIVE]))
    return lang, draw(pool[lang])


@settings(max_examples=300, deadline=None)
@given(any_expression(), anchors, directions)
def test_start_never_after_end(case: tuple[str, str], anchor: date, direction: str | None) -> None:
    lang, text = case
    result = find_time_expressions(text, lang, anchor, direction)  # type: ignore[arg-type]
    assert result, text
    assert all(e.start <= e.end for e in result)


@settings(max_examples=200, deadline=None)
@given(
    anchors,
    st.sampled_from(
        [
            ("de", "nächstes Jahr"),
            ("de", "im nächsten Jahr"),
            ("en", "next year"),
            ("ru", "в следующем году"),
        ]
    ),
)
def test_next_year_follows_the_anchor(anchor: date, case: tuple[str, str]) -> None:
    (expression,) = find_time_expressions(case[1], case[0], anchor)
    assert expression.timex == str(anchor.year + 1)
    assert (expression.start, expression.end) == (
        date(anchor.year + 1, 1, 1),
        date(anchor.year + 1, 12, 31),
    )


@settings(max_examples=200, deadline=None)
@given(
    anchors,
    directions,
    st.sampled_from(
        [
            ("de", "bis zum Ende dieses Jahres"),
            ("de", "Ende dieses Jahres"),
            ("en", "by the end of this year"),
            ("en", "end of this year"),
            ("ru", "до конца этого года"),
            ("ru", "до конца года"),
        ]
    ),
)
def test_end_of_this_year_ends_on_31_december(
    anchor: date, direction: str | None, case: tuple[str, str]
) -> None:
    (expression,) = find_time_expressions(case[1], case[0], anchor, direction)  # type: ignore[arg-type]
    assert expression.end == date(anchor.year, 12, 31)
    assert expression.mod == "END"
    if expression.text.split()[0] in ("bis", "by", "до"):
        assert expression.start == anchor


@settings(max_examples=200, deadline=None)
@given(any_expression(), anchors, directions)
def test_deterministic(case: tuple[str, str], anchor: date, direction: str | None) -> None:
    lang, text = case
    first = find_time_expressions(text, lang, anchor, direction)  # type: ignore[arg-type]
    assert find_time_expressions(text, lang, anchor, direction) == first  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(langs.flatmap(lambda lang: st.tuples(st.just(lang), YEAR_LESS[lang])), anchors)
def test_year_less_dates_follow_the_direction(case: tuple[str, str], anchor: date) -> None:
    lang, text = case
    (past,) = find_time_expressions(text, lang, anchor, "past")
    (future,) = find_time_expressions(text, lang, anchor, "future")
    assert past.start <= anchor, (text, past)
    assert future.end >= anchor, (text, future)
    assert past.relative and future.relative


@settings(max_examples=300, deadline=None)
@given(
    langs.flatmap(lambda lang: st.tuples(st.just(lang), WITH_YEAR[lang])),
    anchors,
    anchors,
    directions,
)
def test_explicit_years_ignore_the_anchor(
    case: tuple[str, str], one: date, other: date, direction: str | None
) -> None:
    lang, text = case
    first = find_time_expressions(text, lang, one, direction)  # type: ignore[arg-type]
    second = find_time_expressions(text, lang, other, None)
    assert first, text
    assert first == second
    assert not any(e.relative for e in first)


noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    langs,
    st.lists(st.one_of(noise, any_expression().map(lambda case: case[1])), max_size=6),
    anchors,
    directions,
)
def test_offsets_point_at_the_text(
    lang: str, pieces: list[str], anchor: date, direction: str | None
) -> None:
    text = " ".join(pieces)
    result = find_time_expressions(text, lang, anchor, direction)  # type: ignore[arg-type]
    for expression in result:
        assert 0 <= expression.begin < expression.stop <= len(text)
        assert text[expression.begin : expression.stop] == expression.text
        assert expression.start <= expression.end
    assert all(a.stop <= b.begin for a, b in zip(result, result[1:], strict=False))


FILLER = {
    "de": ["der", "Gipfel", "soll", "in", "Baku", "und", "bis", "zum", ",", "–", "vor", "am"],
    "en": ["the", "summit", "will", "in", "Baku", "and", "to", "of", ",", "–", "ago", "on"],
    "ru": ["саммит", "пройдет", "в", "Баку", "и", "по", "до", "года", ",", "–", "назад", "с"],
}


def token_soup(lang: str) -> st.SearchStrategy[str]:
    """Texts glued from vocabulary forms, numbers and filler words, so that dates
    overlap, touch and run into each other in many ways."""
    vocabulary = load_vocabulary(lang)
    tokens = sorted({e.form for e in vocabulary.entries}) + FILLER[lang]
    numbers = st.integers(min_value=1, max_value=2100).map(str)
    token = st.one_of(st.sampled_from(tokens), numbers, st.sampled_from(["1.", "17.", "2026-2028"]))
    return st.lists(token, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["de", "en", "ru"]).flatmap(
        lambda lang: st.tuples(st.just(lang), token_soup(lang))
    )
)
def test_dispatch_chooses_what_the_combined_pattern_chooses(case: tuple[str, str]) -> None:
    lang, text = case
    grammar = grammar_for(lang)
    fast = [(rule.name, m.span()) for rule, m in grammar.matches(text)]
    slow = [(rule.name, m.span()) for rule, m in grammar.reference_matches(text)]
    assert fast == slow


def spaced_soup(lang: str) -> st.SearchStrategy[str]:
    """Token soup whose words are parted by varied whitespace, as heads read it."""
    gaps = st.sampled_from([" ", "  ", "\t", "\n", " \u00a0", "\u2009"])
    return st.tuples(token_soup(lang), st.lists(gaps, min_size=12, max_size=12)).map(
        lambda soup: "".join(w + g for w, g in zip(soup[0].split(" "), soup[1], strict=False))
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["de", "en", "ru"]).flatmap(
        lambda lang: st.tuples(st.just(lang), st.one_of(token_soup(lang), spaced_soup(lang)))
    )
)
def test_word_starts_keep_every_word_whose_head_has_rules(case: tuple[str, str]) -> None:
    """The whole-beginning lookahead of `starts` only turns away words the head index
    would have found no rule for, among the words the three-character trie accepts."""
    lang, text = case
    grammar = grammar_for(lang)
    index = grammar.index
    before = [m.start() for m in index.rule_word.finditer(text)]
    wanted = [b for b in before if _head_pattern(grammar, head_at(text, b)) is not None]
    starts = index.word_starts(text)
    assert set(starts) <= set(before)
    assert set(wanted) <= set(starts)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["de", "en", "ru"]).flatmap(
        lambda lang: st.tuples(st.just(lang), token_soup(lang))
    )
)
def test_found_matches_read_the_groups_of_their_rule_alone(case: tuple[str, str]) -> None:
    """A match of a per-head alternation reads, through `Groups`, what its rule's own
    pattern matched at the same word: the interpreter sees no difference."""
    lang, text = case
    grammar = grammar_for(lang)
    for begin, stop, rule, match in grammar.found(text):
        own = rule.pattern.match(text, begin)
        assert own is not None and own.span() == (begin, stop) == match.span()
        found, alone = (
            Groups(rule, match, grammar.vocabulary),
            Groups(rule, own, grammar.vocabulary),
        )
        for name in own.re.groupindex:
            assert found.text(name) == alone.text(name) == own.group(name)
