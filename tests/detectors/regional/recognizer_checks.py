"""Helpers the regional recognizer tests share: run one recognizer, with or without the engine's context scoring."""

from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from detectors.context import WindowContextEnhancer


def found(recognizer: PatternRecognizer, text: str) -> list[tuple[int, int, float]]:
    results = recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None)
    return sorted((r.start, r.end, round(r.score, 2)) for r in results)


def found_in_context(recognizer: PatternRecognizer, text: str) -> list[tuple[int, int, float]]:
    """Results that pass the default 0.5 threshold after the engine's context scoring."""
    results = recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None)
    for result in results:
        result.recognition_metadata = {"recognizer_identifier": recognizer.id}
    enhanced = WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
    return sorted((r.start, r.end, round(r.score, 2)) for r in enhanced if r.score >= 0.5)


def span(text: str, value: str, score: float) -> tuple[int, int, float]:
    start = text.index(value)
    return (start, start + len(value), score)
