"""Applying placeholders with presidio-anonymizer: our Operator asks the placeholder service for each value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult
from presidio_anonymizer.operators import Operator, OperatorType

from detectors.types import Detection

# (entity_type, original value) -> placeholder
Assign = Callable[[str, str], str]
OPERATOR_NAME = "anonamoose_placeholder"


class PlaceholderOperator(Operator):
    """Replaces a detected value with the placeholder the `assign` parameter returns for it."""

    def operate(self, text: str, params: dict[str, Any] | None = None) -> str:
        assert params is not None
        return params["assign"](params["entity_type"], text)

    def validate(self, params: dict[str, Any] | None = None) -> None:
        if not params or not callable(params.get("assign")):
            raise ValueError("the placeholder operator needs an `assign` callable")

    def operator_name(self) -> str:
        return OPERATOR_NAME

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


@lru_cache(maxsize=1)
def anonymizer() -> AnonymizerEngine:
    engine = AnonymizerEngine()
    engine.add_anonymizer(PlaceholderOperator)
    return engine


def apply_placeholders(text: str, detections: Sequence[Detection], assign: Assign) -> str:
    """`text` with every detection replaced by `assign(entity_type, value)`; detections must not overlap."""
    if not detections:
        return text
    spliced = _splice(text, detections, assign)
    if spliced is not None:
        return spliced
    results = [RecognizerResult(d.entity_type, d.start, d.end, d.score) for d in detections]
    config = OperatorConfig(OPERATOR_NAME, {"assign": assign})
    operators = {"DEFAULT": config}
    return anonymizer().anonymize(text, results, operators, merge_entities_with_spaces=False).text


def _splice(text: str, detections: Sequence[Detection], assign: Assign) -> str | None:
    """What presidio's engine returns when the spans are sane and apart, without its per-span objects; else None.

    Values are assigned in the engine's order (last span first), so placeholders come out the same.
    """
    spans = sorted(detections, key=lambda d: (d.start, d.end))
    previous_end = 0
    for d in spans:
        if d.start < previous_end or d.end <= d.start:  # overlaps, repeats, empty spans: the engine resolves those
            return None
        previous_end = d.end
    if previous_end > len(text):
        return None
    pieces: list[str] = []
    end = len(text)
    for d in reversed(spans):
        pieces.append(text[d.end : end])
        pieces.append(assign(d.entity_type, text[d.start : d.end]))
        end = d.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


class LocalPlaceholders:
    """Placeholders for offline redaction (the CLI): same derivation as the proxy, mappings kept in memory."""

    def __init__(self, key: bytes, style: str = "typed", scope_id: str = "cli"):
        from addon.placeholders import PlaceholderFactory, normalise
        from store.crypto import Vault

        self._factory = PlaceholderFactory.for_vault(Vault(key), style)
        self._normalise = normalise
        self._scope_id = scope_id
        self._owners: dict[str, str] = {}

    def assign(self, entity_type: str, value: str) -> str:
        value_key = f"{entity_type}\x00{self._normalise(entity_type, value)}"
        placeholder = self._factory.assign(self._scope_id, entity_type, value, self._owners.get, value_key)
        self._owners[placeholder] = value_key
        return placeholder


def redact_text(text: str, detections: Sequence[Detection], assign: Assign) -> str:
    """Alias kept for readability at call sites: the redacted form of `text`."""
    return apply_placeholders(text, detections, assign)
