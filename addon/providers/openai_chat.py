"""OpenAI Chat Completions, also Azure deployments and every OpenAI-compatible `/chat/completions`.

Requests are walked default-deny: every string is scanned (`messages[].name`, `user`, `safety_identifier`,
`metadata`, tool descriptions, JSON schemas with their enums and defaults, `stop`, any new field) except:
- token-shaped values of enum-like keys (`model`, `role`, `type`, `detail`, `format`, `voice`,
  `reasoning_effort`, `service_tier`, `modalities`, ... see `COMMON_TOKENS`);
- token-shaped function and tool names (`function.name`, `function_call.name`, `custom.name`,
  `json_schema.name`);
- `id`, `tool_call_id` and `file_id` values in OpenAI's id formats (`call_…`, `file-…`, `audio_…`);
- base64-shaped `signature` / `encrypted_content` values.
Tool-call `arguments` are JSON in a string and are scanned JSON-aware. Base64 image, audio and file parts
(`image_url` data URIs, `input_audio.data`, `file.file_data`) are attachments: counted, not scanned.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, int_or, text_slot
from addon.providers.ids import OPENAI_ID
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules

RULES = Rules(
    tokens=COMMON_TOKENS,
    scoped_tokens=frozenset(
        {("function", "name"), ("function_call", "name"), ("custom", "name"), ("json_schema", "name")}
    ),
    id_keys=frozenset({"id", "tool_call_id", "file_id"}),
    id_format=OPENAI_ID,
    opaque=COMMON_OPAQUE,
    json_keys=frozenset({"arguments"}),
)


def content_slots(content: Any) -> Iterator[Slot]:
    """The text and refusal parts of an array `content` (a string content is the caller's `text_slot`)."""
    for _, part in dicts(content):
        kind = part.get("type")
        if kind == "text":
            yield from text_slot(part, "text")
        elif kind == "refusal":
            yield from text_slot(part, "refusal")
        # image_url, input_audio and file parts pass untouched


def message_slots(message: dict) -> Iterator[Slot]:
    """The strings of one message the model wrote or reads back: history to replay, a reply to restore."""
    yield from text_slot(message, "content")
    yield from content_slots(message.get("content"))
    yield from text_slot(message, "refusal")
    yield from tool_call_slots(message)


def tool_call_slots(message: dict) -> Iterator[Slot]:
    for _, call in dicts(message.get("tool_calls")):
        yield from text_slot(call.get("function"), "arguments", json_encoded=True)
    # the deprecated single `function_call` still appears in older histories
    yield from text_slot(message.get("function_call"), "arguments", json_encoded=True)


class OpenAIChat(Provider):
    name = "openai_chat"
    rules = RULES

    def __init__(self) -> None:
        # tool-call channels named so far, per choice, so a choice's finish can close them all
        self._tool_channels: dict[int, list[str]] = {}

    def assistant_slots(self, body: Any) -> Iterator[Slot]:
        if not isinstance(body, dict):
            return
        for _, message in dicts(body.get("messages")):
            if message.get("role") == "assistant":
                yield from message_slots(message)

    def response_slots(self, body: Any) -> Iterator[Slot]:
        if not isinstance(body, dict):
            return
        for _, choice in dicts(body.get("choices")):
            message = choice.get("message")
            if isinstance(message, dict):
                yield from message_slots(message)

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        if not isinstance(event, dict):
            return
        for position, choice in dicts(event.get("choices")):
            index = int_or(choice.get("index"), position)
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                continue
            for slot in text_slot(delta, "content"):
                yield f"choice{index}.content", slot
            for slot in text_slot(delta, "refusal"):
                yield f"choice{index}.refusal", slot
            for call_position, call in dicts(delta.get("tool_calls")):
                channel = f"choice{index}.tool{int_or(call.get('index'), call_position)}.args"
                for slot in text_slot(call.get("function"), "arguments", json_encoded=True):
                    self._remember(index, channel)
                    yield channel, slot
            for slot in text_slot(delta.get("function_call"), "arguments", json_encoded=True):
                yield f"choice{index}.function.args", slot

    def _remember(self, choice: int, channel: str) -> None:
        channels = self._tool_channels.setdefault(choice, [])
        if channel not in channels:
            channels.append(channel)

    def channels_closed(self, event: Any) -> list[str]:
        if not isinstance(event, dict):
            return []
        closed: list[str] = []
        for position, choice in dicts(event.get("choices")):
            if choice.get("finish_reason") is None:
                continue
            index = int_or(choice.get("index"), position)
            closed += [f"choice{index}.content", f"choice{index}.refusal", f"choice{index}.function.args"]
            closed += self._tool_channels.pop(index, [])
        return closed

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        choice_part, _, rest = channel.partition(".")
        index = int(choice_part.removeprefix("choice"))
        delta: dict[str, Any]
        if rest.startswith("tool"):
            tool_index = int(rest.removeprefix("tool").partition(".")[0])
            delta = {"tool_calls": [{"index": tool_index, "function": {"arguments": text}}]}
        elif rest == "function.args":
            delta = {"function_call": {"arguments": text}}
        else:
            delta = {rest: text}
        event = {
            key: copy.deepcopy(value)
            for key, value in (template if isinstance(template, dict) else {}).items()
            if key not in ("choices", "usage", "obfuscation")
        }
        event.setdefault("object", "chat.completion.chunk")
        event["choices"] = [{"index": index, "delta": delta, "logprobs": None, "finish_reason": None}]
        return event
