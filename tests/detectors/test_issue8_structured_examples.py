"""Issue 8's structured examples, each redacted whole by the detector the proxy builds (default settings)."""

from __future__ import annotations

import pytest

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector

pytestmark = pytest.mark.integration

DETECTOR = build_detector(DetectionSettings())


def covered_by_one_detection(text: str, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(d.start <= start and end <= d.end for d in DETECTOR.detect(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Phone: 0490 75 40 81", "0490 75 40 81"),
        ("Reach the office on +1-984-182-0190 after nine.", "+1-984-182-0190"),
        ("Our Stockholm desk is +46 (0)8 928 571 38.", "+46 (0)8 928 571 38"),
        ("call me on 9472 7916", "9472 7916"),
        ("ZIP: 3520", "3520"),
        ("card 180016070420458", "180016070420458"),
        ("card number 630427373398", "630427373398"),
        ("SSN 912-34-5678 (from the old form)", "912-34-5678"),
        ("Bare 876543210 in a sentence.", "876543210"),
        (
            "token ghp_" + "EXAMPLE" + "NOTAREAL" + "0" * 22 + " from the docs",
            "ghp_" + "EXAMPLE" + "NOTAREAL" + "0" * 22,
        ),
        ("42 Wallaby Way, Sydney NSW 2000", "2000"),
    ],
)
def test_issue_example_is_redacted_whole(text: str, value: str) -> None:
    assert covered_by_one_detection(text, value)
