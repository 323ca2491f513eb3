"""Restoring streamed replies event by event, holding back per channel only what could still be a placeholder."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from addon.bodies import StreamDecoder
from addon.jsonstream import JSONArrayStreamDecoder
from addon.placeholders import Restorer, StreamRestorer
from addon.providers.base import Provider
from addon.sse import SSEDecoder, SSEEvent

log = logging.getLogger("anonamoose")


def json_escape(value: str) -> str:
    """A value as it must appear inside a JSON string (tool-call arguments)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def synthetic_sse(event: Any, named_like: str | None) -> SSEEvent:
    """An event we add: named by its `type` when the stream names its events (Anthropic, Responses)."""
    name = event.get("type") if named_like is not None and isinstance(event, dict) else None
    return SSEEvent(data=json.dumps(event, ensure_ascii=False), event=name)


@dataclass
class StreamStats:
    restored: int = 0
    unknown: int = 0
    events: int = 0
    failed: bool = False
    # channel -> (what the provider wrote, what the client received), for the reply memory
    replies: dict[str, tuple[str, str]] = field(default_factory=dict)


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
    """The callable mitmproxy gets as `flow.response.stream`: bytes in, restored bytes out, b"" at the end."""

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
        self.stats = StreamStats()
        self.channels = ChannelRestorers(restorer, self.stats)
        self.on_finish = on_finish
        self.decoder = StreamDecoder(content_encoding)
        self.sse = SSEDecoder() if framing == "sse" else None
        self.array = JSONArrayStreamDecoder() if framing == "json-array" else None
        self.finished = False
        self.last_event_name: str | None = None

    def __call__(self, data: bytes) -> list[bytes]:
        # A list, never b"": mitmproxy sends an empty bytes chunk as-is, and over HTTP/1.1 chunked
        # encoding an empty chunk is the end of the body.
        if self.stats.failed:
            return [data] if data else []
        try:
            out = self._rewrite(data)
            return [out] if out else []
        except Exception:  # a broken stream must not take the proxy down: pass the rest through as it comes
            log.exception("anonamoose: stream rewriting failed; passing the rest of the stream through")
            self.stats.failed = True
            return [data] if data else []

    def _rewrite(self, data: bytes) -> bytes:
        final = data == b""
        plain = self.decoder.decode(data)
        out: list[bytes] = []
        if self.sse is not None:
            events = self.sse.feed(plain) + (self.sse.flush() if final else [])
            for event in events:
                out.extend(self._sse_event(event))
            if final:
                out.extend(synthetic_sse(e, self.last_event_name).to_bytes() for e in self._close_all())
        elif self.array is not None:
            for item in self.array.feed(plain):
                out.append(self._array_item(item))
            if final:
                out.extend(b"," + json.dumps(e, ensure_ascii=False).encode() for e in self._close_all())
                out.append(self.array.flush())
        else:
            out.append(plain)
        if final and not self.finished:
            self.finished = True
            if self.on_finish:
                self.on_finish(self.stats)
        return b"".join(out)

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
            return bytes(separator) + prefix + encoded[len(separator):]
        return bytes(encoded)

    def _restore_event(self, event: Any) -> tuple[list[Any], bool]:
        """Restore one event in place; returns the flush events to send before it, and whether it changed."""
        changed = False
        own: dict[str, Any] = {}
        for channel, slot in self.provider.event_slots(event):
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
        for channel in self.provider.channels_closed(event):
            tail = self.channels.close(channel)
            if not tail:
                continue
            if channel in own:
                own[channel].set(own[channel].get() + tail)
                changed = True
            else:
                template = self.channels.templates.get(channel, event)
                before.append(self.provider.flush_event(channel, tail, template))
        return before, changed

    def _close_all(self) -> list[Any]:
        events = []
        for channel in list(self.channels.open):
            tail = self.channels.close(channel)
            if tail:
                template = self.channels.templates.get(channel)
                events.append(self.provider.flush_event(channel, tail, template))
        return events
