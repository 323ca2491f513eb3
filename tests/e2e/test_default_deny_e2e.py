"""Default-deny through the real proxy: every field that once went upstream unscanned, and a property per provider.

One mitmdump (with the addon and the real spaCy model) serves the whole module. Each test sends a value the
engine always finds, through the real openai / anthropic SDKs where they can send the field (httpx for
Gemini and for generated bodies), and asserts the LLM mock never received it, in any JSON-escaped form,
while the client got a normal reply.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.addon.providers import request_bodies as bodies
from tests.e2e.conftest import proxy_process

pytestmark = pytest.mark.e2e

EMAIL = "jane.q.public@example.org"
OPENAI_MODEL = "gpt-4o-mini"
CLAUDE_MODEL = "claude-e2e-mock"
GEMINI = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent"


@pytest.fixture(scope="module")
def proxy(test_ca: Any, _mock_llm_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One real mitmdump with the addon for every test here (start-up with spaCy is the slow part)."""
    process = proxy_process(tmp_path_factory.mktemp("default-deny"), test_ca, _mock_llm_server.port).start()
    yield process
    process.stop()


def assert_never_sent(mock: Any, value: str = EMAIL) -> None:
    """Exactly one request reached the mock, and no form of `value` is in its bytes."""
    assert len(mock.requests) == 1, f"expected one forwarded request, got {len(mock.requests)}"
    request = mock.requests[0]
    wire = request.body.decode("utf-8", "replace") + json.dumps(request.json)
    for form in bodies.forms(value):
        assert form not in wire, "a detected value reached the LLM"


# ---- OpenAI Chat Completions ----------------------------------------------------------------------------

HI = [{"role": "user", "content": "Hello there"}]


def schema_with(value: str) -> dict:
    return {"type": "object", "properties": {"to": {"type": "string", "description": f"Write to {value}"}}}


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"user": EMAIL}, id="user"),
        pytest.param({"safety_identifier": EMAIL}, id="safety_identifier"),
        pytest.param({"metadata": {"customer": EMAIL}, "store": True}, id="metadata"),
        pytest.param({"messages": [{"role": "user", "name": EMAIL, "content": "Hello there"}]}, id="message_name"),
        pytest.param(
            {"tools": [{"type": "function", "function": {"name": "send", "description": f"Mail {EMAIL}"}}]},
            id="tool_description",
        ),
        pytest.param(
            {
                "tools": [
                    {
                        "type": "function",
                        "function": {
                            "name": "send",
                            "parameters": {"type": "object", "properties": {"to": {"type": "string", "enum": [EMAIL]}}},
                        },
                    }
                ]
            },
            id="tool_enum",
        ),
        pytest.param(
            {"response_format": {"type": "json_schema", "json_schema": {"name": "mail", "schema": schema_with(EMAIL)}}},
            id="response_format_schema",
        ),
    ],
)
def test_openai_chat_fields(proxy: Any, mock_llm: Any, openai_client: Any, fields: dict) -> None:
    request = {"model": OPENAI_MODEL, "messages": HI, **fields}
    reply = openai_client(proxy).chat.completions.create(**request)
    assert reply.choices[0].finish_reason in ("stop", "tool_calls")
    assert_never_sent(mock_llm)


# ---- OpenAI Responses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"user": EMAIL}, id="user"),
        pytest.param({"metadata": {"customer": EMAIL}}, id="metadata"),
        pytest.param(
            {
                "tools": [
                    {
                        "type": "function",
                        "name": "send",
                        "description": f"Mail {EMAIL}",
                        "parameters": {},
                        "strict": False,
                    }
                ]
            },
            id="tool_description",
        ),
        pytest.param(
            {"input": [{"type": "local_shell_call_output", "id": "lsh_1", "output": f"cat: {EMAIL}: no such file"}]},
            id="local_shell_call_output",
        ),
        pytest.param(
            {
                "input": [
                    {
                        "type": "mcp_call",
                        "id": "mcp_1",
                        "name": "send",
                        "server_label": "mail",
                        "arguments": json.dumps({"to": EMAIL}),
                    }
                ]
            },
            id="mcp_call_arguments",
        ),
        pytest.param(
            {
                "input": [
                    {
                        "type": "mcp_call",
                        "id": "mcp_1",
                        "name": "find",
                        "server_label": "crm",
                        "arguments": "{}",
                        "output": f"Found {EMAIL}",
                    }
                ]
            },
            id="mcp_call_output",
        ),
        pytest.param(
            {
                "input": [
                    {
                        "type": "computer_call_output",
                        "call_id": "call_1",
                        "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="},
                        "acknowledged_safety_checks": [{"id": "cu_sc_1", "code": "pii", "message": f"Shows {EMAIL}"}],
                    }
                ]
            },
            id="computer_call_output",
        ),
    ],
)
def test_openai_responses_fields(proxy: Any, mock_llm: Any, openai_client: Any, fields: dict) -> None:
    request = {"model": "gpt-5", "input": "Hello there", **fields}
    reply = openai_client(proxy).responses.create(**request)
    assert reply.status == "completed"
    assert_never_sent(mock_llm)


# ---- Anthropic -----------------------------------------------------------------------------------------


