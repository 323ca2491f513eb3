"""Word alternations grouped by first letter match exactly what the plain alternation matches."""

from __future__ import annotations

import pytest
import regex

from detectors import address_words
from detectors.alternation import word_alternation
from tests.detectors.test_pattern_hints import texts

WORD_SETS = {
    name: sorted(getattr(address_words, name), key=len, reverse=True)
    for name in (
        "SUFFIX_TYPES",
        "WEAK_SUFFIX_TYPES",
        "PREFIX_TYPES",
        "PREFIX_ABBREVIATIONS",
        "COMPOUND_ENDINGS",
        "NAME_PARTICLES",
        "UNIT_WORDS",
        "REGION_CODES",
        "ADDRESS_LABELS",
        "ADDRESS_PHRASES",
    )
}


def test_words_are_grouped_by_first_letter_in_order() -> None:
    assert word_alternation(["apartment", "flat", "apt", "fl", "a"]) == "a(?:partment|pt|)|f(?:lat|l)"
    assert word_alternation(["st.", "s"]) == r"s(?:t\.|)"


@pytest.mark.parametrize("words", [["apt", "#"], ["kai", "\u212aelvin"], ["Apt", "apt"], ["ſt", "st"]])
def test_words_stay_whole_when_grouping_could_reorder_them(words: list[str]) -> None:
    assert word_alternation(words) == "|".join(map(regex.escape, words))


@pytest.mark.parametrize("name", sorted(WORD_SETS))
@pytest.mark.parametrize("shape", [r"(?i:{})", r"(?<![\p{{L}}])(?i:{})\.?(?=[ ,]|$)", r"(?:{})"])
def test_grouped_alternation_matches_what_the_plain_one_does(name: str, shape: str) -> None:
    words = WORD_SETS[name]
    plain = regex.compile(shape.format("|".join(map(regex.escape, words))), regex.MULTILINE)
    grouped = regex.compile(shape.format(word_alternation(words)), regex.MULTILINE)
    corpus = "\n".join([*texts()[::5], " ".join(words), " ".join(words).upper(), ", ".join(w.title() for w in words)])
    assert [m.span() for m in grouped.finditer(corpus)] == [m.span() for m in plain.finditer(corpus)]
