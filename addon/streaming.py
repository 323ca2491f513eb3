"""Restoring streamed replies event by event, holding back per channel only what could still be a placeholder."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from addon.bodies import StreamDecoder
from addon.conversation import reply_chain_ids
from addon.jsonstream import Item, JSONArrayStreamDecoder
from addon.ndjson import PATH_CHANNEL, RECORD_SEPARATOR, Line, LineDecoder, flush_line, is_last, path_channels
from addon.placeholders import Restorer, StreamRestorer
from addon.providers.base import Provider, Slot, string_leaves
from addon.sse import SSEDecoder, SSEEvent

log = logging.getLogger("anonamoose")


def json_escape(value: str) -> str:
    """A value as it must appear inside a JSON string (tool-call arguments)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def synthetic_sse(event: Any, named_like: str | None) -> SSEEvent:
    """An event we add: named by its `type` when the stream names its events (Anthropic, Responses)."""
    name = event.get("type") if named_like is not None and isinstance(event, dict) else None
    return SSEEvent(data=json.dumps(event, ensure_ascii=False), event=name)


NDJSON_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
        "application/json-seq",
        "application/x-ldjson",
        "application/stream+json",
    }
)


def stream_framing(content_type: str, path: str) -> str | None:
    """How a reply streams: `sse`, Gemini's `json-array`, `ndjson` (one JSON value a line), or None (whole)."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "text/event-stream":
        return "sse"
    if mime in NDJSON_TYPES or mime.endswith(("+ndjson", "+jsonl", "+json-seq")):
        return "ndjson"
    if "json" in mime and ":streamGenerateContent" in path:
        return "json-array"
    return None


class _Close(NamedTuple):
    """The end of the stream: every channel still open flushes."""


class _Tail(NamedTuple):
    """Bytes after the last element (a JSON array's `]`), sent as they came."""

    data: bytes

    def to_bytes(self) -> bytes:
        return self.data


Unit = SSEEvent | Item | Line | _Close | _Tail


@dataclass
class StreamStats:
    restored: int = 0
    unknown: int = 0
    events: int = 0
    failed: bool = False
    # channel -> (what the provider wrote, what the client received), for the reply memory
    replies: dict[str, tuple[str, str]] = field(default_factory=dict)
    # provider ids in the stream (a Responses id, a thread id) that a later request may continue from
    chain_ids: list[str] = field(default_factory=list)


class ChannelRestorers:
    """One StreamRestorer per channel, plus the text in and out of each channel."""

    def __init__(self, restorer: Restorer, stats: StreamStats):
        self.restorer = restorer
        self.stats = stats
        self.open: dict[str, StreamRestorer] = {}
        self.templates: dict[str, Any] = {}
        self.written: dict[str, list[str]] = {}
        self.sent: dict[str, list[str]] = {}

    def feed(self, channel: str, text: str, json_encoded: bool, event: Any) -> str:
        restorer = self.open.get(channel)
        if restorer is None:
            restorer = self.open[channel] = StreamRestorer(self.restorer, json_escape if json_encoded else None)
        self.templates[channel] = event
        self.written.setdefault(channel, []).append(text)
        out = restorer.feed(text)
        self.sent.setdefault(channel, []).append(out)
        return out

    def held_back(self) -> list[tuple[str, str, Any]]:
        """(channel, text not yet sent, template) of every open channel: what a failure must still send."""
        return [(c, r.pending, self.templates.get(c)) for c, r in self.open.items() if r.pending]

    def close(self, channel: str) -> str:
        restorer = self.open.pop(channel, None)
        if restorer is None:
            return ""
        tail = restorer.flush()
        self.sent.setdefault(channel, []).append(tail)
        self.stats.restored += restorer.restored
        self.stats.unknown += restorer.unknown
        written, sent = "".join(self.written.pop(channel, [])), "".join(self.sent.pop(channel, []))
        if written != sent:
            self.stats.replies[channel] = (written, sent)
        return tail


class StreamRewriter:
    """The callable mitmproxy gets as `flow.response.stream`: bytes in, restored bytes out, b"" at the end.

    If restoring fails the rest goes out as the provider wrote it, after the text held back so far; if even
    the framing fails, as decoded bytes; if decoding fails, nothing more (never still-encoded bytes).
    """

    def __init__(
        self,
        provider: Provider,
        restorer: Restorer,
        framing: str,
        content_encoding: str | None = None,
        on_finish: Callable[[StreamStats], None] | None = None,
    ):
        self.provider = provider
        self.restorer = restorer
        self.framing = framing
        self.stats = StreamStats()
        self.channels = ChannelRestorers(restorer, self.stats)
        self.on_finish = on_finish
        self.decoder = StreamDecoder(content_encoding)
        self.sse = SSEDecoder() if framing == "sse" else None
        self.array = JSONArrayStreamDecoder() if framing == "json-array" else None
        self.lines = LineDecoder() if framing == "ndjson" else None
        self.finished = False
        self.last_event_name: str | None = None
        self.degraded = ""  # "", "framed" (units pass unrestored), "plain" (bytes pass), "stopped"
        # Progress through the current chunk, so a failure knows what went out and what was held.
        self._out: list[bytes] = []
        self._units: list[Unit] = []
        self._at = 0
        self._held: list[tuple[str, str, Any]] = []

    def __call__(self, data: bytes) -> list[bytes]:
        # A list, never b"": mitmproxy sends an empty bytes chunk as-is, and over HTTP/1.1 chunked
        # encoding an empty chunk is the end of the body.
        final = data == b""
        try:
            out = self._degraded(data, final) if self.degraded else self._rewrite(data, final)
        except Exception:  # a broken stream must not take the proxy down, nor lose or leak what it held
            log.exception("anonamoose: stream rewriting failed; passing the rest of the stream through")
            self.stats.failed = True
            out = self._recover(data, final)
        if final and not self.finished:
            self.finished = True
            if self.on_finish:
                self.on_finish(self.stats)
        return [out] if out else []

    # ---- restoring -----------------------------------------------------------------------------------------

    def _rewrite(self, data: bytes, final: bool) -> bytes:
        self._out, self._units, self._at = [], [], 0
        self._held = self.channels.held_back()
        plain = self.decoder.decode(data)
        self._units = self._frame(plain, final)
        for index, unit in enumerate(self._units):
            self._at = index
            self._held = self.channels.held_back()
            self._out.extend(self._restore_unit(unit))
        return b"".join(self._out)

    def _frame(self, plain: bytes, final: bool) -> list[Unit]:
        units: list[Unit] = []
        if self.sse is not None:
            units += self.sse.feed(plain) + (self.sse.flush() if final else [])
        elif self.array is not None:
            units += self.array.feed(plain)
        elif self.lines is not None:
            units += self.lines.feed(plain, final)
        elif plain:
            units.append(_Tail(plain))
        if final:
            units.append(_Close())
            if self.array is not None:
                units.append(_Tail(self.array.flush()))
        return units

    def _restore_unit(self, unit: Unit) -> list[bytes]:
        if isinstance(unit, SSEEvent):
            return self._sse_event(unit)
        if isinstance(unit, Item):
            return [self._array_item(unit)]
        if isinstance(unit, Line):
            return [self._ndjson_line(unit)]
        if isinstance(unit, _Close):
            return [self._serialise(event) for event in self._close_all()]
        return [unit.to_bytes()]

    def _serialise(self, event: Any) -> bytes:
        """An event we add (a channel's flushed text), in the stream's framing."""
        if self.framing == "sse":
            return synthetic_sse(event, self.last_event_name).to_bytes()
        if self.framing == "json-array":
            return b"," + json.dumps(event, ensure_ascii=False).encode()
        return json.dumps(event, ensure_ascii=False).encode() + b"\n"

    # ---- failing safely ------------------------------------------------------------------------------------

    def _recover(self, data: bytes, final: bool) -> bytes:
        """After a failure: what was restored, the text held back before the failing unit, the rest as written."""
        if self.degraded:  # framing or decoding failed while already degraded
            self.degraded = "plain" if self.degraded == "framed" else "stopped"
            return self._degraded(data, final) if self.degraded == "plain" else b""
        units, out = self._units, list(self._out)
        if not units and data:
            # Decoding or framing failed before any unit: the bytes cannot be trusted to be plain.
            out += self._held_back_events(self._held)
            self.degraded = "stopped"
            log.error("anonamoose: a streamed reply could not be decoded; the rest of it is not sent")
            return b"".join(out)
        out += self._held_back_events(self._held)
        out += [unit.to_bytes() for unit in units[self._at :] if not isinstance(unit, _Close)]
        self.degraded = "framed"
        return b"".join(out)

    def _held_back_events(self, held: list[tuple[str, str, Any]]) -> list[bytes]:
        out = []
        for channel, text, template in held:
            try:
                out.append(self._serialise(self._flush_event(channel, text, template)))
            except Exception:
                log.exception("anonamoose: could not send a stream's held-back text")
        self.channels.open.clear()
        return out

    def _degraded(self, data: bytes, final: bool) -> bytes:
        if self.degraded == "stopped":
            return b""
        try:
            plain = self.decoder.decode(data)
        except Exception:
            self.degraded = "stopped"
            log.error("anonamoose: a streamed reply could not be decoded; the rest of it is not sent")
            return b""
        if self.degraded == "plain":
            return plain
        self._units, self._out, self._at, self._held = [], [], 0, []
        return b"".join(unit.to_bytes() for unit in self._frame(plain, final) if not isinstance(unit, _Close))

    # ---- events --------------------------------------------------------------------------------------------

    def _sse_event(self, event: SSEEvent) -> list[bytes]:
        self.stats.events += 1
        self.last_event_name = event.event or self.last_event_name
        if event.data is None:
            return [event.to_bytes()]
        try:
            parsed = json.loads(event.data)
        except ValueError:
            # `[DONE]` and other sentinels end the stream: everything held goes out first.
            flushed = [synthetic_sse(e, self.last_event_name).to_bytes() for e in self._close_all()]
            return [*flushed, event.to_bytes()]
        before, changed = self._restore_event(parsed)
        encoded = event.with_data(json.dumps(parsed, ensure_ascii=False)) if changed else event
        flushed = [synthetic_sse(e, event.event).to_bytes() for e in before]
        return [*flushed, encoded.to_bytes()]

    def _array_item(self, item: Any) -> bytes:
        self.stats.events += 1
        try:
            parsed = json.loads(item.text)
        except ValueError:
            return bytes(item.to_bytes())
        before, changed = self._restore_event(parsed)
        prefix = b"".join(json.dumps(e, ensure_ascii=False).encode() + b",\r\n" for e in before)
        encoded = item.to_bytes(json.dumps(parsed, ensure_ascii=False)) if changed else item.to_bytes()
        # Synthetic elements go right after the separator that precedes this element.
        if prefix:
            separator = item.prefix
            return bytes(separator) + prefix + encoded[len(separator) :]
        return bytes(encoded)

    def _ndjson_line(self, line: Line) -> bytes:
        self.stats.events += 1
        text = line.text.removeprefix(RECORD_SEPARATOR)
        separator = line.text[: len(line.text) - len(text)]
        try:
            parsed = json.loads(text)
        except ValueError:
            if not text.strip():
                return line.to_bytes()
            # Not JSON after all: held text goes first; values still go in JSON-escaped, as in every other line.
            flushed = b"".join(self._serialise(e) for e in self._close_all())
            result = self.restorer.restore(text, json_escape)
            self.stats.restored += result.restored
            self.stats.unknown += result.unknown
            return flushed + line.to_bytes(separator + result.text)
        before, changed = self._restore_event(parsed, by_path=True)
        prefix = b"".join(self._serialise(e) for e in before)
        if not changed:
            return prefix + line.to_bytes()
        return prefix + line.to_bytes(separator + json.dumps(parsed, ensure_ascii=False))

    def _line_slots(self, line: Any) -> list[Slot]:
        """The strings of an NDJSON line to restore: the adapter's, else every string in it."""
        slots = [slot for _, slot in self.provider.event_slots(line)]
        return slots or (list(string_leaves(line)) if isinstance(line, dict | list) else [])

    def _flush_event(self, channel: str, tail: str, template: Any) -> Any:
        if channel.startswith(PATH_CHANNEL):
            return flush_line(channel, tail, template, self._line_slots)
        return self.provider.flush_event(channel, tail, template)

    def _restore_event(self, event: Any, by_path: bool = False) -> tuple[list[Any], bool]:
        """Restore one event in place; returns the flush events to send before it, and whether it changed.

        `by_path` (NDJSON): unless the adapter names channels, each string's JSON path is its channel.
        """
        changed = False
        own: dict[str, Any] = {}
        self.stats.chain_ids.extend(i for i in reply_chain_ids(event) if i not in self.stats.chain_ids)
        slots: list[tuple[str | None, Slot]] = list(self.provider.event_slots(event))
        closed: list[str] = []
        if by_path and all(channel is None for channel, _ in slots):
            slots = list(path_channels(event, self._line_slots(event)))
            named = {channel for channel, _ in slots}
            # A line without a field ends that field's text; a last line ends every one.
            closed = [c for c in self.channels.open if c.startswith(PATH_CHANNEL) and c not in named]
            closed += [c for c in named if c is not None] if is_last(event) else []
        for channel, slot in slots:
            text = slot.get()
            if channel is None:
                result = self.restorer.restore(text, json_escape if slot.json_encoded else None)
                self.stats.restored += result.restored
                self.stats.unknown += result.unknown
                new = result.text
            else:
                new = self.channels.feed(channel, text, slot.json_encoded, event)
                own[channel] = slot
            if new != text:
                slot.set(new)
                changed = True
        before = []
        for channel in [*self.provider.channels_closed(event), *closed]:
            tail = self.channels.close(channel)
            if not tail:
                continue
            if channel in own:
                own[channel].set(own[channel].get() + tail)
                changed = True
            else:
                template = self.channels.templates.get(channel, event)
                before.append(self._flush_event(channel, tail, template))
        return before, changed

    def _close_all(self) -> list[Any]:
        events = []
        for channel in list(self.channels.open):
            tail = self.channels.close(channel)
            if tail:
                template = self.channels.templates.get(channel)
                events.append(self._flush_event(channel, tail, template))
        return events
