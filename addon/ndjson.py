"""NDJSON streams (one JSON value a line): lines split from bytes, and each text field as a stream channel.

Providers stream a token a line, so a placeholder is often cut across lines. Unless the adapter names
channels, each string's JSON path is its channel: the same field in the next line continues it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from addon.providers.base import Slot

RECORD_SEPARATOR = "\x1e"  # application/json-seq puts one before each record
PATH_CHANNEL = "ndjson:"
# Fields that mark a line as the last of its stream (Ollama, Cohere, OpenAI-compatible servers).
DONE_KEYS = ("done", "is_finished", "finish_reason", "done_reason", "stop_reason")


class Line(NamedTuple):
    """One line: its text (a record separator included) and its line ending."""

    text: str
    ending: str

    def to_bytes(self, text: str | None = None) -> bytes:
        return ((self.text if text is None else text) + self.ending).encode("utf-8", "surrogateescape")


class LineDecoder:
    """Splits decoded bytes into complete lines; the last, unterminated one comes out at the end."""

    def __init__(self) -> None:
        self._partial = b""

    def feed(self, data: bytes, final: bool = False) -> list[Line]:
        pieces = (self._partial + data).split(b"\n")
        self._partial = b"" if final else pieces.pop()
        lines = [Line(p.decode("utf-8", "surrogateescape"), "\n") for p in pieces]
        if final and lines:
            last = lines.pop()  # what followed the last newline has no newline of its own
            if last.text:
                lines.append(Line(last.text, ""))
        return lines


def _paths(node: Any, prefix: str = "") -> Iterator[tuple[int, Any, str]]:
    """(id of the parent, key, path) of every value under `node`."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        path = f"{prefix}/{key}"
        yield id(node), key, path
        yield from _paths(value, path)


def path_channels(document: Any, slots: list[Slot]) -> list[tuple[str, Slot]]:
    """Each slot with a channel named by its JSON path."""
    paths = {(parent, key): path for parent, key, path in _paths(document)}
    return [(PATH_CHANNEL + paths.get((id(slot.parent), slot.key), "?"), slot) for slot in slots]


def is_last(document: Any) -> bool:
    """Whether a line says the stream's text is complete."""
    return isinstance(document, dict) and any(document.get(key) for key in DONE_KEYS)


def flush_line(channel: str, text: str, template: Any, slots_of: Callable[[Any], list[Slot]]) -> Any:
    """A line like `template` carrying only `text` in `channel`'s field: its other text fields emptied."""
    line = copy.deepcopy(template)
    for name, slot in path_channels(line, slots_of(line)):
        slot.set(text if name == channel else "")
    return line
