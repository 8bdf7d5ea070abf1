"""People: titled persons, their role and organisation, and one person per individual."""

from __future__ import annotations

import pytest

from etl.extraction.organisations import OrgMention, find_organisations
from etl.extraction.people import find_people, name_key
from etl.records import Person

SEED = "/work/shared/seed/000_cf41e171f9c88871.txt"


def _orgs(text: str, *aliases: tuple[str, str]) -> list[OrgMention]:
    """Hand-made mentions: every occurrence of each (alias, id)."""
    out = []
    for alias, org_id in aliases:
        start = text.find(alias)
        while start >= 0:
            out.append(OrgMention(org_id, start, start + len(alias), alias))
            start = text.find(alias, start + 1)
    return sorted(out, key=lambda m: m.begin)


def test_seed_has_exactly_one_person() -> None:
    with open(SEED, encoding="utf-8") as f:
        text = f.read()
    people = find_people(text, "de", find_organisations(text))
    assert people == [
        Person(
            "Imanghali Tasmaghambetow", "Secretary General", "CSTO", ("Imanghali Tasmaghambetow",)
        )
    ]


FORMS = [
    (
        "de",
        "Das erklärte der Generalsekretär der OVKS, Imanghali Tasmaghambetow, am 19. Mai.",
        ("OVKS", "CSTO"),
        "Imanghali Tasmaghambetow",
        "Secretary General",
        "CSTO",
    ),
    (
        "de",
        "Das sagte der OVKS-Generalsekretär Imanghali Tasmaghambetow in Bischkek.",
        ("OVKS", "CSTO"),
        "Imanghali Tasmaghambetow",
        "Secretary General",
        "CSTO",
    ),
    (
        "de",
        "Imanghali Tasmaghambetow, der Generalsekretär der OVKS, sprach in Minsk.",
        ("OVKS", "CSTO"),
        "Imanghali Tasmaghambetow",
        "Secretary General",
        "CSTO",
    ),
    (
        "de",
        "Der Präsident Kasachstans Kassym-Schomart Tokajew empfing die Gäste.",
        ("", ""),
        "Kassym-Schomart Tokajew",
        "President",
        None,
    ),
    (
        "de",
        "Der stellvertretende Generalsekretär der SOZ Sohail Khan nahm teil.",
        ("SOZ", "SCO"),
        "Sohail Khan",
        "Deputy Secretary General",
        "SCO",
    ),
    (
        "en",
        "CSTO Secretary General Imangali Tasmagambetov said the roadmap is ready.",
        ("CSTO", "CSTO"),
        "Imangali Tasmagambetov",
        "Secretary General",
        "CSTO",
    ),
    (
        "en",
        "Imangali Tasmagambetov, the CSTO Secretary General, said the roadmap is ready.",
        ("CSTO", "CSTO"),
        "Imangali Tasmagambetov",
        "Secretary General",
        "CSTO",
    ),
    (
        "en",
        "Secretary General of the CSTO Imangali Tasmagambetov arrived in Bishkek.",
        ("CSTO", "CSTO"),
        "Imangali Tasmagambetov",
        "Secretary General",
        "CSTO",
    ),
    (
        "en",
        "UN Secretary-General António Guterres spoke.",
        ("UN", "UN"),
        "António Guterres",
        "Secretary General",
        "UN",
    ),
    (
        "en",
        "Russian Foreign Minister Sergei Lavrov arrived in Minsk.",
        ("", ""),
        "Sergei Lavrov",
        "Foreign Minister",
        None,
    ),
    (
        "ru",
        "Генеральный секретарь ОДКБ Имангали Тасмагамбетов заявил об этом.",
        ("ОДКБ", "CSTO"),
        "Имангали Тасмагамбетов",
        "Secretary General",
        "CSTO",
    ),
    (
        "ru",
        "Об этом сообщил генсек ШОС Нурлан Ермекбаев.",
        ("ШОС", "SCO"),
        "Нурлан Ермекбаев",
        "Secretary General",
        "SCO",
    ),
    (
        "ru",
        "Министр иностранных дел России Сергей Лавров прибыл в Минск.",
        ("", ""),
        "Сергей Лавров",
        "Foreign Minister",
        None,
    ),
    (
        "ru",
        "Имангали Тасмагамбетов, генеральный секретарь ОДКБ, выступил на сессии.",
        ("ОДКБ", "CSTO"),
        "Имангали Тасмагамбетов",
        "Secretary General",
        "CSTO",
    ),
]


