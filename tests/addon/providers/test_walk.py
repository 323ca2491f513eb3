"""Default-deny walking: structural exemptions hold only for values shaped like the structural thing."""

import pytest

from addon.providers import provider_for
from addon.providers.walk import is_opaque, is_token

EMAIL = "jane.q.public@example.org"


def scanned(path, body):
    return [slot.get() for slot in provider_for(path).request_slots(body)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gpt-4o-mini", True),
        ("claude-3-5-sonnet-20241022", True),
        ("models/gemini-2.5-flash", True),
        ("accounts/fireworks/models/llama-v3p1-405b-instruct", True),
        ("user", True),
        (EMAIL, False),
        ("Jane Citizen", False),
        ("4111111111111111", False),  # a card's digit run
        ("sk-proj-AbCdEfGhIjKlMnOpQrStUvWx", False),  # a vendor key prefix
        ("AbCdEfGhIjKlMnOpQrStUvWx", False),  # a long random run is a key, not a word
        ("", False),
    ],
)
def test_is_token(value, expected):
    assert is_token(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("EqQBCgIYAhIMc2lnbmF0dXJl", True), ("gAAAAABo-Zm9v_YmFy==", True), (EMAIL, False), ("a b", False)],
)
def test_is_opaque(value, expected):
    assert is_opaque(value) is expected


@pytest.mark.parametrize(
    ("path", "body", "value"),
    [
        ("/v1/chat/completions", {"model": EMAIL, "messages": []}, EMAIL),
        ("/v1/chat/completions", {"messages": [{"role": "I am Jane Citizen", "content": "x"}]}, "I am Jane Citizen"),
        ("/v1/chat/completions", {"messages": [{"role": "tool", "tool_call_id": EMAIL}]}, EMAIL),
        ("/v1/chat/completions", {"messages": [{"role": "tool", "tool_call_id": "D681PevKs"}]}, "D681PevKs"),
        ("/v1/responses", {"input": [{"type": "function_call_output", "call_id": "jane", "output": ""}]}, "jane"),
        ("/v1/responses", {"previous_response_id": "4111 1111 1111 1111"}, "4111 1111 1111 1111"),
        ("/v1/messages", {"messages": [{"role": "user", "content": [{"type": EMAIL}]}]}, EMAIL),
        ("/v1/messages", {"messages": [{"content": [{"type": "thinking", "signature": EMAIL}]}]}, EMAIL),
        ("/v1/messages", {"messages": [{"content": [{"type": "tool_result", "tool_use_id": "call_1"}]}]}, "call_1"),
        (
            "/v1beta/models/g:generateContent",
            {"contents": [{"role": "model", "parts": [{"thoughtSignature": EMAIL}]}]},
            EMAIL,
        ),
        ("/v1/things", {"user_id": EMAIL, "data": "not base64, Jane"}, EMAIL),
        ("/v1/things", {"payload": {"data": "data:image/png;base64," + EMAIL}}, "data:image/png;base64," + EMAIL),
    ],
)
def test_a_value_that_is_not_structural_by_shape_is_scanned_at_a_structural_key(path, body, value):
    assert value in scanned(path, body)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/v1/chat/completions",
            {
                "model": "gpt-4o",
                "messages": [{"role": "tool", "tool_call_id": "call_Ab12", "content": []}],
                "tool_choice": "auto",
                "tools": [{"type": "function", "function": {"name": "lookup", "strict": True}}],
                "reasoning_effort": "low",
            },
        ),
        (
            "/v1/responses",
            {
                "model": "gpt-5",
                "previous_response_id": "resp_123",
                "include": ["reasoning.encrypted_content"],
                "input": [
                    {"type": "function_call", "call_id": "call_1", "id": "fc_1", "name": "f"},
                    {"type": "reasoning", "id": "rs_1", "encrypted_content": "gAAAAABoZm9v", "summary": []},
                    {"type": "item_reference", "id": "msg_1"},
                ],
            },
        ),
        (
            "/v1/messages",
            {
                "model": "claude-sonnet-4-5",
                "messages": [
                    {
                        "role": "assistant",
                        "content": [
                            {"type": "thinking", "signature": "EqQBCgIYAhIM"},
                            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3"},
                            {"type": "tool_use", "id": "toolu_01", "name": "lookup", "input": {}},
                        ],
                    }
                ],
                "tools": [
                    {"name": "lookup", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}
                ],
            },
        ),
        (
            "/v1beta/models/gemini-2.5-flash:generateContent",
            {
                "contents": [{"role": "model", "parts": [{"functionCall": {"name": "find", "args": {}}}]}],
                "generationConfig": {"responseMimeType": "application/json"},
                "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["find"]}},
            },
        ),
    ],
)
def test_structural_values_of_the_right_shape_are_not_scanned(path, body):
    assert scanned(path, body) == []


