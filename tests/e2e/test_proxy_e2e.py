"""The product end to end: real mitmdump + the addon, real SDKs, a TLS mock of the LLM APIs."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
import zstandard

from detectors.engine import build_detector
from tests.e2e.conftest import connect_tls_through_proxy, http_post_over, issuer_common_name

pytestmark = pytest.mark.e2e

USER_TEXT = (
    "Please email Jane Citizen at jane.citizen@example.com about card 4111 1111 1111 1111; "
    "her mobile is +61 412 345 678 and her TFN is 123 456 782."
)
ECHO = "You said: " + USER_TEXT
OPENAI_MODEL = "gpt-4o-mini"
CLAUDE_MODEL = "claude-e2e-mock"
GEMINI = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash"
NOTE_SCHEMA = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}


@pytest.fixture(scope="module")
def found_values() -> list[str]:
    """Every value the detection engine finds in USER_TEXT: none may reach the mock."""
    detector = build_detector()
    values = [USER_TEXT[d.start : d.end] for d in detector.detect(USER_TEXT)]
    assert {"jane.citizen@example.com", "4111 1111 1111 1111", "123 456 782"} <= set(values)
    return values


# The core of the suite runs on both stores: a PostgreSQL-backed proxy must behave exactly like a SQLite one.
BOTH_DATABASES = pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def proxy(start_proxy: Any, tmp_path: Path, db_url: str) -> Any:
    return start_proxy(tmp_path, env={"ANONAMOOSE_DB": db_url})


def assert_clean(mock_llm: Any, values: list[str]) -> None:
    assert mock_llm.requests, "the mock received nothing"
    for request in mock_llm.requests:
        body = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else str(request.body)
        wire = body + json.dumps(request.json)
        for value in values:
            assert value not in wire, "a detected value reached the LLM"


def sent_text(mock_llm: Any) -> str:
    return json.dumps(mock_llm.last.json)


# ---- every wire format, plain and streamed -------------------------------------------------------------


@BOTH_DATABASES
def test_openai_chat_plain(proxy: Any, mock_llm: Any, openai_client: Any, found_values: list[str]) -> None:
    reply = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert reply.choices[0].message.content == ECHO
    assert_clean(mock_llm, found_values)
    assert "[EMAIL_" in sent_text(mock_llm) and "[CARD_" in sent_text(mock_llm)


@BOTH_DATABASES
def test_openai_chat_streamed(proxy: Any, mock_llm: Any, openai_client: Any, found_values: list[str]) -> None:
    stream = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == ECHO
    assert_clean(mock_llm, found_values)


@BOTH_DATABASES
def test_openai_chat_streamed_tool_call(proxy: Any, mock_llm: Any, openai_client: Any, found_values: list[str]) -> None:
    tool = {"type": "function", "function": {"name": "save_note", "parameters": NOTE_SCHEMA}}
    stream = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}], tools=[tool], stream=True
    )
    fragments = [
        call.function.arguments
        for chunk in stream
        if chunk.choices
        for call in chunk.choices[0].delta.tool_calls or []
        if call.function and call.function.arguments
    ]
    assert json.loads("".join(fragments)) == {"text": USER_TEXT}
    assert_clean(mock_llm, found_values)


def test_openai_responses_plain_and_streamed(
    proxy: Any, mock_llm: Any, openai_client: Any, found_values: list[str]
) -> None:
    client = openai_client(proxy)
    assert client.responses.create(model=OPENAI_MODEL, input=USER_TEXT).output_text == ECHO
    events = list(client.responses.create(model=OPENAI_MODEL, input=USER_TEXT, stream=True))
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == ECHO
    assert [e.text for e in events if e.type == "response.output_text.done"] == [ECHO]
    assert events[-1].response.output_text == ECHO
    assert_clean(mock_llm, found_values)


@BOTH_DATABASES
def test_anthropic_plain_streamed_and_tool_use(
    proxy: Any, mock_llm: Any, anthropic_client: Any, found_values: list[str]
) -> None:
    client = anthropic_client(proxy)
    message = client.messages.create(
        model=CLAUDE_MODEL, max_tokens=100, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert [b.text for b in message.content if b.type == "text"] == [ECHO]
    with client.messages.stream(
        model=CLAUDE_MODEL, max_tokens=100, messages=[{"role": "user", "content": USER_TEXT}]
    ) as stream:
        assert "".join(stream.text_stream) == ECHO
    tool = {"name": "save_note", "description": "save", "input_schema": NOTE_SCHEMA}
    with client.messages.stream(
        model=CLAUDE_MODEL, max_tokens=100, tools=[tool], messages=[{"role": "user", "content": USER_TEXT}]
    ) as stream:
        final = stream.get_final_message()
    uses = [b for b in final.content if b.type == "tool_use"]
    assert uses and uses[0].input == {"text": USER_TEXT}
    assert_clean(mock_llm, found_values)


@pytest.mark.parametrize("sse", [True, False])
def test_gemini_streamed(proxy: Any, mock_llm: Any, httpx_client: Any, found_values: list[str], sse: bool) -> None:
    body = {"contents": [{"role": "user", "parts": [{"text": USER_TEXT}]}]}
    url = f"{GEMINI}:streamGenerateContent" + ("?alt=sse" if sse else "")
    with httpx_client(proxy).stream("POST", url, json=body, headers={"x-goog-api-key": "g-key-1"}) as response:
        raw = b"".join(response.iter_bytes())
    if sse:
        chunks = [json.loads(line[6:]) for line in raw.decode().splitlines() if line.startswith("data: ")]
    else:
        chunks = json.loads(raw)
    text = "".join(p.get("text", "") for c in chunks for p in c["candidates"][0]["content"]["parts"])
    assert text == ECHO
    assert_clean(mock_llm, found_values)


# ---- conversations, scopes and restarts ------------------------------------------------------------------


def placeholders_in(text: str) -> list[str]:
    return re.findall(r"\[[A-Z]+_[0-9A-Z]{5,}\]", text)


@BOTH_DATABASES
def test_same_value_same_placeholder_across_turns_and_restart(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    first = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}]
    )
    turn1 = placeholders_in(mock_llm.last.json["messages"][0]["content"])
    assert len(turn1) >= 4
    provider_wrote = "You said: " + mock_llm.last.json["messages"][0]["content"]
    history = [
        {"role": "user", "content": USER_TEXT},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "And again: jane.citizen@example.com"},
    ]
    openai_client(proxy).chat.completions.create(model=OPENAI_MODEL, messages=history)
    sent = mock_llm.last.json["messages"]
    assert placeholders_in(sent[0]["content"]) == turn1
    # the assistant turn goes back exactly as the provider wrote it
    assert sent[1]["content"] == provider_wrote
    email = next(p for p in turn1 if p.startswith("[EMAIL_"))
    assert placeholders_in(sent[2]["content"]) == [email]
    proxy.restart()
    mock_llm.reply_text = f"Earlier you mentioned {email}."
    reply = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": "mail jane.citizen@example.com"}]
    )
    assert placeholders_in(mock_llm.last.json["messages"][0]["content"]) == [email]
    assert reply.choices[0].message.content == "Earlier you mentioned jane.citizen@example.com."


@BOTH_DATABASES
def test_reply_quoting_an_earlier_turn_is_restored_from_the_store(
    proxy: Any, mock_llm: Any, openai_client: Any
) -> None:
    client = openai_client(proxy)
    first = client.responses.create(model=OPENAI_MODEL, input=USER_TEXT)
    email_placeholder = next(p for p in placeholders_in(mock_llm.last.json["input"]) if p.startswith("[EMAIL_"))
    # previous_response_id: only the new input is sent, the reply quotes the first turn's placeholder
    mock_llm.reply_text = f"Writing to {email_placeholder} now."
    follow_up = client.responses.create(model=OPENAI_MODEL, input="go ahead", previous_response_id=first.id)
    assert follow_up.output_text == "Writing to jane.citizen@example.com now."


def test_tenants_never_share_placeholders(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    message = [{"role": "user", "content": "mail jane.citizen@example.com"}]
    openai_client(proxy, api_key="sk-tenant-a").chat.completions.create(model=OPENAI_MODEL, messages=message)
    a = placeholders_in(mock_llm.last.json["messages"][0]["content"])
    openai_client(proxy, api_key="sk-tenant-b").chat.completions.create(model=OPENAI_MODEL, messages=message)
    b = placeholders_in(mock_llm.last.json["messages"][0]["content"])
    assert a and b and a != b
    # tenant B echoes tenant A's placeholder (even naming A's session): it gets the placeholder back
    mock_llm.reply_text = f"{a[0]} / {b[0]}"
    reply = openai_client(
        proxy, api_key="sk-tenant-b", default_headers={"x-anonamoose-session": "s1"}
    ).chat.completions.create(model=OPENAI_MODEL, messages=message)
    assert mock_llm.last.header("x-anonamoose-session") is None
    text = reply.choices[0].message.content
    assert text.startswith(a[0])
    plain = openai_client(proxy, api_key="sk-tenant-b").chat.completions.create(model=OPENAI_MODEL, messages=message)
    assert plain.choices[0].message.content == f"{a[0]} / jane.citizen@example.com"


# ---- what is not ours, and what cannot be scanned --------------------------------------------------------


def test_other_hosts_are_tunnelled_untouched(proxy: Any, mock_llm: Any, test_ca: Any) -> None:
    tls = connect_tls_through_proxy(proxy, "example.org", test_ca.ca_cert)
    assert "mitmproxy" not in issuer_common_name(tls).lower()
    body = json.dumps({"messages": [{"role": "user", "content": USER_TEXT}]}).encode()
    http_post_over(tls, "example.org", body)
    assert mock_llm.last.host.startswith("example.org")
    assert mock_llm.last.body == body


@pytest.mark.parametrize("encoding", ["gzip", "zstd"])
def test_compressed_bodies_are_redacted(
    proxy: Any, mock_llm: Any, httpx_client: Any, found_values: list[str], encoding: str
) -> None:
    raw = json.dumps({"model": OPENAI_MODEL, "messages": [{"role": "user", "content": USER_TEXT}]}).encode()
    data = gzip.compress(raw) if encoding == "gzip" else zstandard.ZstdCompressor().compress(raw)
    response = httpx_client(proxy).post(
        "https://api.openai.com/v1/chat/completions",
        content=data,
        headers={"content-type": "application/json", "content-encoding": encoding, "authorization": "Bearer k"},
    )
    assert response.status_code == 200
    assert response.json()["choices"][0]["message"]["content"] == ECHO
    assert_clean(mock_llm, found_values)


@pytest.mark.parametrize(
    ("content", "headers", "status", "phrase"),
    [
        (b'{"messages": [{"role": "user", "content": "jane.citizen@example.com"}', {}, 400, "does not parse"),
        (b"\x1f\x8b broken jane.citizen@example.com", {"content-encoding": "gzip"}, 400, "gzip"),
        (b"jane.citizen@example.com", {"content-encoding": "compress"}, 415, "content-encoding"),
        (b'{"messages": "' + b"x" * (9 * 1024 * 1024) + b'"}', {}, 413, "limit"),
    ],
    ids=["malformed-json", "corrupt-gzip", "unknown-encoding", "too-large"],
)
def test_unscannable_requests_are_refused(
    proxy: Any, mock_llm: Any, httpx_client: Any, content: bytes, headers: dict[str, str], status: int, phrase: str
) -> None:
    response = httpx_client(proxy).post(
        "https://api.openai.com/v1/chat/completions",
        content=content,
        headers={"content-type": "application/json", "authorization": "Bearer k", **headers},
    )
    assert response.status_code == status
    assert phrase in response.json()["error"]["message"]
    assert mock_llm.requests == []


TRUNCATED = b'{"model": "m", "messages": [{"role": "user", "content": "mail jane.citizen@example.com"}'


def test_invalid_json_is_the_client_s_400_through_each_sdk(
    proxy: Any, mock_llm: Any, openai_client: Any, anthropic_client: Any
) -> None:
    import anthropic
    import openai

    json_label = {"content-type": "application/json"}
    with pytest.raises(openai.BadRequestError) as from_openai:
        openai_client(proxy).post(
            "/chat/completions", cast_to=object, content=TRUNCATED, options={"headers": json_label}
        )
    error = from_openai.value.body
    assert isinstance(error, dict) and error["code"] == "bad_request"
    assert error["message"].startswith("anonamoose: invalid request: the JSON body does not parse")
    with pytest.raises(anthropic.BadRequestError) as from_anthropic:
        anthropic_client(proxy).post("/v1/messages", cast_to=object, content=TRUNCATED, options={"headers": json_label})
    assert from_anthropic.value.body["error"]["type"] == "invalid_request_error"  # type: ignore[index]
    assert mock_llm.requests == []  # nothing left the proxy


def test_an_empty_body_reaches_the_provider_which_answers_it(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.BadRequestError) as raised:
        openai_client(proxy).post(
            "/chat/completions", cast_to=object, content=b"", options={"headers": {"content-type": "application/json"}}
        )
    assert "anonamoose" not in str(raised.value.body)  # the provider's own error, not the proxy's
    assert [(r.method, r.body) for r in mock_llm.requests] == [("POST", b"")]


def test_a_1_5_mb_request_goes_through(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    paragraph = "The quarterly report covers revenue, churn and hiring plans for the platform team. " * 20 + "\n\n"
    big = paragraph * (1_500_000 // len(paragraph) + 1) + "Contact jane.citizen@example.com."
    assert len(big) > 1_500_000
    reply = openai_client(proxy).chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": big}]
    )
    assert reply.choices[0].message.content.endswith("Contact jane.citizen@example.com.")
    assert "jane.citizen@example.com" not in mock_llm.last.body.decode()
