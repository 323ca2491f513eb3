"""The engine runs the recognizers that read spaCy's output last, so spaCy can run in another worker meanwhile.

The results must be Presidio's own loop's, and spaCy's entities sent over as plain rows must give the same
detections as the local Doc."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector
from detectors.nlp import reads_nlp

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import bench_proxy  # noqa: E402

pytestmark = pytest.mark.integration

TEXTS = [
    "Dear Priya Raghunathan, your parcel went to 42 Wallaby Way, Sydney NSW 2000.",
    "Call Dr Aroha Ngata on 021 555 0199 or email aroha@example.co.nz; TFN 123 456 782; Tuesday in Wellington.",
    "Kind regards,\nTomás Oyelaran\nPhone: 0490 75 40 81\nCard 4111 1111 1111 1111",
    "def handler(event):\n    return {'status': 200, 'body': event['body']}",
    "",
] + [bench_proxy.realistic_message(random.Random(seed), 2048, f"N{seed}") for seed in range(6)]


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return build_detector(DetectionSettings())


def as_tuples(results):  # type: ignore[no-untyped-def]
    return [(r.start, r.end, r.entity_type, r.score) for r in results]


def test_spacy_readers_last_gives_presidios_own_results(detector) -> None:  # type: ignore[no-untyped-def]
    engine = detector.analyzer
    for text in TEXTS:
        ours = engine.analyze(text, language="en", score_threshold=0.4)
        presidio = AnalyzerEngine.analyze(engine, text, "en", score_threshold=0.4)  # Presidio's loop, our hooks
        assert as_tuples(ours) == as_tuples(presidio)


def test_only_the_spacy_readers_need_spacys_output(detector) -> None:  # type: ignore[no-untyped-def]
    """Every other recognizer is given None for it: it must find the same with or without it."""
    engine = detector.analyzer
    recognizers = engine.registry.recognizers
    assert sum(map(reads_nlp, recognizers)) == 1  # the NER layer
    for text in TEXTS[:4]:
        artifacts = engine.nlp_engine.process_text(text, "en")
        for recognizer in recognizers:
            if not reads_nlp(recognizer):
                without = recognizer.analyze(text, recognizer.supported_entities, None)
                with_it = recognizer.analyze(text, recognizer.supported_entities, artifacts)
                assert as_tuples(without) == as_tuples(with_it), recognizer.name


def test_entities_sent_as_rows_give_the_same_detections(detector) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def rows_of(text: str):  # type: ignore[no-untyped-def]
        asked.append(text)
        return detector.entity_rows(text)

    for text in TEXTS:
        detector.cache.clear()
        expected = detector.detect(text)
        detector.cache.clear()
        assert detector.detect_with_entities(text, lambda text=text: rows_of(text)) == expected
    assert len(asked) == sum(1 for text in TEXTS if text.strip())  # asked once a text, never for a blank one
