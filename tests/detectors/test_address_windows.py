"""The address regex runs only in windows around words that can anchor a street: fewer windows, same addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import addresses
from detectors.addresses import _windows, find_addresses
from tests.detectors.test_literal_starts import corpus


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


def _eval_texts() -> list[str]:
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "scripts" / "eval"
    return [json.loads(line)["text"] for path in sorted(folder.glob("*labelled.jsonl")) for line in path.open()]


def test_the_lean_street_regexes_find_what_street_finds_where_they_are_used() -> None:
    from detectors import addresses

    lean = {False: 0, True: 0}
    for text in _eval_texts() + [" ".join(WINDOW_EDGES)]:
        for start, end in [*_windows(text), (0, len(text))]:
            key = (
                addresses._may_hold_compound(text, start, end),
                addresses._TYPE_THEN_NUMBER.search(text, start, end) is not None,
            )
            lean[key != (True, True)] += 1
            full = [(m.span(), m.groupdict()) for m in addresses.STREET.finditer(text, start, end)]
            used = [(m.span(), m.groupdict()) for m in addresses._STREETS[key].finditer(text, start, end)]
            assert used == full, text[start:end]
    assert lean[True] > lean[False]


# Compound streets at a run's edges: after a hyphen, before one, with an abbreviated ending, in capitals.
WINDOW_EDGES = (
    "Ab-ring 5, 1234 Town\n",
    "Haupt-Strasse-Nord 7\n",
    "Hauptstr. 9, 12345 Berlin\n",
    "KOSKIKATU 25\n",
    "12 Plads-vej 3, Oslo\n",
)


def test_compound_endings_that_an_ascii_text_can_match_are_checked() -> None:
    """The ASCII test knows every ending an ASCII text can match: the others hold letters no ASCII letter matches."""
    import regex

    from detectors import addresses
    from detectors.address_words import COMPOUND_ENDINGS

    ascii_letters = [chr(c) for c in range(128) if chr(c).isalpha()]
    for ending in COMPOUND_ENDINGS:
        if ending.isascii():
            assert regex.fullmatch(r"[a-z]+\.?", ending.lower()), ending
            assert ending.lower().rstrip(".") in addresses._ASCII_ENDINGS
        else:
            assert any(
                not char.isascii() and not any(regex.fullmatch(f"(?i:{regex.escape(char)})", a) for a in ascii_letters)
                for char in ending
            ), ending
    for text in WINDOW_EDGES:
        assert addresses._may_hold_compound(text, 0, len(text)), text
        assert any(addresses.STREET.finditer(text)), text


@pytest.mark.parametrize(
    ("text", "address"),
    [("Bor i Kongens gade 12, København", "Kongens gade 12"), ("Lakás: Andrássy út 5, Budapest", "Andrássy út 5")],
)
def test_a_type_before_the_number_is_still_found(text: str, address: str) -> None:
    assert any(address in text[span.start : span.end] for span in find_addresses(text))


@pytest.mark.parametrize(
    "text",
    ["PO BOX 12, Alice Springs", "Postboks 44, Oslo", "PSC 1234, Box 5678\nAPO AE 09876", "Apartado 12, Madrid"],
)
def test_box_anchors_in_any_case_still_find_the_box(text: str) -> None:
    from detectors import addresses

    assert addresses._boxes(text)
    assert addresses._boxes(text.lower())


def test_the_box_anchor_words_skip_only_texts_without_a_box(monkeypatch: pytest.MonkeyPatch) -> None:
    from detectors import addresses

    texts = _eval_texts()
    quick = [addresses._boxes(text) for text in texts]
    monkeypatch.setattr(addresses, "_BOX_ANCHOR_WORDS", ("",))  # every text then runs the anchor regex
    assert [addresses._boxes(text) for text in texts] == quick
    assert sum(map(bool, quick)) >= 5


def _regex_anchor_words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in addresses._TEXT_WORD.finditer(text) if addresses._is_anchor(m.group())]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(("Street", "st", "road", "Koskikatu", "ring", "Ave", "C", "ul", "Straße")), st.text()
        ),
        max_size=10,
    ).map(" ".join)
)
def test_anchor_words_are_the_regex_s(text: str) -> None:
    assert addresses._anchor_words(text) == _regex_anchor_words(text)
    ascii_only = text.encode("ascii", "ignore").decode()
    assert addresses._anchor_words(ascii_only) == _regex_anchor_words(ascii_only)


@pytest.mark.parametrize("text", corpus())
def test_anchor_words_in_the_corpus_are_the_regex_s(text: str) -> None:
    assert addresses._anchor_words(text) == _regex_anchor_words(text)
