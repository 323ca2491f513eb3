"""Other mentions of a person already found get the same PERSON detection."""

from __future__ import annotations

import pytest

from detectors.coreference import REPEAT_SCORE, repeated_names
from detectors.types import Detection


def person(text: str, value: str, layer: str = "ner", score: float = 0.85) -> Detection:
    start = text.index(value)
    return Detection(start, start + len(value), "PERSON", score, layer)


def repeats(text: str, found: list[Detection]) -> list[tuple[int, str]]:
    return [(d.start, text[d.start : d.end]) for d in repeated_names(text, found) if d.score == REPEAT_SCORE]


EMAIL = "On Tue, Maricel Dela Cruz wrote:\n> Hi all, moved the call.\n> Maricel"


@pytest.mark.parametrize(
    ("text", "source", "layer", "score", "expected"),
    [
        # a full name's rare words are found again alone (and in the name itself, which overlaps resolve)
        (EMAIL, "Maricel Dela Cruz", "ner", 0.85, ["Maricel", "Dela", "Cruz", "Maricel"]),
        # a lone name a cue found is trusted too
        ("Hi Siobhan, ... Siobhan's laptop", "Siobhan", "names", 0.75, ["Siobhan", "Siobhan"]),
    ],
)
def test_repeated_mentions_are_found(text: str, source: str, layer: str, score: float, expected: list[str]) -> None:
    found = repeats(text, [person(text, source, layer, score)])
    assert [value for _, value in found] == expected


@pytest.mark.parametrize(
    ("text", "source", "layer"),
    [
        ("Merge branch x\nMerge: 123", "Merge", "ner"),  # a lone spaCy word may be a verb: never spread
        ("Will Smith said so. Will you come?", "Will Smith", "ner"),  # common words do not identify anyone
        ("Grace Park joined. Park the car.", "Grace Park", "ner"),
        ("Sarah Smith joined; see sarah_smith.py", "Sarah Smith", "ner"),  # identifiers are not mentions
    ],
)
def test_common_words_and_lone_spacy_words_do_not_spread(text: str, source: str, layer: str) -> None:
    start = text.index(source)
    found = repeats(text, [person(text, source, layer)])
    assert all(position == start or position in range(start, start + len(source)) for position, _ in found)


def test_other_entity_types_do_not_spread() -> None:
    text = "Aroha Ngata lives at Aroha Street"
    assert repeated_names(text, [Detection(0, 11, "LOCATION", 0.9, "ner")]) == []
