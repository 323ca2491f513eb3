"""Shared names for detection: layers, the Detection result, and the layer tag our recognizers carry."""

from __future__ import annotations

from dataclasses import dataclass

# Precedence order: an earlier layer wins an overlap.
LAYERS: tuple[str, ...] = ("dictionary", "ner", "patterns", "names", "secrets")
LAYER_RANK: dict[str, int] = {name: rank for rank, name in enumerate(LAYERS)}

LOCALES: tuple[str, ...] = ("AU", "NZ", "UK", "US")


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


class LayerTagged:
    """Mixin for our recognizers: which layer they belong to and, for regional ones, which locale.

    The engine reads these to switch layers and locales on and off and to tag each result.
    """

    LAYER: str = "patterns"
    LOCALE: str | None = None  # None = universal
