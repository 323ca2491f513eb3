"""The Detector: run the analyzer over a text in cached pieces and return clean, non-overlapping detections."""

from __future__ import annotations

from collections.abc import Iterable

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from detectors.cache import ResultCache
from detectors.coreference import repeated_names
from detectors.dictionary import fold_case
from detectors.nlp import split_points
from detectors.overlaps import resolve_overlaps
from detectors.settings import DetectionSettings
from detectors.types import Detection

# Presidio's duplicate removal is quadratic in results; pieces keep it small and make history cacheable.
PIECE_CHARS = 16_000
PEM_BEGIN, PEM_END = "-----BEGIN ", "-----END "


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces cut at line/space boundaries, never inside a PEM block."""
    if len(text) <= size:
        return [(0, len(text))]
    cuts = split_points(text, size)
    safe = [0]
    for cut in cuts[1:-1]:
        begin = text.rfind(PEM_BEGIN, safe[-1], cut)
        if begin >= 0 and text.rfind(PEM_END, begin, cut) < 0:
            line_start = text.rfind("\n", safe[-1], begin) + 1
            cut = line_start if line_start > safe[-1] else cut
        if cut > safe[-1]:
            safe.append(cut)
    safe.append(len(text))
    return list(zip(safe, safe[1:], strict=False))


class Detector:
    """Finds PII in text. Thread-safe; results for a piece of text seen before come from the cache."""

    def __init__(
        self,
        analyzer: AnalyzerEngine,
        settings: DetectionSettings,
        layers: dict[str, str],
        allow_terms: Iterable[str] = (),
    ):
        self.analyzer = analyzer
        self.settings = settings
        self._layers = layers
        self._allow = frozenset(fold_case(term.strip()) for term in allow_terms if term.strip())
        self.cache: ResultCache[tuple[Detection, ...]] = ResultCache()

    def detect(self, text: str) -> list[Detection]:
        """Every detection in `text`, offsets into `text`, overlaps resolved by layer, score, then length."""
        if not text or text.isspace():
            return []
        found: list[Detection] = []
        for start, end in pieces(text):
            for det in self.cache.get_or_compute(text[start:end], self._detect_piece):
                found.append(Detection(det.start + start, det.end + start, det.entity_type, det.score, det.layer))
        return found

    def _detect_piece(self, piece: str) -> tuple[Detection, ...]:
        if not piece.strip():
            return ()
        results = self.analyzer.analyze(piece, language="en", score_threshold=self.settings.min_score)
        detections = [self._to_detection(r) for r in results]
        if "names" in self.settings.layers:
            detections += repeated_names(piece, detections)  # "Maricel Dela Cruz wrote … > Maricel"
        kept = [d for d in detections if d.layer == "dictionary" or not self._allowed(piece, d)]
        return tuple(resolve_overlaps(kept, piece))

    def _to_detection(self, result: RecognizerResult) -> Detection:
        meta = result.recognition_metadata or {}
        layer = self._layers.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, ""), "patterns")
        return Detection(result.start, result.end, result.entity_type, float(result.score), layer)

    def _allowed(self, text: str, detection: Detection) -> bool:
        return bool(self._allow) and fold_case(text[detection.start : detection.end].strip()) in self._allow
