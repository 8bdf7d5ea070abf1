"""Event triggers: what names a milestone, of which type, and what only looks like it."""

from __future__ import annotations

import pytest

from etl.extraction.triggers import Trigger, find_triggers
from etl.extraction.wordpatterns import PatternSet
from etl.reference import read_rows


def _found(text: str, lang: str) -> list[tuple[str, str]]:
    return [(t.surface, t.type) for t in find_triggers(text, lang)]


GERMAN = [
    ("bei den Konsultationen am 17. Februar", [("Konsultationen", "consultation")]),
    (
        "Die nächste Konsultationsrunde findet im Mai statt.",
        [("Konsultationsrunde", "consultation")],
    ),
    ("Das Treffen der Minister", [("Treffen", "meeting")]),
    ("Das Außenministertreffen in Minsk", [("Außenministertreffen", "meeting")]),
    ("Das Treffen des Außenministerrates der OVKS", [("Treffen", "meeting")]),
    ("Der Rat wird im Juni in Almaty tagen.", [("tagen", "session")]),
    ("In den nächsten Tagen", []),
    (
        "Die Außenminister kamen im April in Rio zusammen.",
        [("kamen im April in Rio zusammen", "meeting")],
    ),
    ("Die Minister trafen sich in Astana.", [("trafen", "meeting")]),
    ("Gespräche und Verhandlungen", [("Gespräche", "meeting"), ("Verhandlungen", "meeting")]),
    ("auf der Sitzung des Rates", [("Sitzung", "session")]),
    (
        "die Ratssitzung und die Plenarsitzung",
        [("Ratssitzung", "session"), ("Plenarsitzung", "session")],
    ),
    ("Die Jahrestagung der Versammlung", [("Jahrestagung", "session")]),
    ("Das SOZ-Gipfeltreffen in Tianjin", [("Gipfeltreffen", "summit")]),
    ("beim EU-Gipfel", [("Gipfel", "summit")]),
    ("Die Unterzeichnung des Fahrplans", [("Unterzeichnung", "signing")]),
    ("Sie unterzeichneten ein Memorandum.", [("unterzeichneten", "signing")]),
    ("einen Fahrplan signieren", [("signieren", "signing")]),
    ("Der Staatsbesuch in Peking", [("Staatsbesuch", "visit")]),
    ("Er besuchte Minsk.", [("besuchte", "visit")]),
    ("Er wurde zum Generalsekretär ernannt.", [("ernannt", "appointment")]),
    ("Die Gipfelerklärung wurde verabschiedet.", [("Gipfelerklärung", "statement")]),
    ("Die gemeinsamen Übungen der OVKS", [("Übungen", "other")]),
    (
        "Das Wirtschaftsforum und die Konferenz",
        [("Wirtschaftsforum", "other"), ("Konferenz", "other")],
    ),
    # traps
    ("Der Unterschied ist gering.", []),
    ("Das Besucherzentrum und die Besucher", []),
    ("Die Sitzungsperiode dauert bis Juni.", []),
    ("Diese Fragen betreffen alle Staaten.", []),
    ("Die Vertagung der Frage", []),
    ("Die Auswahl der Kandidaten", []),
    ("Die Unterzeichnerstaaten des Vertrages", []),
    ("Die Beitrittsverhandlungen mit Serbien", []),
    ("Das erklärte der Generalsekretär.", []),
    ("Eine Erklärung über die Lage", []),
]

ENGLISH = [
    ("consultations of the deputy secretaries-general", [("consultations", "consultation")]),
    ("The meeting in Minsk", [("meeting", "meeting")]),
    ("The ministers met in Astana.", [("met", "meeting")]),
    ("talks and negotiations", [("talks", "meeting"), ("negotiations", "meeting")]),
    ("The Council of Foreign Ministers met in Almaty", [("met", "session")]),
    ("The council meeting in Almaty", [("council meeting", "session")]),
    ("a meeting of the Supreme Eurasian Economic Council", [("meeting", "meeting")]),
    ("SCO security council secretaries will meet in June", [("meet", "meeting")]),
    ("The OSCE Ministerial Council opened in Valletta.", [("opened", "session")]),
    ("the plenary session of the Assembly", [("plenary session", "session")]),
    ("a sitting of the council", [("sitting", "session")]),
    ("The Council of Heads of State will meet in Tianjin.", [("meet", "session")]),
    ("the SCO summit in Tianjin", [("summit", "summit")]),
    ("They will sign the roadmap.", [("sign", "signing")]),
    ("The signing of the roadmap", [("signing", "signing")]),
    ("a state visit to China", [("state visit", "visit")]),
    ("He visited Bishkek.", [("visited", "visit")]),
    ("She was appointed Secretary General.", [("appointed", "appointment")]),
    ("A joint declaration was adopted.", [("declaration", "statement")]),
    ("joint military exercises", [("exercises", "other")]),
    ("the economic forum and a conference", [("forum", "other"), ("conference", "other")]),
    ("presidential elections", [("elections", "other")]),
    # traps
    ("a significant signal", []),
    ("a sign of progress", []),
    ("visitors need a visa", []),
    ("to meet the needs of member states", []),
    ("the sitting president", []),
    ("the exercise of sovereignty", []),
    ("The declaration says nothing new.", []),
    ("the signatories of the treaty", []),
    ("to open accession talks with Moldova", []),
]

