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
        return EntityRecognizer.remove_duplicates(results) if results else []  # most texts hold none: skip the call

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
    """The pattern's regex compiled with these flags, cached on the pattern as Presidio does; a case-free regex
    without IGNORECASE, which matches the same and scans 2-4x faster."""
    if pattern.compiled_regex is None or pattern.compiled_with_flags != flags:
        # Presidio initialises the cache to None and so types it as None only.
        pattern.compiled_with_flags = flags  # type: ignore[assignment]
        if flags & regex.IGNORECASE and is_case_free(pattern.regex):
            flags &= ~regex.IGNORECASE
        pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
    return pattern.compiled_regex


# Escapes that match the same with or without IGNORECASE: digit, word and space classes, boundaries, line breaks, tabs.
_CASELESS_ESCAPES = frozenset("dDwWsSbBAZnrt")
_NAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _is_caseless_char(char: str) -> bool:
    return char.isascii() and not char.isalpha()


def _plain_group(body: str) -> bool:
    """A group body that captures only the non-letters it spells: no escape, nested group, negated class or dot."""
    return not any(c in "\\()^" for c in body) and "." not in regex.sub(r"\[[^\]]*\]", "", body)


def is_case_free(pattern_regex: str) -> bool:
    """Whether a regex matches exactly the same with IGNORECASE as without: it holds no letter outside a group's name
    and the escapes above (so no inline flag, property or hex escape), no non-ASCII character, no class range that
    spans letters ("[!-~]"), and a backreference only by name to a group of plain non-letter characters and classes
    (a numbered one, or one to a group that may hold \\w, could compare letters)."""
    groups: dict[str, str] = {}
    position, in_class, class_start = 0, False, 0
    while position < len(pattern_regex):
        char = pattern_regex[position]
        if not in_class and pattern_regex.startswith(("(?P<", "(?P="), position):
            name = _NAME.match(pattern_regex, position + 4)
            if name is None:
                return False
            if pattern_regex[position + 3] == "<":
                body_end = pattern_regex.find(")", name.end() + 1)
                groups[name.group()] = pattern_regex[name.end() + 1 : body_end] if body_end >= 0 else "\\"
                position = name.end() + 1
                continue
            body = groups.get(name.group())
            if body is None or not _plain_group(body) or not pattern_regex.startswith(")", name.end()):
                return False
            position = name.end() + 1
            continue
        if char == "\\":
            escaped = pattern_regex[position + 1 : position + 2]
            if not (escaped in _CASELESS_ESCAPES or (escaped and not escaped.isalnum() and escaped.isascii())):
                return False
            if (
                in_class
                and pattern_regex.startswith("-", position + 2)
                and not pattern_regex.startswith("-]", position + 2)
            ):
                return False  # a range from an escape: not worth reading
            position += 2
            continue
        if not _is_caseless_char(char):
            return False
        if in_class:
            if char == "]" and position != class_start:
                in_class = False
            elif (
                position + 1 < len(pattern_regex)
                and pattern_regex[position + 1] == "-"
                and pattern_regex[position + 2 : position + 3] not in ("", "]")
            ):
                last = pattern_regex[position + 2]
                if last == "\\" or any(chr(c).isalpha() for c in range(ord(char), ord(last) + 1)):
                    return False
                position += 3
                continue
        elif char == "[":
            in_class = True
            class_start = position + (2 if pattern_regex.startswith("^", position + 1) else 1)
            position = class_start
            continue
        position += 1
    return True


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
