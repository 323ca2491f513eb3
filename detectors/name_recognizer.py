"""The base the names layer's recognizers share: PERSON results from a span finder, tagged for the engine."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from detectors.results import tagged_result
from detectors.types import LayerTagged


class ScoredNameSpan(Protocol):
    """A name found in a text: its offsets, its score and why it counts."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def score(self) -> float: ...

    @property
    def reason(self) -> str: ...


class NameSpanRecognizer(LayerTagged, LocalRecognizer):
    """PERSON results for the spans a subclass's ``find_spans`` returns, each explained by its reason."""

    LAYER = "names"
    ENTITY = "PERSON"
    # What found the span, put before its reason in the result's explanation.
    EXPLANATION_PREFIX: ClassVar[str] = ""

    def __init__(
        self,
        supported_entities: list[str] | None = None,
        name: str | None = None,
        supported_language: str = "en",
        version: str = "0.1.0",
    ):
        super().__init__(
            supported_entities=supported_entities or [self.ENTITY],
            name=name or type(self).__name__,
            supported_language=supported_language,
            version=version,
        )

    def find_spans(self, text: str) -> Iterable[ScoredNameSpan]:
        """Every name span in the text, in order."""
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        entity_type = self.supported_entities[0]
        if entities and entity_type not in entities:
            return []
        return [self._result(span, entity_type) for span in self.find_spans(text)]

    def _result(self, span: ScoredNameSpan, entity_type: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=span.score,
            textual_explanation=f"{self.EXPLANATION_PREFIX}: {span.reason}",
        )
        return tagged_result(self, entity_type, span.start, span.end, span.score, explanation)
