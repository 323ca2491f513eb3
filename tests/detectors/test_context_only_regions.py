"""Context-only recognizers scan only near their context words, and still find what a whole-text scan finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector
from detectors.regional import universal

EVAL_DIR = Path(__file__).resolve().parents[2] / "scripts" / "eval"
# A long word between a date and the context word after it: the word starts more than 60 characters after the date.
LONG_WORD = "-".join(["paperwork"] * 5)
TEXTS = (
    f"Recorded 21st of September, 1979 {LONG_WORD} birth",
    f"Patient A1234567X {LONG_WORD} mrn",
    f"Number S530-460-75-123-0 {LONG_WORD} licence",
    "DOB: 03/04/1980, MRN 7781234, licence 042 918 337",
)
CONTEXT_ONLY_CLASSES = (
    universal.DateOfBirthRecognizer,
    universal.MedicalRecordNumberRecognizer,
    universal.LicenceNumberRecognizer,
)


def eval_texts() -> list[str]:
    found = []
    for name in ("labelled.jsonl", "holdout_labelled.jsonl", "fresh_labelled.jsonl"):
        path = EVAL_DIR / name
        if path.exists():
            found += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    return found


@pytest.fixture(scope="module")
def detectors():  # type: ignore[no-untyped-def]
    regional = build_detector(DetectionSettings())
    return regional


def test_the_context_word_after_a_long_gap_still_counts(detectors) -> None:  # type: ignore[no-untyped-def]
    found = {
        (text[d.start : d.end], d.entity_type)
        for text in TEXTS[:3]
        for d in detectors.detect(text)
        if d.entity_type in {"DATE_OF_BIRTH", "MEDICAL_RECORD_NUMBER", "LICENCE_NUMBER"}
    }
    assert ("21st of September, 1979", "DATE_OF_BIRTH") in found
    assert ("A1234567X", "MEDICAL_RECORD_NUMBER") in found
    assert ("S530-460-75-123-0", "LICENCE_NUMBER") in found


@pytest.mark.parametrize("cls", CONTEXT_ONLY_CLASSES)
def test_regions_find_every_match_a_whole_text_scan_boosts(cls, monkeypatch, detectors) -> None:  # type: ignore[no-untyped-def]
    """Every result the whole-text scan gives that context lifts over the threshold, the region scan gives too."""
    analyzer = detectors.analyzer

    def passing(text: str) -> set[tuple[int, int, str]]:
        results = analyzer.analyze(text, language="en", score_threshold=detectors.settings.min_score)
        return {(r.start, r.end, r.entity_type) for r in results if r.entity_type == cls.ENTITY}

    texts = list(TEXTS) + eval_texts()
    regional = [passing(text) for text in texts]
    monkeypatch.setattr(cls, "CONTEXT_ONLY", False)
    whole = [passing(text) for text in texts]
    assert regional == whole
    assert any(regional)
