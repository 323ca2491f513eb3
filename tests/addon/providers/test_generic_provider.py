"""The generic walk: every prose string leaf, nothing structural, opaque or binary."""

import copy

import pytest

from addon.providers.generic import Generic
from addon.providers.walk import is_binary

BLOB = "QUJD" * 400  # 1600 characters of base64


def values(slots):
    return [slot.get() for slot in slots]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # Cohere v2 chat
            {
                "model": "command-r-plus",
                "messages": [
                    {"role": "system", "content": "sys: help Kim"},
                    {"role": "user", "content": [{"type": "text", "text": "user: I'm Kim Lee"}]},
                ],
                "documents": [{"id": "doc1", "data": {"text": "doc: Kim's file"}}],
                "response_format": {"type": "json_object"},
            },
            ["sys: help Kim", "user: I'm Kim Lee", "doc: Kim's file"],
        ),
        (  # Ollama chat with an image
            {"model": "llava", "messages": [{"role": "user", "content": "what is this, Lou?", "images": [BLOB]}]},
            ["what is this, Lou?"],
        ),
        (
            {
                "tool_call_id": "call_1",
                "call_id": "c2",
                "previous_response_id": "resp_9",
                "cacheId": "c3",
                "object": "chat",
                "name": "fn",
                "encrypted_content": "gAAAA",
                "signature": "sig",
                "b64_json": "AAAA",
                "mime_type": "text/plain",
                "format": "wav",
                "finish_reason": "stop",
                "tool_choice": "auto",
                "reasoning_effort": "high",
                "prompt": "prompt: Max",
            },
            ["fn", "prompt: Max"],  # a `name` outside a function or tool may be a person's
        ),
        (
            {
                "parts": [
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
                    {"type": "thinking", "thinking": "secret chain", "signature": "sig"},
                    {"type": "redacted_thinking", "data": "opaque"},
                    {"type": "reasoning", "summary": [{"text": "s"}], "encrypted_content": "e"},
                    {"inlineData": {"mimeType": "image/png", "data": "iVBOR"}},
                    {"type": "text", "text": "kept: Ned"},
                    {"url": "data:image/png;base64,iVBOR"},
                    {"url": "https://example.com/?user=ned@example.com"},
                ]
            },
            [
                "https://example.com/cat.png",
                "secret chain",
                "s",
                "kept: Ned",
                "https://example.com/?user=ned@example.com",
            ],
        ),
        (
            {"schema": {"type": ["string", "null"], "description": "desc: Oli", "enum": ["a", "b"], "required": ["x"]}},
            ["desc: Oli", "a", "b", "x"],
        ),
        ({"data": "c2hvcnQ=", "payload": {"data": {"note": "nested: Quin"}}}, ["c2hvcnQ=", "nested: Quin"]),
        (  # ids, names, sources and data that are not what their key says are scanned
            {
                "user_id": "jane.q.public@example.org",
                "session_id": "jane_doe",
                "source": "from Jane's notes",
                "tools": [{"name": "lookup", "description": "desc"}],
                "messages": [{"role": "user", "name": "jane"}],
            },
            ["jane.q.public@example.org", "jane_doe", "from Jane's notes", "desc", "jane"],
        ),
        ({"blob": BLOB, "short": "QUJD", "uri": "data:application/octet-stream;base64," + BLOB}, ["QUJD"]),
        ("a bare string", []),
        (None, []),
        ([["deep", ["list"]]], ["deep", "list"]),
    ],
)
def test_request_slots(body, expected):
    assert values(Generic().request_slots(copy.deepcopy(body))) == expected


def test_set_writes_through_and_leaves_structure():
    body = {"model": "m", "messages": [{"role": "user", "content": "Pat"}]}
    for slot in Generic().request_slots(body):
        slot.set("[PERSON_1]")
    assert body == {"model": "m", "messages": [{"role": "user", "content": "[PERSON_1]"}]}


def test_response_and_events_use_the_same_walk_whole():
    reply = {"id": "msg_1", "message": {"role": "assistant", "content": [{"type": "text", "text": "Hi [PERSON_1]"}]}}
    assert values(Generic().response_slots(copy.deepcopy(reply))) == ["Hi [PERSON_1]"]
    event = {"type": "content-delta", "delta": {"message": {"content": {"text": "Hi"}}}}
    assert [(c, s.get()) for c, s in Generic().event_slots(event)] == [(None, "Hi")]
    assert Generic().channels_closed(event) == []
    assert list(Generic().event_slots({"type": "reasoning", "encrypted_content": "gAAAAB"})) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (BLOB, True),
        ("QUJD" * 10, True),
        ("QUJD" * 2, False),  # too short to be a file
        ("4111111111111111" * 2, False),  # a card number is not a file
        (("word " * 300), False),  # long prose
        ("A" * 1025 + "!", False),
    ],
)
def test_is_binary(value, expected):
    assert is_binary(value) is expected


def test_attachments_are_counted_by_kind():
    body = {"images": [BLOB], "part": {"url": "data:audio/wav;base64,UklGRg=="}, "x": {"data": BLOB}}
    assert Generic().attachments(body) == {"image": 1, "audio": 1, "file": 1}


def test_generic_errors_are_openai_shaped():
    assert Generic().error_body(502, "m")["error"]["type"] == "anonamoose_error"
