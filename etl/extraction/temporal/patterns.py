"""Compiled patterns per language: the grammar's rules joined into one regex.

Each grammar module (`grammar_de`, `grammar_en`, `grammar_ru`) lists rules as
`RuleSpec`s: an interpreter kind, a regex source with named groups, and the
wrappers it accepts (plain, deadline "bis/by/до X", after "nach/after/после X").
Here every rule is compiled on its own, and all of them, with inner group names
removed, are joined in order into one alternation (the reference the fast path is
tested against). At each word a first-word index allows, the rules it allows there
are tried as one alternation whose inner groups keep their names behind the
rule's ("d7_date__y"), so the match found is the one interpreted: no rule is
matched a second time to read its groups. Earlier rules win at the same position,
so grammars list the longer, more specific forms first; between positions,
`choose` keeps the longer of two overlapping matches.
Built lazily once per language and cached.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from etl.extraction.temporal.dispatch import FirstWordIndex, head_at
from etl.extraction.temporal.vocabulary import Vocabulary, load_vocabulary, normalise

logger = logging.getLogger(__name__)

Wrap = Literal["plain", "deadline", "after"]

# A plausible year (1900-2100), not part of a longer number or a decimal.
YEAR_DIGITS = r"(?:19\d\d|20\d\d|2100)(?!\d|[.,]\d|\s\d{3}(?!\d))"
YEAR = r"(?<![\d.,])" + YEAR_DIGITS
# A day of the month, not part of a longer number, a decimal or a time (16:30).
DAY = r"(?<![\d.,:])(?:0?[1-9]|[12]\d|3[01])(?![\d:]|[.,]\d\d?(?![\d.]))"
MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
DASH = r"\s*[-–—]\s*"
# The beginning of a sentence: the text's start, a line, or after . ! ? : ; or a quote.
SENTENCE_START = r"(?:(?<![\s\S])|(?<=[.!?:;]\s)|(?<=\n)|(?<=[„“\"«»(]))"
HEADS_CACHE_SIZE = 50_000
_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_]\w*>")
_GROUP_NAME = re.compile(r"\(\?P<([A-Za-z_]\w*)>")
OWN = "__"  # between a rule's name and its group's in the tagged branches
_WORD_START = re.compile(r"(?<!\w)(?=\S)")
_AFTER = re.compile(r"\s*(?:,\s*\d|[\d/–—-]|(?P<word>\w+))")


@dataclass(frozen=True)
class RuleSpec:
    """One grammar rule: what it means (kind), how it reads, how it may be wrapped."""

    kind: str
    source: str
    wraps: tuple[Wrap, ...] = ("plain",)


@dataclass(frozen=True)
class Rule:
    """A compiled rule under its unique group name in the combined pattern."""

    name: str
    kind: str
    wrap: Wrap
    pattern: re.Pattern[str]


Candidate = tuple[int, int, Rule]  # begin, stop and the rule of a match
Found = tuple[int, int, Rule, re.Match[str]]  # a candidate with its match


@dataclass(frozen=True, eq=False)
class Grammar:
    """The rules of a language in order, their first-word index and combined pattern."""

    lang: str
    vocabulary: Vocabulary
    combined_source: str
    rules: dict[str, Rule]
    ordered: tuple[Rule, ...]
    branches: tuple[str, ...]  # each rule as a named group, inner names removed
    tagged: tuple[str, ...]  # each rule as a named group, inner names behind the rule's
    index: FirstWordIndex
    connectors: frozenset[str]
    heads: dict[str, re.Pattern[str] | None] = field(
        default_factory=dict, compare=False, repr=False
    )  # head -> `_head_pattern`, see `head_pattern`

    def candidates(self, text: str) -> list[Candidate]:
        """`found` without the matches: what `reference_candidates` is compared with."""
        return [(begin, stop, rule) for begin, stop, rule, _match in self.found(text)]

    def found(self, text: str) -> list[Found]:
        """The first rule's match at the words where one starts, overlaps included.

        Only at words the first-word index points to, with only the rules it allows
        there (joined into one cached pattern per set of rules). Inside a match, a
        word is tried only when the text after the match may continue a date (see
        `continues`): a match starting there can win only by reaching further. The
        matches `choose` keeps equal those from `reference_candidates`.
        """
        found: list[Found] = []
        stop, open_end = 0, False
        heads, rules = self.heads, self.rules
        for begin in self.index.word_starts(text):
            if begin < stop and not open_end:
                continue
            head = head_at(text, begin)
            pattern = heads[head] if head in heads else self.head_pattern(head)
            if pattern is None:
                continue
            hit = pattern.match(text, begin)
            if hit:
                end = hit.end()
                found.append((begin, end, rules[hit.lastgroup or ""], hit))
                if end > stop:
                    stop, open_end = end, self.continues(text, end)
        return found

    def head_pattern(self, head: str) -> re.Pattern[str] | None:
        """`_head_pattern` remembered in `heads`, a plain dict read before the call: most
        words of a sentence are heads seen before, and a dict lookup costs less than an
        `lru_cache` call keyed by (grammar, head). Emptied when it grows large."""
        if len(self.heads) >= HEADS_CACHE_SIZE:
            self.heads.clear()
        self.heads[head] = found = _head_pattern(self, head)
        return found

    def continues(self, text: str, stop: int) -> bool:
        """Whether the text at `stop` may continue a date: a digit, a dash or slash,
        ", <digit>", a connecting word ("bis", "of", "года") or a word a rule starts with."""
        after = _AFTER.match(text, stop)
        if after is None:
            return False
        word = after.group("word")
        if word is None:
            return True
        return word.lower() in self.connectors or bool(
            self.index.rule_word.match(text, after.start("word"))
        )

    def reference_candidates(self, text: str) -> list[Candidate]:
        """The same candidates from the combined pattern at every word (slow; for tests)."""
        combined = _compiled(self.combined_source)
        found: list[Candidate] = []
        for word in _WORD_START.finditer(text):
            hit = combined.match(text, word.start())
            if hit:
                found.append((hit.start(), hit.end(), self.rules[hit.lastgroup or ""]))
        return found

    def matches(self, text: str) -> list[tuple[Rule, re.Match[str]]]:
        """The chosen matches: non-overlapping, the longer first (see `choose`)."""
        return choose(self.found(text), lambda _rule, _match: True)

    def reference_matches(self, text: str) -> list[tuple[Rule, re.Match[str]]]:
        """The same choice over `reference_candidates`, each rule matched alone (slow; for tests)."""
        found = [
            (begin, stop, rule, rule.pattern.match(text, begin))
            for begin, stop, rule in self.reference_candidates(text)
        ]
        return choose(found, lambda _rule, _match: True)  # type: ignore[arg-type]


def choose(
    found: list[Found], accept: Callable[[Rule, re.Match[str]], bool]
) -> list[tuple[Rule, re.Match[str]]]:
    """Non-overlapping matches in text order, the longer preferred where two overlap.

    "for February 17, 2025" holds "for February" (a month) and "February 17, 2025"
    (a day): the longer, more specific one wins, whichever starts first; equal
    lengths go to the leftmost. `accept` is asked in that order of preference, so
    a match that does not make a date (31 February) leaves room for the others.
    """
    if len(found) == 1:  # most sentences: nothing to rank
        _begin, _stop, rule, match = found[0]
        return [(rule, match)] if accept(rule, match) else []
    ranked = sorted(found, key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[Rule, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for begin, stop, rule, match in ranked:
        if any(begin < end and start < stop for start, end in taken):
            continue
        if accept(rule, match):
            chosen.append((rule, match))
            taken.append((begin, stop))
    return sorted(chosen, key=lambda c: c[1].start())


def _word_before(form: str) -> str:
    return r"\b" + r"\s".join(re.escape(word) for word in form.split()) + r"\s"


def after_word(vocabulary: Vocabulary, category: str) -> str:
    """A lookbehind: right after a word of the category and one space ("soll 2026")."""
    forms = vocabulary.forms(category)
    return "(?:" + "|".join(f"(?<={_word_before(e.form)})" for e in forms) + ")"


def not_after_word(vocabulary: Vocabulary, category: str) -> str:
    """A lookbehind: not right after a word of the category and one space."""
    return "".join(f"(?<!{_word_before(e.form)})" for e in vocabulary.forms(category))


def bare_year(vocabulary: Vocabulary) -> list[RuleSpec]:
    """A year without a preposition where the words around make it one: right after
    a modal verb ("soll 2026 in Baku stattfinden", "will 2026 ...") or after a verb
    and before "in" and a name ("be held 2027 in Astana"), never before a count noun
    nor after a quantifier ("rund 2000 in Minsk lebende", "the 2026 delegates")."""
    guard = count_guard(vocabulary)
    year = rf"(?<![\d.,])(?P<y>199\d|20\d\d|2100)(?!\d|[.,]\d|\s\d{{3}}(?!\d)){guard}"
    lower = r"(?<=(?-i:[a-zäöüß])\s)"
    before_place = r"(?=\s+in\s+(?-i:[A-ZÄÖÜ]))"
    return [
        RuleSpec("year", after_word(vocabulary, "modal") + year),
        RuleSpec("year", lower + not_after_word(vocabulary, "quantifier") + year + before_place),
    ]


def counted(vocabulary: Vocabulary, implicit_one: bool = False, tail: str = "") -> list[RuleSpec]:
    """A number of days, weeks or months from the anchor: "in zwei Wochen", "vor drei
    Tagen", "two days ago", "через неделю" (`implicit_one`: a singular unit alone is one).
    `tail` follows the unit ("'s time", or a lookahead refusing "in two days of talks")."""
    number = rf"(?:(?P<cn>{vocabulary.alternation('number')})|(?P<cd>[1-9]\d?)(?![\d.,]))\s+"
    unit = f"{number}(?P<cu>{vocabulary.alternation('count_unit')})"
    if implicit_one:
        one = vocabulary.alternation("count_unit", tags=("one",))
        unit = rf"(?:{number}(?P<cu>{vocabulary.alternation('count_unit')})|(?P<cu1>{one}))"
    pre = vocabulary.alternation("count_dir", tags=("pre",))
    post = vocabulary.alternation("count_dir", tags=("post",))
    specs = [RuleSpec("count", rf"(?P<cdir>{pre})\s+{unit}{tail}")]
    if vocabulary.forms("count_dir", tags=("post",)):
        specs.append(RuleSpec("count", rf"{unit}\s+(?P<cdir>{post})"))
    return specs


def count_guard(vocabulary: Vocabulary) -> str:
    """A lookahead refusing a number that counts something ("2000 Teilnehmer", "3.5%")."""
    nouns = vocabulary.alternation("count_noun")
    return rf"(?!\s*(?:%|{nouns}))"


def _wrapped(spec: RuleSpec, wrap: Wrap, vocabulary: Vocabulary) -> str:
    if wrap == "deadline":
        return rf"(?P<dl>{vocabulary.alternation('deadline')})\s+(?:{spec.source})"
    if wrap == "after":
        return rf"(?P<af>{vocabulary.alternation('after')})\s+(?:{spec.source})"
    return spec.source


def _own_groups(source: str, rule: str) -> str:
    """The source with each group named behind the rule ("y" -> "d7_date__y")."""
    return _GROUP_NAME.sub(lambda group: f"(?P<{rule}{OWN}{group[1]}>", source)


def build_grammar(lang: str, specs: list[RuleSpec], vocabulary: Vocabulary) -> Grammar:
    """Compile each rule and the combined alternation (wrapped rules first)."""
    rules: dict[str, Rule] = {}
    branches: list[str] = []
    tagged: list[str] = []
    sources: list[str] = []
    for wrap in ("deadline", "after", "plain"):
        for index, spec in enumerate(specs):
            if wrap not in spec.wraps:
                continue
            name = f"{wrap[0]}{index}_{spec.kind}"
            source = _wrapped(spec, wrap, vocabulary)
            pattern = re.compile(source, re.IGNORECASE)
            rules[name] = Rule(name, spec.kind, wrap, pattern)
            sources.append(source)
            branches.append(f"(?P<{name}>{_NAMED_GROUP.sub('(?:', source)})")
            tagged.append(f"(?P<{name}>{_own_groups(source, name)})")
    combined = r"(?<!\w)(?:" + "|".join(branches) + ")"
    index = FirstWordIndex(sources, re.IGNORECASE)
    logger.debug("temporal grammar %s: %d rules", lang, len(rules))
    connectors = frozenset(normalise(e.form) for e in vocabulary.forms("connector"))
    return Grammar(
        lang,
        vocabulary,
        combined,
        rules,
        tuple(rules.values()),
        tuple(branches),
        tuple(tagged),
        index,
        connectors,
    )


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


@lru_cache(maxsize=4096)
def _subset_pattern(grammar: Grammar, numbers: tuple[int, ...]) -> re.Pattern[str]:
    """The alternation of some rules (in grammar order), compiled once per set."""
    return _compiled("|".join(grammar.tagged[number] for number in numbers))


@lru_cache(maxsize=8192)
def _head_pattern(grammar: Grammar, head: str) -> re.Pattern[str] | None:
    """The pattern of the rules that may start with `head` (see `head_at`), None if none may.

    One cached lookup per word instead of two (the second keyed by a tuple of rule numbers).
    """
    numbers = grammar.index.candidates_of_head(head)
    return _subset_pattern(grammar, numbers) if numbers else None


LANGUAGES: tuple[str, ...] = ("de", "en", "ru")


@cache
def grammar_for(lang: str) -> Grammar:
    """The compiled grammar of a language (de, en, ru), built on first use."""
    if lang not in LANGUAGES:
        raise ValueError(f"no temporal grammar for language {lang!r}")
    module = importlib.import_module(f"etl.extraction.temporal.grammar_{lang}")
    rules: Callable[[Vocabulary], list[RuleSpec]] = module.rules
    vocabulary = load_vocabulary(lang)
    return build_grammar(lang, rules(vocabulary), vocabulary)


def precompile() -> int:
    """Compile every rule-set pattern the dispatch index can ask for; returns how many.

    Called before worker processes fork, so no worker compiles a pattern mid-run. A
    word's rule set depends only on the longest indexed prefix it starts with, so the
    sets of the indexed prefixes are all the sets there are.
    """
    compiled = 0
    for lang in LANGUAGES:
        grammar = grammar_for(lang)
        index = grammar.index
        # The uncached function: the index's own LRU cache is for the heads of real text.
        for numbers in {index._candidates_of_head(prefix) for prefix in index.prefixes}:
            if numbers:
                _subset_pattern(grammar, numbers)
                compiled += 1
    return compiled
