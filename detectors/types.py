"""Shared names for detection: layers, the Detection result, and the layer tag our recognizers carry."""

from __future__ import annotations

from dataclasses import dataclass

# Precedence order: an earlier layer wins an overlap.
LAYERS: tuple[str, ...] = ("dictionary", "ner", "patterns", "names", "secrets")
LAYER_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LAYERS)}

# Our own regional modules; on by default.
DEFAULT_LOCALES: tuple[str, ...] = ("AU", "NZ", "UK", "US")
# Countries only Presidio's predefined recognizers cover (regional/presidio_countries.py): on by name or with "all".
PRESIDIO_LOCALES: tuple[str, ...] = (
    "CA", "DE", "ES", "FI", "IN", "IT", "KR", "NG", "PH", "PL", "SE", "SG", "TH", "TR", "ZA",
)  # fmt: skip
LOCALES: tuple[str, ...] = DEFAULT_LOCALES + PRESIDIO_LOCALES


@dataclass(frozen=True, slots=True)
class Detection:
    """One PII value found in a text: offsets into that text, never the value itself."""

    start: int
    end: int
    entity_type: str
    score: float
    layer: str

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "score": round(self.score, 4),
            "layer": self.layer,
        }


def locale_of(country_code: str) -> str:
    """Our locale name for a Presidio ``COUNTRY_CODE``: "au" -> "AU" (Presidio, like us, spells the UK "uk")."""
    return country_code.upper()


def recognizer_locale(cls: type) -> str | None:
    """The locale a recognizer class is switched on with, from Presidio's class-level ``COUNTRY_CODE``; None for a
    universal one (``EntityRecognizer.COUNTRY_CODE`` defaults to None)."""
    code = getattr(cls, "COUNTRY_CODE", None)
    return locale_of(code) if code else None


class LayerTagged:
    """Mixin for our recognizers: which layer they belong to.

    Regional ones say their country the way Presidio's own recognizers do, with the class-level ``COUNTRY_CODE``
    (``"au"``, ``"nz"``, ``"uk"``, ``"us"``). The engine reads both to switch layers and locales on and off and to
    tag each result.
    """

    LAYER: str = "patterns"
