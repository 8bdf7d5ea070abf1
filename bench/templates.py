"""Sentence templates for the synthetic corpus, written for this project in de/en/ru.

Called by `bench.corpus`. Slots: {org} and {org2} (an organisation in the form that
follows a genitive slot, see `bench.catalogue.org_name`), {place} (the form after
"in"/"в"), {date} (`bench.expressions.date_phrase`), {person} and {role}. Milestone
sentences come in past (held) and future (planned) flavours; filler sentences carry no
date and no event, so that milestone density stays realistic (a few per article).
"""

from __future__ import annotations

MILESTONES: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "past"): (
        "Consultations between {org} and {org2} at the level of deputy secretaries general were held {date} in {place}.",
        "The Council of Foreign Ministers of {org} met {date} in {place} and approved a plan of joint events.",
        "{person}, {role} of {org}, held talks with a delegation of {org2} {date}.",
        "A memorandum of understanding between {org} and {org2} was signed {date} in {place}.",
        "The summit of {org} took place {date} in {place}, with the heads of state adopting a joint declaration.",
        "{person} paid a working visit to {place} {date} and met the leadership of {org2}.",
        "The session of the Council of Heads of Government of {org} was held {date} in {place}.",
        "Experts of {org} and {org2} discussed the draft roadmap during a meeting in {place} {date}.",
    ),
    ("en", "future"): (
        "The next summit of {org} will be held {date} in {place}.",
        "The roadmap for cooperation between {org} and {org2} is to be signed {date}.",
        "{person}, {role} of {org}, is expected to visit {place} {date}.",
        "The parties agreed to hold the next round of consultations {date} in {place}.",
        "A meeting of the foreign ministers of {org} is scheduled to take place in {place} {date}.",
        "According to {person}, {org} and {org2} plan to sign an agreement on information exchange {date}.",
        "The session of the Parliamentary Assembly of {org} will take place {date} in {place}.",
    ),
    ("de", "past"): (
        "Die Konsultationen zwischen {org} und {org2} auf der Ebene der stellvertretenden Generalsekretäre fanden {date} in {place} statt.",
        "Der Rat der Außenminister {org} tagte {date} in {place} und billigte einen Plan gemeinsamer Veranstaltungen.",
        "{person}, {role} {org}, führte {date} Gespräche mit einer Delegation {org2}.",
        "Ein Memorandum über die Zusammenarbeit zwischen {org} und {org2} wurde {date} in {place} unterzeichnet.",
        "Das Gipfeltreffen {org} fand {date} in {place} statt, die Staatschefs verabschiedeten eine gemeinsame Erklärung.",
        "{person} stattete {place} {date} einen Arbeitsbesuch ab und traf sich mit der Leitung {org2}.",
        "Die Sitzung des Rates der Regierungschefs {org} wurde {date} in {place} abgehalten.",
        "Experten {org} und {org2} erörterten den Entwurf des Fahrplans bei einem Treffen in {place} {date}.",
    ),
    ("de", "future"): (
        "Das nächste Gipfeltreffen {org} soll {date} in {place} stattfinden.",
        "Der Fahrplan für die Zusammenarbeit zwischen {org} und {org2} soll {date} unterzeichnet werden.",
        "{person}, {role} {org}, wird {place} voraussichtlich {date} besuchen.",
        "Die Seiten vereinbarten, die nächste Runde der Konsultationen {date} in {place} abzuhalten.",
        "Ein Treffen der Außenminister {org} ist {date} in {place} geplant.",
        "Nach Angaben von {person} wollen {org} und {org2} {date} ein Abkommen über den Informationsaustausch unterzeichnen.",
        "Die Sitzung der Parlamentarischen Versammlung {org} wird {date} in {place} stattfinden.",
    ),
    ("ru", "past"): (
        "Консультации {org} и {org2} на уровне заместителей генеральных секретарей прошли {date} в {place}.",
        "Совет министров иностранных дел {org} провёл заседание {date} в {place} и утвердил план совместных мероприятий.",
        "{role} {org} {person} {date} провёл переговоры с делегацией {org2}.",
        "Меморандум о взаимопонимании между секретариатами {org} и {org2} был подписан {date} в {place}.",
        "Саммит {org} состоялся {date} в {place}, главы государств приняли совместную декларацию.",
        "{person} {date} посетил с рабочим визитом {place_acc} и встретился с руководством {org2}.",
        "Заседание Совета глав правительств {org} прошло {date} в {place}.",
        "Эксперты {org} и {org2} обсудили проект дорожной карты на встрече в {place} {date}.",
    ),
    ("ru", "future"): (
        "Следующий саммит {org} пройдёт {date} в {place}.",
        "Дорожную карту сотрудничества {org} и {org2} планируется подписать {date}.",
        "{role} {org} {person} посетит {place_acc} {date}.",
        "Стороны договорились провести следующий раунд консультаций {date} в {place}.",
        "Встреча министров иностранных дел {org} запланирована {date} в {place}.",
        "Как сообщил {person}, {org} и {org2} намерены подписать соглашение об обмене информацией {date}.",
        "Заседание Парламентской ассамблеи {org} состоится {date} в {place}.",
    ),
}  # fmt: skip

