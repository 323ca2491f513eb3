"""Slot, the shared walkers, routing by path and the error shapes."""

import json

import pytest

from addon.providers import Provider, Slot, provider_for
from addon.providers.base import kind_of, string_leaves
from addon.providers.routing import provider_for as route


def test_slot_get_and_set_write_through_dicts_and_lists():
    body = {"messages": [{"content": "hello"}], "input": ["a", "b"]}
    by_key = Slot(body["messages"][0], "content")
    by_index = Slot(body["input"], 1)
    assert (by_key.get(), by_index.get()) == ("hello", "b")
    by_key.set("HELLO")
    by_index.set("B")
    assert body == {"messages": [{"content": "HELLO"}], "input": ["a", "B"]}


def test_slot_get_refuses_a_non_string():
    with pytest.raises(TypeError):
        Slot({"content": None}, "content").get()


def test_slot_json_encoded_defaults_false():
    assert Slot({}, "k").json_encoded is False
    assert Slot({}, "k", json_encoded=True).json_encoded is True


def test_string_leaves_in_document_order_and_never_keys():
    node = {"a": "1", "b": {"c": ["2", {"d": "3"}], "e": "4"}, "f": 5, "g": None, "h": "6"}
    assert [slot.get() for slot in string_leaves(node)] == ["1", "2", "3", "4", "6"]


def test_string_leaves_survives_nesting_deeper_than_the_recursion_limit():
    node: dict = {"text": "bottom"}
    for _ in range(5000):
        node = {"child": node}
    assert [slot.get() for slot in string_leaves(node)] == ["bottom"]


@pytest.mark.parametrize(("node", "expected"), [({"type": "text"}, "text"), ({"type": ["x"]}, None), ("s", None)])
def test_kind_of_only_returns_string_types(node, expected):
    assert kind_of(node) == expected


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/chat/completions", "openai_chat"),
        ("/v1/chat/completions?api-version=1", "openai_chat"),
        ("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21", "openai_chat"),
        ("/openai/v1/chat/completions", "openai_chat"),  # Groq
        ("/api/v1/chat/completions", "openai_chat"),  # OpenRouter
        ("/chat/completions", "openai_chat"),  # DeepSeek
        ("/inference/v1/chat/completions", "openai_chat"),  # Fireworks
        ("/v1beta/openai/chat/completions", "openai_chat"),  # Gemini's OpenAI-compatible endpoint
        ("/v1/completions", "openai_completions"),
        ("/openai/deployments/davinci/completions?api-version=2024-10-21", "openai_completions"),
        ("/v1/fim/completions", "generic"),
        ("/v1/responses", "openai_responses"),
        ("/openai/responses?api-version=2025-04-01-preview", "openai_responses"),
        ("/openai/v1/responses", "openai_responses"),
        ("/v1/responses/input_tokens", "openai_responses"),
        ("/v1/responses/resp_abc123", "openai_responses"),
        ("/v1/responses/resp_abc123/input_items", "generic"),
        ("/v1/embeddings", "embeddings"),
        ("/openai/deployments/ada/embeddings?api-version=2024-10-21", "embeddings"),
        ("/v1/messages", "anthropic"),
        ("/v1/messages/count_tokens", "anthropic"),
        ("/v1/messages?beta=true", "anthropic"),
        ("/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-x:streamRawPredict", "anthropic"),
        ("/v1/threads/thread_1/messages", "generic"),
        ("/v1beta/models/gemini-2.5-flash:generateContent", "gemini"),
        ("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "gemini"),
        ("/v1beta/models/gemini-2.5-flash:countTokens", "gemini"),
        ("/v1beta/models/text-embedding-004:embedContent", "gemini"),
        ("/v1beta/models/text-embedding-004:batchEmbedContents", "gemini"),
        ("/v1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash:generateContent", "gemini"),
        ("/v1beta/tunedModels/my-model:generateContent", "gemini"),
        ("/v2/chat", "generic"),  # Cohere
        ("/v1/models", "generic"),
        ("/", "generic"),
        ("", "generic"),
    ],
)
def test_provider_for_routes_by_path(path, name):
    assert provider_for(path).name == name


def test_provider_for_returns_a_fresh_adapter_each_time():
    first, second = provider_for("/v1/chat/completions"), provider_for("/v1/chat/completions")
    assert first is not second
    assert isinstance(first, Provider)
    assert route("/v1/messages").name == "anthropic"


@pytest.mark.parametrize(
    ("path", "status", "expected"),
    [
        (
            "/v1/chat/completions",
            502,
            {"error": {"message": "m", "type": "anonamoose_error", "param": None, "code": "bad_gateway"}},
        ),
        (
            "/v1/responses",
            413,
            {"error": {"message": "m", "type": "anonamoose_error", "param": None, "code": "request_too_large"}},
        ),
        (
            "/v1/unknown",
            500,
            {"error": {"message": "m", "type": "anonamoose_error", "param": None, "code": "anonamoose_error"}},
        ),
        ("/v1/messages", 502, {"type": "error", "error": {"type": "api_error", "message": "m"}}),
        ("/v1/messages", 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "m"}}),
        ("/v1/messages", 415, {"type": "error", "error": {"type": "invalid_request_error", "message": "m"}}),
        (
            "/v1/chat/completions",
            415,
            {"error": {"message": "m", "type": "anonamoose_error", "param": None, "code": "unsupported_media_type"}},
        ),
        ("/v1/messages", 413, {"type": "error", "error": {"type": "request_too_large", "message": "m"}}),
        ("/v1beta/models/g:generateContent", 502, {"error": {"code": 502, "message": "m", "status": "INTERNAL"}}),
        (
            "/v1beta/models/g:generateContent",
            413,
            {"error": {"code": 413, "message": "m", "status": "INVALID_ARGUMENT"}},
        ),
    ],
)
def test_error_body_shapes(path, status, expected):
    body = provider_for(path).error_body(status, "m")
    assert body == expected
    assert json.loads(json.dumps(body)) == expected


def test_openai_error_body_parses_as_the_sdk_error_object():
    from openai.types.shared import ErrorObject

    error = ErrorObject.model_validate(provider_for("/v1/chat/completions").error_body(502, "boom")["error"])
    assert (error.message, error.type) == ("boom", "anonamoose_error")


def test_anthropic_error_body_parses_as_the_sdk_error_response():
    from anthropic.types import ErrorResponse

    # the SDK's union has no request_too_large (Anthropic's docs do): check the common case
    error = ErrorResponse.model_validate(provider_for("/v1/messages").error_body(502, "failed"))
    assert (error.error.type, error.error.message) == ("api_error", "failed")
    client_error = ErrorResponse.model_validate(provider_for("/v1/messages").error_body(400, "bad"))
    assert client_error.error.type == "invalid_request_error"
