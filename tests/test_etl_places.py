"""Tests for etl.extraction.places: the gazetteer, finding places, normalising datelines."""

from __future__ import annotations

import pytest

from etl.extraction.places import (
    PlaceMention,
    find_places,
    gazetteer,
    normalise_place,
    place_kind,
)

SEED = (
    "MOSKAU, 19. Mai (BelTA) – Der Fahrplan soll bis zum Ende dieses Jahres unterzeichnet "
    "werden. Das erklärte der Generalsekretär der OVKS am 19. Mai in Bischkek auf der Sitzung."
)


def names(text: str) -> list[str]:
    return [m.name for m in find_places(text)]


def test_seed_places() -> None:
    assert find_places(SEED) == [
        PlaceMention("Moscow", 0, 6, "MOSKAU"),
        PlaceMention("Bishkek", SEED.index("Bischkek"), SEED.index("Bischkek") + 8, "Bischkek"),
    ]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("MOSKAU", "Moscow"),
        ("МОСКВА", "Moscow"),
        ("Moskau", "Moscow"),
        ("Bischkek", "Bishkek"),
        ("MINSK", "Minsk"),
        ("Москве", "Moscow"),
        ("Москвы", "Moscow"),
        ("Москву", "Moscow"),
        ("Москвой", "Moscow"),
        ("Бишкеке", "Bishkek"),
        ("Минске", "Minsk"),
        ("Астане", "Astana"),
        ("Nur-Sultan", "Astana"),
        ("Пекине", "Beijing"),
        ("Peking", "Beijing"),
        ("Женеве", "Geneva"),
        ("Genf", "Geneva"),
        ("Нью-Йорке", "New York"),
        ("Душанбе", "Dushanbe"),
        ("Duschanbe", "Dushanbe"),
        ("Ташкенте", "Tashkent"),
        ("Казани", "Kazan"),
        ("Санкт-Петербурге", "Saint Petersburg"),
        ("Петербурге", "Saint Petersburg"),
        ("Sankt Petersburg", "Saint Petersburg"),
        ("St. Petersburg", "Saint Petersburg"),
        ("Neu-Delhi", "New Delhi"),
        ("Eriwan", "Yerevan"),
        ("Jerewan", "Yerevan"),
        ("Aschgabat", "Ashgabat"),
        ("Kiev", "Kyiv"),
        ("Кишинёве", "Chisinau"),
        ("Кишиневе", "Chisinau"),
        ("Брюсселе", "Brussels"),
        ("Brüssel", "Brussels"),
        ("Wien", "Vienna"),
        ("Moskaus", "Moscow"),
        ("Нижнем Новгороде", "Nizhny Novgorod"),
        ("Чолпон-Ате", "Cholpon-Ata"),
        ("  MOSKAU, ", "Moscow"),
        ("(Минске)", "Minsk"),
        ("Atlantis", None),
        ("", None),
        ("—", None),
    ],
)
def test_normalise_place(surface: str, expected: str | None) -> None:
    assert normalise_place(surface) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Встреча прошла в Москве и Минске.", ["Moscow", "Minsk"]),
        (
            "Саммит в Санкт-Петербурге, затем в Петербурге.",
            ["Saint Petersburg", "Saint Petersburg"],
        ),
        ("Sitzung in Sankt Petersburg und Sotschi", ["Saint Petersburg", "Sochi"]),
        ("talks in New York and Geneva", ["New York", "Geneva"]),
        ("der Moskau-Besuch", ["Moscow"]),
        ("Moscow's position", ["Moscow"]),
        ("in Rio de Janeiro", ["Rio de Janeiro"]),
        ("ASTANA, 3 June", ["Astana"]),
        ("в Нью-Йорке и Женеве", ["New York", "Geneva"]),
    ],
)
def test_find_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the rio grande of lima beans",  # lower case: a common word, not a place
        "Moskauer Zeitung",  # glued to other letters
        "Bischkeker",
        "hinterberlin",
        "a nice day in male company",  # ambiguous names are not in the gazetteer
    ],
)
def test_find_places_rejects(text: str) -> None:
    assert names(text) == []


def test_mentions_carry_surface() -> None:
    text = "Переговоры в Бишкеке."
    (m,) = find_places(text)
    assert text[m.begin : m.end] == m.surface == "Бишкеке"


def test_gazetteer_size_and_languages() -> None:
    places = gazetteer()
    assert len(places) >= 120
    assert len({p.name for p in places}) == len(places)
    for place in places:
        assert {lang for lang, _ in place.aliases} == {"en", "de", "ru"}, place.name
        assert place.aliases[0] == ("en", place.name)


def test_every_alias_normalises_to_its_place() -> None:
    for place in gazetteer():
        for _, alias in place.aliases:
            assert normalise_place(alias) == place.name, alias


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Übung soll im Herbst in Belarus stattfinden.", ["Belarus"]),
        ("im zweiten Quartal in Russland", ["Russia"]),
        ("учения в Белоруссии и в Российской Федерации", ["Belarus", "Russia"]),
        ("переговоры с США и ЮАР", ["United States", "South Africa"]),
        ("US-Präsident und UK", ["United States", "United Kingdom"]),
        ("Us and them; Uk", []),  # capitals-only short forms
        ("Mexico City, not Mexico", ["Mexico City", "Mexico"]),
    ],
)
def test_countries(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Moscow", "capital"), ("Sochi", "venue"), ("Belarus", "country"), ("Atlantis", None)],
)
def test_place_kind(name: str, kind: str | None) -> None:
    assert place_kind(name) == kind
