"""The NER layer: spaCy's entities through Presidio, minus what spaCy gets wrong on code and identifiers."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from detectors.types import LayerTagged

# Code, paths, numbers and markup: spaCy labels these PERSON/LOCATION often; a name or a place has none.
NOT_A_NAME = re.compile(r"[\d_=<>{}()\[\]/\\@#$%^*+|~`;:\"]|\.\w|->|::")
CAMEL_CASE = re.compile(r"[a-z][A-Z]")
EDGE_PUNCT = " \t\r\n.,;:!?'\"()[]{}<>-–—*"


def plausible_entity(span: str) -> bool:
    """False for spans that cannot be a person or a place: code, identifiers, numbers, acronyms, lower-case."""
    words = span.split()
    if not words or NOT_A_NAME.search(span) or CAMEL_CASE.search(span):
        return False
    if not any(w[:1].isupper() for w in words):
        return False
    # ALL-CAPS single tokens are acronyms and constants (JSON, API, TODO), not names.
    return not (len(words) == 1 and span.isupper())


class NerRecognizer(LayerTagged, SpacyRecognizer):
    """spaCy NER results for the entity types the settings enable, trimmed and filtered."""

    LAYER = "ner"

    def __init__(self, supported_entities: list[str] | None = None, supported_language: str = "en"):
        super().__init__(
            supported_language=supported_language,
            supported_entities=supported_entities or ["PERSON", "LOCATION"],
            name="SpacyNER",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts):
            start, end = result.start, result.end
            while start < end and text[start] in EDGE_PUNCT:
                start += 1
            while end > start and text[end - 1] in EDGE_PUNCT:
                end -= 1
            # A possessive 's belongs to the sentence, not the name.
            if text[start:end].endswith(("'s", "’s")):
                end -= 2
            if end <= start or not plausible_entity(text[start:end]):
                continue
            result.start, result.end = start, end
            kept.append(result)
        return kept
