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


@dataclass
class KeySlot(Slot):
    """An object's key that holds a value (an email as a `metadata` key): setting it renames the key in place."""

    def get(self) -> str:
        if not isinstance(self.key, str) or not isinstance(self.parent, dict) or self.key not in self.parent:
            raise TypeError(f"key {self.key!r} is no longer in its object")
        return self.key

    def set(self, value: str) -> None:
        if value == self.key or not isinstance(self.parent, dict):
            return
        while value in self.parent:  # never merge into a key the object already has
            value += " "
        # rebuilt in order, so the document keeps its shape; the slot then names the new key
        items = list(self.parent.items())
        self.parent.clear()
        self.parent.update((value if key == self.key else key, item) for key, item in items)
        self.key = value
