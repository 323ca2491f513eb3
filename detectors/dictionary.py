"""The dictionary layer: organisation terms found with Aho-Corasick, guaranteed, at score 1.0."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from detectors.types import LayerTagged

DEFAULT_ENTITY = "CUSTOM"
# (term, entity_type, case_sensitive, whole_word) as the store hands them over.
Term = tuple[str, str, bool, bool]


def fold_case(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid (e.g. 'İ' lowers to two chars)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _automaton(entries: Mapping[str, object]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, payload in entries.items():
        automaton.add_word(key, payload)
    automaton.make_automaton()
    return automaton


def word_automaton(terms: Iterable[str]) -> ahocorasick.Automaton | None:
    """An automaton finding each term (already case-folded); its payload is the term."""
    return _automaton({term: term for term in terms})


class DictionaryRecognizer(LayerTagged, EntityRecognizer):
    """Finds every occurrence of every term; each term chooses case sensitivity and whole-word matching."""

    LAYER = "dictionary"

    def __init__(self, terms: Iterable[Term] = (), supported_language: str = "en"):
        sensitive: dict[str, tuple[str, str, bool]] = {}
        insensitive: dict[str, tuple[str, str, bool]] = {}
        entity_types = {DEFAULT_ENTITY}
        for term, entity_type, case_sensitive, whole_word in terms:
            term = term.strip()
            if not term:
                continue
            entity_type = entity_type or DEFAULT_ENTITY
            entity_types.add(entity_type)
            if case_sensitive:
                sensitive[term] = (term, entity_type, whole_word)
            else:
                insensitive[fold_case(term)] = (term, entity_type, whole_word)
        self.term_count = len(sensitive) + len(insensitive)
        self._sensitive = _automaton(sensitive)
        self._insensitive = _automaton(insensitive)
        super().__init__(
            supported_entities=sorted(entity_types), supported_language=supported_language, name="Dictionary"
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for automaton, haystack in ((self._sensitive, text), (self._insensitive, None)):
            if automaton is None:
                continue
            if haystack is None:
                haystack = fold_case(text)
            for last, (term, entity_type, whole_word) in automaton.iter(haystack):
                start, end = last - len(term) + 1, last + 1
                if whole_word and not self.on_word_boundaries(text, start, end):
                    continue
                results.append(
                    RecognizerResult(
                        entity_type=entity_type,
                        start=start,
                        end=end,
                        score=1.0,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    @staticmethod
    def on_word_boundaries(text: str, start: int, end: int) -> bool:
        before_ok = start == 0 or not (is_word_char(text[start - 1]) and is_word_char(text[start]))
        after_ok = end == len(text) or not (is_word_char(text[end]) and is_word_char(text[end - 1]))
        return before_ok and after_ok
