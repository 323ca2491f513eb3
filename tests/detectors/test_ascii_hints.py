"""ASCII hint checks: each finds its hint exactly where the hint's regex does, in any ASCII text."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import ascii_hints, pattern_hints
from detectors.ascii_hints import CHECKS, ascii_text, run_of
from detectors.detection_settings import DetectionSettings
from detectors.engine import build_recognizers

# The characters the hints are made of, and a few around them, so random texts hit and miss each hint often.
_ALPHABET = "0123456789aAbBcCdDeEfFkKpPrRsSuUwWxXyYzZ:-_/|. \n\t\x0b\x1c"
_WORDS = ("pass", "PWD", "Secret", "api_key", "API-KEY", "apikey", "Token", "pid|", "Rx", "claim", "PRESCRIPTION")
_WORDS += ("auth", "referral", "Wi-Fi", "wifi", "UR", "MRN", "ur", "://", "WwW.", "ww.")
# digit groups and long runs of letters and digits, near the hints' lengths
_WORDS += ("123 456 7890", "12-34-56", "1234-5678-9", "123\t456\x0b789", "123 45 6789", "12 3456 1234567", " 12345-")
_WORDS += ("1HGCM82633A004352", "1hgcm82633a004352", "bc1qar0srrr7xfkvy5l643lydnw9re59", "3J98t1WpEZ73CNmQviecrn")
_WORDS += ("1A", "2k", "9", "99999999", "123456789012", "ABC1234", "ZZZ12AB", "abc1234", "IOU1234", "Sort", "/P/AUS/")
_WORDS += ("/p/nzl/", "/P/NZ/")
_TEXT = st.lists(st.one_of(st.text(_ALPHABET, max_size=6), st.sampled_from(_WORDS)), max_size=12).map("".join)


@pytest.mark.parametrize("hint", sorted(CHECKS))
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_check_finds_what_the_hint_regex_finds(hint: str, text: str) -> None:
    ascii = ascii_text(text)
    assert ascii is not None
    assert CHECKS[hint](ascii) == (regex.search(hint, text) is not None)


@pytest.mark.parametrize(
    ("hint", "text", "found"),
    [
        (r"\d{7}", "ref 1234567.", True),
        (r"\d{7}", "ref 123456 7", False),
        (r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]", "mac aa:0B-", True),
        (r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]", "mac aa:0g:", False),
        (r"(?i:pass|pwd|secret|api[_-]?key|token)", "My API-Key is", True),
        (r"(?i:pass|pwd|secret|api[_-]?key|token)", "an api key", False),
        (r"(?-i:UR|MRN)", "ur mrn", False),
        (r"://|[wW]{3}\.", "see WwW.example", True),
    ],
)
def test_checks_on_examples(hint: str, text: str, found: bool) -> None:
    ascii = ascii_text(text)
    assert ascii is not None
    assert CHECKS[hint](ascii) is found


def test_every_check_is_for_a_registered_hint() -> None:
    build_recognizers(DetectionSettings())  # registers every hint
    registered = {pattern_hints.hint_for(pattern.regex) for pattern in _all_patterns()}
    assert set(CHECKS) <= registered


def _all_patterns():  # type: ignore[no-untyped-def]
    for recognizer in build_recognizers(DetectionSettings()):
        yield from getattr(recognizer, "patterns", None) or []


def test_a_text_with_other_characters_is_searched_with_the_regex() -> None:
    assert ascii_text("Zoë 1234567") is None
    # the Kelvin sign matches "k" case-insensitively: no ASCII check could see it
    assert pattern_hints.hint_occurs(r"(?i:pass|pwd|secret|api[_-]?key|token)", "api_\u212aey") is True
    assert pattern_hints.hint_occurs(r"\d{7}", "n\u00ba 1234567") is True
    assert pattern_hints.hint_occurs(r"\d{7}", "n\u00ba 123456") is False


def test_the_last_texts_answers_are_kept_per_hint() -> None:
    text = "call 0412345678 now"
    assert pattern_hints.hint_occurs(r"\d{7}", text) is True
    assert pattern_hints.hint_occurs(r"\d{15}", text) is False
    other = "call 041234 now"
    assert pattern_hints.hint_occurs(r"\d{7}", other) is False


def test_run_classes_must_be_equal_or_disjoint() -> None:
    with pytest.raises(ValueError, match="equal or disjoint"):
        run_of(ascii_hints.DIGITS, ascii_hints.HEX)
