"""OpenAI's legacy Completions (`/v1/completions`, Azure `/openai/deployments/{d}/completions`).

Requests are walked default-deny: `prompt`, `suffix`, `user`, `stop` and any other string are scanned,
except token-shaped values of enum-like keys (`model`, ... see `COMMON_TOKENS`). Token arrays are numbers.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, int_or, text_slot
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules

# the exemptions of OpenAI's plain text APIs (completions, embeddings): enum-like tokens only
RULES = Rules(tokens=COMMON_TOKENS, opaque=COMMON_OPAQUE)


class OpenAICompletions(Provider):
    name = "openai_completions"
    rules = RULES

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
