"""Server-sent events framing for a stream rewriter: bytes in, events out, events back to bytes.

Follows the WHATWG event-stream grammar (any of \\r\\n, \\n, \\r ends a line; a blank line ends an event),
but keeps what a pass-through needs that a browser would drop: comment-only blocks (keep-alives) and an
unterminated last event.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One event: its fields as decoded. `data` is None when the event had no `data:` line."""

    data: str | None = None
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    comments: tuple[str, ...] = ()
    # False for a last event the stream ended without its blank line; it is re-encoded without one too.
    complete: bool = True

    def with_data(self, new_data: str) -> SSEEvent:
        """A copy with `data` replaced."""
        return dataclasses.replace(self, data=new_data)

    def to_bytes(self) -> bytes:
        """The event encoded for the wire: comments, event, id, retry, data lines, blank line."""
        lines = [f":{comment}" for comment in self.comments]
        if self.event is not None:
            lines.append(f"event: {self.event}")
        if self.id is not None:
            lines.append(f"id: {self.id}")
        if self.retry is not None:
            lines.append(f"retry: {self.retry}")
        if self.data is not None:
            lines.extend(f"data: {line}" for line in self.data.split("\n"))
        encoded = "".join(f"{line}\n" for line in lines)
        return (encoded + "\n" if self.complete else encoded).encode("utf-8")


@dataclass
class _EventFields:
    data_lines: list[str] = dataclasses.field(default_factory=list)
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    comments: list[str] = dataclasses.field(default_factory=list)
    seen_any: bool = False

    def to_event(self, complete: bool) -> SSEEvent:
        data = "\n".join(self.data_lines) if self.data_lines else None
        return SSEEvent(data, self.event, self.id, self.retry, tuple(self.comments), complete)


class SSEDecoder:
    """Incremental decoder: feed it bytes as they arrive, get back each event as soon as its blank line does."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._partial_line: list[str] = []
        self._fields = _EventFields()
        self._at_start = True
        self._skip_lf = False  # the previous chunk ended in \r: a leading \n completes that line ending

    def feed(self, data: bytes) -> list[SSEEvent]:
        """The events completed by `data`."""
        return self._decode(self._text.decode(data))

    def flush(self) -> list[SSEEvent]:
        """At the end of the stream: the last event if the stream ended without its blank line."""
        events = self._decode(self._text.decode(b"", final=True))
        if self._partial_line:
            self._line("".join(self._partial_line), events)
            self._partial_line = []
        if self._fields.seen_any:
            events.append(self._fields.to_event(complete=False))
            self._fields = _EventFields()
        return events

    def _decode(self, text: str) -> list[SSEEvent]:
        if not text:
            return []
        if self._at_start:
            self._at_start = False
            text = text.removeprefix(_BOM)
        if self._skip_lf:
            self._skip_lf = False
            text = text.removeprefix("\n")
        events: list[SSEEvent] = []
        position = 0
        # Only the new text is scanned: the partial line holds no line ending, so long lines stay linear.
        for line_end in _LINE_END.finditer(text):
            line = text[position : line_end.start()]
            if self._partial_line:
                line, self._partial_line = "".join(self._partial_line) + line, []
            self._line(line, events)
            position = line_end.end()
        if position < len(text):
            self._partial_line.append(text[position:])
        # A lone \r at the end is a complete line ending, but a \n may still follow in the next chunk.
        self._skip_lf = text.endswith("\r")
        return events

    def _line(self, line: str, events: list[SSEEvent]) -> None:
        fields = self._fields
        if not line:
            if fields.seen_any:
                events.append(fields.to_event(complete=True))
                self._fields = _EventFields()
            return
        if line.startswith(":"):
            fields.comments.append(line[1:])
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                fields.data_lines.append(value)
            elif name == "event":
                fields.event = value
            elif name == "id" and "\0" not in value:
                fields.id = value
            elif name == "retry" and value.isascii() and value.isdigit():
                fields.retry = int(value)
            else:
                return  # unknown fields and invalid values are ignored, as by a browser
        fields.seen_any = True
