"""Tests for etl.extraction.organisations: catalogue, matching in three languages, aliases."""

from __future__ import annotations

import timeit

import pytest

from etl.extraction.organisations import (
    OrgMention,
    catalogue,
    find_organisations,
    is_acronym,
    resolve_alias,
    roots,
    stem_key,
    with_parents,
)

# Excerpts of the founding example (shared/seed/000_cf41e171f9c88871.txt).
SEED = (
    "OVKS, GUS und SOZ wollen einen Fahrplan für die Entwicklung der Zusammenarbeit bis "
    "zum Ende des Jahres signieren\n\n"
    "MOSKAU, 19. Mai (BelTA) – Der Fahrplan für die Entwicklung der Zusammenarbeit zwischen "
    "der OVKS, der GUS und der SOZ soll bis zum Ende dieses Jahres unterzeichnet werden. Das "
    "erklärte der Generalsekretär der OVKS, Imanghali Tasmaghambetow, am 19. Mai in Bischkek "
    "auf der Sitzung des Rates der Parlamentarischen Versammlung der OVKS. "
    "Es wird nun in den GUS- und SOZ-Mitgliedstaaten geprüft. "
    "Neben der GUS und der SOZ nannte Imanghali Tasmaghambetow auch die UNO als eine der "
    "internationalen Organisationen, mit denen die OVKS zusammenarbeiten sollte. "
    "„Wir sind im Allgemeinen zufrieden mit der Entwicklung unserer Zusammenarbeit mit dem "
    "Büro der Vereinten Nationen für Terrorismusbekämpfung und dem Exekutivdirektor des "
    "Ausschusses für Terrorismusbekämpfung des UN-Sicherheitsrates sowie mit dem Büro der "
    "Vereinten Nationen für Drogen- und Verbrechensbekämpfung im Rahmen der bestehenden "
    "Memoranden.“ … so der OVKS-Generalsekretär."
)


def ids(text: str) -> list[str]:
    return [m.org_id for m in find_organisations(text)]


def test_seed_names_csto_cis_sco_un_and_un_bodies() -> None:
    found = ids(SEED)
    assert set(with_parents(found)) >= {"CSTO", "CIS", "SCO", "UN", "UNSC", "UNODC", "UNOCT"}
    assert found[:3] == ["CSTO", "CIS", "SCO"]
    assert "CSTO-PA" in found


