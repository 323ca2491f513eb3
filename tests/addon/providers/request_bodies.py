"""Hypothesis strategies for valid request bodies of each wire format, and for planting a value in any of them.

The shapes follow the SDKs' own request types (`openai.types.chat.CompletionCreateParams`,
`openai.types.responses.ResponseCreateParams`, `anthropic.types.MessageCreateParams`, Gemini's REST
reference); `test_default_deny_property.py` checks generated bodies against the SDK types. `plant` then puts
a detectable value into any string position, any JSON-in-a-string position, a new key at any depth, or an
object key itself.
Shared by the unit property tests and the e2e ones (loaded by path there).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Values the engine finds in isolation under any locale (checked by the unit property test).
EMAIL = "jane.q.public@example.org"
CARD = "4111 1111 1111 1111"
API_KEY = "sk-proj-Zq8LkP3vT9xWm2Rb7YcN4hJd6FsA1gUe5tKo0Qi"
VALUES = (EMAIL, CARD, API_KEY)

# Mostly a fixed set of phrases, so the detector's cache keeps the run short; some fresh text too.
PHRASES = (
    "Summarise the report.",
    "What is the weather like?",
    "Done.",
    "Looking that up now.",
    "The build failed",
    "ok",
    "Thanks!",
    "Use metric units.",
    "Here is the file.",
    "Row 3 is missing a value.",
    "",
    "—",
)
fresh = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
text = st.one_of(st.sampled_from(PHRASES), fresh)
word = st.sampled_from(("lookup", "get_weather", "save_note", "search", "run_sql", "send"))
small = st.integers(0, 9)
PNG = "iVBORw0KGgoAAAANSUHEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
PDF = "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBS"
WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA="
SIGNATURE = "EqQBCgIYAhIMc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl"
ENCRYPTED = "gAAAAABoZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFy"


def ids(prefix: str) -> st.SearchStrategy[str]:
    return st.text("abcdefghijkmnpqrstuvwxyzABCDEFGH0123456789", min_size=4, max_size=12).map(lambda s: f"{prefix}{s}")


@st.composite
def json_schema(draw: Any, depth: int = 0) -> dict:
    """A tool's JSON schema: typed properties with descriptions, enums and defaults."""
    properties: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(("city", "note", "unit", "query", "owner")), max_size=3, unique=True)):
        prop: dict[str, Any] = {"type": draw(st.sampled_from(("string", "integer", "boolean")))}
        if draw(st.booleans()):
            prop["description"] = draw(text)
        if prop["type"] == "string" and draw(st.booleans()):
            prop["enum"] = draw(st.lists(text, min_size=1, max_size=3))
        if prop["type"] == "string" and draw(st.booleans()):
            prop["default"] = draw(text)
        properties[name] = prop
    if depth == 0 and draw(st.booleans()):
        properties["nested"] = draw(json_schema(depth + 1))
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if properties and draw(st.booleans()):
        schema["required"] = sorted(properties)[:1]
    return schema


def arguments() -> st.SearchStrategy[str]:
    return st.dictionaries(st.sampled_from(("city", "note", "to")), text, max_size=3).map(json.dumps)


metadata = st.dictionaries(st.sampled_from(("customer", "ticket", "team")), text, max_size=3)


# ---- OpenAI Chat Completions ---------------------------------------------------------------------------


@st.composite
def chat_part(draw: Any) -> dict:
    kind = draw(st.sampled_from(("text", "text", "image_url", "input_audio", "file")))
    if kind == "text":
        return {"type": "text", "text": draw(text)}
    if kind == "image_url":
        url = draw(st.sampled_from((f"data:image/png;base64,{PNG}", "https://example.com/cat.png")))
        return {"type": "image_url", "image_url": {"url": url, "detail": draw(st.sampled_from(("auto", "low")))}}
    if kind == "input_audio":
        return {"type": "input_audio", "input_audio": {"data": WAV, "format": "wav"}}
    return {"type": "file", "file": {"file_data": f"data:application/pdf;base64,{PDF}", "filename": "a.pdf"}}


