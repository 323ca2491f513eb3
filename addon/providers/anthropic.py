"""Anthropic Messages (`/v1/messages`, `/v1/messages/count_tokens`, Vertex `publishers/anthropic`).

Requests are walked default-deny: every string is scanned (`system`, every content block including
`thinking` text, `search_result`, `mcp_tool_result`, plain-text documents, tool `input`s, `metadata.user_id`,
tool descriptions and `input_schema`s, `stop_sequences`, any new field) except:
- token-shaped values of enum-like keys (`model`, `role`, `type`, `media_type`, `ttl`, `server_name`, ...
  see `COMMON_TOKENS`);
- token-shaped tool names (`tools[].name`, `tool_choice.name`, `mcp_servers[].name`, the `name` of
  `tool_use`, `server_tool_use` and `mcp_tool_use` blocks, `allowed_tools`);
- ids in Anthropic's id formats (`toolu_…`, `srvtoolu_…`, `msg_…`, `file_…`) under `id`, `tool_use_id`,
  `file_id`, `container`;
- base64-shaped thinking `signature`s, `encrypted_content` and `redacted_thinking` `data`.
Base64 `image` and `document` sources are attachments: counted, not scanned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, int_or, string_leaves, text_slot
from addon.providers.ids import ANTHROPIC_ID
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules

# blocks whose `input` is a JSON object the model wrote: every string leaf, never a key
TOOL_USE_BLOCKS = ("tool_use", "server_tool_use")

RULES = Rules(
    tokens=COMMON_TOKENS | {"server_name", "allowed_tools"},
    scoped_tokens=frozenset({("tools", "name"), ("tool_choice", "name"), ("mcp_servers", "name")}),
    kind_tokens=frozenset({("tool_use", "name"), ("server_tool_use", "name"), ("mcp_tool_use", "name")}),
    id_keys=frozenset({"id", "tool_use_id", "file_id", "container"}),
    id_format=ANTHROPIC_ID,
    opaque=COMMON_OPAQUE,
    kind_opaque=frozenset({("redacted_thinking", "data")}),
)

# error types by HTTP status, from Anthropic's error reference (a body it cannot take is an invalid request)
ERROR_TYPES = {400: "invalid_request_error", 413: "request_too_large", 415: "invalid_request_error"}


def block_slots(block: dict) -> Iterator[Slot]:
    """One block's text for replay and restore (requests are walked whole by `RULES`); thinking is never restored."""
    kind = block.get("type")
    if kind == "text":
        yield from text_slot(block, "text")
    elif kind in TOOL_USE_BLOCKS:
        yield from string_leaves(block.get("input"))
    elif kind == "tool_result":
        yield from content_slots(block, "content")
    elif kind == "document":
        # Plain-text documents are readable text, not a binary file: they are redacted like messages.
        source = block.get("source")
        if isinstance(source, dict) and source.get("type") == "text":
            yield from text_slot(source, "data")
        elif isinstance(source, dict) and source.get("type") == "content":
            yield from content_slots(source, "content")
        yield from text_slot(block, "context")
        yield from text_slot(block, "title")


def content_slots(holder: Any, key: str) -> Iterator[Slot]:
    """`holder[key]` as Anthropic allows it: a string, or a list of content blocks."""
    if not isinstance(holder, dict):
        return
    yield from text_slot(holder, key)
    for _, block in dicts(holder.get(key)):
        yield from block_slots(block)


class Anthropic(Provider):
    name = "anthropic"
    rules = RULES

    def assistant_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            for _, message in dicts(body.get("messages")):
                if message.get("role") == "assistant":
                    yield from content_slots(message, "content")

    def response_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            yield from content_slots(body, "content")

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        if not isinstance(event, dict):
            return
        kind = event.get("type")
        if kind == "message_start":
            for slot in self.response_slots(event.get("message")):
                yield None, slot
        elif kind == "content_block_start":
            block = event.get("content_block")
            if isinstance(block, dict):
                for slot in block_slots(block):
                    yield None, slot
        elif kind == "content_block_delta":
            channel = f"block{int_or(event.get('index'), 0)}"
            delta = event.get("delta")
            delta_kind = delta.get("type") if isinstance(delta, dict) else None
            # thinking_delta, signature_delta and citations_delta pass untouched
            if delta_kind == "text_delta":
                for slot in text_slot(delta, "text"):
                    yield channel, slot
            elif delta_kind == "input_json_delta":
                for slot in text_slot(delta, "partial_json", json_encoded=True):
                    yield channel, slot

    def channels_closed(self, event: Any) -> list[str]:
        if isinstance(event, dict) and event.get("type") == "content_block_stop":
            return [f"block{int_or(event.get('index'), 0)}"]
        return []

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        index = int(channel.removeprefix("block"))
        if is_tool_input(template):
            delta = {"type": "input_json_delta", "partial_json": text}
        else:
            delta = {"type": "text_delta", "text": text}
        return {"type": "content_block_delta", "index": index, "delta": delta}

    def error_body(self, status: int, message: str) -> dict:
        error_type = ERROR_TYPES.get(status, "api_error")
        return {"type": "error", "error": {"type": error_type, "message": message}}


def is_tool_input(template: Any) -> bool:
    """Whether a channel's template event belongs to a tool_use block (JSON input) rather than text."""
    if not isinstance(template, dict):
        return False
    delta = template.get("delta")
    block = template.get("content_block")
    return (isinstance(delta, dict) and delta.get("type") == "input_json_delta") or (
        isinstance(block, dict) and block.get("type") in TOOL_USE_BLOCKS
    )
