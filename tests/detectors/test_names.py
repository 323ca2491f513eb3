"""The names layer: census first names and surnames, scored by how much evidence the text gives."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from detectors.name_cues import NameCueRecognizer
from detectors.name_forms import NameFormRecognizer
from detectors.names import (
    FIRST_NAME_SCORE,
    FULL_NAME_SCORE,
    RECOGNIZERS,
    SURNAME_SCORE,
    CensusNameRecognizer,
    census_names,
    is_common_word,
)
from detectors.world_names import LowercaseNameRecognizer

MIN_SCORE = 0.5  # the engine's default threshold
RECOGNIZER = CensusNameRecognizer()


def spans(text: str) -> list[tuple[str, float]]:
    """(matched text, score) for every result, in order."""
    results = sorted(RECOGNIZER.analyze(text, ["PERSON"]), key=lambda result: result.start)
    return [(text[result.start : result.end], round(result.score, 4)) for result in results]


def kept(text: str) -> list[tuple[str, float]]:
    """What survives the engine's default minimum score."""
    return [(span, score) for span, score in spans(text) if score >= MIN_SCORE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Sarah O'Connor reviewed it", [("Sarah O'Connor", FULL_NAME_SCORE)]),
        ("Please ask John Smith about the claim.", [("John Smith", FULL_NAME_SCORE)]),
        ("Sarah Johnson called.", [("Sarah Johnson", FULL_NAME_SCORE)]),  # a pair needs no mid-sentence capital
        ("cc Mary J. Brown-Jones on it", [("Mary J. Brown-Jones", FULL_NAME_SCORE)]),
        ("Ronald McDonald and Kevin O’Brien met", [("Ronald McDonald", 0.85), ("Kevin O’Brien", 0.85)]),
        ("Dear Mary Anne Williams,", [("Mary Anne Williams", FULL_NAME_SCORE)]),
        ("Will Smith sings", [("Will Smith", FULL_NAME_SCORE)]),
        ("Will Sarah Smith attend?", [("Sarah Smith", FULL_NAME_SCORE)]),
        ("Ask Mr. Brown and Prof Long today", [("Brown", FULL_NAME_SCORE), ("Long", FULL_NAME_SCORE)]),
        ('name = "Sarah Smith"', [("Sarah Smith", FULL_NAME_SCORE)]),
        ("Signed, Dr. J. Nguyen", [("Nguyen", FULL_NAME_SCORE)]),
        ("I met David yesterday", [("David", FIRST_NAME_SCORE)]),
        ("Thanks for Sarah's report", [("Sarah", FIRST_NAME_SCORE)]),
        ("We thanked William and Jennifer", [("William", 0.6), ("Jennifer", 0.6)]),
    ],
)
def test_names_found_at_or_above_the_default_threshold(text: str, expected: list[tuple[str, float]]) -> None:
    assert kept(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the report from Nguyen", [("Nguyen", SURNAME_SCORE)]),  # a lone surname is too ambiguous
        ("Sarah reviewed it", [("Sarah", FIRST_NAME_SCORE * 0.5)]),  # sentence start says nothing
        ("ok. David will check", [("David", FIRST_NAME_SCORE * 0.5)]),
        ("ask Mark about it", [("Mark", FIRST_NAME_SCORE * 0.5)]),  # common English word
        ("Mark Brown called.", [("Mark Brown", FULL_NAME_SCORE * 0.5)]),  # every word is common English
    ],
)
def test_weak_evidence_scores_below_the_threshold(text: str, expected: list[tuple[str, float]]) -> None:
    assert spans(text) == [(span, round(score, 4)) for span, score in expected]


