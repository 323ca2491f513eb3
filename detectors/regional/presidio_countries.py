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
from presidio_analyzer import EntityRecognizer, PatternRecognizer
from presidio_analyzer.predefined_recognizers import CryptoRecognizer

from detectors.regional import au, nz, uk, universal, us

OUR_MODULES = (universal, au, nz, uk, us)
# Presidio spells the United Kingdom "uk"; every other code is ISO 3166-1 alpha-2 as our locales are.
UNIVERSAL_CLASSES: tuple[type[EntityRecognizer], ...] = (CryptoRecognizer,)


def locale_of(country_code: str) -> str:
    return country_code.upper()


def _our_entities() -> frozenset[tuple[str | None, str]]:
    """(locale, entity type) pairs our own recognizers find."""
    return frozenset((cls.LOCALE, cls.ENTITY) for module in OUR_MODULES for cls in module.RECOGNIZERS)


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
    """Mixed into Presidio's classes: drops results cut out of a longer token, and skips a text that holds none of
    the context words a context-only recognizer needs (its matches would all fall under the threshold)."""

    context_only: bool = False

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, **kwargs: Any) -> list[Any]:
        if self.context_only and not _mentions_any(text, self.context):  # type: ignore[attr-defined]
            return []
        results = super().analyze(text, entities, nlp_artifacts, **kwargs)  # type: ignore[misc]
        return [r for r in results or [] if not inside_a_longer_token(text, r.start, r.end)]


def _mentions_any(text: str, words: list[str]) -> bool:
    lowered = text.lower()
    return any(word.lower() in lowered for word in words)


_BOUNDED: dict[type, type] = {}


def _token_bounded(cls: type) -> type:
    """Presidio's class with the token-boundary filter mixed in, made once per class."""
    if cls not in _BOUNDED:
        _BOUNDED[cls] = type(cls.__name__, (_TokenBounded, cls), {})
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
        recognizer.context_only = needs_context(recognizer, min_score)  # type: ignore[attr-defined]
    return recognizers
