"""Smoke tests of the e2e harness itself: bare mitmdump (no addon) between real SDKs and the LLM mock."""

from __future__ import annotations

import json
import ssl
import sys
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest

from tests.e2e.conftest import connect_tls_through_proxy, http_post_over, issuer_common_name

pytestmark = pytest.mark.e2e

USER_TEXT = "Please email Jane Citizen at jane@example.com"
ECHO = "You said: " + USER_TEXT
OPENAI_MODEL = "gpt-4o-mini"
# Not a real model name: the SDK warns about names it knows to be deprecated.
CLAUDE_MODEL = "claude-e2e-mock"
GEMINI_STREAM_URL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent"
NOTE_SCHEMA = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


def _mock_module() -> Any:
    # conftest loads the helpers by path under these names (importlib import mode).
    return sys.modules["anonamoose_e2e_mock_llm"]


def _cert_module() -> Any:
    return sys.modules["anonamoose_e2e_certs"]


@pytest.fixture
def bare_proxy(start_proxy: Any, tmp_path: Path) -> Any:
    """mitmdump intercepting everything, without the Anonamoose addon."""
    return start_proxy(tmp_path, addon=False)


# --- the mock on its own -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "a", "[EMAIL_7K2Q9]", ECHO, "ünïcødé ✓ text"])
def test_pieces_cover_the_text_in_short_deterministic_parts(text: str) -> None:
    pieces = _mock_module().pieces
    parts = pieces(text)
    assert "".join(parts) == text
    assert all(1 <= len(p) <= 3 for p in parts)
    assert parts == pieces(text)


@pytest.mark.parametrize("encoding", ["identity", "gzip", "deflate", "br", "zstd"])
def test_mock_reads_json_whatever_the_content_encoding(encoding: str) -> None:
    import gzip
    import zlib

    import brotli
    import zstandard

    raw = json.dumps({"text": USER_TEXT}).encode()
    encode = {
        "identity": lambda b: b,
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": brotli.compress,
        "zstd": zstandard.ZstdCompressor().compress,
    }[encoding]
    assert _mock_module()._decoded_body(encode(raw), encoding) == raw


# --- OpenAI ---------------------------------------------------------------------------------------------


def test_openai_chat_plain(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    reply = openai_client(bare_proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert reply.choices[0].message.content == ECHO
    [request] = mock_llm.requests
    assert (request.method, request.host, request.route) == ("POST", "api.openai.com", "/v1/chat/completions")
    assert request.header("authorization") == "Bearer sk-test-1"
    assert request.json["messages"] == [{"role": "user", "content": USER_TEXT}]
    # The flow mitmproxy (and so the addon) sees names the real host, not the mock's address.
    assert "POST https://api.openai.com/v1/chat/completions" in bare_proxy.log_text()


def test_openai_chat_streamed_in_many_small_events(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    stream = openai_client(bare_proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}], stream=True
    )
    deltas = [chunk.choices[0].delta.content for chunk in stream if chunk.choices]
    texts = [d for d in deltas if d]
    assert "".join(texts) == ECHO
    assert len(texts) >= len(ECHO) // 3
    assert mock_llm.last.json["stream"] is True


def test_openai_tool_call_streamed_as_argument_fragments(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    tool = {"type": "function", "function": {"name": "save_note", "parameters": NOTE_SCHEMA}}
    stream = openai_client(bare_proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}], tools=[tool], stream=True
    )
    fragments, names, finish = [], [], None
    for chunk in stream:
        choice = chunk.choices[0]
        finish = choice.finish_reason or finish
        for call in choice.delta.tool_calls or []:
            names += [call.function.name] if call.function and call.function.name else []
            fragments += [call.function.arguments] if call.function and call.function.arguments else []
    assert names == ["save_note"]
    assert len(fragments) > 1
    assert json.loads("".join(fragments)) == {"text": USER_TEXT}
    assert finish == "tool_calls"


