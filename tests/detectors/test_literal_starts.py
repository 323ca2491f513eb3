"""A word-led regex tried only near its words finds what finditer finds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import addresses, names, places
from detectors.literal_starts import finditer_near, match_starts, matches_at, word_positions
from detectors.regional import postcodes
from tests.detectors.test_pattern_hints import texts

# Cue words in other cases, at the text's edges, inside other words, one after another, and a non-ASCII text.
EXTRA_TEXTS = (
    "They LIVE IN Hallton, she Lives in port karenmouth now; who lives in Ōtaki?",
    "i live in hope. We have MOVED TO Townsendview. has moved to x, just moved to Kudelstaart and",
    "born in Lyon, grew up in Nantes, relocated to Lille; hometown is Metz. based in Oslo, located in Bergen.",
    "live in Bath",
    "Address: 42 Wallaby Way; shipping_address=1 Main St, ADDR line1 LINE2 Street city TOWN; mailing list postcode",
    "on the way to 5 Rue X, on its way; send to Suburb. delivered, officers, situated at, wohnhaft in, resides in",
    "nachricht: Anschrift Straße 5, wohnhaft in München; ſhip to Kelvin street",
    "addraddr adresadres streetstreet",
)


def corpus() -> list[str]:
    return [*texts(), *EXTRA_TEXTS]


@pytest.mark.parametrize(
    ("pattern", "words", "reach"),
    [
        (places.RESIDENCE_CUE, places.RESIDENCE_KEYS, places.RESIDENCE_KEY_REACH),
        (addresses._CUE_HINT, addresses._ASCII_CUE_HINTS, 0),
    ],
    ids=["residence cue", "address cue hint"],
)
def test_finditer_near_finds_what_finditer_finds(
    pattern: regex.Pattern[str], words: tuple[str, ...], reach: int
) -> None:
    for text in corpus():
        expected = [match.span() for match in pattern.finditer(text)]
        assert [match.span() for match in finditer_near(pattern, text, words, reach)] == expected, text[:60]


@pytest.mark.parametrize(
    "phrase",
    [
        "i live in", "we live in", "they live in", "he lives in", "she lives in", "who lives in", "living in",
        "reside in", "resides in", "resided in", "grew up in", "born in", "has moved to", "have moved to",
        "had moved to", "just moved to", "relocated to", "home in", "hometown is", "based in", "located in",
    ],
)  # fmt: skip
def test_every_residence_cue_holds_a_key_within_reach(phrase: str) -> None:
    match = places.RESIDENCE_CUE.match(phrase + " Hallton.")
    assert match is not None and match.group("place") == "Hallton"
    assert any(0 <= phrase.find(key) <= places.RESIDENCE_KEY_REACH for key in places.RESIDENCE_KEYS)


def test_the_address_cue_hint_words_are_its_alternatives() -> None:
    for word in addresses._ASCII_CUE_HINTS:
        assert addresses._CUE_HINT.fullmatch(word.upper()) is not None, word


def test_word_positions() -> None:
    assert word_positions("live lives olive", ["live", "lives"]) == [0, 5, 12]


def test_a_non_ascii_text_is_scanned_whole() -> None:
    text = "ſhe lives in Bath"  # a long s folds to s: not ASCII, so the regex reads it all
    assert [m.span() for m in finditer_near(places.RESIDENCE_CUE, text, ("x",), 0)] == [
        m.span() for m in places.RESIDENCE_CUE.finditer(text)
    ]


# Capitals of other scripts, codes at a line's start and after commas, names after titles and initials.
START_TEXTS = (
    "Dr. J. O'Brien-McDonald met Ms Āperahama; D'Arcy and Mrs Smith-Jones. É. Zola",
    "Austin, TX 78701\\nSydney NSW 2000, Wellington 6011\n2000 Sydney\n, 75002 Paris\nÖrebro 702 10 (SE)",
    "Kloboukova 81, 102 96 Manětín\n1012 AB Amsterdam, Netherlands; Ōtaki 5510.\n\n  90210 Beverly Hills",
    "Melbourne Vic 3000, vic 3000, VIC. 3000, NSWX 2000, ON K1A 0B1, On K1A 0B1, Qld, 4000 and NY  10001-1234",
)


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (names.TOKEN, lambda text: match_starts(names._CAPITAL, text)),
        (postcodes.BESIDE_REGION, postcodes._region_starts),
        (postcodes.BESIDE_CITY, postcodes._city_starts),
    ],
    ids=["census name token", "postcode beside a region", "postcode beside a city"],
)
def test_matches_at_their_starts_are_finditer_s(
    pattern: regex.Pattern[str], starts: Callable[[str], list[int]]
) -> None:
    for text in [*corpus(), *START_TEXTS]:
        expected = [match.span() for match in pattern.finditer(text)]
        assert [match.span() for match in matches_at(pattern, text, starts(text))] == expected, text[:60]


# Keys inside identifiers, after underscores and quotes, in other cases; labels and phrases inside other words.
CUE_TEXTS = (
    'billing_address: 1 Main St\n"shippingAddress": "2 High St"\n\'STREET\' = 3 Low Rd\nx_y_City is Springfield',
    "readdress: 4 Elm St; mailing address ... 5 Oak Ave\nlives at 6 Pine Rd, on the  way to 7 Ash Ln. adresse: 8 Rue",
    "customer_billing_address_line1=9 Main St\n9address: 1 X St\nmy_addr_2: 10 Y St\n_town: Dunedin\n'suburb': 'Kew'",
)


def test_address_cues_are_found_where_the_window_scan_finds_them() -> None:
    for text in [*corpus(), *CUE_TEXTS]:
        hints = [m.span() for m in addresses._CUE_HINT.finditer(text)]
        windows = addresses._merged(hints, 40, 180, len(text))
        expected = [m.span() for start, end in windows for m in addresses.CUE.finditer(text, start, end)]
        assert [m.span() for m in addresses._cue_matches(text, windows)] == expected, text[:60]
    assert len(addresses._cue_matches(CUE_TEXTS[2], [(0, len(CUE_TEXTS[2]))])) >= 4


@settings(max_examples=300, deadline=None)
@given(st.text("abc ", max_size=20), st.lists(st.text("abc", max_size=3), max_size=5))
def test_word_positions_are_every_start_of_every_word(lowered: str, words: list[str]) -> None:
    expected = sorted({at for word in words for at in range(len(lowered) + 1) if lowered.startswith(word, at)})
    assert word_positions(lowered, words) == expected
