"""Tense, status and speech cues of a sentence."""

from __future__ import annotations

import re

import pytest

from etl.extraction.clauses import ClauseTense, clause_spans
from etl.extraction.tense import (
    cue_matches,
    find_cues,
    find_statement_cues,
    sentence_tense,
    statement_spans_of,
    status_from_cues,
)
from etl.extraction.wordpatterns import PatternSet
from etl.reference import read_rows

# (sentence, tense, status)
GERMAN = [
    ("Der Fahrplan soll bis zum Ende dieses Jahres unterzeichnet werden.", "future", "planned"),
    (
        "Das erklärte der Generalsekretär der OVKS am 19. Mai in Bischkek auf der Sitzung des Rates.",
        "past",
        "held",
    ),
    (
        "Der Entwurf wurde vom OVKS-Sekretariat ausgearbeitet und bei den Konsultationen am 17. Februar vorläufig vereinbart.",
        "past",
        "held",
    ),
    ("Es wird nun in den GUS- und SOZ-Mitgliedstaaten geprüft.", None, None),
    (
        "„Wir planen die Unterzeichnung bis zum Ende dieses Jahres“, sagte Imanghali Tasmaghambetow.",
        "future",
        "planned",
    ),
    (
        "OVKS, GUS und SOZ wollen einen Fahrplan bis zum Ende des Jahres signieren",
        "future",
        "planned",
    ),
    ("Die Konsultationen fanden am 17. Februar in Moskau statt.", "past", "held"),
    ("Die Sitzung hat gestern in Minsk stattgefunden.", "past", "held"),
    ("Die Außenminister haben am Montag einen Plan vereinbart.", "past", "held"),
    ("Der Vertrag wurde am 3. März unterzeichnet.", "past", "held"),
    ("Die Minister werden sich im Juni in Astana treffen.", "future", "planned"),
    ("Das Treffen ist für den Herbst vorgesehen.", "future", "planned"),
    ("Die Präsidenten beabsichtigen, im Mai ein Abkommen zu unterzeichnen.", "future", "planned"),
    ("Der bevorstehende Gipfel in Tianjin", "future", "planned"),
    ("Die Minister trafen sich am Mittwoch in Eriwan.", "past", "held"),
    ("Das Dokument soll morgen signiert werden.", "future", "planned"),
    ("Am Morgen fand die Sitzung statt.", "past", "held"),
    ("Das teilte der Pressedienst der OVKS mit.", "past", "held"),
    ("Die OVKS-Mitgliedstaaten arbeiten eng zusammen.", None, None),
]

ENGLISH = [
    ("The roadmap is to be signed by the end of this year.", "future", "planned"),
    ("The consultations were held on 17 February.", "past", "held"),
    ("The summit took place in Tianjin on 31 August.", "past", "held"),
    ("The ministers met in Astana on Monday.", "past", "held"),
    ("The parties have signed a memorandum.", "past", "held"),
    ("The summit will be held in June, the secretary general said.", "future", "planned"),
    ("The leaders plan to sign the agreement in autumn.", "future", "planned"),
    ("The session is scheduled for 12 May.", "future", "planned"),
    ("The ministers are expected to meet next week.", "future", "planned"),
    ("The upcoming summit in Minsk", "future", "planned"),
    ("The presidents may sign the treaty in the autumn.", "future", "planned"),
    ("The talks in May were constructive.", "past", "held"),
    ("He said so on Monday.", "past", "held"),
    ("The summit in May in Astana", None, None),
    ("The building is next to the ministry.", None, None),
    ("Talks were postponed due to the weather.", "past", "held"),
    ('"We plan to sign the roadmap in December," he said.', "future", "planned"),
    (
        "The CSTO secretariat intends to hold consultations in the second half of the year.",
        "future",
        "planned",
    ),
    ("It is now being reviewed in the member states.", None, None),
    ("The participants discussed the results and the plans for the coming months.", None, None),
]

RUSSIAN = [
    ("Консультации состоялись 17 февраля в Москве.", "past", "held"),
    ("Саммит ШОС прошёл в Тяньцзине.", "past", "held"),
    ("Стороны подписали меморандум.", "past", "held"),
    ("Встреча была проведена в Бишкеке.", "past", "held"),
    ("Министры встретились в Астане в понедельник.", "past", "held"),
    ("Дорожную карту планируется подписать до конца года.", "future", "planned"),
    ("Саммит состоится в июне в Минске.", "future", "planned"),
    ("Заседание пройдёт в Бишкеке.", "future", "planned"),
    ("Документ будет подписан осенью.", "future", "planned"),
    ("Генсеки подпишут дорожную карту в декабре.", "future", "planned"),
    ("Президент посетит Китай на следующей неделе.", "future", "planned"),
    ("Стороны намерены провести консультации во втором полугодии.", "future", "planned"),
    ("Предстоящий саммит ОДКБ", "future", "planned"),
    ("Об этом заявил генеральный секретарь ОДКБ на заседании совета.", "past", "held"),
    ("Посол России в Белоруссии", None, None),
    ("Цели и задачи организации", None, None),
    ("Как заявил посол, саммит пройдёт в июне.", "future", "planned"),
    ("Встреча назначена на 15 мая.", "future", "planned"),
    ("Он был назначен на должность генерального секретаря.", "past", "held"),
    ("Учения прошли вчера.", "past", "held"),
]