@pytest.mark.parametrize(
    "text",
    [
        "Will you mark the rose garden as done? Grace period is May.",
        "Hope you are well. Young people like Long walks.",
        "The release moves from May to June, then August.",
        "Bill me later; White paper due in April.",
        "Please email Priya Raghunathan about the claim",  # neither name is on the census lists
        "user.getName() johnSmith JohnSmith SarahConnor get_john_smith()",
        "import os.path as Path; from app.Models import Sarah_Smith",
        "JOHN SMITH and SARAH_JONES are ALL_CAPS constants",
        "mail john.smith@example.com or see /home/Sarah/notes and Sarah.Connor",
        "version 1.2.3 commit 3f786850e387550fdab836ed7e6dc881de23001b uuid 123e4567-e89b-12d3-a456-426614174000",
        "class UserProfile(BaseModel):\n    first_name: str\n    def Mark(self): pass",
        "My Long White House Brown Young",
    ],
)
def test_nothing_reaches_the_threshold(text: str) -> None:
    assert kept(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "getJohn() and JohnSmith",
        "x.Sarah and Sarah_x and Sarah-x and sarah",
        "JOHN SMITH",
        "john@Smith.com",
    ],
)
def test_code_identifiers_and_caps_are_never_candidates(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("will", True),
        ("may", True),
        ("mark", True),
        ("bill", True),
        ("grace", True),
        ("hope", True),
        ("young", True),
        ("brown", True),
        ("white", True),
        ("long", True),
        ("june", True),
        ("sarah", False),
        ("david", False),
        ("john", False),
        ("william", False),
        ("jennifer", False),
        ("smith", False),
        ("johnson", False),
        ("raghunathan", False),  # rare words are never common
    ],
)
def test_common_english_words_are_told_from_names(word: str, common: bool) -> None:
    assert is_common_word(word) is common


def test_census_lists_are_read_from_the_names_package() -> None:
    names = census_names()
    assert {"sarah", "james", "mary"} <= names.first_names
    assert {"smith", "obrien", "mcdonald", "oconnor"} <= names.surnames
    assert "raghunathan" not in names.surnames
    assert census_names() is names  # read once


def test_other_entities_are_not_answered() -> None:
    assert RECOGNIZER.analyze("Please ask John Smith", ["EMAIL_ADDRESS"]) == []
    assert len(RECOGNIZER.analyze("Please ask John Smith", [])) == 1


def test_results_carry_presidio_metadata_and_layer_tag() -> None:
    [result] = RECOGNIZER.analyze("Please ask John Smith", ["PERSON"])
    assert result.entity_type == "PERSON"
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "CensusNameRecognizer"
    assert result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == RECOGNIZER.id
    assert list(RECOGNIZERS) == [CensusNameRecognizer, NameCueRecognizer, NameFormRecognizer, LowercaseNameRecognizer]
    assert (CensusNameRecognizer.LAYER, CensusNameRecognizer.COUNTRY_CODE) == ("names", None)


def test_long_text_finds_every_occurrence() -> None:
    text = "Please ask John Smith. " * 2000
    found = RECOGNIZER.analyze(text, ["PERSON"])
    assert len([result for result in found if result.score >= MIN_SCORE]) == 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We moved the database to Amazon Aurora last week.", []),  # a census name after a product is a product
        ("Open it in Google  Chrome and Microsoft Teams", []),
        ("Ask Aurora about the database", [("Aurora", FIRST_NAME_SCORE)]),  # no product before it
    ],
)
def test_a_census_name_right_after_a_product_word_does_not_count(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(s, sc) for s, sc in spans(text) if sc >= FIRST_NAME_SCORE] == expected


def test_classify_word_reads_each_spelling_once_and_keeps_the_offsets() -> None:
    from detectors.names import classify_word

    text = "Sarah met Sarah-Jones and Xyzzy"
    first, second = classify_word(text, 0, 5), classify_word(text, 10, 21)
    assert first is not None and (first.start, first.end, first.is_first) == (0, 5, True)
    assert second is not None and (second.start, second.end) == (10, 21)
    assert classify_word(text, 26, 31) is None
    again = classify_word("Hi Sarah", 3, 8)
    assert again is not None and (again.start, again.end, again.is_first) == (3, 8, True)
