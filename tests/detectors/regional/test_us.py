"""US recognizers: spans and scores for phone and SSN formats, near misses, and numbers never issued."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

from detectors.regional import us
from detectors.types import LayerTagged

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found, span  # noqa: E402


def test_every_recognizer_is_listed_tagged_and_builds_without_arguments() -> None:
    entities = set()
    for cls in us.RECOGNIZERS:
        recognizer = cls()
        assert isinstance(recognizer, PatternRecognizer)
        assert isinstance(recognizer, LayerTagged)
        assert (cls.LAYER, cls.COUNTRY_CODE) == ("patterns", "us")
        assert cls.PATTERNS and cls.CONTEXT
        entities.update(recognizer.supported_entities)
    assert entities == {"PHONE_NUMBER", "US_SSN"}


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("Call (212) 555-0123 today", "(212) 555-0123", 0.65),
        ("Call (212)555-0123", "(212)555-0123", 0.65),
        ("Call 212-555-0123.", "212-555-0123", 0.65),
        ("Call 212.555.0123", "212.555.0123", 0.65),
        ("Call 1-800-555-0199", "1-800-555-0199", 0.65),
        ("Call 1 (800) 555-0199", "1 (800) 555-0199", 0.65),
        ("Call +1 212 555 0123", "+1 212 555 0123", 0.75),
        ("Call +1 (212) 555-0123", "+1 (212) 555-0123", 0.75),
        ("Call +1-212-555-0123", "+1-212-555-0123", 0.75),
        ("Call +12125550123", "+12125550123", 0.75),
        # Spaces alone or bare digits need a context word.
        ("212 555 0123", "212 555 0123", 0.4),
        ("2125550123", "2125550123", 0.4),
    ],
)
def test_phone_found(text: str, value: str, score: float) -> None:
    assert found(us.UsPhoneRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "112-555-0123",  # area code starts with 1
        "012-555-0123",  # area code starts with 0
        "212-155-0123",  # exchange starts with 1
        "212-055-0123",
        "212-555.0123",  # mixed separators
        "order #2125550123",
        "epoch 1700000000 and 1712345678",
        "id 12125550123456",
        "v2.212.555.0123",
        "ISO 2024-01-15T12:30:45Z and 2024-555-0123",
        "212-555-01234",
        "ref A-212-555-0123",
        "https://example.com/2125550123",
    ],
)
def test_phone_not_found(text: str) -> None:
    assert found(us.UsPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("SSN 536-22-1234", "536-22-1234", 0.6),
        ("SSN: 536 22 1234.", "536 22 1234", 0.6),
        ("SSN 078.05.1123", "078.05.1123", 0.6),  # dots, one separator throughout
        ("SSN 536221234", "536221234", 0.2),  # bare digits: context only
        ("SSN 001-01-0001", "001-01-0001", 0.6),
        ("SSN 899-99-9999", "899-99-9999", 0.6),
    ],
)
def test_ssn_found(text: str, value: str, score: float) -> None:
    assert found(us.UsSsnRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "000-12-3456",  # area 000
        "536.22-1234",  # mixed separators
        "666-12-3456",  # area 666
        "900-12-3456",  # 900-999: ITINs and never issued
        "987-65-4321",
        "536-00-1234",  # group 00
        "536-22-0000",  # serial 0000
        "078-05-1120",  # the Woolworth wallet card
        "219-09-9999",  # Social Security Board pamphlet
        "457-55-5462",  # LifeLock advertising
        "123-45-6789",
        "111-11-1111",
        "536-22 1234",  # mixed separators
        "536-22-12345",
        "1536-22-1234",
        "phone 212-555-0123",  # a phone number, not an SSN
    ],
)
def test_ssn_not_found(text: str) -> None:
    assert found(us.UsSsnRecognizer(), text) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(0, 99), st.integers(0, 9999))
def test_ssn_rules_match_the_ssa_rules(area: int, group: int, serial: int) -> None:
    text = f"{area:03d}-{group:02d}-{serial:04d}"
    issued = area not in (0, 666) and area < 900 and group != 0 and serial != 0
    voided = (
        text.replace("-", "") in {"078051120", "219099999", "457555462", "123456789"}
        or len(set(text.replace("-", ""))) == 1
    )
    assert (found(us.UsSsnRecognizer(), text) == [(0, 11, 0.6)]) == (issued and not voided)
