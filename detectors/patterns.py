"""What our pattern recognizers share: a base built from class constants, number-boundary helpers, and the
pieces of a linear-time ``analyze`` (compiling a pattern, dropping results contained in others).

Used by the regional modules (AU, NZ, UK, US), the universal patterns and the secrets layer; each keeps its
own LAYER, COUNTRY_CODE and regex flags.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar, cast

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from detectors import pattern_hints
from detectors.types import LayerTagged

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

logger = logging.getLogger(__name__)

# Case is set per pattern with inline (?i:...) / (?-i:...) groups, so these flags leave it out.
CASE_SENSITIVE_FLAGS = regex.DOTALL | regex.MULTILINE

# A number must not be a slice of a longer number, an identifier, a version string or a decimal.
NUMBER_START = r"(?<![\w+#/.-])(?<!\d[ :-])"
NUMBER_END = r"(?![\w/-]|[.:]\d|[ -]\d)"
# One optional separator between digit groups.
SEPARATOR = r"[ .-]?"

PHONE_CONTEXT = (
    "phone", "telephone", "tel", "mobile", "mob", "cell", "call", "ring", "contact", "fax", "sms",
    "whatsapp", "landline",
)  # fmt: skip


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def is_formatted(text: str) -> bool:
    """True when the match carries separators, i.e. was written the way the number is printed."""
    return any(not ch.isdigit() for ch in text)


def bounded(body: str) -> str:
    """The pattern, standing alone as a whole number (see NUMBER_START / NUMBER_END)."""
    return f"{NUMBER_START}(?:{body}){NUMBER_END}"


class ConstantPatternRecognizer(PatternRecognizer, LayerTagged):
    """Builds a Presidio PatternRecognizer from the subclass's ENTITY, PATTERNS and CONTEXT constants."""

    LAYER = "patterns"
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    REGEX_FLAGS: ClassVar[int] = CASE_SENSITIVE_FLAGS

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            name=name or type(self).__name__,
            supported_language=supported_language,
            patterns=list(self.PATTERNS if patterns is None else patterns),
            context=list(self.CONTEXT if context is None else context),
            global_regex_flags=self.REGEX_FLAGS,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's pattern scan and scoring, result for result, skipping a pattern whose hint is absent and trying
        one with a start rule only where it can start (see `pattern_hints`): letter-led and digit-run patterns are
        otherwise tried at every position (a few ms each on 64 KB)."""
        flags = regex_flags or self.global_regex_flags or 0
        results: list[RecognizerResult] = []
        for pattern in self.patterns:
            if not pattern_hints.may_match(pattern, text):
                continue
            pattern_regex = compiled(pattern, flags)
            try:
                for match in pattern_hints.matches(pattern, pattern_regex, text, flags, REGEX_TIMEOUT_SECONDS):
                    result = self._scored(text, match.start(), match.end(), pattern, flags)
                    if result is not None:
                        results.append(result)
            except TimeoutError:
                logger.warning("pattern %s of %s timed out; skipped", pattern.name, self.name)
        return EntityRecognizer.remove_duplicates(results)

    def _scored(self, text: str, start: int, end: int, pattern: Pattern, flags: int) -> RecognizerResult | None:
        """As PatternRecognizer scores a match: validate True -> 1.0, False or invalidate True -> dropped."""
        if start == end:
            return None
        scored = presidio_score(self, text[start:end], pattern)
        if scored is None:
            return None
        score, validation = scored
        # Presidio records None ("not validated") here although its signature says bool.
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, cast(bool, validation), flags
        )
        explanation.score = score
        metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        }
        return RecognizerResult(self.supported_entities[0], start, end, score, explanation, metadata)


def presidio_score(recognizer: PatternRecognizer, value: str, pattern: Pattern) -> tuple[float, bool | None] | None:
    """(score, validation) as PatternRecognizer scores a match: validate True -> 1.0; False, or invalidate True ->
    None (dropped)."""
    validation = recognizer.validate_result(value)
    score = pattern.score
    if validation is not None:
        score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
    if recognizer.invalidate_result(value):
        score = EntityRecognizer.MIN_SCORE
    return None if score <= EntityRecognizer.MIN_SCORE else (score, validation)


def compiled(pattern: Pattern, flags: int) -> regex.Pattern[str]:
    """The pattern's regex compiled with these flags, cached on the pattern as Presidio does."""
    if pattern.compiled_regex is None or pattern.compiled_with_flags != flags:
        # Presidio initialises the cache to None and so types it as None only.
        pattern.compiled_with_flags = flags  # type: ignore[assignment]
        pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
    return pattern.compiled_regex


def drop_contained(ordered: list[RecognizerResult]) -> list[RecognizerResult]:
    """Drop results inside an earlier one of at least the same score; ``ordered`` by start, then longest first.

    One pass, where Presidio's own duplicate removal compares every pair: quadratic on a long text.
    """
    kept: list[RecognizerResult] = []
    cover: RecognizerResult | None = None  # the kept result reaching furthest right so far
    for result in ordered:
        if cover is not None and result.end <= cover.end and cover.score >= result.score:
            continue
        kept.append(result)
        if cover is None or result.end > cover.end:
            cover = result
    return kept