def test_mentions_carry_offsets_and_surface() -> None:
    text = "Der OVKS-Generalsekretär sprach."
    assert find_organisations(text) == [OrgMention("CSTO", 4, 8, "OVKS")]
    for m in find_organisations(SEED):
        assert SEED[m.begin : m.end] == m.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # German acronyms, compounds, hyphenated lists
        ("der OVKS, der GUS und der SOZ", ["CSTO", "CIS", "SCO"]),
        ("OVKS-Generalsekretär", ["CSTO"]),
        ("in den OVKS-Mitgliedstaaten", ["CSTO"]),
        ("in den GUS- und SOZ-Mitgliedstaaten", ["CIS", "SCO"]),
        ("vor dem UN-Sicherheitsrat", ["UNSC"]),
        ("des UN-Sicherheitsrates", ["UNSC"]),
        ("der VN-Sicherheitsrat", ["UNSC"]),
        ("ein NATO-Gipfel und ein G20-Treffen", ["NATO", "G20"]),
        ("EAWU und EU", ["EAEU", "EU"]),
        # German names, inflected
        ("der Vereinten Nationen", ["UN"]),
        ("den Vereinten Nationen", ["UN"]),
        ("die Vereinte Nationen", ["UN"]),
        ("der Shanghaier Organisation für Zusammenarbeit", ["SCO"]),
        ("der Organisation des Vertrages über kollektive Sicherheit", ["CSTO"]),
        ("der Gemeinschaft Unabhängiger Staaten", ["CIS"]),
        ("der Eurasischen Wirtschaftsunion", ["EAEU"]),
        ("des Internationalen Währungsfonds", ["IMF"]),
        ("Büro der Vereinten Nationen für Terrorismusbekämpfung", ["UNOCT"]),
        # Russian acronyms and inflected names, ё/е
        ("ОДКБ, СНГ и ШОС", ["CSTO", "CIS", "SCO"]),
        ("в рамках ЕАЭС и ООН", ["EAEU", "UN"]),
        ("Шанхайской организации сотрудничества", ["SCO"]),
        ("Шанхайская организация сотрудничества", ["SCO"]),
        ("Организации Договора о коллективной безопасности", ["CSTO"]),
        ("с Организацией Договора о коллективной безопасности", ["CSTO"]),
        ("Содружества Независимых Государств", ["CIS"]),
        ("Евразийского экономического союза", ["EAEU"]),
        ("Организации Объединённых Наций", ["UN"]),
        ("Организации Объединенных Наций", ["UN"]),
        ("заседание Совета Безопасности ООН", ["UNSC"]),
        ("сессия Генеральной Ассамблеи ООН", ["UNGA"]),
        ("Парламентской ассамблеи ОДКБ", ["CSTO-PA"]),
        ("в Парламентской ассамблее ОДКБ", ["CSTO-PA"]),
        ("в Генассамблее ООН", ["UNGA"]),
        ("на Генеральной Ассамблее ООН", ["UNGA"]),
        ("Генеральной Ассамблеей ООН", ["UNGA"]),
        ("саммит в Азии и в Европе; Совет Европы", ["COE"]),
        ("Совета Европы", ["COE"]),
        ("Межпарламентской Ассамблеи государств-участников СНГ", ["CIS-IPA"]),
        ("Союзного государства России и Беларуси", ["UNION_STATE"]),
        ("Всемирного банка и МВФ", ["WB", "IMF"]),
        ("Евразийского межправительственного совета", ["EIC"]),
        ("ЕЭК ООН и ЕЭК", ["UNECE", "EEC"]),
        # English
        ("the Collective Security Treaty Organization", ["CSTO"]),
        ("the Collective Security Treaty Organisation", ["CSTO"]),
        ("the Shanghai Cooperation Organization", ["SCO"]),
        ("the Commonwealth of Independent States and the UN", ["CIS", "UN"]),
        ("the United Nations Security Council", ["UNSC"]),
        ("the UN Office on Drugs and Crime", ["UNODC"]),
        ("the EU and the AU", ["EU", "AU"]),
        ("the U.N. Security Council and the U.N.", ["UNSC", "UN"]),
        ("the CSTO's secretary", ["CSTO"]),
        ("Die Weltbank und der IWF", ["WB", "IMF"]),
        ("der Obersten Eurasischen Wirtschaftsrates", ["SEEC"]),
        ("der Kollektiven Schnellen Eingreiftruppen der OVKS", ["CSTO-CRRF"]),
    ],
)
def test_finds_organisations(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "GUSTAV fuhr nach Hause",
        "an UNOFFICIAL statement",
        "das Bundesamt und die Union",
        "100 EUR in Europe",
        "ein AUDI vor der Tür",
        "VN ist mehrdeutig",
        "un homme et une femme",
        "who said so",
        "eine soz. Frage",
        "ОДКБШНЫЙ",
        "Sicherheitsrat",  # a national security council is not the UNSC
        "Vereinte, Nationen",  # a name does not run across punctuation
    ],
)
def test_does_not_match_inside_words_or_ambiguous_forms(text: str) -> None:
    assert ids(text) == []


