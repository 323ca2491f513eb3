"""Applying placeholders: the direct splice gives exactly what presidio's anonymizer engine gives, calls included."""

from __future__ import annotations

import random

import pytest
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from addon import redaction
from addon.redaction import apply_placeholders
from detectors.types import Detection


def _engine(text: str, detections: list[Detection], assign: redaction.Assign) -> str:
    results = [RecognizerResult(d.entity_type, d.start, d.end, d.score) for d in detections]
    config = OperatorConfig(redaction.OPERATOR_NAME, {"assign": assign})
    return redaction.anonymizer().anonymize(text, results, {"DEFAULT": config}, merge_entities_with_spaces=False).text


def _recording(calls: list[tuple[str, str]]) -> redaction.Assign:
    def assign(entity_type: str, value: str) -> str:
        calls.append((entity_type, value))
        return f"[{entity_type}_{len(calls)}]"

    return assign


def test_apart_spans_are_replaced_last_first() -> None:
    calls: list[tuple[str, str]] = []
    text = "Ann mailed ann@x.io, then Bob"
    detections = [Detection(0, 3, "PERSON", 0.8, "ner"), Detection(26, 29, "PERSON", 0.8, "ner")]
    detections.append(Detection(11, 19, "EMAIL_ADDRESS", 1.0, "patterns"))
    assert (
        apply_placeholders(text, detections, _recording(calls))
        == "[PERSON_3] mailed [EMAIL_ADDRESS_2], then [PERSON_1]"
    )
    assert calls == [("PERSON", "Bob"), ("EMAIL_ADDRESS", "ann@x.io"), ("PERSON", "Ann")]


@pytest.mark.parametrize("seed", range(4))
def test_same_text_and_same_assign_calls_as_the_engine(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(500):
        length = rng.randint(1, 40)
        text = "".join(rng.choice("ab é\n") for _ in range(length))
        detections = []
        for _ in range(rng.randint(1, 5)):  # apart, adjacent, overlapping, repeated and empty spans
            start = rng.randint(0, length)
            end = rng.randint(start, min(length, start + 8))
            detections.append(Detection(start, end, rng.choice(["PERSON", "EMAIL"]), rng.choice([0.5, 1.0]), "x"))
        ours: list[tuple[str, str]] = []
        theirs: list[tuple[str, str]] = []
        assert apply_placeholders(text, detections, _recording(ours)) == _engine(text, detections, _recording(theirs))
        assert ours == theirs
