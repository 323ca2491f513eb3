"""The plain street form tried only where it can start finds what a scan of the window finds."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import addresses
from detectors.street_starts import ascii_prefixes, before_shapes, candidate_starts
from tests.detectors.test_literal_starts import corpus

PLAIN = addresses._STREETS[False, False]

# Units, prefix types and house-number words in other cases and at a text's edges, next to refused characters.
EDGE_TEXTS = (
    "flat 2, terry square; FLAT 3, Norman Row; unit 4/12 george st; no. 5 main road; NR 7 high st; s/n calle mayor",
    "#12 Main Street, apt 3b 42 wallaby way, rua do arenque 1634 and RUA DO SOL 12, via roma 10, c/ mayor 5",
    "x-12 Main St, a.12 Main St, _12 Main St, @12 Main St, 12 main st",
    "Kloboukova 81\n102 96 Manetin; Na Laurove 301, 150 00 Praha",
)


def test_ascii_prefixes_cut_at_a_character_ascii_can_match_and_drop_a_word_it_cannot() -> None:
    assert ascii_prefixes(["Apt", "étage", "\u017ftraat", "nº", "no"]) == ("apt", "", "no")


@settings(max_examples=300, deadline=None)
@given(st.text("aAbB0#/.-_@ \n", max_size=25))
def test_candidates_are_the_positions_the_look_behind_allows_with_an_allowed_start(text: str) -> None:
    prefixes = ("ab", "b/")
    expected = [
        p
        for p in range(len(text))
        if (p == 0 or not regex.match(r"[\p{L}\p{N}_@./-]", text[p - 1]))
        and (text[p] in "AB0#" or text.lower().startswith(prefixes, p))
    ]
    assert candidate_starts(text, text.lower(), before_shapes(text), 0, len(text), prefixes) == expected


@pytest.mark.parametrize("text", [*corpus(), *EDGE_TEXTS])
def test_the_plain_form_at_its_candidates_is_finditer_s(text: str) -> None:
    if not text.isascii():
        return
    shapes = before_shapes(text)
    for start, end in [(0, len(text)), *addresses._windows(text)]:
        starts = candidate_starts(text, text.lower(), shapes, start, end, addresses._PLAIN_STARTS)
        expected = [m.span() for m in PLAIN.finditer(text, start, end)]
        assert [m.span() for m in addresses.matches_at(PLAIN, text, starts, end)] == expected


def test_the_edge_texts_hold_plain_streets() -> None:
    assert all(PLAIN.search(text) for text in EDGE_TEXTS)
