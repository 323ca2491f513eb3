"""Presidio's own predefined recognizers, registered by country under our locale filter, plus its universal
crypto-wallet recognizer.

Presidio ships checksum-validated recognizers for many countries (DE, ES, IT, PL, FI, SE, IN, KR, SG, TR, NG, TH, CA,
ZA, PH, ...). We use them as they are, keyed by their own ``COUNTRY_CODE``; where one of our recognizers already
finds an entity type in that country (AU TFN, UK NHS, US SSN ...), ours stays and Presidio's is left out. Presidio
tags many of them for another language ("de", "es"); our engine analyses in "en", so they are built for "en".
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from functools import cache
from typing import Any

import presidio_analyzer.predefined_recognizers as predefined
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS
from presidio_analyzer.predefined_recognizers import CryptoRecognizer

from detectors import pattern_hints
from detectors.context import field_is_cue
from detectors.pattern_hints import may_match
from detectors.patterns import compiled, drop_contained
from detectors.regional import au, nz, uk, universal, us
from detectors.regional.universal import MATCH_OVERRUN, cue_regions
from detectors.results import tagged_result
from detectors.types import locale_of, recognizer_locale
from detectors.whole_field import whole_field

OUR_MODULES = (universal, au, nz, uk, us)
# Presidio spells the United Kingdom "uk"; every other code is ISO 3166-1 alpha-2 as our locales are.
UNIVERSAL_CLASSES: tuple[type[EntityRecognizer], ...] = (CryptoRecognizer,)
# As the context enhancer: context words count up to this many words before a value.
CONTEXT_WORDS_BEFORE = 6


def _our_entities() -> frozenset[tuple[str | None, str]]:
    """(locale, entity type) pairs our own recognizers find."""
    return frozenset((recognizer_locale(cls), cls.ENTITY) for module in OUR_MODULES for cls in module.RECOGNIZERS)


@cache
def country_classes() -> dict[str, tuple[type[EntityRecognizer], ...]]:
    """Presidio's country recognizer classes by our locale name, without the ones ours replace."""
    ours = _our_entities()
    by_locale: dict[str, list[type[EntityRecognizer]]] = {}
    for _name, cls in sorted(vars(predefined).items()):
        code = getattr(cls, "COUNTRY_CODE", None) if inspect.isclass(cls) else None
        if not code or not issubclass(cls, EntityRecognizer):
            continue
        locale = locale_of(code)
        entities = _entities_of(cls)
        if entities and all((locale, entity) in ours for entity in entities):
            continue
        by_locale.setdefault(locale, []).append(cls)
    return {locale: tuple(classes) for locale, classes in sorted(by_locale.items())}


def _entities_of(cls: type[EntityRecognizer]) -> list[str]:
    """The entity types a Presidio recognizer class reports, read from its constructor's default."""
    default = inspect.signature(cls.__init__).parameters.get("supported_entity")
    if default is not None and isinstance(default.default, str):
        return [default.default]
    return []


def inside_a_longer_token(text: str, start: int, end: int) -> bool:
    """A match that runs on into letters or digits, or continues a number ("JD7974074" in a parcel number
    "JD797407499NL"): some of Presidio's patterns have no word boundaries, and a checksum passes by chance."""
    return (end < len(text) and text[end].isalnum()) or (start > 0 and text[start - 1].isdigit())


def needs_context(recognizer: EntityRecognizer, min_score: float) -> bool:
    """True when nothing the recognizer finds can pass `min_score` without one of its context words: every pattern
    scores below it and no checksum (an overridden validate_result) can raise a match to full score."""
    if not isinstance(recognizer, PatternRecognizer) or not recognizer.context:
        return False
    validates = type(recognizer).validate_result is not PatternRecognizer.validate_result
    return not validates and all(pattern.score < min_score for pattern in recognizer.patterns)


class _TokenBounded:
    """Mixed into Presidio's classes: drops results cut out of a longer token; a context-only recognizer looks only
    around its context words (elsewhere its matches would all fall under the threshold)."""

    context_only: bool = False

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, **kwargs: Any) -> list[Any]:
        if isinstance(self, PatternRecognizer) and _plain(self):
            # A value filling its field is its own cue (see whole_field): the whole text is scanned.
            if self.context_only and (not field_is_cue(self) or whole_field(text) is None):
                regions = cue_regions(text, self.context, CONTEXT_WORDS_BEFORE)
            else:
                regions = [(0, len(text))]
            results = scan_patterns(self, text, regions)
        else:
            results = super().analyze(text, entities, nlp_artifacts, **kwargs)  # type: ignore[misc]
        return [r for r in results or [] if not inside_a_longer_token(text, r.start, r.end)]


class _CheckedWithoutSpaces:
    """Mixed into a Presidio class whose checksum reads digits only: a value printed in groups is checked whole."""

    def validate_result(self, pattern_text: str) -> bool | None:
        return super().validate_result(pattern_text.replace(" ", ""))  # type: ignore[misc,no-any-return]


def _plain(recognizer: PatternRecognizer) -> bool:
    """True when the class keeps PatternRecognizer's own analyze, so scanning its patterns is all it does."""
    return next(c for c in type(recognizer).__mro__ if "analyze" in vars(c) and c is not _TokenBounded) is (
        PatternRecognizer
    )


