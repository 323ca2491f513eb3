"""Google Gemini (`/v1beta/models/{m}:generateContent`, `:streamGenerateContent`, `:countTokens`, ...).

The REST API accepts camelCase and snake_case field names alike, so both are read.

Requests are walked default-deny: every string is scanned (`contents` parts, `systemInstruction`,
`functionDeclarations[].description` and `parameters`, `executableCode.code`, `codeExecutionResult.output`,
function call `args` and `response`s, `fileData.fileUri`, any new field) except:
- token-shaped values of enum-like keys (`role`, `mimeType`, `responseMimeType`, schema `type` and
  `format`, `language`, `outcome`, `mode`, safety `category`/`threshold`, `taskType`, `cachedContent`,
  function call `id`, ... see `TOKENS`);
- token-shaped function names (`functionCall.name`, `functionResponse.name`,
  `functionDeclarations[].name`, `allowedFunctionNames`);
- base64-shaped `thoughtSignature`s.
`inlineData.data` (base64 images, audio, video, PDF) is an attachment: counted, not scanned.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from addon.providers.base import Provider, Slot, dicts, int_or, string_leaves, text_slot
from addon.providers.walk import COMMON_OPAQUE, COMMON_TOKENS, Rules

TOKENS = COMMON_TOKENS | {
    "responseMimeType",
    "response_mime_type",
    "category",
    "threshold",
    "outcome",
    "taskType",
    "task_type",
    "responseModalities",
    "response_modalities",
    "mediaResolution",
    "media_resolution",
    "cachedContent",
    "cached_content",
    "allowedFunctionNames",
    "allowed_function_names",
    "id",
    "thinkingLevel",
    "thinking_level",
    "behavior",
    "scheduling",
}
FUNCTION_HOLDERS = (
    "functionCall",
    "function_call",
    "functionResponse",
    "function_response",
    "functionDeclarations",
    "function_declarations",
)

RULES = Rules(
    tokens=frozenset(TOKENS),
    scoped_tokens=frozenset((holder, "name") for holder in FUNCTION_HOLDERS),
    opaque=COMMON_OPAQUE,
)

# google.rpc status names by HTTP status
STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    413: "INVALID_ARGUMENT",
    415: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def field(holder: dict, camel: str, snake: str) -> Any:
    return holder.get(camel, holder.get(snake))


def part_slots(part: dict) -> Iterator[Slot]:
    """One part: text, functionCall.args and functionResponse.response leaves; inline/file data untouched."""
    yield from text_slot(part, "text")
    yield from function_slots(part)


def function_slots(part: dict) -> Iterator[Slot]:
    """String leaves of a part's functionCall.args or functionResponse.response (keys untouched)."""
    call = field(part, "functionCall", "function_call")
    if isinstance(call, dict):
        yield from string_leaves(call.get("args"))
    response = field(part, "functionResponse", "function_response")
    if isinstance(response, dict):
        yield from string_leaves(response.get("response"))


def content_slots(content: Any) -> Iterator[Slot]:
    """A Content (`{"role", "parts"}`); a bare string is allowed for systemInstruction by some clients."""
    if isinstance(content, dict):
        for _, part in dicts(content.get("parts")):
            yield from part_slots(part)


def request_contents(body: dict) -> Iterator[Any]:
    """Each Content a request carries, including the countTokens and embedding forms."""
    for _, content in dicts(body.get("contents")):
        yield content
    yield body.get("content")  # embedContent
    for _, request in dicts(body.get("requests")):  # batchEmbedContents
        yield request.get("content")
    nested = field(body, "generateContentRequest", "generate_content_request")  # countTokens
    if isinstance(nested, dict):
        yield from request_contents(nested)


class Gemini(Provider):
    name = "gemini"
    rules = RULES

    def assistant_slots(self, body: Any) -> Iterator[Slot]:
        if not isinstance(body, dict):
            return
        for content in request_contents(body):
            if isinstance(content, dict) and content.get("role") == "model":
                yield from content_slots(content)

    def response_slots(self, body: Any) -> Iterator[Slot]:
        # a non-streamed :streamGenerateContent reply is a JSON array of responses
        for response in body if isinstance(body, list) else [body]:
            if isinstance(response, dict):
                for _, candidate in dicts(response.get("candidates")):
                    yield from content_slots(candidate.get("content"))

    def event_slots(self, event: Any) -> Iterator[tuple[str | None, Slot]]:
        if not isinstance(event, dict):
            return
        for position, candidate in dicts(event.get("candidates")):
            channel = f"cand{int_or(candidate.get('index'), position)}"
            content = candidate.get("content")
            for _, part in dicts(content.get("parts") if isinstance(content, dict) else None):
                for slot in text_slot(part, "text"):
                    # thought summaries stream on their own channel: no hold-back mixes them into the answer
                    yield (f"{channel}.thought" if part.get("thought") else channel), slot
                for slot in function_slots(part):
                    yield None, slot

    def channels_closed(self, event: Any) -> list[str]:
        if not isinstance(event, dict):
            return []
        closed: list[str] = []
        for position, candidate in dicts(event.get("candidates")):
            channel = f"cand{int_or(candidate.get('index'), position)}"
            content = candidate.get("content")
            parts = [part for _, part in dicts(content.get("parts") if isinstance(content, dict) else None)]
            if field(candidate, "finishReason", "finish_reason") is not None:
                closed += [f"{channel}.thought", channel]
            elif any(not part.get("thought") for part in parts):
                # the answer has begun: the thought summary is complete
                closed.append(f"{channel}.thought")
        return closed

    def flush_event(self, channel: str, text: str, template: Any) -> Any:
        candidate_part, _, kind = channel.partition(".")
        part: dict[str, Any] = {"text": text}
        if kind == "thought":
            part["thought"] = True
        event = {
            key: copy.deepcopy(value)
            for key, value in (template if isinstance(template, dict) else {}).items()
            if key in ("modelVersion", "responseId", "model_version", "response_id")
        }
        content = {"parts": [part], "role": "model"}
        event["candidates"] = [{"content": content, "index": int(candidate_part.removeprefix("cand"))}]
        return event

    def error_body(self, status: int, message: str) -> dict:
        name = STATUS_NAMES.get(status, "INTERNAL")
        return {"error": {"code": status, "message": message, "status": name}}