RUSSIAN = [
    ("консультации заместителей генеральных секретарей", [("консультации", "consultation")]),
    ("на встрече в Минске", [("встрече", "meeting")]),
    ("министры встретились в Астане", [("встретились", "meeting")]),
    ("встреча на высшем уровне", [("встреча", "summit")]),
    ("в Душанбе соберутся лидеры СНГ", [("соберутся", "meeting")]),
    ("переговоры и совещание", [("переговоры", "meeting"), ("совещание", "meeting")]),
    ("на заседании Совета", [("заседании", "session")]),
    ("пленарное заседание Ассамблеи", [("пленарное заседание", "session")]),
    ("сессия Генеральной Ассамблеи", [("сессия", "session")]),
    ("саммит ШОС в Тяньцзине", [("саммит", "summit")]),
    ("подписание дорожной карты", [("подписание", "signing")]),
    ("стороны подписали меморандум", [("подписали", "signing")]),
    ("они подпишут соглашение", [("подпишут", "signing")]),
    ("государственный визит в Китай", [("государственный визит", "visit")]),
    ("он посетил Бишкек", [("посетил", "visit")]),
    ("назначен на должность генерального секретаря", [("назначен", "appointment")]),
    ("приняли совместное заявление", [("заявление", "statement")]),
    ("совместные учения ОДКБ", [("совместные учения", "other")]),
    ("учения ОДКБ", [("учения", "other")]),
    ("экономический форум и конференция", [("форум", "other"), ("конференция", "other")]),
    ("пройдёт саммит", [("саммит", "summit")]),
    # traps
    ("встречный иск", []),
    ("сессионный зал", []),
    ("посетители музея", []),
    ("подписанты договора", []),
    ("переговорный процесс", []),
    ("заявление МИД о ситуации", []),
    ("встреча назначена на 15 мая", [("встреча", "meeting")]),
    ("ученик школы", []),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN)
def test_german(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text, "de") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), RUSSIAN)
def test_russian(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text, "ru") == expected


def test_offsets_lemma_and_surface() -> None:
    text = "Nach dem Außenministertreffen am 3. März"
    (t,) = find_triggers(text, "de")
    assert t == Trigger("meeting", 9, 29, "Außenministertreffen", "treffen")
    assert text[t.begin : t.end] == t.surface


def test_context_stays_in_its_sentence() -> None:
    text = "Die Lage ist ernst. Der Rat traf sich. Dann traf die Kritik ein."
    assert [t.surface for t in find_triggers(text, "de")] == ["traf"]


def test_seed_triggers() -> None:
    with open("/work/shared/seed/000_cf41e171f9c88871.txt", encoding="utf-8") as f:
        text = f.read()
    found = {(t.surface, t.type) for t in find_triggers(text, "de")}
    assert {
        ("signieren", "signing"),
        ("unterzeichnet", "signing"),
        ("Sitzung", "session"),
        ("Konsultationen", "consultation"),
        ("Unterzeichnung", "signing"),
    } <= found


def test_empty_and_unknown_language() -> None:
    assert find_triggers("", "de") == []
    assert find_triggers("meeting", "fr") == []


@pytest.mark.parametrize("lang", ["de", "en", "ru"])
def test_vocabulary_is_rich_and_valid(lang: str) -> None:
    rows = [r for r in read_rows("triggers.csv") if r["lang"] == lang]
    assert len(rows) >= 60
    PatternSet([r["stem"] for r in rows])  # every pattern compiles
