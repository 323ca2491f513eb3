"""Context scoring in linear time: Presidio's lemma enhancer compares every token with every result."""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from detectors.table_context import TableHeaders, headers_of
from detectors.whole_field import MIN_BASE_SCORE, whole_field

# "employee.tfn" and "x-api-key" stay whole for phrases like "d.o.b"; the context regex also sees their parts.
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# Enough characters to hold the words we look at on either side.
PREFIX_CHARS = 120
SUFFIX_CHARS = 60


def window_words(text: str, start: int, end: int, before: int, after: int) -> list[str]:
    """The last `before` words ahead of a span and the first `after` words behind it, lower-cased."""
    prefix_chars = max(PREFIX_CHARS, before * PREFIX_CHARS // 6)
    ahead = WORD.findall(text, max(0, start - prefix_chars), start)[-before:] if before else []
    behind = WORD.findall(text, end, min(len(text), end + SUFFIX_CHARS))[:after] if after else []
    return [w.lower() for w in ahead + behind]


def has_context(words: list[str], context: list[str]) -> bool:
    """True when a context word starts a window word (or a part of a dotted/hyphenated one), or a
    multi-word context phrase appears in order."""
    return context_pattern(tuple(context)).search(" ".join(words)) is not None


@lru_cache(maxsize=512)
def context_pattern(context: tuple[str, ...]) -> re.Pattern[str]:
    """One regex per context list: each word or phrase at the start of a word or of a word's part."""
    alternatives = "|".join(sorted((re.escape(c.lower()) for c in context if c.strip()), key=len, reverse=True))
    return re.compile(rf"(?:^|[ '’.-])(?:{alternatives})" if alternatives else r"(?!)")


def prefix_count_for(recognizer: EntityRecognizer | None, default: int) -> int:
    """Words looked at ahead of a match: a recognizer may widen it with a CONTEXT_PREFIX_COUNT constant."""
    wanted = getattr(recognizer, "CONTEXT_PREFIX_COUNT", None)
    return wanted if isinstance(wanted, int) and wanted > 0 else default


def field_is_cue(recognizer: EntityRecognizer | None) -> bool:
    """Whether a value filling its whole field counts as cued for this recognizer (a FIELD_IS_CUE constant)."""
    return getattr(recognizer, "FIELD_IS_CUE", True) is not False


class WindowContextEnhancer(ContextAwareEnhancer):
    """Raise a result's score when one of its recognizer's context words is within a few words of it."""

    def __init__(
        self,
        context_similarity_factor: float = 0.4,
        min_score_with_context_similarity: float = 0.4,
        context_prefix_count: int = 6,
        context_suffix_count: int = 3,
        whole_field_score: float = 0.5,
    ):
        # A value that fills its field is cued by the field: lifted at least to this (the engine's threshold).
        self.whole_field_score = whole_field_score
        super().__init__(
            context_similarity_factor=context_similarity_factor,
            min_score_with_context_similarity=min_score_with_context_similarity,
            context_prefix_count=context_prefix_count,
            context_suffix_count=context_suffix_count,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        tables: TableHeaders | None = None  # built on the first result that needs context
        field = whole_field(text)
        for result in raw_results:
            meta = result.recognition_metadata or {}
            # Context can only raise a score: one already at the top has nothing to gain.
            if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY) or result.score >= self.MAX_SCORE:
                continue
            recognizer = by_id.get(meta.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            words_wanted = list(recognizer.context or []) if recognizer else []
            words_wanted += context or []
            if not words_wanted:
                continue
            if field == (result.start, result.end) and result.score >= MIN_BASE_SCORE and field_is_cue(recognizer):
                lifted = max(result.score + self.context_similarity_factor, self.whole_field_score)
                result.score = min(self.MAX_SCORE, lifted)
                meta[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                result.recognition_metadata = meta
                continue
            before = prefix_count_for(recognizer, self.context_prefix_count)
            words = window_words(text, result.start, result.end, before, self.context_suffix_count)
            tables = tables or headers_of(text)
            words += WORD.findall(tables.header_words(result.start).lower())
            if has_context(words, words_wanted):
                result.score = min(
                    self.MAX_SCORE,
                    max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
                )
                meta[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                result.recognition_metadata = meta
        return raw_results
