"""Digit-led patterns tried only at the digits that start a word find what a scan of their region finds."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import Pattern

from detectors import digit_starts
from detectors.patterns import compiled
from detectors.regional import start_hints
from detectors.regional.universal import UniversalPatternRecognizer
from tests.detectors.test_pattern_hints import texts

# Dates and numbers at the text's edges, after letters, underscores, other scripts' digits and punctuation.
EDGE_TEXTS = (
    "3 March 1990",
    "born 1st of March, 1990; x3 March 1990, _3 March 1990, ٣ March 1990, (03/04/1990) 1990-04-03 03-Apr-1990",
    "DOB:12.11.1985/2000-01-31 a12/11/1985 5 june 2001.",
    "Zoë b. 4 Feb 1977 — ref ١٢ and 12 Feb 1999",
)


@settings(max_examples=500, deadline=None)
@given(st.text("0123456789aZ_ .-/٣é\n", max_size=30))
def test_word_start_digits_are_the_regex_s(text: str) -> None:
    expected = [match.start() for match in regex.finditer(r"(?<!\w)\d", text)]
    assert digit_starts.word_start_digits(text) == expected
    ascii_only = text.encode("ascii", "ignore").decode()
    assert digit_starts.word_start_digits(ascii_only) == [m.start() for m in regex.finditer(r"(?<!\w)\d", ascii_only)]


def test_between_picks_the_starts_in_a_region() -> None:
    assert digit_starts.between([0, 4, 9, 15], 4, 15) == [4, 9]
    assert digit_starts.between([0, 4, 9, 15], 16, 20) == []


def _listed() -> list[tuple[UniversalPatternRecognizer, Pattern]]:
    found = []
    for (cls, name), _ in start_hints.DIGIT_LED.items():
        pattern = next(p for p in cls.PATTERNS if p.name == name)
        assert digit_starts.is_digit_led(pattern.regex), (cls.__name__, name)  # its regex changed: prove it again
        found.append((cls(), pattern))
    return found


@pytest.mark.parametrize("text", [*texts(), *EDGE_TEXTS])
def test_a_scan_at_word_start_digits_is_a_full_scan_s(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    regions = ((0, len(text)), (len(text) // 3, 2 * len(text) // 3))
    listed = _listed()

    def scans() -> list[list[tuple[int, int, float]]]:
        return [
            [
                (r.start, r.end, r.score)
                for r in recognizer._scan(text, pattern, compiled(pattern, flags), flags, first, last)
            ]
            for recognizer, pattern in listed
            for flags in [recognizer.REGEX_FLAGS]
            for first, last in regions
        ]

    at_digits = scans()
    monkeypatch.setattr(digit_starts, "_DIGIT_LED", set())
    assert at_digits == scans()


def test_the_edge_texts_hit_every_listed_pattern() -> None:
    for recognizer, pattern in _listed():
        assert any(compiled(pattern, recognizer.REGEX_FLAGS).search(text) for text in EDGE_TEXTS), pattern.name
