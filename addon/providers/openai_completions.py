"""OpenAI's legacy Completions (`/v1/completions`, Azure `/openai/deployments/{d}/completions`)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, int_or, text_slot


def strings_of(container: dict, key: str) -> Iterator[Slot]:
    """`container[key]` when it is a string, or its string items when a list (token arrays skipped)."""
    yield from text_slot(container, key)
    value = container.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield Slot(value, index)


class OpenAICompletions(Provider):
    name = "openai_completions"

    def request_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            yield from strings_of(body, "prompt")
            yield from text_slot(body, "suffix")

    def response_slots(self, body: Any) -> Iterator[Slot]:
        if isinstance(body, dict):
            for _, choice in dicts(body.get("choices")):
                yield from text_slot(choice, "text")

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        if isinstance(event, dict):
            for position, choice in dicts(event.get("choices")):
                for slot in text_slot(choice, "text"):
                    yield f"choice{int_or(choice.get('index'), position)}.text", slot

    def channels_closed(self, event: Any) -> list[str]:
        if not isinstance(event, dict):
            return []
        return [
            f"choice{int_or(choice.get('index'), position)}.text"
            for position, choice in dicts(event.get("choices"))
            if choice.get("finish_reason") is not None
        ]

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        index = int(channel.partition(".")[0].removeprefix("choice"))
        event = {
            key: copy.deepcopy(value)
            for key, value in (template if isinstance(template, dict) else {}).items()
            if key not in ("choices", "usage")
        }
        event.setdefault("object", "text_completion")
        event["choices"] = [{"index": index, "text": text, "logprobs": None, "finish_reason": None}]
        return event