@st.composite
def chat_message(draw: Any) -> dict:
    role = draw(st.sampled_from(("system", "developer", "user", "user", "assistant", "tool")))
    if role == "tool":
        return {"role": "tool", "tool_call_id": draw(ids("call_")), "content": draw(text)}
    if role == "assistant":
        message: dict[str, Any] = {"role": "assistant", "content": draw(st.one_of(text, st.none()))}
        if draw(st.booleans()):
            message["tool_calls"] = [
                {
                    "id": draw(ids("call_")),
                    "type": "function",
                    "function": {"name": draw(word), "arguments": draw(arguments())},
                }
            ]
        return message
    content: Any = draw(text)
    if role == "user" and draw(st.booleans()):
        content = draw(st.lists(chat_part(), min_size=1, max_size=3))
    message = {"role": role, "content": content}
    if draw(st.booleans()):
        message["name"] = draw(word)
    return message


@st.composite
def chat_body(draw: Any) -> dict:
    body: dict[str, Any] = {
        "model": draw(st.sampled_from(("gpt-4o-mini", "gpt-4.1", "o3-mini"))),
        "messages": draw(st.lists(chat_message(), min_size=1, max_size=4)),
    }
    if draw(st.booleans()):
        tool = {"name": draw(word), "description": draw(text), "parameters": draw(json_schema())}
        body["tools"] = [{"type": "function", "function": tool}]
        body["tool_choice"] = draw(st.sampled_from(("auto", "none", "required")))
    if draw(st.booleans()):
        body["user"] = draw(text)
    if draw(st.booleans()):
        body["safety_identifier"] = draw(text)
    if draw(st.booleans()):
        body["metadata"] = draw(metadata)
    if draw(st.booleans()):
        schema = {"name": "answer", "schema": draw(json_schema()), "strict": False}
        body["response_format"] = {"type": "json_schema", "json_schema": schema}
    if draw(st.booleans()):
        body["stop"] = draw(st.lists(text, min_size=1, max_size=2))
    if draw(st.booleans()):
        body["reasoning_effort"] = draw(st.sampled_from(("low", "medium", "high")))
    return body


# ---- OpenAI Responses ----------------------------------------------------------------------------------


@st.composite
def responses_item(draw: Any) -> dict:
    kind = draw(
        st.sampled_from(
            (
                "message",
                "message",
                "function_call",
                "function_call_output",
                "reasoning",
                "local_shell_call_output",
                "mcp_call",
                "computer_call_output",
                "custom_tool_call",
            )
        )
    )
    call_id = draw(ids("call_"))
    if kind == "message":
        parts = [{"type": "input_text", "text": draw(text)}]
        if draw(st.booleans()):
            parts.append({"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"})
        if draw(st.booleans()):
            parts.append({"type": "input_file", "file_data": f"data:application/pdf;base64,{PDF}", "filename": "a.pdf"})
        return {"type": "message", "role": draw(st.sampled_from(("user", "system", "developer"))), "content": parts}
    if kind == "function_call":
        return {"type": "function_call", "call_id": call_id, "name": draw(word), "arguments": draw(arguments())}
    if kind == "function_call_output":
        return {"type": "function_call_output", "call_id": call_id, "output": draw(text)}
    if kind == "reasoning":
        summary = [{"type": "summary_text", "text": draw(text)}]
        return {"type": "reasoning", "id": draw(ids("rs_")), "summary": summary, "encrypted_content": ENCRYPTED}
    if kind == "local_shell_call_output":
        return {"type": "local_shell_call_output", "id": draw(ids("lsh_")), "output": draw(text)}
    if kind == "mcp_call":
        return {
            "type": "mcp_call",
            "id": draw(ids("mcp_")),
            "name": draw(word),
            "server_label": "crm",
            "arguments": draw(arguments()),
            "output": draw(text),
        }
    if kind == "computer_call_output":
        shot = {"type": "computer_screenshot", "image_url": f"data:image/png;base64,{PNG}"}
        return {"type": "computer_call_output", "call_id": call_id, "output": shot}
    return {"type": "custom_tool_call", "call_id": call_id, "name": draw(word), "input": draw(text)}


@st.composite
def responses_body(draw: Any) -> dict:
    body: dict[str, Any] = {
        "model": draw(st.sampled_from(("gpt-5", "gpt-4.1-mini"))),
        "input": draw(st.one_of(text, st.lists(responses_item(), min_size=1, max_size=4))),
    }
    if draw(st.booleans()):
        body["instructions"] = draw(text)
    if draw(st.booleans()):
        tool = {"name": draw(word), "description": draw(text), "parameters": draw(json_schema()), "strict": False}
        body["tools"] = [{"type": "function", **tool}]
    if draw(st.booleans()):
        body["user"] = draw(text)
    if draw(st.booleans()):
        body["metadata"] = draw(metadata)
    if draw(st.booleans()):
        body["previous_response_id"] = draw(ids("resp_"))
    if draw(st.booleans()):
        body["include"] = ["reasoning.encrypted_content"]
    if draw(st.booleans()):
        body["reasoning"] = {"effort": "low", "summary": "auto"}
    return body


