"""The wire-format adapter interface: which strings of a JSON body a provider reads or writes.

An adapter never changes a document's structure; it only names string slots. The proxy redacts the
slots of a request and restores those of a reply; the stream rewriter restores each event's slots,
holding back text per channel so a placeholder cut across events is still found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from addon.providers.slot import Slot
from addon.providers.walk import Rules, attachments_of, walk

__all__ = ["Provider", "Slot", "provider_for"]


class Provider:
    """Base adapter. A request is walked default-deny: every string is scanned except what `rules` exempts
    (a subclass names its structural keys there, not its text fields). Replies name nothing here;
    subclasses override what their wire format needs.

    An instance may remember the stream channels it has named (so a choice's end can close all of
    its tool-call channels): take a fresh one from `provider_for` per flow.

    An event can both carry a delta on a channel and close it (Gemini's last chunk, some
    OpenAI-compatible hosts' last chunk): the rewriter should restore that delta to completion.
    `channels_closed` may name a channel that holds nothing (never opened, already flushed): a no-op.
    """

    name: str = "base"
    # nothing exempt: a provider without rules has every string of its requests scanned
    rules: Rules = Rules()

    def request_slots(self, body: Any) -> Iterator[Slot]:
        """Every string of a request the rules do not exempt as structural (to redact)."""
        return walk(body, self.rules)

    def attachments(self, body: Any) -> Counter[str]:
        """Binary parts of a request (base64 images, audio, files) that are not scanned, by kind."""
        return attachments_of(body, self.rules)

    def scan(self, body: Any) -> tuple[list[Slot], Counter[str]]:
        """`request_slots` and `attachments` in one walk."""
        found: Counter[str] = Counter()
        return list(walk(body, self.rules, found)), found

    def assistant_slots(self, body: Any) -> Iterator[Slot]:
        """The subset of `request_slots` the provider itself wrote earlier (history turns)."""
        return iter(())

    def response_slots(self, body: Any) -> Iterator[Slot]:
        """Strings in a non-streamed reply to restore."""
        return iter(())

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        """(channel, slot) pairs in one parsed stream event; channel None means complete in this event."""
        return iter(())

    def channels_closed(self, event: Any) -> list[str]:
        """Channels that end at this event; their held-back text is flushed before it is forwarded."""
        return []

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        """A new event carrying `text` as a delta on `channel`, shaped like `template`."""
        raise NotImplementedError(f"{self.name} has no stream channels")

    def error_body(self, status: int, message: str) -> dict:
        """The provider's own error JSON shape (OpenAI's unless overridden)."""
        return openai_error_body(status, message)


_OPENAI_ERROR_CODES = {
    400: "bad_request",
    413: "request_too_large",
    415: "unsupported_media_type",
    502: "bad_gateway",
    503: "service_unavailable",
}


def openai_error_body(status: int, message: str) -> dict:
    """OpenAI's error shape, which OpenAI-compatible hosts and SDKs also understand."""
    code = _OPENAI_ERROR_CODES.get(status, "anonamoose_error")
    return {"error": {"message": message, "type": "anonamoose_error", "param": None, "code": code}}


def string_leaves(node: Any, json_encoded: bool = False) -> Iterator[Slot]:
    """Every string value under `node` in document order; dict keys are never slots."""
    # an explicit stack of iterators: a hostile, deeply nested body must not hit the recursion limit
    stack: list[Iterator[tuple[Any, Any, Any]]] = [_children(node)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            continue
        parent, key, value = step
        if isinstance(value, str):
            yield Slot(parent, key, json_encoded)
        elif isinstance(value, dict | list):
            stack.append(_children(value))


def _children(node: Any) -> Iterator[tuple[Any, Any, Any]]:
    if isinstance(node, dict):
        return ((node, key, value) for key, value in list(node.items()))
    if isinstance(node, list):
        return ((node, index, value) for index, value in enumerate(list(node)))
    return iter(())


def text_slot(parent: Any, key: str, json_encoded: bool = False) -> Iterator[Slot]:
    """The slot `parent[key]` if parent is a dict holding a string there."""
    if isinstance(parent, dict) and isinstance(parent.get(key), str):
        yield Slot(parent, key, json_encoded)


def dicts(value: Any) -> Iterator[tuple[int, dict]]:
    """(position, item) for the dict items of a list; anything else yields nothing."""
    if isinstance(value, list):
        for position, item in enumerate(value):
            if isinstance(item, dict):
                yield position, item


def kind_of(node: Any) -> str | None:
    """A node's `type` when it is a string (a hostile body may put anything there)."""
    kind = node.get("type") if isinstance(node, dict) else None
    return kind if isinstance(kind, str) else None


def int_or(value: Any, default: int) -> int:
    """An index field from the wire, or the position when absent or malformed."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def provider_for(path: str) -> Provider:
    """The adapter for a request path (query string ignored); the generic walk when none matches."""
    from addon.providers.routing import provider_for as route  # adapters import this module

    return route(path)
