"""The address regex runs only in windows around words that can anchor a street: fewer windows, same addresses."""

from __future__ import annotations

import pytest

from detectors.addresses import _windows, find_addresses


def windowed(text: str) -> bool:
    return bool(_windows(text))


@pytest.mark.parametrize(
    "text",
    [
        "int c = 42; return c + 7;",  # "c" is an anchor only as "c/"
        "during 2019 the string had 12 entries",  # common words ending in "ring"
        "al 5 per cent, ul 12",  # stems without their full stop
    ],
)
def test_words_that_cannot_anchor_a_street_open_no_window(text: str) -> None:
    assert not windowed(text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Envíalo a C/ Mayor 5, Madrid", "C/ Mayor 5, Madrid"),
        ("Adres: ul. Długa 12, Gdańsk", "ul. Długa 12, Gdańsk"),
        ("6750 Koskikatu 25 Apt. 864, Artilleros", "6750 Koskikatu 25 Apt. 864, Artilleros"),
        ("Sie wohnt in der Hauptstraße 5, Berlin", "Hauptstraße 5, Berlin"),
        ("Wohnt am Ostring 12, 04105 Leipzig", "Ostring 12, 04105 Leipzig"),  # a rare word ending in "ring",
    ],
)
def test_real_anchors_still_open_windows_and_find_the_address(text: str, address: str) -> None:
    assert windowed(text)
    assert any(address in text[span.start : span.end] for span in find_addresses(text))


def test_a_hyphenated_compound_keeps_its_window() -> None:
    # the compound runs over the hyphen, so the common word after it does not decide
    assert windowed("Saint-Spring 4")