# ---- Anthropic Messages --------------------------------------------------------------------------------


@st.composite
def anthropic_user_block(draw: Any) -> dict:
    kind = draw(st.sampled_from(("text", "text", "image", "document", "tool_result", "search_result")))
    if kind == "text":
        return {"type": "text", "text": draw(text) or "x"}
    if kind == "image":
        return {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    if kind == "document":
        source = draw(
            st.sampled_from(
                (
                    {"type": "base64", "media_type": "application/pdf", "data": PDF},
                    {"type": "text", "media_type": "text/plain", "data": "Plain text notes."},
                )
            )
        )
        return {"type": "document", "source": dict(source), "title": draw(text)}
    if kind == "tool_result":
        return {"type": "tool_result", "tool_use_id": draw(ids("toolu_")), "content": draw(text)}
    content = [{"type": "text", "text": draw(text) or "x"}]
    title = draw(text) or "t"
    return {"type": "search_result", "source": "https://example.com/doc", "title": title, "content": content}


@st.composite
def anthropic_assistant_block(draw: Any) -> dict:
    kind = draw(st.sampled_from(("text", "thinking", "redacted_thinking", "tool_use")))
    if kind == "text":
        return {"type": "text", "text": draw(text) or "x"}
    if kind == "thinking":
        return {"type": "thinking", "thinking": draw(text), "signature": SIGNATURE}
    if kind == "redacted_thinking":
        return {"type": "redacted_thinking", "data": SIGNATURE}
    return {"type": "tool_use", "id": draw(ids("toolu_")), "name": draw(word), "input": json.loads(draw(arguments()))}


@st.composite
def anthropic_body(draw: Any) -> dict:
    messages: list[dict] = []
    for turn in range(draw(st.integers(1, 4))):
        role = "user" if turn % 2 == 0 else "assistant"
        block = anthropic_user_block() if role == "user" else anthropic_assistant_block()
        content: Any = draw(st.one_of(st.lists(block, min_size=1, max_size=3), text.filter(bool)))
        messages.append({"role": role, "content": content})
    body: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 256, "messages": messages}
    if draw(st.booleans()):
        body["system"] = draw(st.one_of(text, st.just([{"type": "text", "text": "Be brief."}])))
    if draw(st.booleans()):
        body["tools"] = [{"name": draw(word), "description": draw(text), "input_schema": draw(json_schema())}]
    if draw(st.booleans()):
        body["metadata"] = {"user_id": draw(text)}
    if draw(st.booleans()):
        body["stop_sequences"] = draw(st.lists(text.filter(bool), min_size=1, max_size=2))
    return body


# ---- Gemini --------------------------------------------------------------------------------------------


@st.composite
def gemini_part(draw: Any) -> dict:
    kind = draw(
        st.sampled_from(("text", "text", "inlineData", "functionCall", "functionResponse", "code", "codeResult"))
    )
    if kind == "text":
        part: dict[str, Any] = {"text": draw(text)}
        if draw(st.booleans()):
            part["thoughtSignature"] = SIGNATURE
        return part
    if kind == "inlineData":
        return {"inlineData": {"mimeType": "image/png", "data": PNG}}
    if kind == "functionCall":
        return {"functionCall": {"name": draw(word), "args": json.loads(draw(arguments()))}}
    if kind == "functionResponse":
        return {"functionResponse": {"name": draw(word), "response": {"result": draw(text)}}}
    if kind == "code":
        return {"executableCode": {"language": "PYTHON", "code": draw(text)}}
    return {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": draw(text)}}


@st.composite
def gemini_body(draw: Any) -> dict:
    parts = st.lists(gemini_part(), min_size=1, max_size=3)
    contents = [
        {"role": draw(st.sampled_from(("user", "model"))), "parts": draw(parts)} for _ in range(draw(st.integers(1, 3)))
    ]
    body: dict[str, Any] = {"contents": contents}
    if draw(st.booleans()):
        body["systemInstruction"] = {"parts": [{"text": draw(text)}]}
    if draw(st.booleans()):
        declaration = {"name": draw(word), "description": draw(text), "parameters": draw(json_schema())}
        body["tools"] = [{"functionDeclarations": [declaration]}]
    if draw(st.booleans()):
        body["generationConfig"] = {"temperature": 0.2, "responseMimeType": "text/plain"}
    return body


# ---- the rest: completions, embeddings, and anything on an unknown path --------------------------------


@st.composite
def completions_body(draw: Any) -> dict:
    prompt = draw(st.one_of(text, st.lists(text, max_size=3)))
    body: dict[str, Any] = {"model": "gpt-3.5-turbo-instruct", "prompt": prompt}
    if draw(st.booleans()):
        body["suffix"] = draw(text)
    if draw(st.booleans()):
        body["user"] = draw(text)
    return body


@st.composite
def embeddings_body(draw: Any) -> dict:
    body: dict[str, Any] = {
        "model": "text-embedding-3-small",
        "input": draw(st.one_of(text, st.lists(text, min_size=1, max_size=3))),
    }
    if draw(st.booleans()):
        body["encoding_format"] = "float"
    if draw(st.booleans()):
        body["user"] = draw(text)
    return body


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), text)
json_key = st.sampled_from(("id", "name", "data", "source", "type", "model", "note", "user_id", "items", "meta"))
generic_body = st.dictionaries(
    json_key,
    st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_key, inner, max_size=3)),
    min_size=1,
    max_size=5,
)