CASES = [("de", *c) for c in GERMAN] + [("en", *c) for c in ENGLISH] + [("ru", *c) for c in RUSSIAN]


@pytest.mark.parametrize(("lang", "sentence", "tense", "status"), CASES)
def test_tense_and_status(lang: str, sentence: str, tense: str | None, status: str | None) -> None:
    assert sentence_tense(sentence, lang) == tense
    assert status_from_cues(sentence, lang) == status


STATEMENTS = [
    ("de", "Das erklärte der Generalsekretär der OVKS am 19. Mai.", ["erklärte"]),
    ("de", "Das teilte der Pressedienst der OVKS mit.", ["teilte der Pressedienst der OVKS mit"]),
    (
        "de",
        "„Wir planen die Unterzeichnung“, sagte er und betonte die Rolle der UNO.",
        ["sagte", "betonte"],
    ),
    ("de", "Die Sitzung fand am 19. Mai statt.", []),
    ("en", "The secretary general said on Monday that talks will continue.", ["said"]),
    ("en", "He told reporters and stressed the point.", ["told", "stressed"]),
    ("en", "The summit was held in May.", []),
    ("ru", "Об этом заявил генеральный секретарь.", ["заявил"]),
    (
        "ru",
        "Как сообщила пресс-служба, он подчеркнул важность встречи.",
        ["сообщила", "подчеркнул"],
    ),
    ("ru", "Она отметила, что саммит прошёл успешно.", ["отметила"]),
    ("ru", "Посол прибыл в Минск.", []),
]


@pytest.mark.parametrize(("lang", "sentence", "spans"), STATEMENTS)
def test_statement_cues(lang: str, sentence: str, spans: list[str]) -> None:
    assert [sentence[b:e] for b, e in find_statement_cues(sentence, lang)] == spans


@pytest.mark.parametrize(("lang", "sentence", "spans"), STATEMENTS)
def test_statement_cues_from_all_cue_matches(lang: str, sentence: str, spans: list[str]) -> None:
    """The speech rows among all modality rows match as the speech rows alone do."""
    found = statement_spans_of(cue_matches(sentence, lang), lang)
    assert found == find_statement_cues(sentence, lang)
    reading = ClauseTense(sentence, lang)
    assert reading.speech_spans() == found  # before the cues are read
    assert reading.cues == find_cues(sentence, lang)
    assert reading.speech_spans() == found  # from the cue matches


def test_longest_cue_counts_once() -> None:
    cues = find_cues("The summit will be held in June.", "en")
    assert [(c.signal, c.weight) for c in cues] == [("planned", 3.0)]


def test_no_cues_in_unknown_language() -> None:
    assert sentence_tense("The summit was held.", "fr") is None
    assert status_from_cues("", "de") is None


@pytest.mark.parametrize("lang", ["de", "en", "ru"])
def test_cue_file_compiles(lang: str) -> None:
    rows = [r for r in read_rows("modality.csv") if r["lang"] == lang]
    assert len(rows) >= 30
    assert {r["signal"] for r in rows} >= {"past", "future", "planned", "held", "speech"}
    PatternSet([r["cue"] for r in rows])


def _stepwise_clause_starts(sentence: str, lang: str) -> list[tuple[int, int]]:
    """`clause_spans` with the boundary pattern written plainly (tried at every character)."""
    words = sorted(
        (re.escape(r["word"]) for r in read_rows("clauses.csv") if r["lang"] == lang),
        key=len,
        reverse=True,
    )
    plain = r"[,;:–—]|\s\(|(?<=\s)(?:" + "|".join(words) + r")(?=\s)" if words else "[,;:–—]"
    spans, start = [], 0
    for match in re.finditer(plain, sentence, re.IGNORECASE):
        if match.start() > start:
            spans.append((start, match.start()))
            start = match.start()
    spans.append((start, len(sentence)))
    return spans


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("de", "Nach Konsultationen am 14. Januar vereinbarten sie, im März (in Minsk) zu unterzeichnen"),
        ("de", "Er sagte,  dass  aber während\u00a0weil (bevor) wo, nachdem; aber:ABER dass"),
        ("en", "They met after talks, but before the vote; that which  WHERE when (while)"),
        ("ru", "После того как саммит прошёл, а  но что  после того как где — когда (который)"),
        ("ru", " а а а, ,и (( ( перед тем как перед тем"),
        ("fr", "Il a dit, que (mais) non: oui"),
        ("en", ""),
    ],
)  # fmt: skip
def test_clause_spans_are_the_plainly_written_ones(lang: str, sentence: str) -> None:
    assert clause_spans(sentence, lang) == _stepwise_clause_starts(sentence, lang)
