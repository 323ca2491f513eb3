"""The fallback for an unknown path on an LLM host: default-deny over every string, request and reply alike.

Every string is scanned (including values under keys ending `_id`, `name`, `source` or `data`) except:
- token-shaped values of enum-like keys (`model`, `role`, `type`, `object`, `format`, `finish_reason`,
  `tool_choice`, ... see `COMMON_TOKENS` and `TOKENS`);
- token-shaped function and tool names (`function.name`, `tools[].name`, `tool_use.name`, ...);
- values under `id`, `*_id` and `*Id` keys that look like ids (a UUID, a prefixed id holding a digit such
  as `call_1` or `doc-42`, a short number, an OpenAI or Anthropic id): a name or an email there is scanned;
- base64-shaped signatures, `encrypted_content` and `redacted_thinking` data.
`arguments` strings are scanned JSON-aware. Base64 binary parts (data: URIs, long base64 under `data`,
`b64_json`, ...) are attachments: counted, not scanned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot
from addon.providers.ids import GENERIC_ID
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules, walk

TOKENS = COMMON_TOKENS | {"stop_reason", "finishReason", "input_type", "truncate", "embedding_types"}
NAME_HOLDERS = ("function", "function_call", "tools", "tool_choice", "functionCall", "functionResponse")
NAME_KINDS = ("function", "tool_use", "server_tool_use", "function_call", "custom_tool_call")

RULES = Rules(
    tokens=frozenset(TOKENS),
    scoped_tokens=frozenset((holder, "name") for holder in NAME_HOLDERS),
    kind_tokens=frozenset((kind, "name") for kind in NAME_KINDS),
    id_keys=frozenset({"id"}),
    id_suffixes=("_id", "Id"),
    id_format=GENERIC_ID,
    opaque=COMMON_OPAQUE,
    kind_opaque=frozenset({("redacted_thinking", "data")}),
    json_keys=frozenset({"arguments"}),
)


class Generic(Provider):
    name = "generic"
    rules = RULES

    def response_slots(self, body: Any) -> Iterator[Slot]:
        yield from walk(body, self.rules)

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        # without knowing the stream's shape, each event's strings are restored whole
        for slot in walk(event, self.rules):
            yield None, slot
