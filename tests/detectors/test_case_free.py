"""Case-free patterns are compiled without IGNORECASE: only where that cannot change a match."""

from __future__ import annotations

import pytest
import regex
from presidio_analyzer import Pattern, PatternRecognizer

from detectors.detection_settings import DetectionSettings, parse_locales
from detectors.engine import build_recognizers
from detectors.patterns import compiled, is_case_free
from tests.detectors.test_pattern_hints import EXTRA_TEXTS, texts

# Every code point a str can hold.
EVERY_CHARACTER = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)


@pytest.mark.parametrize(
    "probe", [r"[\x00-\x40\x5b-\x60\x7b-\x7f]", r"\d", r"\D", r"\w", r"\W", r"\s", r"\S", r".", r"\b", r"\B"]
)
def test_what_a_case_free_regex_is_made_of_matches_the_same_under_ignorecase(probe: str) -> None:
    """The premise: no character folds to an ASCII non-letter, and the escapes allowed do not read case."""
    plain = regex.compile(probe, regex.DOTALL)
    folded = regex.compile(probe, regex.DOTALL | regex.IGNORECASE)
    assert [m.span() for m in plain.finditer(EVERY_CHARACTER)] == [m.span() for m in folded.finditer(EVERY_CHARACTER)]


@pytest.mark.parametrize(
    "pattern_regex",
    [
        r"(?<![\w.-])[0-9]{12,19}(?![\w-])(?!\.[0-9])",
        r"(?<![\w.-])[0-9]{4}(?P<sep>  |[ .-])[0-9]{3,6}(?:(?P=sep)[0-9]{3,5}){0,3}",
        r"(?<![\w/.:-])(?:0?[1-9]|3[01])(?P<sep>[/.-])(?:0?[1-9])(?P=sep)",
        r"\d{3}-\d{2}",
        r"[-0-9]",
        r"[]0-9]",
    ],
)
def test_case_free(pattern_regex: str) -> None:
    assert is_case_free(pattern_regex)


@pytest.mark.parametrize(
    "pattern_regex",
    [
        r"\b[1-79]\d{2}([- ])\d{3}\1\d{3}\b",  # a numbered backreference
        r"(?P<x>\w)(?P=x)",  # a backreference to a group that may hold a letter
        r"(?P<x>.)(?P=x)",
        r"(?P<x>[^ ])(?P=x)",
        r"(?P<x>[ -])\d(?P=y)",
        r"[!-~]",  # a range spanning letters
        r"[+-A]",
        r"[\--9]",
        r"[0-9a]",
        r"(?i:x)\d",
        r"\p{N}",
        r"\x41",
        r"’\d",
    ],
)
def test_not_case_free(pattern_regex: str) -> None:
    assert not is_case_free(pattern_regex)


def case_free_patterns() -> list[tuple[PatternRecognizer, Pattern]]:
    recognizers = build_recognizers(DetectionSettings(locales=parse_locales("all")))
    return [
        (recognizer, pattern)
        for recognizer in recognizers
        if isinstance(recognizer, PatternRecognizer) and (recognizer.global_regex_flags or 0) & regex.IGNORECASE
        for pattern in recognizer.patterns
        if is_case_free(pattern.regex)
    ]


def test_the_card_date_and_id_number_patterns_are_case_free() -> None:
    names = {pattern.name for _, pattern in case_free_patterns()}
    assert {"card (plain)", "card (groups)", "date (d/m/y or m/d/y)", "US SSN shape near its name"} <= names


def test_a_case_free_pattern_is_compiled_without_ignorecase() -> None:
    recognizer, pattern = case_free_patterns()[0]
    flags = recognizer.global_regex_flags or 0
    assert not compiled(pattern, flags).flags & regex.IGNORECASE
    assert pattern.compiled_with_flags == flags


def test_case_free_patterns_match_the_same_as_with_ignorecase() -> None:
    corpus = "\n".join([*texts(), *EXTRA_TEXTS])
    corpus += " 4111 1111 1111 1111 12/03/1985 1985-03-12 123-45-6789 ſ K ß İ ı"
    for recognizer, pattern in case_free_patterns():
        flags = recognizer.global_regex_flags or 0
        expected = [m.span() for m in regex.compile(pattern.regex, flags).finditer(corpus)]
        assert [m.span() for m in compiled(pattern, flags).finditer(corpus)] == expected, pattern.name
