"""Postcodes and ZIPs standing on their own: beside a cue, a state or a city; CA and NL shapes anywhere."""

from __future__ import annotations

import pytest

from detectors.regional.postcodes import PostcodeRecognizer


def postcodes(text: str) -> list[str]:
    return [text[r.start : r.end] for r in PostcodeRecognizer().analyze(text, []) if r.score >= 0.5]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ZIP: 3520", "3520"),
        ("zip code 94105-1234", "94105-1234"),
        ("Postcode: 3000", "3000"),
        ("PLZ 10115 Berlin", "10115"),
        ("Code postal : 75008", "75008"),
        ("CP 28013", "28013"),
        ("CAP 00184", "00184"),
        ("postnummer 114 55", "114 55"),
        ("kod pocztowy 00-950", "00-950"),
        ("CEP 01310-100", "01310-100"),
        ("Post code: 34503881", "34503881"),
        ('{"zip": "94105", "city": "San Francisco"}', "94105"),
    ],
)
def test_any_postcode_shape_beside_a_cue(text: str, value: str) -> None:
    assert postcodes(text) == [value]


def test_a_column_header_is_a_cue() -> None:
    assert postcodes("name,postcode,amount\nAnn,2913,450\nBo,3520,12") == ["2913", "3520"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42 Wallaby Way, Sydney NSW 2000", "2000"),
        ("Melbourne, VIC 3000", "3000"),
        ("New York, NY 10001-1234", "10001-1234"),
        ("Ottawa ON K1A 0B1", "K1A 0B1"),
        ("(Pam Horton, South Cheryl 28852)", "28852"),
        ("ulica Czarnieckiego 57/75, 74-045 Kościan", "74-045"),
        ("Drávafürdőhalas H-8093", "H-8093"),
        ("Ship to Springfield 62704, USA", "62704"),
        ("(Josette Peltier, Voisin-sur-Mer 81126)", "81126"),
        ("(Wesley Marchand, Drijber 9403BY)", "9403BY"),
        ("(Ivona Čech, Milevsko 703 21)", "703 21"),
    ],
)
def test_beside_a_state_province_or_city(text: str, value: str) -> None:
    assert postcodes(text) == [value]


@pytest.mark.parametrize(("text", "value"), [("mail it to K1A 0B1 today", "K1A 0B1"), ("at 1012 AB now", "1012 AB")])
def test_canadian_and_dutch_postcodes_anywhere(text: str, value: str) -> None:
    assert postcodes(text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "We shipped 3520 units.",
        "In 2000 AD the rate doubled.",
        "We met in Room 2034, then in March 2024.",
        "Form 1040, Schedule C, line 31: net profit or loss.",
        "The release of Python 3120, tested.",
        "zip the 3520 kg crate",  # "zip" beside a weight
        "Send 3520 to Alex",
    ],
)
def test_not_postcodes(text: str) -> None:
    assert postcodes(text) == []
