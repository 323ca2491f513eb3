"""Whole values with the right type and no neighbouring words: the issue's examples through the real engine."""

from __future__ import annotations

import pytest

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return build_detector(DetectionSettings(), allow_terms=["Sydney Opera House"])


def detected(detector, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(text[d.start : d.end], d.entity_type) for d in detector.detect(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Email Priya Raghunathan at priya.r@example.com",
            [("Priya Raghunathan", "PERSON"), ("priya.r@example.com", "EMAIL_ADDRESS")],
        ),
        ("42 Wallaby Way, Sydney NSW 2000", [("42 Wallaby Way, Sydney NSW 2000", "ADDRESS")]),
        (
            "6750 Koskikatu 25 Apt. 864, Artilleros, CO, Uruguay 64677",
            [("6750 Koskikatu 25 Apt. 864, Artilleros, CO, Uruguay 64677", "ADDRESS")],
        ),
        ("PSC 0413, Box 8144, APO AA 42323", [("PSC 0413, Box 8144, APO AA 42323", "ADDRESS")]),
        ("Rua do Arenque 1634, Goiânia", [("Rua do Arenque 1634, Goiânia", "ADDRESS")]),
        (
            "john smith and mary jones live at 7 george st, parramatta",
            [("john smith", "PERSON"), ("mary jones", "PERSON"), ("7 george st, parramatta", "ADDRESS")],
        ),
        ("She moved to Parramatta last year.", [("Parramatta", "LOCATION")]),
        # titles stay outside the name, in every language
        ("Please call Sra. López tomorrow.", [("López", "PERSON")]),
        ("Dott.ssa Bianchi will see you.", [("Bianchi", "PERSON")]),
        ("Dhr. Jansen is away.", [("Jansen", "PERSON")]),
        ("Hi **Anouk Visser**, thanks", [("Anouk Visser", "PERSON")]),
        ("Okonkwo, Ngozi", [("Okonkwo, Ngozi", "PERSON")]),
        ("Dear Orlov family,\n\nI'm writing", [("Orlov", "PERSON")]),
        # a product is not a person, and a name stays on its line
        ("| Vega Smart Plug | PRD-41551-H | 1270.58 |", []),
        ("- roadmap for Atlas Backup Suite\n- any other business", []),
    ],
)
def test_values_are_whole_and_typed(detector, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert detected(detector, text) == expected


def test_an_allowed_place_is_not_redacted_and_the_article_is_not_swallowed(detector) -> None:  # type: ignore[no-untyped-def]
    assert detected(detector, "We met at the Sydney Opera House yesterday.") == []
    plain = build_detector(DetectionSettings())
    assert detected(plain, "We met at the Sydney Opera House yesterday.") == [("Sydney Opera House", "LOCATION")]


def test_regions_stay_unless_switched_on() -> None:
    text = "Our team in Uruguay is growing."
    assert detected(build_detector(DetectionSettings()), text) == []
    assert detected(build_detector(DetectionSettings(redact_regions=True)), text) == [("Uruguay", "LOCATION")]
