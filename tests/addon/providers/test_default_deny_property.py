"""Property: a detectable value put anywhere in a valid request body never survives redaction (real detector).

Per provider: hypothesis generates a valid body (shaped by the SDK's own request types, checked below), plants
an email, a card number or an API key into any string position, any JSON-in-a-string position or a new key at
any depth, and runs the real request pipeline (adapter walk, real detector, real SQLite store) over it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import TypeAdapter

from addon.detection import DetectorProvider, LocalScanner
from addon.pipeline import RequestRedactor
from addon.placeholder_service import PlaceholderService
from addon.providers import provider_for
from addon.tenancy import Scope
from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector
from tests.addon.providers import request_bodies as bodies

SCOPE = Scope("property-scope", "property-tenant", None)
MAX_BODY = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def detectors() -> DetectorProvider:
    return DetectorProvider(DetectionSettings(), use_store_settings=False)


@pytest.fixture
def redactor(detectors: DetectorProvider, placeholder_service: PlaceholderService) -> RequestRedactor:
    return RequestRedactor(LocalScanner(detectors), placeholder_service, placeholder_service.store, MAX_BODY, 3600)


def test_every_planted_value_is_found_in_isolation() -> None:
    detector = build_detector()
    for value in bodies.VALUES:
        assert [value[d.start : d.end] for d in detector.detect(value)] == [value]


def forwarded(redactor: RequestRedactor, path: str, body: Any) -> bytes:
    """The bytes the proxy would send upstream for `body`."""
    raw = json.dumps(body).encode()
    outcome = redactor.redact(raw, None, "application/json", provider_for(path), SCOPE)
    return outcome.body if outcome.body is not None else raw


@pytest.mark.parametrize("name", sorted(bodies.PROVIDERS))
def test_a_planted_value_never_goes_upstream(name: str, redactor: RequestRedactor) -> None:
    path, strategy = bodies.PROVIDERS[name]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(bodies.planted(strategy))
    def check(case: tuple[dict, str]) -> None:
        body, value = case
        wire = forwarded(redactor, path, body).decode()
        for form in bodies.forms(value):
            assert form not in wire, f"{value!r} reached the upstream from {json.dumps(body)[:400]}"

    check()


# ---- the generated bodies are valid requests, per the SDKs' own types -------------------------------------


def consume(node: Any) -> None:
    """Walk a validated TypedDict: pydantic checks `Iterable` fields lazily, as they are iterated."""
    if isinstance(node, dict):
        for value in node.values():
            consume(value)
    elif isinstance(node, list | tuple | Iterator):
        for value in node:
            consume(value)


def sdk_type(name: str) -> Any:
    from anthropic.types.message_create_params import MessageCreateParamsNonStreaming
    from openai.types.chat.completion_create_params import CompletionCreateParamsNonStreaming
    from openai.types.completion_create_params import CompletionCreateParamsNonStreaming as LegacyParams
    from openai.types.embedding_create_params import EmbeddingCreateParams
    from openai.types.responses.response_create_params import ResponseCreateParamsNonStreaming

    return {
        "openai_chat": CompletionCreateParamsNonStreaming,
        "openai_responses": ResponseCreateParamsNonStreaming,
        "anthropic": MessageCreateParamsNonStreaming,
        "openai_completions": LegacyParams,
        "embeddings": EmbeddingCreateParams,
    }[name]


@pytest.mark.parametrize("name", ["openai_chat", "openai_responses", "anthropic", "openai_completions", "embeddings"])
def test_generated_bodies_are_valid_sdk_requests(name: str) -> None:
    adapter = TypeAdapter(sdk_type(name))
    _, strategy = bodies.PROVIDERS[name]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def check(body: dict) -> None:
        consume(adapter.validate_python(body))

    check()


# ---- the pipeline's side: attachments recorded, a bare JSON string scanned ---------------------------------


def test_outcome_counts_unscanned_binary_parts(redactor: RequestRedactor) -> None:
    image = {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{bodies.PNG}"}}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, image]}]}
    outcome = redactor.redact(
        json.dumps(body).encode(), None, "application/json", provider_for("/v1/chat/completions"), SCOPE
    )
    assert outcome.attachments == {"image": 1}
    assert outcome.body is None  # nothing found: the original bytes go out


def test_a_bare_json_string_body_is_scanned(redactor: RequestRedactor) -> None:
    raw = json.dumps(f"mail {bodies.EMAIL}").encode()
    outcome = redactor.redact(raw, None, "application/json", provider_for("/v1/anything"), SCOPE)
    assert outcome.body is not None and bodies.EMAIL not in outcome.body.decode()
    assert json.loads(outcome.body).startswith("mail [EMAIL_")


def test_json_in_a_string_is_scanned_keys_and_all(redactor: RequestRedactor) -> None:
    arguments = json.dumps({bodies.EMAIL: {"card": bodies.CARD}})
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": arguments}}
    body = {"model": "gpt-4o", "messages": [{"role": "assistant", "content": None, "tool_calls": [call]}]}
    outcome = redactor.redact(
        json.dumps(body).encode(), None, "application/json", provider_for("/v1/chat/completions"), SCOPE
    )
    assert outcome.body is not None
    sent = json.loads(json.loads(outcome.body)["messages"][0]["tool_calls"][0]["function"]["arguments"])
    [(key, value)] = sent.items()
    assert key.startswith("[EMAIL_") and value["card"].startswith("[CARD_")
