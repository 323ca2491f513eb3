"""Phones of every country: +CC forms anywhere, national and short local forms only beside a phone cue."""

from __future__ import annotations

import pytest

from detectors.regional.phones import PhoneNumberRecognizer


def phones(text: str, locales: tuple[str, ...] = ("AU", "NZ", "UK", "US")) -> list[str]:
    results = PhoneNumberRecognizer(locales).analyze(text, [])
    return [text[r.start : r.end] for r in results if r.score >= 0.5]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ring +1-984-182-0190 tomorrow.", "+1-984-182-0190"),  # possible, though 182 is no NANP exchange
        ("Stockholm desk: +46 (0)8 928 571 38", "+46 (0)8 928 571 38"),
        ("Brazil office +55 11 98456 5666, ask for Ana", "+55 11 98456 5666"),
        ("sales +44 20 7946 0958 ext. 204 until five", "+44 20 7946 0958 ext. 204"),
        ("Adam Kruzel (0048 671-829-582)", "0048 671-829-582"),
        ("Callback 001-406-754-2035x141.", "001-406-754-2035x141"),
        ("(+61) 412 345 678 is hers", "(+61) 412 345 678"),
    ],
)
def test_international_forms_are_found_anywhere_whole(text: str, value: str) -> None:
    assert phones(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Phone: 0490 75 40 81", "0490 75 40 81"),
        ("call me on 9472 7916", "9472 7916"),
        ("Tel. 030 901820", "030 901820"),
        ("T: 0612345678", "0612345678"),
        ("her number is 06590 97475", "06590 97475"),
        ("left voicemail on (22)/682-7464 twice", "(22)/682-7464"),
        ("WhatsApp me at 612.345.678", "612.345.678"),
        ("a note with Luke's number, 4925021.", "4925021"),
    ],
)
def test_national_and_short_local_forms_are_found_beside_a_cue(text: str, value: str) -> None:
    assert phones(text) == [value]


def test_a_column_header_is_a_cue() -> None:
    text = "name,mobile,city\nAnn Lee,0490 75 40 81,Avignon\nBo Chen,9472 7916,Perth"
    assert phones(text) == ["0490 75 40 81", "9472 7916"]


@pytest.mark.parametrize(
    "text",
    [
        "Order 0490 75 40 81 shipped on Monday.",  # national shape, no cue
        "call me after 2024-05-21 please",  # a date
        "phone home from 192.168.10.254 today",  # an IP address
        "call costs 1234567.89 in total",  # an amount
        "Build 1234567 passed.",
        "+ 12345678 is not a number with a plus",
        "x+61412345678",  # glued to a word
        "phone 123456",  # six digits
        "call 1234567890123456",  # sixteen digits
    ],
)
def test_not_phones(text: str) -> None:
    assert phones(text) == []


def test_locale_regions_score_a_valid_national_number_higher() -> None:
    text = "mobile 0412 345 678"
    (au,) = PhoneNumberRecognizer(("AU",)).analyze(text, [])
    (us,) = PhoneNumberRecognizer(("US",)).analyze(text, [])
    assert au.score > us.score >= 0.5
