"""A string inside a JSON document, addressed by its parent and key so it can be read and rewritten in place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Slot:
    """One string inside a JSON document that the provider reads or writes."""

    parent: dict | list
    key: str | int
    # the string holds JSON text (e.g. tool-call arguments): restore with JSON escaping
    json_encoded: bool = False

    def get(self) -> str:
        value = self.parent[self.key]  # type: ignore[index]
        if not isinstance(value, str):
            raise TypeError(f"slot {self.key!r} no longer holds a string")
        return value

    def set(self, value: str) -> None:
        self.parent[self.key] = value  # type: ignore[index]