# path on the proxy, body strategy, and the path the e2e test sends it to
PROVIDERS: dict[str, tuple[str, st.SearchStrategy[dict]]] = {
    "openai_chat": ("/v1/chat/completions", chat_body()),
    "openai_responses": ("/v1/responses", responses_body()),
    "anthropic": ("/v1/messages", anthropic_body()),
    "gemini": ("/v1beta/models/gemini-2.5-flash:generateContent", gemini_body()),
    "openai_completions": ("/v1/completions", completions_body()),
    "embeddings": ("/v1/embeddings", embeddings_body()),
    "generic": ("/v1/anything/new", generic_body),
}


# ---- planting a value ----------------------------------------------------------------------------------

NEW_KEYS = ("x_new_field", "name", "id", "user_id", "data", "source", "model", "type", "signature", "description")


def positions(node: Any) -> list[tuple[str, Any, Any]]:
    """Every place a value can go: ("string"|"json", parent, key) or ("dict"|"list", container, None)."""
    found: list[tuple[str, Any, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current)
        found.append(("dict" if isinstance(current, dict) else "list", current, None))
        for key, value in items:
            if isinstance(value, str):
                found.append(("string", current, key))
                if value[:1] in "{[" and _parses(value):
                    found.append(("json", current, key))
            elif isinstance(value, dict | list):
                stack.append(value)
    return found


def _parses(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


@st.composite
def planted(draw: Any, body_strategy: st.SearchStrategy[dict]) -> tuple[dict, str]:
    """A valid body with one detectable value put into any string position or a new key at any depth."""
    body = draw(body_strategy)
    value = draw(st.sampled_from(VALUES))
    planted_text = draw(st.sampled_from(("{}", "contact {} today", "{}\n", "note: {}"))).format(value)
    plant(body, draw, planted_text)
    return body, value


def plant(body: Any, draw: Any, planted_text: str) -> None:
    where, parent, key = draw(st.sampled_from(positions(body)))
    if where == "string":
        parent[key] = planted_text
    elif where == "json":
        inner = json.loads(parent[key])
        if not isinstance(inner, dict | list):
            inner = {"v": inner}
        plant(inner, draw, planted_text)
        parent[key] = json.dumps(inner)
    elif where == "dict" and draw(st.integers(0, 3)) == 0:
        parent[planted_text] = draw(st.one_of(text, st.integers(0, 9), st.just({"note": "ok"})))  # the value as a key
    else:
        nested = draw(st.sampled_from(("flat", "dict", "list")))
        item: Any = planted_text
        if nested == "dict":
            item = {draw(st.sampled_from(NEW_KEYS)): planted_text}
        elif nested == "list":
            item = [planted_text]
        if where == "dict":
            parent[draw(st.sampled_from(NEW_KEYS))] = item
        else:
            parent.append(item)


def forms(value: str) -> list[str]:
    """The ways `value` could appear in bytes on the wire: as is, JSON-escaped, and escaped twice (JSON in JSON)."""
    once = json.dumps(value)[1:-1]
    twice = json.dumps(once)[1:-1]
    return list(dict.fromkeys([value, once, twice, json.dumps(value, ensure_ascii=True)[1:-1]]))