# Sentences with a date but no event (economy, statistics): the traps a tagger must not turn into milestones.
DATED_NOISE: dict[str, tuple[str, ...]] = {
    "en": ("Trade between the member states of {org} grew by {pct} percent {date}.",
           "The figures published {date} show a steady rise in transit traffic."),
    "de": ("Der Handel zwischen den Mitgliedstaaten {org} wuchs {date} um {pct} Prozent.",
           "Die {date} veröffentlichten Zahlen zeigen einen stetigen Anstieg des Transitverkehrs."),
    "ru": ("Товарооборот между государствами – членами {org} {date} вырос на {pct} процента.",
           "Данные, опубликованные {date}, свидетельствуют о росте транзитных перевозок."),
}  # fmt: skip

FILLER: dict[str, tuple[str, ...]] = {
    "en": (
        "The strengthening of regional security remains closely linked to the development of {org}.",
        "The member states share common approaches to the prevention of new challenges and threats.",
        "Particular attention was paid to countering terrorism, drug trafficking and illegal migration.",
        "The parties stressed the importance of coordinating their positions in international forums.",
        "Cooperation with {org} in the field of peacekeeping is developing consistently.",
        "The secretariat has prepared proposals to improve the legal framework of the organisation.",
        "Joint work on information security and the protection of critical infrastructure continues.",
        "The sides noted the growing role of the organisation in maintaining stability in Eurasia.",
        "Practical measures to counter the financing of terrorism were reviewed in detail.",
        "The delegations exchanged views on current international and regional issues.",
        "The participants welcomed the expansion of contacts between the secretariats.",
        "Economic integration and transport connectivity were named among the main priorities.",
    ),
    "de": (
        "Die Stärkung der regionalen Sicherheit ist eng mit der Entwicklung {org} verbunden.",
        "Die Mitgliedstaaten verfolgen gemeinsame Ansätze bei der Abwehr neuer Herausforderungen und Bedrohungen.",
        "Besondere Aufmerksamkeit galt der Bekämpfung von Terrorismus, Drogenhandel und illegaler Migration.",
        "Die Seiten betonten, wie wichtig die Abstimmung ihrer Positionen in internationalen Gremien ist.",
        "Die Zusammenarbeit mit {org} im Bereich der Friedenssicherung entwickelt sich beständig.",
        "Das Sekretariat hat Vorschläge zur Verbesserung der rechtlichen Grundlagen der Organisation ausgearbeitet.",
        "Die gemeinsame Arbeit an der Informationssicherheit und am Schutz kritischer Infrastruktur wird fortgesetzt.",
        "Die Seiten hoben die wachsende Rolle der Organisation bei der Wahrung der Stabilität in Eurasien hervor.",
        "Praktische Maßnahmen gegen die Finanzierung des Terrorismus wurden ausführlich erörtert.",
        "Die Delegationen tauschten Meinungen zu aktuellen internationalen und regionalen Fragen aus.",
        "Die Teilnehmer begrüßten den Ausbau der Kontakte zwischen den Sekretariaten.",
        "Wirtschaftliche Integration und Verkehrsanbindung wurden als wichtigste Prioritäten genannt.",
    ),
    "ru": (
        "Укрепление региональной безопасности неразрывно связано с развитием {org}.",
        "Государства-члены придерживаются общих подходов к противодействию новым вызовам и угрозам.",
        "Особое внимание было уделено борьбе с терроризмом, наркотрафиком и незаконной миграцией.",
        "Стороны подчеркнули важность координации позиций на международных площадках.",
        "Сотрудничество в рамках {org} в сфере миротворчества последовательно развивается.",
        "Секретариат подготовил предложения по совершенствованию правовой базы организации.",
        "Продолжается совместная работа в области информационной безопасности и защиты критической инфраструктуры.",
        "Стороны отметили возрастающую роль организации в поддержании стабильности в Евразии.",
        "Подробно рассмотрены практические меры противодействия финансированию терроризма.",
        "Делегации обменялись мнениями по актуальным международным и региональным вопросам.",
        "Участники приветствовали расширение контактов между секретариатами.",
        "Экономическая интеграция и транспортная связанность названы среди главных приоритетов.",
    ),
}  # fmt: skip

TITLES: dict[str, tuple[str, ...]] = {
    "en": ("{a} and {b} to sign a cooperation roadmap", "{a} foreign ministers meet in {city}",
           "{a} summit to be held in {city}", "{a} and {b} hold consultations in {city}",
           "{a} secretary general visits {city}", "{a} discusses regional security with {b}"),
    "de": ("{a} und {b} wollen einen Fahrplan der Zusammenarbeit unterzeichnen",
           "Außenminister der {a} treffen sich in {city}", "Gipfeltreffen der {a} in {city} geplant",
           "{a} und {b} führen Konsultationen in {city}", "{a}-Generalsekretär besucht {city}",
           "{a} erörtert regionale Sicherheit mit {b}"),
    "ru": ("{a} и {b} подпишут дорожную карту сотрудничества", "Главы МИД {a} встретятся в {city}",
           "Саммит {a} пройдёт в {city}", "{a} и {b} провели консультации в {city}",
           "Генсек {a} посетит {city_acc}", "{a} и {b} обсудили региональную безопасность"),
}  # fmt: skip

QUOTE_OPEN = {"de": "„", "en": "“", "ru": "«"}
QUOTE_CLOSE = {"de": "“", "en": "”", "ru": "»"}
SAID = {"de": "sagte {person}", "en": "{person} said", "ru": "заявил {person}"}
