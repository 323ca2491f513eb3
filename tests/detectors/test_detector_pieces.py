"""A long text is detected in pieces whose spaCy work is batched: the same detections as one piece at a time."""

from __future__ import annotations

import pytest

from detectors import detector as detector_module
from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector

LINES = (
    "Dear Priya Raghunathan, your parcel went to 42 Wallaby Way, Sydney NSW 2000.",
    "Call me on +1-984-182-0190 or email maria.lopez@example.com about card 4111 1111 1111 1111.",
    "def handler(event):\n    return {'status': 200, 'body': event['body']}",
    "Kind regards,\nTomás Oyelaran\nPhone: 0490 75 40 81",
)


def long_text(size: int) -> str:
    out: list[str] = []
    while sum(len(line) + 2 for line in out) < size:
        out.append(f"[{len(out)}] " + LINES[len(out) % len(LINES)])
    return "\n\n".join(out)


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return build_detector(DetectionSettings())


def test_batched_pieces_find_what_single_pieces_find(detector, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = long_text(3 * detector_module.PIECE_CHARS)
    assert len(detector_module.pieces(text)) >= 3
    detector.cache.clear()
    batched = detector.detect(text)
    monkeypatch.setattr(detector_module, "NLP_BATCH_PIECES", 1)
    detector.cache.clear()
    single = detector.detect(text)
    assert batched == single
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"} <= {d.entity_type for d in batched}


def test_cached_pieces_are_not_analysed_again(detector) -> None:  # type: ignore[no-untyped-def]
    text = long_text(2 * detector_module.PIECE_CHARS)
    detector.cache.clear()
    first = detector.detect(text)
    misses = detector.cache.misses
    assert detector.detect(text) == first
    assert detector.cache.misses == misses


def test_texts_detected_each_with_spacy_batched_find_what_one_at_a_time_finds(detector) -> None:  # type: ignore[no-untyped-def]
    texts = [f"[{i}] {LINES[i % len(LINES)]} Signed, Ana Lima {i}." for i in range(11)]
    texts += ["", "   ", texts[0], long_text(2 * detector_module.PIECE_CHARS)]  # blank, repeated, two pieces
    detector.cache.clear()
    each = detector.detect_each(texts)
    detector.cache.clear()
    assert each == [detector.detect(text) for text in texts]
    assert len(each) == len(texts) and each[11] == each[12] == [] and each[13] == each[0]
    assert all(each[i] for i in range(11))


def test_detect_each_runs_spacy_once_for_a_batch_of_uncached_texts(detector, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = [f"Ticket {i}: call Ruth Abara on 0412 345 {100 + i}." for i in range(5)]
    batches: list[int] = []
    process_texts = detector.analyzer.nlp_engine.process_texts
    monkeypatch.setattr(
        detector.analyzer.nlp_engine,
        "process_texts",
        lambda ts, lang: batches.append(len(ts)) or process_texts(ts, lang),
    )
    detector.cache.clear()
    detector.detect_each(texts[:2])  # cached from now on
    detector.detect_each(texts)
    assert batches == [2, 3]
