"""Places from the shipped GeoNames list: cities and towns typed LOCATION, regions only when switched on."""

from __future__ import annotations

import pytest

from detectors import places
from detectors.gazetteer import is_place, is_region
from detectors.places import find_places
from tests.detectors.test_pattern_hints import texts


def found(text: str, with_regions: bool = False) -> list[str]:
    return [text[span.start : span.end] for span in find_places(text, with_regions)]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("She moved to Parramatta last year, then to Toowoomba.", ["Parramatta", "Toowoomba"]),
        ("The depot near Goiânia closed.", ["Goiânia"]),
        ("Our office in Reading is small.", ["Reading"]),  # a common word after a place cue
        ("He was born in Sydney, Australia.", ["Sydney"]),  # a first name too: the cue says place
        ("Springfield, IL is where it happened", ["Springfield"]),
        ("Kestrel Logistics\nGracefurt, United Kingdom\nContact", ["Gracefurt"]),  # unknown, before a country
        ("Bluewater Analytics\nSan Savino Di Monte Colombo, Italy\n", ["San Savino Di Monte Colombo"]),
        ("i live in port karenmouth now", ["port karenmouth"]),  # lower case after a residence cue
        ("She has moved to Townsendview.", ["Townsendview"]),
    ],
)
def test_places_found(text: str, places: list[str]) -> None:
    assert found(text) == places


@pytest.mark.parametrize(
    "text",
    [
        "The June release adds dark mode; in May we focused on bug fixes.",  # months are never places
        "Invoice dated 14/03/2025, due 13/04/2025",  # an everyday word opening a sentence
        "Lot 0423-B expires 2026-11-30",
        "Ask Sydney about the report.",  # a first name without a place cue
        "We are reading the docs.",
        "Our team in Uruguay and Texas is growing.",  # countries and states stay
        "i live in hope",
        "we moved to production last week",
        "I met John, France was great",
    ],
)
def test_not_places(text: str) -> None:
    assert found(text) == []


def test_regions_are_found_when_switched_on() -> None:
    assert found("Our team in Uruguay and Texas is growing.", with_regions=True) == ["Uruguay", "Texas"]


def test_the_lists_hold_towns_and_regions_apart() -> None:
    assert is_place("Parramatta") and is_place("goiania") and not is_place("Uruguay")
    assert is_region("Uruguay") and is_region("texas")


# Particles inside and outside runs, names after apostrophes and marks, runs at the text's edges, double spaces.
TOKEN_TEXTS = (
    "Rio de Janeiro, the de la Paz, San Savino Di Monte Colombo; O'Brien-Smith St. Kilda  Road; de Paris",
    "Saint-Étienne, Ōtaki and Queenstown. von der Heide the Hague, la Rochelle Le Havre; vAN Dyke x.Paris",
    "Frankfurt am Main\nNew  York, São Paulo e Rio, Mount Cook du Lac",
)


def test_place_tokens_are_the_runs_a_full_token_scan_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = [*texts(), *TOKEN_TEXTS]
    found = [places.find_places(text, with_regions=True) for text in corpus]
    monkeypatch.setattr(places, "place_tokens", lambda text: list(places.TOKEN.finditer(text)))
    assert [places.find_places(text, with_regions=True) for text in corpus] == found
    assert any(found[-3:])


def test_a_name_is_listed_as_a_region_or_a_place_or_not_at_all() -> None:
    from detectors.places import _listed

    assert _listed("Texas") == (True, "texas")
    assert _listed("Parramatta") == (False, "parramatta")
    assert _listed("May") is None  # a month, never a place
    assert _listed("Xyzzyville") is None
