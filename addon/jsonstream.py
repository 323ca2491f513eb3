"""Gemini's non-SSE stream: one JSON array sent in pieces, `[{...}\\r\\n,{...}\\r\\n]`, split into its elements.

Each element comes out as soon as its last byte arrives, with the bytes before it, so that
prefix + element + prefix + element + ... + `flush()` rebuilds the stream byte for byte. Scanning works on
bytes (UTF-8 never puts an ASCII byte inside a multi-byte character), so a character split across reads is
simply part of an element that is not complete yet. A stream that is not an array is one element.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NON_SPACE = re.compile(rb"[^ \t\r\n]")
_STRING_STOP = re.compile(rb'["\\]')
_STRUCTURE = re.compile(rb'[][{}"]')
_SCALAR_END = re.compile(rb"[ \t\r\n,\]}]")


class Item(NamedTuple):
    """One top-level element: the bytes before it (`[`, `,\\r\\n`, ...) and its JSON text."""

    prefix: bytes
    text: str

    def to_bytes(self, text: str | None = None) -> bytes:
        """The item on the wire again, with its element replaced by `text` if given."""
        element = self.text if text is None else text
        return self.prefix + element.encode("utf-8", "surrogateescape")


class JSONArrayStreamDecoder:
    """Incremental splitter of a streamed JSON array into its elements."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._handed_out = 0  # bytes of the buffer already returned in items
        self._scan = 0  # next byte of the buffer to look at
        self._element_start: int | None = None
        self._element_kind = b""  # b"{" / b"[" container, b'"' string, b"0" any other scalar
        self._in_array: bool | None = None  # unknown until the first non-space byte
        self._closed = False  # the array (or the single value) has ended: the rest is suffix
        self._depth = 0  # brackets open, the outer array's included
        self._in_string = False
        self._escaped = False

    def feed(self, data: bytes) -> list[Item]:
        """The elements completed by `data`."""
        self._buffer += data
        items: list[Item] = []
        while self._scan < len(self._buffer) and self._step(items):
            pass
        if self._handed_out:
            del self._buffer[: self._handed_out]
            self._scan -= self._handed_out
            if self._element_start is not None:
                self._element_start -= self._handed_out
            self._handed_out = 0
        return items

    def flush(self) -> bytes:
        """The bytes after the last element (the closing `]`, or an incomplete element as it came)."""
        rest = bytes(self._buffer)
        self._buffer.clear()
        self._scan = 0
        self._element_start = None
        return rest

    @property
    def _element_depth(self) -> int:
        """The depth at which a top-level element sits: inside the array, or the value itself."""
        return 1 if self._in_array else 0

    def _step(self, items: list[Item]) -> bool:
        """Advance the scan by one token; False when the buffer holds nothing more to decide."""
        if self._in_string:
            return self._step_string(items)
        if self._element_start is None:
            return self._step_between()
        if self._element_kind == b"0":
            end = _SCALAR_END.search(self._buffer, self._scan)
            if end is None:
                self._scan = len(self._buffer)
                return False
            self._scan = end.start()
            self._finish_element(items)
            return True
        token = _STRUCTURE.search(self._buffer, self._scan)
        if token is None:
            self._scan = len(self._buffer)
            return False
        self._scan = token.end()
        byte = token.group()
        if byte == b'"':
            self._in_string = True
        elif byte in b"[{":
            self._depth += 1
        else:
            self._depth -= 1
            if self._depth <= self._element_depth:
                self._finish_element(items)
        return True

    def _step_string(self, items: list[Item]) -> bool:
        if self._escaped:
            self._escaped = False
            self._scan += 1
            return True
        stop = _STRING_STOP.search(self._buffer, self._scan)
        if stop is None:
            self._scan = len(self._buffer)
            return False
        self._scan = stop.end()
        if stop.group() == b"\\":
            self._escaped = True
        else:
            self._in_string = False
            if self._element_kind == b'"':
                self._finish_element(items)
        return True

    def _step_between(self) -> bool:
        if self._closed:
            self._scan = len(self._buffer)
            return False
        found = _NON_SPACE.search(self._buffer, self._scan)
        if found is None:
            self._scan = len(self._buffer)
            return False
        position = found.start()
        byte = bytes(self._buffer[position : position + 1])
        self._scan = position + 1
        if self._in_array is None:
            self._in_array = byte == b"["
            if self._in_array:
                self._depth = 1
                return True
        if self._in_array and byte in (b",", b"]"):
            if byte == b"]":
                self._depth = 0
                self._closed = True
            return True
        self._element_start = position
        if byte in (b"[", b"{"):
            self._element_kind = byte
            self._depth += 1
        elif byte == b'"':
            self._element_kind = byte
            self._in_string = True
        else:
            self._element_kind = b"0"
        return True

    def _finish_element(self, items: list[Item]) -> None:
        start = self._element_start
        assert start is not None
        prefix = bytes(self._buffer[self._handed_out : start])
        element = bytes(self._buffer[start : self._scan])
        items.append(Item(prefix, element.decode("utf-8", "surrogateescape")))
        self._handed_out = self._scan
        self._element_start = None
        # A value that is not inside an array is the whole stream: what follows is suffix.
        self._closed = not self._in_array
