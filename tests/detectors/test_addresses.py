"""Street addresses as one span, in many languages, with units, boxes and the city, region and postcode after."""

from __future__ import annotations

import pytest

from detectors.addresses import AddressRecognizer, find_addresses


def found(text: str) -> list[str]:
    return [text[span.start : span.end] for span in find_addresses(text)]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # the examples, each whole
        (
            "6750 Koskikatu 25 Apt. 864, Artilleros, CO, Uruguay 64677",
            "6750 Koskikatu 25 Apt. 864, Artilleros, CO, Uruguay 64677",
        ),
        ("PSC 0413, Box 8144, APO AA 42323", "PSC 0413, Box 8144, APO AA 42323"),
        ("Rua do Arenque 1634, Goiânia", "Rua do Arenque 1634, Goiânia"),
        ("42 Wallaby Way, Sydney NSW 2000", "42 Wallaby Way, Sydney NSW 2000"),
        ("we live at 7 george st, parramatta", "7 george st, parramatta"),
        # number first, type after; units before and after
        ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "1600 Pennsylvania Avenue NW, Washington, DC 20500"),
        ("Unit 3/45 Smith St, Parramatta NSW 2150", "Unit 3/45 Smith St, Parramatta NSW 2150"),
        ("Flat 88, Terry Square, Port Jasmine, G3 6GS", "Flat 88, Terry Square, Port Jasmine, G3 6GS"),
        (
            "Flat 2, 10 Downing Street\nLondon SW1A 2AA\nUnited Kingdom",
            "Flat 2, 10 Downing Street\nLondon SW1A 2AA\nUnited Kingdom",
        ),
        ("of 650 Monk-Porter Beach Road, Cameron Hill 2530. The", "650 Monk-Porter Beach Road, Cameron Hill 2530"),
        ("damaged outside 112 Irina Harbors in Bondarenkoshire.", "112 Irina Harbors in Bondarenkoshire"),
        # type first: French, Spanish, Portuguese, Italian, Polish
        ("Send it to 12 rue de la Paix, 75002 Paris, France please", "12 rue de la Paix, 75002 Paris, France"),
        ("Calle Mayor, 5, Piso 3º, Madrid", "Calle Mayor, 5, Piso 3º, Madrid"),
        ("Via Roma 10, Milano", "Via Roma 10, Milano"),
        ("Piazza Gabrieli, 911, 76121, Barletta (BT)", "Piazza Gabrieli, 911, 76121, Barletta (BT)"),
        ("ul. Długa 12, 00-950 Warszawa", "ul. Długa 12, 00-950 Warszawa"),
        # compound street words: German, Swedish, Finnish; type after the name: Danish, Hungarian, Estonian
        ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"),
        ("Storgatan 3, 111 22 Stockholm", "Storgatan 3, 111 22 Stockholm"),
        ("Kongens gade 12, 1264 København K", "Kongens gade 12, 1264 København K"),
        ("Andrássy út 5, Budapest", "Andrássy út 5, Budapest"),
        ("Zalaegerszegi utca 119., H-2773 Dunaújváros.", "Zalaegerszegi utca 119., H-2773 Dunaújváros"),
        ("Pärnu maantee 10, Tallinn", "Pärnu maantee 10, Tallinn"),
        # a bare street and number before a postcode (Czech, Dutch)
        ("of Kloboukova 81, 102 96 Manětín. The", "Kloboukova 81, 102 96 Manětín"),
        # the city and postcode on the next line
        ("residing at Puusepänkatu 88\n95634 Kemiönsaari. Deposit paid", "Puusepänkatu 88\n95634 Kemiönsaari"),
        ("residing at Třebihošťská 9\n775 64 Habartov. Deposit", "Třebihošťská 9\n775 64 Habartov"),
        ("residing at 927 Randall Range\nPort Kevin, ACT, 0249. Deposit", "927 Randall Range\nPort Kevin, ACT, 0249"),
        ("Open home at ulica Tulipanowa 122, 03-658 Chojnice. Agent", "ulica Tulipanowa 122, 03-658 Chojnice"),
        ("at Ioannis-Pohl-Ring 8, 01834 Freising. Agent", "Ioannis-Pohl-Ring 8, 01834 Freising"),
        # lower-case chat
        ("calling about the flat on székfai utca 84, could you", "székfai utca 84"),
        ("calling about the flat on melissastraat 07, could you ring", "melissastraat 07"),
        ("parcel for jill davis went to 2267 jones crescent by mistake", "2267 jones crescent"),
        ("calling about the flat on 316 payne village, could you", "316 payne village"),
        ("went to 67, chemin de toussaint by mistake lol", "67, chemin de toussaint"),
        # boxes
        ("P.O. Box 123, Springfield, IL 62704", "P.O. Box 123, Springfield, IL 62704"),
        # cues
        ("Street: 5953 John Mission Apt. 554", "5953 John Mission Apt. 554"),
        ("Address ..... Somewhere Lane End 7\nNext", "Somewhere Lane End 7"),
    ],
)
def test_an_address_is_one_span(text: str, address: str) -> None:
    assert address in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "we have 3 open court cases today",
        "she is on 3 hill walks a week",
        "The Committee 5 met on Friday",
        "Windows 10 Update Center is open",
        "Segmentation fault at address 0x00007ffd5e8c3a10, rip 0x000055d1c2a4b3f0",
        "The 09:30 standup moved to 09:45 because the 09:00 planning session overran.",
        '{"ip_address": "10.0.0.1", "email_address": "a@b.example"}',
        "Python 3, the best release so far",
        "Member born on March 9, 1971 is eligible",
        "Amount due: AUD 3,960.00 incl. GST",
    ],
)
def test_text_without_an_address_has_none(text: str) -> None:
    assert found(text) == []


def test_a_json_city_key_gives_a_location() -> None:
    text = '{"street": "Tamme tänav 5", "city": "Tartu"}'
    results = AddressRecognizer().analyze(text, [])
    assert sorted((text[r.start : r.end], r.entity_type) for r in results) == [
        ("Tamme tänav 5", "ADDRESS"),
        ("Tartu", "LOCATION"),
    ]


def test_a_capitalised_word_on_the_next_line_is_not_a_city_by_itself() -> None:
    assert found("See 42 Foo Street\nThanks a lot") == ["42 Foo Street"]


def test_a_month_or_weekday_after_a_street_is_not_its_city() -> None:
    assert found("I left it at 12 Baker Street in March") == ["12 Baker Street"]