@pytest.mark.parametrize(("lang", "text", "alias", "name", "role", "org"), FORMS)
def test_forms(
    lang: str, text: str, alias: tuple[str, str], name: str, role: str, org: str | None
) -> None:
    orgs = _orgs(text, alias) if alias[0] else []
    (person,) = find_people(text, lang, orgs)
    assert (person.name, person.role, person.organisation) == (name, role, org)


NOBODY = [
    ("de", "so der OVKS-Generalsekretär.", ("OVKS", "CSTO")),
    (
        "de",
        "auf der Ebene der stellvertretenden Generalsekretäre der OVKS, der GUS und der SOZ vorläufig",
        ("OVKS", "CSTO"),
    ),
    ("de", "Der Generalsekretär Tasmaghambetow sagte das.", ("", "")),  # one word is not a name
    ("en", "The Secretary General of the CSTO said the talks went well.", ("CSTO", "CSTO")),
    ("en", "The CSTO Council of Foreign Ministers met.", ("CSTO", "CSTO")),
    ("ru", "По словам генерального секретаря ОДКБ, ОДКБ и ШОС сотрудничают.", ("ОДКБ", "CSTO")),
    ("ru", "После саммита президент уехал.", ("", "")),
]


@pytest.mark.parametrize(("lang", "text", "alias"), NOBODY)
def test_no_person(lang: str, text: str, alias: tuple[str, str]) -> None:
    orgs = _orgs(text, alias) if alias[0] else []
    assert find_people(text, lang, orgs) == []


def test_spellings_group_into_one_person() -> None:
    text = (
        "Der Generalsekretär der OVKS, Imanghali Tasmaghambetow, sprach. "
        "OVKS-Generalsekretär Imangali Tasmagambetow nannte die UNO. "
        "Der Generalsekretär Imangali Tasmagambetov kam. "
        "Das sagte Imanghali Tasmaghambetow."
    )
    (person,) = find_people(text, "de", _orgs(text, ("OVKS", "CSTO")))
    assert person == Person(
        "Imanghali Tasmaghambetow",
        "Secretary General",
        "CSTO",
        ("Imanghali Tasmaghambetow", "Imangali Tasmagambetow", "Imangali Tasmagambetov"),
    )


def test_latin_spelling_in_a_russian_text_groups_with_cyrillic() -> None:
    text = "Генеральный секретарь ОДКБ Имангали Тасмагамбетов заявил. Генсек ОДКБ Imangali Tasmagambetov добавил."
    (person,) = find_people(text, "ru", _orgs(text, ("ОДКБ", "CSTO")))
    assert person.surface_forms == ("Имангали Тасмагамбетов", "Imangali Tasmagambetov")


def test_different_roles_stay_apart() -> None:
    text = (
        "UN Secretary-General António Guterres met CSTO Secretary General Imangali Tasmagambetov."
    )
    orgs = _orgs(text, ("UN", "UN"), ("CSTO", "CSTO"))
    assert [(p.name, p.organisation) for p in find_people(text, "en", orgs)] == [
        ("António Guterres", "UN"),
        ("Imangali Tasmagambetov", "CSTO"),
    ]


def test_russian_name_in_oblique_case_groups_with_nominative() -> None:
    text = "По словам генсека ШОС Нурлана Ермекбаева, саммит пройдёт. Генсек ШОС Нурлан Ермекбаев отметил это."
    (person,) = find_people(text, "ru", _orgs(text, ("ШОС", "SCO")))
    assert person.name == "Нурлан Ермекбаев"
    assert person.surface_forms == ("Нурлана Ермекбаева", "Нурлан Ермекбаев")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Imanghali Tasmaghambetow", "Imangali Tasmagambetov", True),
        ("Imanghali Tasmaghambetow", "Имангали Тасмагамбетов", True),
        ("Nurlan Jermekbajew", "Нурлан Ермекбаев", True),
        ("Sergej Lawrow", "Sergei Lavrov", True),
        ("Sergej Lawrow", "Imangali Tasmagambetov", False),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    assert (name_key(a) == name_key(b)) is same
