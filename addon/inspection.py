"""What the operator's Anonamoose content view shows: each flow's text as written, its detections, the raw reply.

These are values, so they live only here: in process memory, for a bounded number of recent flows. Never in
`flow.metadata` (saved with flows, shown in the UI) and never in the store.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from addon.bodies import UndecodableBody, decode_body
from addon.redaction import Assign, apply_placeholders
from detectors.types import Detection

MAX_FLOWS = 200
# Long conversations resend megabytes each turn: the oldest flows go once all kept text passes this.
MAX_TOTAL_BYTES = 64 * 1024 * 1024
# A reply body kept for the view is cut here; the restored body is in the flow itself anyway.
MAX_REPLY_BYTES = 4 * 1024 * 1024

StreamCallable = Callable[[bytes], bytes | Iterable[bytes]]


@dataclass(frozen=True)
class RedactedText:
    """One text the provider reads: as written, as sent, and each detection (offsets into `original`)."""

    original: str
    sent: str
    detections: tuple[Detection, ...]
    placeholders: tuple[str, ...]  # what each detection became, in the same order


def redact_and_record(text: str, detections: Sequence[Detection], assign: Assign) -> tuple[str, RedactedText]:
    """`apply_placeholders`, also noting which placeholder each detection became."""
    chosen: dict[tuple[str, str], str] = {}

    def noting(entity_type: str, value: str) -> str:
        placeholder = chosen[(entity_type, value)] = assign(entity_type, value)
        return placeholder

    sent = apply_placeholders(text, detections, noting)
    ordered = tuple(sorted(detections, key=lambda d: d.start))
    placeholders = tuple(chosen.get((d.entity_type, text[d.start : d.end]), "") for d in ordered)
    return sent, RedactedText(text, sent, ordered, placeholders)


@dataclass
class FlowInspection:
    """Everything the view needs about one flow."""

    request_body: bytes = b""  # as the client sent it (still content-encoded: see request_encoding)
    request_encoding: str | None = None
    texts: list[RedactedText] = field(default_factory=list)
    reply_body: bytearray | None = None  # as the provider sent it, before restoring
    reply_encoding: str | None = None
    reply_truncated: bool = False
    reply_texts: list[tuple[str, str]] = field(default_factory=list)  # (provider wrote, client received)

    def size(self) -> int:
        """Roughly the bytes this record holds."""
        texts = sum(len(t.original) + len(t.sent) for t in self.texts)
        replies = sum(len(a) + len(b) for a, b in self.reply_texts)
        return len(self.request_body) + len(self.reply_body or b"") + texts + replies

    def request_text(self) -> str:
        """The request body as the client wrote it, decoded; a note instead if it does not decode."""
        try:
            return decode_body(self.request_body, self.request_encoding).decode("utf-8", "replace")
        except UndecodableBody as exc:
            return f"(the body does not decode: {exc})"

    def reply_text(self) -> str | None:
        """The provider's reply as it arrived, decoded; None if none was recorded."""
        if self.reply_body is None:
            return None
        try:
            return decode_body(bytes(self.reply_body), self.reply_encoding).decode("utf-8", "replace")
        except UndecodableBody as exc:
            return f"(the reply does not decode: {exc})"

    def mentions(self, needle: str) -> bool:
        """Whether any text held here contains `needle` (case-insensitive)."""
        needle = needle.casefold()
        held = [t.original for t in self.texts] + [received for _, received in self.reply_texts]
        return any(needle in text.casefold() for text in [*held, self.request_text()])


class InspectionRegistry:
    """An LRU of FlowInspection by flow id, filled by the addon's hooks; safe to share between threads."""

    def __init__(
        self, max_flows: int = MAX_FLOWS, max_reply_bytes: int = MAX_REPLY_BYTES, max_total_bytes: int = MAX_TOTAL_BYTES
    ) -> None:
        self.max_flows = max_flows
        self.max_reply_bytes = max_reply_bytes
        self.max_total_bytes = max_total_bytes
        self._flows: OrderedDict[str, FlowInspection] = OrderedDict()
        # Each flow's size when last counted and their sum: eviction then costs no walk over every kept flow.
        self._sizes: dict[str, int] = {}
        self._total = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._flows)

    def _entry(self, flow_id: str) -> FlowInspection:
        # Callers hold the lock.
        entry = self._flows.get(flow_id)
        if entry is None:
            entry = self._flows[flow_id] = FlowInspection()
        self._flows.move_to_end(flow_id)
        return entry

    def _recount(self, flow_id: str, entry: FlowInspection) -> None:
        # Callers hold the lock.
        size = entry.size()
        self._total += size - self._sizes.get(flow_id, 0)
        self._sizes[flow_id] = size

    def _drop(self, flow_id: str) -> None:
        # Callers hold the lock.
        del self._flows[flow_id]
        self._total -= self._sizes.pop(flow_id, 0)

    def _evict(self) -> None:
        # Callers hold the lock; run per request, not per stream chunk (a reply is capped on its own).
        # The newest flow stays even when it alone is over the byte budget.
        while len(self._flows) > 1 and (len(self._flows) > self.max_flows or self._total > self.max_total_bytes):
            self._drop(next(iter(self._flows)))

    def get(self, flow_id: str) -> FlowInspection | None:
        with self._lock:
            return self._flows.get(flow_id)

    def items(self) -> list[tuple[str, FlowInspection]]:
        """Oldest first."""
        with self._lock:
            return list(self._flows.items())

    def record_request(
        self, flow_id: str, body: bytes, content_encoding: str | None, texts: Sequence[RedactedText]
    ) -> None:
        if self.max_flows <= 0:
            return
        with self._lock:
            entry = self._entry(flow_id)
            entry.request_body, entry.request_encoding, entry.texts = body, content_encoding, list(texts)
            self._recount(flow_id, entry)
            self._evict()

    def record_reply(self, flow_id: str, body: bytes, content_encoding: str | None) -> None:
        """The provider's reply body as received; called again for each streamed chunk."""
        with self._lock:
            entry = self._flows.get(flow_id)
            if entry is None:
                return
            if entry.reply_body is None:
                entry.reply_body, entry.reply_encoding = bytearray(), content_encoding
            room = self.max_reply_bytes - len(entry.reply_body)
            kept = body[: max(room, 0)]
            entry.reply_body += kept
            entry.reply_truncated = entry.reply_truncated or len(body) > room
            self._sizes[flow_id] = self._sizes.get(flow_id, 0) + len(kept)
            self._total += len(kept)

    def record_reply_texts(self, flow_id: str, pairs: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            entry = self._flows.get(flow_id)
            if entry is not None:
                entry.reply_texts = list(pairs)
                self._recount(flow_id, entry)

    def tap(self, flow_id: str, stream: StreamCallable, content_encoding: str | None) -> StreamCallable:
        """`stream` for `flow.response.stream`, recording each chunk as the provider sent it first."""

        def tapped(data: bytes) -> bytes | Iterable[bytes]:
            if data:
                self.record_reply(flow_id, data, content_encoding)
            return stream(data)

        return tapped

    def forget_value(self, value: str) -> int:
        """Drop every flow whose texts hold `value` (an erasure request); returns how many went."""
        with self._lock:
            doomed = [flow_id for flow_id, entry in self._flows.items() if entry.mentions(value)]
            for flow_id in doomed:
                self._drop(flow_id)
        return len(doomed)

    def clear(self) -> int:
        with self._lock:
            count = len(self._flows)
            self._flows.clear()
            self._sizes.clear()
            self._total = 0
        return count