def test_openai_responses_plain(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    response = openai_client(bare_proxy).responses.create(model=OPENAI_MODEL, input=USER_TEXT)
    assert response.output_text == ECHO
    assert mock_llm.last.route == "/v1/responses"
    assert mock_llm.last.json["input"] == USER_TEXT


def test_openai_responses_streamed_event_sequence(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    messages = [{"role": "user", "content": [{"type": "input_text", "text": USER_TEXT}]}]
    stream = openai_client(bare_proxy).responses.create(model=OPENAI_MODEL, input=messages, stream=True)
    events = list(stream)
    kinds = [e.type for e in events]
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert [k for k in kinds if k != "response.output_text.delta"] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert "".join(deltas) == ECHO
    assert len(deltas) > 1
    assert events[-1].response.output_text == ECHO


# --- Anthropic ------------------------------------------------------------------------------------------


def test_anthropic_plain(bare_proxy: Any, mock_llm: Any, anthropic_client: Any) -> None:
    message = anthropic_client(bare_proxy).messages.create(
        model=CLAUDE_MODEL, max_tokens=100, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert [block.text for block in message.content if block.type == "text"] == [ECHO]
    request = mock_llm.last
    assert (request.host, request.route) == ("api.anthropic.com", "/v1/messages")
    # Recent SDKs send the key as a bearer token, older ones as x-api-key.
    assert "sk-ant-test-1" in {request.header("x-api-key"), request.header("authorization")[len("Bearer ") :]}


def test_anthropic_streamed(bare_proxy: Any, mock_llm: Any, anthropic_client: Any) -> None:
    with anthropic_client(bare_proxy).messages.stream(
        model=CLAUDE_MODEL, max_tokens=100, messages=[{"role": "user", "content": USER_TEXT}]
    ) as stream:
        texts = list(stream.text_stream)
        final = stream.get_final_message()
    assert "".join(texts) == ECHO
    assert len(texts) > 1
    assert final.stop_reason == "end_turn"


@pytest.mark.parametrize("streamed", [False, True], ids=["plain", "streamed"])
def test_anthropic_tool_use(bare_proxy: Any, mock_llm: Any, anthropic_client: Any, streamed: bool) -> None:
    client: anthropic.Anthropic = anthropic_client(bare_proxy)
    request: dict[str, Any] = {
        "model": CLAUDE_MODEL,
        "max_tokens": 100,
        "messages": [{"role": "user", "content": USER_TEXT}],
        "tools": [{"name": "save_note", "input_schema": NOTE_SCHEMA}],
    }
    if streamed:
        with client.messages.stream(**request) as stream:
            json_fragments = [
                e.delta.partial_json
                for e in stream
                if e.type == "content_block_delta" and e.delta.type == "input_json_delta"
            ]
            message = stream.get_final_message()
        assert len(json_fragments) > 1
    else:
        message = client.messages.create(**request)
    [tool_use] = [block for block in message.content if block.type == "tool_use"]
    assert (tool_use.name, tool_use.input) == ("save_note", {"text": USER_TEXT})
    assert message.stop_reason == "tool_use"


# --- Gemini (no SDK installed: plain httpx, as the REST docs show) --------------------------------------


def test_gemini_sse_stream(bare_proxy: Any, mock_llm: Any, httpx_client: Any) -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": USER_TEXT}]}]}
    texts = []
    with httpx_client(bare_proxy).stream(
        "POST", GEMINI_STREAM_URL, params={"alt": "sse"}, json=body, headers={"x-goog-api-key": "g-test-1"}
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                chunk = json.loads(line[len("data: ") :])
                texts += [p["text"] for p in chunk["candidates"][0]["content"]["parts"]]
    assert "".join(texts) == ECHO
    assert len(texts) > 1
    assert mock_llm.last.host == "generativelanguage.googleapis.com"
    assert mock_llm.last.header("x-goog-api-key") == "g-test-1"


def test_gemini_json_array_stream(bare_proxy: Any, mock_llm: Any, httpx_client: Any) -> None:
    body = {"contents": [{"parts": [{"text": USER_TEXT}]}]}
    response = httpx_client(bare_proxy).post(GEMINI_STREAM_URL, params={"key": "g-test-2"}, json=body)
    chunks = response.json()
    assert isinstance(chunks, list) and len(chunks) > 1
    assert "".join(c["candidates"][0]["content"]["parts"][0]["text"] for c in chunks) == ECHO
    assert mock_llm.last.query["key"] == ["g-test-2"]


def test_gemini_generate_content_with_a_function_call(bare_proxy: Any, mock_llm: Any, httpx_client: Any) -> None:
    body = {
        "contents": [{"role": "user", "parts": [{"text": USER_TEXT}]}],
        "tools": [{"functionDeclarations": [{"name": "save_note", "parameters": NOTE_SCHEMA}]}],
    }
    url = GEMINI_STREAM_URL.replace(":streamGenerateContent", ":generateContent")
    reply = httpx_client(bare_proxy).post(url, json=body, headers={"x-goog-api-key": "g-test-3"}).json()
    parts = reply["candidates"][0]["content"]["parts"]
    assert parts == [{"text": ECHO}, {"functionCall": {"name": "save_note", "args": {"text": USER_TEXT}}}]
    assert mock_llm.last.route == "/v1beta/models/gemini-2.0-flash:generateContent"


# --- streaming through the proxy ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxy_args", "first_event_before_stream_end"),
    [([], False), (["--set", "stream_large_bodies=1"], True)],
    ids=["bare-mitmproxy-buffers", "streaming-enabled"],
)
def test_delayed_stream_reaches_the_client_as_the_proxy_forwards_it(
    start_proxy: Any,
    mock_llm: Any,
    httpx_client: Any,
    tmp_path: Path,
    proxy_args: list[str],
    first_event_before_stream_end: bool,
) -> None:
    proxy = start_proxy(tmp_path, addon=False, extra_args=proxy_args)
    body = {"model": OPENAI_MODEL, "messages": [{"role": "user", "content": USER_TEXT}], "stream": True}
    headers = {"authorization": "Bearer sk-test-1", "x-mock-delay-ms": "20"}
    with httpx_client(proxy).stream(
        "POST", "https://api.openai.com/v1/chat/completions", json=body, headers=headers
    ) as response:
        lines = response.iter_lines()
        first = next(line for line in lines if line.startswith("data: "))
        completed_at_first_event = mock_llm.streams_completed
        rest = list(lines)
    assert json.loads(first[len("data: ") :])["object"] == "chat.completion.chunk"
    assert (completed_at_first_event == 0) is first_event_before_stream_end
    assert "data: [DONE]" in rest
    assert mock_llm.streams_completed == 1


# --- TLS and the proxy's plumbing ------------------------------------------------------------------------


def test_intercepted_host_presents_the_proxy_certificate(bare_proxy: Any, test_ca: Any) -> None:
    with connect_tls_through_proxy(bare_proxy, "api.openai.com", trust=bare_proxy.ca_cert) as tls:
        assert issuer_common_name(tls) == "mitmproxy"


def test_client_trusting_only_the_test_ca_is_refused_by_an_intercepting_proxy(
    bare_proxy: Any, mock_llm: Any, openai_client: Any, test_ca: Any
) -> None:
    client = openai_client(bare_proxy, verify=ssl.create_default_context(cafile=str(test_ca.ca_cert)))
    with pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model=OPENAI_MODEL, messages=[{"role": "user", "content": "hi"}])
    assert mock_llm.requests == []


def test_upstream_certificate_is_verified(start_proxy: Any, mock_llm: Any, openai_client: Any, tmp_path: Path) -> None:
    other_ca = _cert_module().make_local_ca(tmp_path / "other-ca")
    proxy = start_proxy(
        tmp_path, addon=False, extra_args=["--set", f"ssl_verify_upstream_trusted_ca={other_ca.ca_cert}"]
    )
    with pytest.raises(openai.APIStatusError) as raised:
        openai_client(proxy).chat.completions.create(model=OPENAI_MODEL, messages=[{"role": "user", "content": "hi"}])
    assert raised.value.status_code == 502
    assert mock_llm.requests == []


def test_unlisted_host_is_tunnelled_untouched(
    start_proxy: Any, mock_llm: Any, openai_client: Any, test_ca: Any, tmp_path: Path
) -> None:
    proxy = start_proxy(tmp_path, addon=False, extra_args=["--set", "allow_hosts=api.openai.com"])
    with connect_tls_through_proxy(proxy, "example.org", trust=test_ca.ca_cert) as tls:
        assert issuer_common_name(tls) == _cert_module().CA_COMMON_NAME
        received = http_post_over(tls, "example.org", body=b"ping 123")
    assert received.startswith(b"HTTP/1.1 200")
    assert received.endswith(b"hello from example.org\nping 123")
    assert mock_llm.requests_to("example.org")[0].body == b"ping 123"
    # The listed host is still intercepted by the same proxy.
    reply = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert reply.choices[0].message.content == ECHO


def test_upstream_connection_is_kept_alive(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    client = openai_client(bare_proxy)
    for text in ("one", "two", "three"):
        client.chat.completions.create(model=OPENAI_MODEL, messages=[{"role": "user", "content": text}])
    assert len({request.peer for request in mock_llm.requests}) == 1


def test_restart_keeps_port_and_ca(bare_proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    ca_before, port_before = bare_proxy.ca_cert.read_bytes(), bare_proxy.port
    bare_proxy.restart()
    assert (bare_proxy.ca_cert.read_bytes(), bare_proxy.port) == (ca_before, port_before)
    reply = openai_client(bare_proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert reply.choices[0].message.content == ECHO
    assert "HTTP(S) proxy listening" in bare_proxy.log_text()
