"""OpenAI Responses (`/v1/responses`, Azure `/openai/responses`): input items out, output items back.

Requests are walked default-deny: every string is scanned (`instructions`, `input` items of every type,
`user`, `safety_identifier`, `metadata`, tool descriptions and schemas, `local_shell_call_output.output`,
`mcp_call.output`, `computer_call_output` text, reasoning summaries, any new field) except:
- token-shaped values of enum-like keys (`model`, `role`, `type`, `status`, `include`, `truncation`,
  `reasoning.summary`, `server_label`, ... see `COMMON_TOKENS` and `TOKENS`);
- token-shaped tool names (a tool's, a call's or `tool_choice`'s `name`, `allowed_tools`, the
  `text.format` schema name);
- ids in OpenAI's id formats (`call_…`, `fc_…`, `msg_…`, `resp_…`, `rs_…`, `file-…`, `conv_…`, `pmpt_…`)
  under `id`, `call_id`, `item_id`, `previous_response_id`, `file_id`, `approval_request_id`,
  `conversation`, `container`, `vector_store_ids`;
- base64-shaped `encrypted_content` and `signature` values.
`arguments` (function and MCP calls) are JSON in a string and are scanned JSON-aware. Base64 images
(`input_image.image_url`, computer screenshots), `input_file.file_data`, audio and generated images are
attachments: counted, not scanned.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, kind_of, text_slot
from addon.providers.ids import OPENAI_ID
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules

TOKENS = COMMON_TOKENS | {"summary", "server_label", "allowed_tools", "tool_names", "environment", "button"}
# holders whose `name` is a tool's name
NAMED_KINDS = (
    "function",
    "custom",
    "function_call",
    "custom_tool_call",
    "mcp_call",
    "mcp_approval_request",
    "namespace",
)

RULES = Rules(
    tokens=TOKENS,
    scoped_tokens=frozenset({("tools", "name"), ("format", "name"), ("tool_choice", "name")}),
    kind_tokens=frozenset((kind, "name") for kind in NAMED_KINDS),
    id_keys=frozenset(
        {
            "id",
            "call_id",
            "item_id",
            "previous_response_id",
            "file_id",
            "approval_request_id",
            "conversation",
            "container",
            "vector_store_ids",
            "response_id",
        }
    ),
    id_format=OPENAI_ID,
    opaque=COMMON_OPAQUE,
    json_keys=frozenset({"arguments"}),
)

# parts whose text the model reads; input_image / input_file / input_audio pass untouched
TEXT_PART_KEYS = {"input_text": "text", "output_text": "text", "text": "text", "refusal": "refusal"}

# events whose whole `response` object is restored at once
RESPONSE_EVENTS = {
    "response.created",
    "response.queued",
    "response.in_progress",
    "response.completed",
    "response.incomplete",
    "response.failed",
}

# incremental events: type -> (key of the text, json_encoded, channel suffix)
DELTA_EVENTS = {
    "response.output_text.delta": ("delta", False, "part"),
    "response.refusal.delta": ("delta", False, "part"),
    "response.function_call_arguments.delta": ("delta", True, "args"),
    "response.custom_tool_call_input.delta": ("delta", False, "args"),
}

# events that end a channel and carry its complete text
DONE_EVENTS = {
    "response.output_text.done": ("text", False, "part"),
    "response.refusal.done": ("refusal", False, "part"),
    "response.function_call_arguments.done": ("arguments", True, "args"),
    "response.custom_tool_call_input.done": ("input", False, "args"),
}


# what a flushed delta keeps from a non-delta template
ADDRESS_KEYS = ("item_id", "output_index", "sequence_number")


def parts_slots(content: Any) -> Iterator[Slot]:
    """A message's or tool output's content: a string, or text parts."""
    for _, part in dicts(content):
        key = TEXT_PART_KEYS.get(kind_of(part) or "")
        if key:
            yield from text_slot(part, key)


def item_slots(item: dict) -> Iterator[Slot]:
    """The strings of one input or output item; reasoning, compaction and references pass untouched."""
    kind = kind_of(item) or "message"
    if kind == "message":
        yield from text_slot(item, "content")
        yield from parts_slots(item.get("content"))
    elif kind == "function_call":
        yield from text_slot(item, "arguments", json_encoded=True)
    elif kind == "custom_tool_call":
        yield from text_slot(item, "input")
    elif kind in ("function_call_output", "custom_tool_call_output"):
        yield from text_slot(item, "output")
        yield from parts_slots(item.get("output"))


def is_assistant_item(item: dict) -> bool:
    kind = kind_of(item) or "message"
    return (kind == "message" and item.get("role") == "assistant") or kind in (
        "function_call",
        "custom_tool_call",
    )


def channel_of(event: dict, suffix: str) -> str:
    """`item{output_index}.part{content_index}` or `item{output_index}.args`."""
    output_index = event.get("output_index")
    item = f"item{output_index}" if isinstance(output_index, int) else f"item:{event.get('item_id')}"
    return f"{item}.part{event.get('content_index', 0)}" if suffix == "part" else f"{item}.args"


class OpenAIResponses(Provider):
    name = "openai_responses"
    rules = RULES

    def assistant_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            for _, item in dicts(body.get("input")):
                if is_assistant_item(item):
                    yield from item_slots(item)

    def response_slots(self, body: Any) -> Iterator[Slot]:
        if not isinstance(body, dict):
            return
        # the reply echoes the (redacted) instructions; give the client back what it sent
        yield from text_slot(body, "instructions")
        for _, item in dicts(body.get("output")):
            if is_assistant_item(item):
                yield from item_slots(item)

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        if not isinstance(event, dict):
            return
        kind = kind_of(event)
        if kind in RESPONSE_EVENTS:
            for slot in self.response_slots(event.get("response")):
                yield None, slot
        elif kind in ("response.output_item.added", "response.output_item.done"):
            item = event.get("item")
            if isinstance(item, dict) and is_assistant_item(item):
                for slot in item_slots(item):
                    yield None, slot
        elif kind in ("response.content_part.added", "response.content_part.done"):
            for slot in parts_slots([event.get("part")]):
                yield None, slot
        elif kind in DELTA_EVENTS:
            key, json_encoded, suffix = DELTA_EVENTS[kind]
            for slot in text_slot(event, key, json_encoded):
                yield channel_of(event, suffix), slot
        elif kind in DONE_EVENTS:
            key, json_encoded, _ = DONE_EVENTS[kind]
            for slot in text_slot(event, key, json_encoded):
                yield None, slot

    def channels_closed(self, event: Any) -> list[str]:
        kind = kind_of(event)
        if kind in DONE_EVENTS:
            return [channel_of(event, DONE_EVENTS[kind][2])]
        return []

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        event = copy.deepcopy(template) if isinstance(template, dict) else {}
        event.pop("obfuscation", None)
        if kind_of(event) not in DELTA_EVENTS:
            # built from a non-delta template: drop its payload, keep its addressing
            event = {key: event[key] for key in ADDRESS_KEYS if key in event}
            if channel.endswith(".args"):
                event["type"] = "response.function_call_arguments.delta"
            else:
                event["type"] = "response.output_text.delta"
                event["content_index"] = int(channel.rpartition(".part")[2])
        if event["type"] == "response.output_text.delta":
            event["logprobs"] = []
        event["delta"] = text
        return event
