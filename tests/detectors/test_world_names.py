"""Lower-case full names in chat text, from the distilled 105-country given-name and surname lists."""

from __future__ import annotations

import pytest

from detectors.world_names import find_lowercase_names, find_surname_first, world_names


def found(text: str) -> list[str]:
    return [text[span.start : span.end] for span in find_lowercase_names(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("john smith and mary jones live at 7 george st, parramatta", ["john smith", "mary jones"]),
        (
            "this is christopher ortega btw, martha clayton gave me your number",
            ["christopher ortega", "martha clayton"],
        ),
        ("ask josé garcía or mehmet yılmaz", ["josé garcía", "mehmet yılmaz"]),
    ],
)
def test_lowercase_full_names(text: str, names: list[str]) -> None:
    assert found(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "we will grant access to the main branch",
        "i told rose about it",
        "import pandas as pd",
        "the default value is set here",
        "please mark down the price",
    ],
)
def test_lowercase_words_are_not_names(text: str) -> None:
    assert found(text) == []


def test_the_lists_cover_many_countries_and_stay_small() -> None:
    names = world_names()
    for name in ("priya", "jose", "josé", "mehmet", "nguyen", "müller"):
        assert name in names.first_names or name in names.surnames
    assert "anonamoose" not in names.first_names and "anonamoose" not in names.surnames
    assert len(names.first_names) + len(names.surnames) < 400_000


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Patient: Naumov, Ljudmila\nDOB: 1990-01-01", ["Naumov, Ljudmila"]),
        ("Okonkwo, Ngozi", ["Okonkwo, Ngozi"]),
        ("Paris, France", []),
        ("Hello, World", []),
    ],
)
def test_surname_first_lines(text: str, names: list[str]) -> None:
    assert [text[s.start : s.end] for s in find_surname_first(text)] == names


def test_particles_join_a_lowercase_name() -> None:
    assert found("this is maurits de gruson btw") == ["maurits de gruson"]
