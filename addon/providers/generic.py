"""The fallback for an unknown path on an LLM host: every string leaf outside structural keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, kind_of

# keys whose values are identifiers, enums, signatures or encodings, never prose
STRUCTURAL_KEYS = frozenset(
    {
        "model", "role", "type", "id", "object", "name", "tool_call_id", "call_id", "encrypted_content",
        "signature", "thoughtSignature", "thought_signature", "b64_json", "mime_type", "mimeType",
        "media_type", "format", "finish_reason", "finishReason", "stop_reason", "status", "detail",
        "tool_choice", "reasoning_effort", "effort", "service_tier", "modalities", "voice",
        "encoding_format", "input_type", "embedding_types", "truncate", "truncation", "include",
        "enum", "pattern", "required", "$ref", "$schema", "quality", "size", "style", "language",
    }
)  # fmt: skip

# keys holding binary or opaque content: the whole value passes untouched
OPAQUE_KEYS = frozenset(
    {
        "image_url", "input_audio", "audio", "inline_data", "inlineData", "file_data", "fileData",
        "source", "redacted_thinking", "thinking",
    }
)  # fmt: skip

# objects whose `type` marks them signed, encrypted or binary
OPAQUE_TYPES = frozenset(
    {
        "thinking", "redacted_thinking", "reasoning", "image", "input_image", "input_audio", "input_file",
        "image_url", "file", "document", "compaction",
    }
)  # fmt: skip

# keys that hold base64 when their value is a string, but documents when it is an object (Cohere)
ENCODED_STRING_KEYS = frozenset({"data"})

BLOB_MIN_LENGTH = 1024
BLOB = re.compile(r"(?:data:[\w.+/-]+;base64,)?[A-Za-z0-9+/_-]+={0,2}")


def is_structural_key(key: Any) -> bool:
    return isinstance(key, str) and (key in STRUCTURAL_KEYS or key.endswith(("_id", "Id")))


def is_blob(value: str) -> bool:
    """A base64 (or data: URI) payload too long to be prose."""
    return len(value) > BLOB_MIN_LENGTH and BLOB.fullmatch(value) is not None


def prose_leaves(node: Any) -> Iterator[Slot]:
    """String leaves in document order, skipping structural keys, opaque subtrees and blobs."""
    stack: list[Iterator[tuple[Any, Any]]] = [_children(node)]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            continue
        parent, key = step
        value = parent[key]
        if isinstance(parent, dict) and (is_structural_key(key) or key in OPAQUE_KEYS):
            continue
        if isinstance(value, str):
            if isinstance(parent, dict) and (
                key in ENCODED_STRING_KEYS or (key == "url" and value.startswith("data:"))
            ):
                continue
            if not is_blob(value):
                yield Slot(parent, key)
        elif isinstance(value, list) or (isinstance(value, dict) and kind_of(value) not in OPAQUE_TYPES):
            stack.append(_children(value))


def _children(node: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(node, dict):
        return ((node, key) for key in list(node))
    return ((node, index) for index in range(len(node)))


class Generic(Provider):
    name = "generic"

    def request_slots(self, body: Any) -> Iterator[Slot]:
        yield from self._walk(body)

    def response_slots(self, body: Any) -> Iterator[Slot]:
        yield from self._walk(body)

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        # without knowing the stream's shape, each event's strings are restored whole
        for slot in self._walk(event):
            yield None, slot

    def _walk(self, node: Any) -> Iterator[Slot]:
        if kind_of(node) in OPAQUE_TYPES:
            return
        if isinstance(node, dict | list):
            yield from prose_leaves(node)