def test_longest_match_wins_over_contained_names() -> None:
    text = "Büro der Vereinten Nationen für Drogen- und Verbrechensbekämpfung"
    assert ids(text) == ["UNODC"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["UNSC"], ("UNSC", "UN")),
        (["UNCTC", "CSTO"], ("UNCTC", "UNSC", "UN", "CSTO")),
        (["CSTO-PA", "CSTO", "UN", "UNSC"], ("CSTO-PA", "CSTO", "UN", "UNSC")),
        (["EEC"], ("EEC", "EAEU")),
        (["UNKNOWN"], ("UNKNOWN",)),
        ([], ()),
    ],
)
def test_with_parents(given: list[str], expected: tuple[str, ...]) -> None:
    assert with_parents(given) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ОДКБ", ["CSTO"]),
        ("OVKS", ["CSTO"]),
        ("csto", ["CSTO"]),
        ("шос", ["SCO"]),
        ("GUS", ["CIS"]),
        ("Vereinte Nationen", ["UN"]),
        ("  ", []),
    ],
)
def test_resolve_alias_exact(query: str, expected: list[str]) -> None:
    assert resolve_alias(query) == expected


@pytest.mark.parametrize(
    ("query", "member"),
    [
        ("ovks", "CSTO"),
        ("ovk", "CSTO"),
        ("Shanghai", "SCO"),
        ("Евразийск", "EAEU"),
        ("Sicherheitsrat", "UNSC"),
    ],
)
def test_resolve_alias_partial(query: str, member: str) -> None:
    assert member in resolve_alias(query)


def test_resolve_alias_prefix_before_contains() -> None:
    found = resolve_alias("Vereinte")
    assert found[0] == "UN" and "UNSC" in found


def test_catalogue_size_and_languages() -> None:
    orgs = catalogue()
    assert len(orgs) >= 45
    for org in orgs:
        langs = {lang for lang, _ in org.aliases}
        assert langs >= {"en", "de", "ru"}, org.id


def test_catalogue_is_consistent() -> None:
    orgs = catalogue()
    known = {o.id for o in orgs}
    assert len(known) == len(orgs)
    assert all(o.parent is None or o.parent in known for o in orgs)
    by_id = {o.id: o for o in orgs}
    assert by_id["UNSC"].parent == "UN" and by_id["CSTO-PA"].parent == "CSTO"
    assert by_id["EEC"].parent == "EAEU"


def test_no_two_organisations_share_a_name_key() -> None:
    owner: dict[str, str] = {}
    for org in catalogue():
        for _, alias in org.aliases:
            key = alias if is_acronym(alias) else stem_key(alias)
            assert owner.setdefault(key, org.id) == org.id, (alias, owner[key], org.id)


@pytest.mark.parametrize(
    ("alias", "acronym"),
    [
        ("CSTO", True),
        ("ОДКБ", True),
        ("СБ ООН", True),
        ("EurAsEC", True),
        ("VN-", True),
        ("G-20", True),
        ("UN-Sicherheitsrat", False),
        ("Nato", False),
        ("Vereinte Nationen", False),
    ],
)
def test_is_acronym(alias: str, acronym: bool) -> None:
    assert is_acronym(alias) is acronym


def test_english_names_in_both_spellings() -> None:
    aliases = {a for o in catalogue() for lang, a in o.aliases if lang == "en"}
    assert {
        "Collective Security Treaty Organization",
        "Collective Security Treaty Organisation",
    } <= aliases


def test_scan_is_fast() -> None:
    find_organisations(SEED)  # build the automata
    per_call = timeit.timeit(lambda: find_organisations(SEED), number=200) / 200
    assert per_call < 0.005  # generous bound for slow CI machines; ~0.3 ms locally


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["UNSC", "UN"], ("UN",)),
        (["UNCTC", "CSTO-PA", "CIS"], ("UN", "CSTO", "CIS")),
        (["SEEC", "EEC", "EAEF", "EIC"], ("EAEU",)),
        (["UNKNOWN"], ("UNKNOWN",)),
    ],
)
def test_roots(given: list[str], expected: tuple[str, ...]) -> None:
    assert roots(given) == expected