def user_blocks(*blocks: dict) -> list[dict]:
    return [{"role": "user", "content": [*blocks, {"type": "text", "text": "Hello there"}]}]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"metadata": {"user_id": EMAIL}}, id="metadata_user_id"),
        pytest.param(
            {"tools": [{"name": "send", "description": f"Mail {EMAIL}", "input_schema": {"type": "object"}}]},
            id="tool_description",
        ),
        pytest.param(
            {
                "messages": user_blocks(
                    {
                        "type": "search_result",
                        "source": f"https://crm.example.com/people/{EMAIL}",
                        "title": f"Contact {EMAIL}",
                        "content": [{"type": "text", "text": f"Reach them at {EMAIL}"}],
                    }
                )
            },
            id="search_result",
        ),
        pytest.param(
            {
                "messages": [
                    {"role": "user", "content": "Find the contact"},
                    {
                        "role": "assistant",
                        "content": [
                            {
                                "type": "mcp_tool_use",
                                "id": "mcptoolu_1",
                                "name": "find",
                                "server_name": "crm",
                                "input": {},
                            }
                        ],
                    },
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "mcp_tool_result",
                                "tool_use_id": "mcptoolu_1",
                                "content": [{"type": "text", "text": EMAIL}],
                            },
                            {"type": "text", "text": "Hello there"},
                        ],
                    },
                ]
            },
            id="mcp_tool_result",
        ),
    ],
)
def test_anthropic_fields(proxy: Any, mock_llm: Any, anthropic_client: Any, fields: dict) -> None:
    request = {"model": CLAUDE_MODEL, "max_tokens": 64, "messages": user_blocks(), **fields}
    reply = anthropic_client(proxy).messages.create(**request)
    assert reply.stop_reason in ("end_turn", "tool_use")
    assert_never_sent(mock_llm)


# ---- Gemini --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            {
                "contents": [{"role": "user", "parts": [{"text": "Hello there"}]}],
                "tools": [{"functionDeclarations": [{"name": "send", "description": f"Mail {EMAIL}"}]}],
            },
            id="function_declaration_description",
        ),
        pytest.param(
            {
                "contents": [
                    {"role": "user", "parts": [{"text": "Run it"}]},
                    {
                        "role": "model",
                        "parts": [{"executableCode": {"language": "PYTHON", "code": f"send('{EMAIL}')"}}],
                    },
                    {"role": "user", "parts": [{"text": "Hello there"}]},
                ]
            },
            id="executable_code",
        ),
        pytest.param(
            {
                "contents": [
                    {"role": "user", "parts": [{"text": "Run it"}]},
                    {"role": "model", "parts": [{"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": EMAIL}}]},
                    {"role": "user", "parts": [{"text": "Hello there"}]},
                ]
            },
            id="code_execution_result",
        ),
    ],
)
def test_gemini_fields(proxy: Any, mock_llm: Any, httpx_client: Any, body: dict) -> None:
    reply = httpx_client(proxy).post(GEMINI, json=body, headers={"x-goog-api-key": "gm-test-1"})
    assert reply.status_code == 200
    assert reply.json()["candidates"][0]["finishReason"] == "STOP"
    assert_never_sent(mock_llm)


# ---- the generic walk no longer skips `*_id`, `name`, `source`, `data` ------------------------------------


@pytest.mark.parametrize("key", ["user_id", "name", "source", "data"])
def test_generic_walk_keys(proxy: Any, mock_llm: Any, httpx_client: Any, key: str) -> None:
    url = "https://api.openai.com/v1/vector_stores/vs_1/search"
    reply = httpx_client(proxy).post(
        url, json={"query": "Hello there", key: EMAIL}, headers={"authorization": "Bearer sk-test-1"}
    )
    assert reply.status_code == 200
    assert reply.json()["body"][key] == EMAIL  # the placeholder came back restored
    assert_never_sent(mock_llm)


# ---- property: a value planted anywhere in a valid body never reaches the upstream ----------------------

HOSTS = {
    "openai_chat": ("https://api.openai.com", {"authorization": "Bearer sk-test-1"}),
    "openai_responses": ("https://api.openai.com", {"authorization": "Bearer sk-test-1"}),
    "openai_completions": ("https://api.openai.com", {"authorization": "Bearer sk-test-1"}),
    "embeddings": ("https://api.openai.com", {"authorization": "Bearer sk-test-1"}),
    "generic": ("https://api.openai.com", {"authorization": "Bearer sk-test-1"}),
    "anthropic": ("https://api.anthropic.com", {"x-api-key": "sk-ant-test-1", "anthropic-version": "2023-06-01"}),
    "gemini": ("https://generativelanguage.googleapis.com", {"x-goog-api-key": "gm-test-1"}),
}


@pytest.mark.parametrize("name", sorted(bodies.PROVIDERS))
def test_planted_value_never_reaches_the_upstream(
    proxy: Any, _mock_llm_server: Any, httpx_client: Any, name: str
) -> None:
    path, strategy = bodies.PROVIDERS[name]
    base, headers = HOSTS[name]
    client = httpx_client(proxy)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(bodies.planted(strategy))
    def check(case: tuple[dict, str]) -> None:
        body, value = case
        _mock_llm_server.reset()
        reply = client.post(
            base + path, content=json.dumps(body).encode(), headers={**headers, "content-type": "application/json"}
        )
        assert reply.status_code == 200, reply.text[:300]
        assert_never_sent(_mock_llm_server, value)

    try:
        check()
    finally:
        _mock_llm_server.reset()