LEAKED_FIELDS = [
    ("/v1/chat/completions", {"user": EMAIL}),
    ("/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21", {"user": EMAIL}),  # Azure
    ("/openai/v1/responses", {"safety_identifier": EMAIL}),  # Groq-style prefix
    ("/v1/projects/p/locations/l/publishers/anthropic/models/c:rawPredict", {"metadata": {"user_id": EMAIL}}),
    ("/v1/chat/completions", {"safety_identifier": EMAIL}),
    ("/v1/chat/completions", {"metadata": {"customer": EMAIL}}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "name": EMAIL, "content": "hi"}]}),
    ("/v1/chat/completions", {"tools": [{"type": "function", "function": {"name": "f", "description": EMAIL}}]}),
    (
        "/v1/chat/completions",
        {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"enum": [EMAIL]}}}]},
    ),
    (
        "/v1/chat/completions",
        {"response_format": {"type": "json_schema", "json_schema": {"name": "n", "schema": {"default": EMAIL}}}},
    ),
    ("/v1/responses", {"user": EMAIL}),
    ("/v1/responses", {"metadata": {"who": EMAIL}}),
    ("/v1/responses", {"tools": [{"type": "function", "name": "f", "description": EMAIL}]}),
    ("/v1/responses", {"input": [{"type": "local_shell_call_output", "id": "lsh_1", "output": EMAIL}]}),
    ("/v1/responses", {"input": [{"type": "mcp_call", "id": "mcp_1", "name": "f", "arguments": EMAIL}]}),
    ("/v1/responses", {"input": [{"type": "mcp_call", "id": "mcp_1", "name": "f", "output": EMAIL}]}),
    (
        "/v1/responses",
        {
            "input": [
                {"type": "computer_call_output", "call_id": "call_1", "output": {"type": "input_text", "text": EMAIL}}
            ]
        },
    ),
    ("/v1/messages", {"metadata": {"user_id": EMAIL}}),
    ("/v1/messages", {"tools": [{"name": "f", "description": EMAIL, "input_schema": {}}]}),
    (
        "/v1/messages",
        {"messages": [{"role": "user", "content": [{"type": "search_result", "source": EMAIL, "title": "t"}]}]},
    ),
    (
        "/v1/messages",
        {
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "mcp_tool_result", "tool_use_id": "mcptoolu_1", "content": EMAIL}],
                }
            ]
        },
    ),
    ("/v1beta/models/g:generateContent", {"tools": [{"functionDeclarations": [{"name": "f", "description": EMAIL}]}]}),
    (
        "/v1beta/models/g:generateContent",
        {"contents": [{"parts": [{"executableCode": {"language": "PYTHON", "code": EMAIL}}]}]},
    ),
    (
        "/v1beta/models/g:generateContent",
        {"contents": [{"parts": [{"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": EMAIL}}]}]},
    ),
]


@pytest.mark.parametrize(("path", "body"), LEAKED_FIELDS)
def test_every_field_that_once_leaked_is_scanned(path, body):
    assert EMAIL in scanned(path, body)


def test_tool_arguments_stay_json_aware():
    body = {"input": [{"type": "mcp_call", "id": "mcp_1", "name": "f", "arguments": '{"to": "x"}'}]}
    slots = list(provider_for("/v1/responses").request_slots(body))
    assert [(slot.get(), slot.json_encoded) for slot in slots] == [('{"to": "x"}', True)]


@pytest.mark.parametrize(
    ("path", "body", "expected", "text"),
    [
        (
            "/v1/chat/completions",
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}}],
                    }
                ]
            },
            {"image": 1},
            [],
        ),
        (
            "/v1/responses",
            {
                "input": [
                    {
                        "role": "user",
                        "content": [{"type": "input_file", "file_data": "data:application/pdf;base64,JVBERi0="}],
                    }
                ]
            },
            {"pdf": 1},
            [],
        ),
        (
            "/v1/messages",
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "image",
                                "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"},
                            },
                            {
                                "type": "document",
                                "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="},
                            },
                            {
                                "type": "document",
                                "source": {"type": "text", "media_type": "text/plain", "data": "plain"},
                            },
                        ],
                    }
                ]
            },
            {"image": 1, "pdf": 1},
            ["plain"],  # a plain-text document is text
        ),
        (
            "/v1beta/models/g:generateContent",
            {"contents": [{"parts": [{"inlineData": {"mimeType": "audio/wav", "data": "UklGRg=="}}]}]},
            {"audio": 1},
            [],
        ),
    ],
)
def test_embedded_binary_parts_are_counted_not_scanned(path, body, expected, text):
    assert provider_for(path).attachments(body) == expected
    assert scanned(path, body) == text


def test_a_key_that_looks_like_a_value_is_scanned_and_renamed_in_place():
    body = {"metadata": {"team": "a", EMAIL: "vip", "4111 1111 1111 1111": {"n": 1}}, "model": "gpt-4o"}
    slots = list(provider_for("/v1/chat/completions").request_slots(body))
    assert [slot.get() for slot in slots] == ["a", "vip", EMAIL, "4111 1111 1111 1111"]
    for slot in slots:
        slot.set(slot.get().upper())
    assert list(body["metadata"].items()) == [
        ("team", "A"),
        (EMAIL.upper(), "VIP"),
        ("4111 1111 1111 1111", {"n": 1}),
    ]


def test_field_names_are_not_scanned_as_keys():
    body = {"messages": [{"role": "user", "content": "hi"}], "stream_options": {"include_usage": True}}
    assert scanned("/v1/chat/completions", body) == ["hi"]
