"""Whole-field values: a text that is nothing but one identifier-shaped value is its own cue."""

from __future__ import annotations

import pytest

from detectors.detection_settings import DetectionSettings, parse_locales
from detectors.whole_field import whole_field


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("AB1234567", (0, 9)),
        ('  "tw987654a"\n', (3, 12)),
        ("hh 01 02 03 d", (0, 13)),
        ("010-010 146231", (0, 14)),
    ],
)
def test_a_lone_value_is_a_whole_field(text: str, span: tuple[int, int]) -> None:
    assert whole_field(text) == span


@pytest.mark.parametrize(
    "text",
    [
        "H100",  # too short: a code, not an identifier
        "Hello there",  # no digit: words
        "12 apples and 3 pears today",  # more groups than a printed value has
        "line one 12345\nline two",  # more than one line
        "x" * 30 + " 1234567890",  # longer than any field value
        "",
    ],
)
def test_prose_codes_and_long_texts_are_not(text: str) -> None:
    assert whole_field(text) is None


@pytest.mark.integration
class TestEngine:
    @pytest.fixture(scope="class")
    def detect(self):  # type: ignore[no-untyped-def]
        from detectors.engine import build_detector

        detector = build_detector(DetectionSettings())
        return lambda text: [(d.entity_type, text[d.start : d.end]) for d in detector.detect(text)]

    @pytest.mark.parametrize(
        ("value", "entity"),
        [
            ("tw987654a", "UK_NINO"),
            ("M11AA", "UK_POSTCODE"),
            ("A123 BCD", "UK_VEHICLE_REGISTRATION"),
            ("1EG4TE5MK73", "US_MBI"),
            ("911701234", "US_ITIN"),
            ("010-010146231", "AU_BANK_ACCOUNT"),
        ],
    )
    def test_a_value_alone_in_its_field_is_found(self, detect, value: str, entity: str) -> None:  # type: ignore[no-untyped-def]
        assert detect(value) == [(entity, value)]
        assert detect(f'"{value}"') == [(entity, value)]

    @pytest.mark.parametrize("value", ["tw987654a", "M11AA", "A123 BCD", "1EG4TE5MK73", "010-010146231"])
    def test_the_same_value_in_a_sentence_still_needs_its_cue(self, detect, value: str) -> None:  # type: ignore[no-untyped-def]
        assert detect(f"see {value} below") == []

    def test_cue_typed_recognizers_do_not_type_a_bare_field(self, detect) -> None:  # type: ignore[no-untyped-def]
        # Any 12-19 digits is a card only when a card cue says so; "ID number" or "member ID" types nothing here.
        label_typed = {"CREDIT_CARD", "NATIONAL_ID", "LICENCE_NUMBER", "US_HEALTH_INSURANCE_MEMBER_ID"}
        for value in ("123456789012", "4829-1034 77", "12345", "a1b2c3d4e5", "ABC-12345"):
            assert not label_typed & {entity for entity, _ in detect(value)}


@pytest.mark.integration
def test_other_countries_bare_values_with_locale_all() -> None:
    from detectors.engine import build_detector

    detector = build_detector(DetectionSettings(locales=parse_locales("all")))
    # With every country on, a bare value may fit several countries' shapes: found whole, by whichever scores best.
    for value in ("10115", "A1234567Z", "130692544", "KSD1287349"):
        assert [(d.start, d.end) for d in detector.detect(value)] == [(0, len(value))]
    assert all(d.entity_type != "DE_PLZ" for d in detector.detect("Bitte 10115 merken"))