def scan_patterns(recognizer: PatternRecognizer, text: str, regions: list[tuple[int, int]]) -> list[RecognizerResult]:
    """Presidio's pattern scoring (validate True -> 1.0, False -> dropped; invalidate True -> dropped) in one pass
    per region; Presidio's own analyze also compares every pair of matches, quadratic on a number-heavy text."""
    flags = recognizer.global_regex_flags or 0
    results = []
    for pattern in recognizer.patterns:
        if not may_match(pattern, text):
            continue  # its hint is absent: it cannot match here
        pattern_regex = compiled(pattern, flags)
        for first, last in regions:
            endpos = len(text) if last >= len(text) else min(len(text), last + MATCH_OVERRUN)
            try:
                if first == 0 and endpos == len(text) and pattern_hints.has_start_rule(pattern):
                    matches = list(pattern_hints.matches(pattern, pattern_regex, text, flags))  # only where one starts
                else:
                    matches = list(pattern_regex.finditer(text, first, endpos, timeout=REGEX_TIMEOUT_SECONDS))
            except TimeoutError:
                continue
            for match in matches:
                start, end = match.span()
                if start >= last or start == end:
                    continue
                value = text[start:end]
                validation = recognizer.validate_result(value)
                score = pattern.score if validation is None else (EntityRecognizer.MAX_SCORE if validation else 0.0)
                if score <= EntityRecognizer.MIN_SCORE or recognizer.invalidate_result(value):
                    continue
                explanation = AnalysisExplanation(recognizer.name, pattern.score, pattern.name, pattern.regex)
                results.append(
                    tagged_result(recognizer, recognizer.supported_entities[0], start, end, score, explanation)
                )
    return drop_contained(sorted(results, key=lambda r: (r.start, -r.end, -r.score)))


# What Presidio's labelled US patterns cannot match without (see pattern_hints): the label their lookbehind reads, or
# the digits every match holds.
PATTERN_HINTS = {
    ("UsPrescriptionNumberRecognizer", "Prescription number (Rx labelled)"): r"(?i:rx)",
    ("UsPrescriptionNumberRecognizer", "Prescription number (labelled)"): r"(?i:prescription)",
    ("UsPrescriptionNumberRecognizer", "Prescription number (weak prefixed)"): r"(?i:rx)",
    ("UsClaimNumberRecognizer", "Claim number (labelled)"): r"(?i:claim)",
    ("UsPriorAuthorizationNumberRecognizer", "Prior authorization number (labelled)"): r"(?i:auth)",
    ("UsReferralNumberRecognizer", "Referral number (labelled)"): r"(?i:referral)",
    # both of its shapes end in seven digits
    ("MedicalLicenseRecognizer", "USA DEA Certificate Number (weak)"): r"\d{7}",
}
for (_class_name, _name), _hint in PATTERN_HINTS.items():
    for _pattern in getattr(getattr(predefined, _class_name, None), "PATTERNS", []):
        if _pattern.name == _name:
            pattern_hints.register(_pattern.regex, _hint)

# Forms Presidio's installed patterns miss although its own tests expect them (newer releases match them): the
# Steuer-ID printed in groups (its checksum is read without the spaces), and Korean RRNs of people born before 1900
# or foreign residents (gender digit 0, 5-9; the checksum still decides).
EXTRA_PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "DeTaxIdRecognizer": (Pattern("Steueridentifikationsnummer (in groups)", r"\b[1-9]\d (?:\d{3} ){2}\d{3}\b", 0.5),),
    "KrRrnRecognizer": (
        Pattern(
            "RRN (other gender digits)",
            r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[05-9]\d{6}(?!\d)",
            0.5,
        ),
    ),
}
# Checksums that Presidio computes on the digits alone: a grouped value is checked with its spaces removed.
CHECKED_WITHOUT_SPACES = frozenset({"DeTaxIdRecognizer"})
# Cue words Presidio's lists lack: "you can vote with your CPJ4467918".
EXTRA_CONTEXT: dict[str, tuple[str, ...]] = {"InVoterRecognizer": ("vote",)}

# Presidio's generic "letters and digits" codes, typed by their label alone: a bare field of that shape is not one.
LABEL_TYPED = frozenset(
    {
        "UsHealthInsuranceMemberIdRecognizer",
        "UsClaimNumberRecognizer",
        "UsPrescriptionNumberRecognizer",
        "UsPriorAuthorizationNumberRecognizer",
        "UsReferralNumberRecognizer",
    }
)

_BOUNDED: dict[type, type] = {}


def _token_bounded(cls: type) -> type:
    """Presidio's class with the token-boundary filter mixed in, made once per class."""
    if cls not in _BOUNDED:
        mixins = (_TokenBounded, _CheckedWithoutSpaces) if cls.__name__ in CHECKED_WITHOUT_SPACES else (_TokenBounded,)
        _BOUNDED[cls] = type(cls.__name__, (*mixins, cls), {"FIELD_IS_CUE": cls.__name__ not in LABEL_TYPED})
    return _BOUNDED[cls]


def build(locales: Iterable[str], min_score: float = 0.5) -> list[EntityRecognizer]:
    """Instances for the universal classes and for each enabled locale, all analysing in "en"."""
    chosen = set(locales)
    classes = list(UNIVERSAL_CLASSES)
    for locale, country in country_classes().items():
        if locale in chosen:
            classes.extend(country)
    recognizers: list[EntityRecognizer] = [_token_bounded(cls)(supported_language="en") for cls in classes]
    for recognizer in recognizers:
        if isinstance(recognizer, PatternRecognizer):
            recognizer.patterns = [*recognizer.patterns, *EXTRA_PATTERNS.get(type(recognizer).__name__, ())]
            recognizer.context = [*(recognizer.context or []), *EXTRA_CONTEXT.get(type(recognizer).__name__, ())]
        recognizer.context_only = needs_context(recognizer, min_score)  # type: ignore[attr-defined]
    return recognizers
