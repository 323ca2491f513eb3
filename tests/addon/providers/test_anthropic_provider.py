"""Anthropic Messages: system, blocks, tool_use leaves, opaque thinking and the raw stream events."""

import copy

import pytest
from anthropic.types import Message, RawMessageStreamEvent
from pydantic import TypeAdapter

from addon.providers.anthropic import Anthropic

EVENTS = TypeAdapter(RawMessageStreamEvent)
SIGNATURE = "EqQBCgIYAhIM" + "c2lnbmF0dXJl" * 100
PNG = "iVBORw0KGgo" * 300

REQUEST = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "system": [
        {"type": "text", "text": "sys: assist Carol", "cache_control": {"type": "ephemeral"}},
    ],
    "messages": [
        {"role": "user", "content": "user: I am Carol Diaz"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "thinking about Carol", "signature": SIGNATURE},
                {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
                {"type": "text", "text": "assistant: checking"},
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": "lookup",
                    "input": {"email": "carol@example.com", "filters": {"city": "Leeds", "limit": 3, "tags": ["vip"]}},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_01", "content": "result: Carol, 07700 900123"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_02",
                    "content": [
                        {"type": "text", "text": "result block: NI AB123456C"},
                        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
                    ],
                    "is_error": False,
                },
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
                {
                    "type": "document",
                    "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="},
                },
                {"type": "text", "text": "user: what now?"},
            ],
        },
    ],
}

EXPECTED_REQUEST = [
    "sys: assist Carol",
    "user: I am Carol Diaz",
    "thinking about Carol",  # signed, but text all the same: default-deny scans it
    "assistant: checking",
    "carol@example.com",
    "Leeds",
    "vip",
    "result: Carol, 07700 900123",
    "result block: NI AB123456C",
    "user: what now?",
]


def values(slots):
    return [slot.get() for slot in slots]


def test_request_slots():
    slots = list(Anthropic().request_slots(copy.deepcopy(REQUEST)))
    assert values(slots) == EXPECTED_REQUEST
    assert not any(slot.json_encoded for slot in slots)


def test_string_system_and_count_tokens_body():
    body = {"model": "claude-x", "system": "sys string: Dave", "messages": [{"role": "user", "content": "hi"}]}
    assert values(Anthropic().request_slots(body)) == ["sys string: Dave", "hi"]


def test_opaque_blocks_pass_byte_for_byte_and_tool_keys_stay():
    body = copy.deepcopy(REQUEST)
    for slot in Anthropic().request_slots(body):
        slot.set("X")
    assistant = body["messages"][1]["content"]
    assert assistant[0] == {**REQUEST["messages"][1]["content"][0], "thinking": "X"}  # the signature stays
    assert assistant[1] == REQUEST["messages"][1]["content"][1]  # redacted_thinking
    assert assistant[3]["input"] == {"email": "X", "filters": {"city": "X", "limit": 3, "tags": ["X"]}}
    assert (assistant[3]["name"], assistant[3]["id"]) == ("lookup", "toolu_01")
    assert body["messages"][2]["content"][1]["content"][1] == REQUEST["messages"][2]["content"][1]["content"][1]
    assert body["messages"][2]["content"][2:4] == REQUEST["messages"][2]["content"][2:4]


def test_assistant_slots():
    assert values(Anthropic().assistant_slots(copy.deepcopy(REQUEST))) == [
        "assistant: checking",
        "carol@example.com",
        "Leeds",
        "vip",
    ]


RESPONSE = {
    "id": "msg_01",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5",
    "content": [
        {"type": "thinking", "thinking": "about [PERSON_1]", "signature": SIGNATURE},
        {"type": "text", "text": "Hello [PERSON_1]"},
        {"type": "tool_use", "id": "toolu_9", "name": "send", "input": {"to": "[EMAIL_1]", "cc": ["[EMAIL_2]"]}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 10, "output_tokens": 20},
}


def test_response_slots():
    Message.model_validate(RESPONSE)
    assert values(Anthropic().response_slots(copy.deepcopy(RESPONSE))) == ["Hello [PERSON_1]", "[EMAIL_1]", "[EMAIL_2]"]


MESSAGE_START = {
    "type": "message_start",
    "message": {**RESPONSE, "content": [], "stop_reason": None},
}

STREAM = [
    (MESSAGE_START, [], []),
    (
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "thinking", "thinking": "", "signature": ""},
        },
        [],
        [],
    ),
    (
        {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "about [PER"}},
        [],
        [],
    ),
    ({"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": SIGNATURE}}, [], []),
    ({"type": "content_block_stop", "index": 0}, [], ["block0"]),
    (
        {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
        [(None, "", False)],
        [],
    ),
    (
        {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Hello [PER"}},
        [("block1", "Hello [PER", False)],
        [],
    ),
    ({"type": "content_block_stop", "index": 1}, [], ["block1"]),
    (
        {
            "type": "content_block_start",
            "index": 2,
            "content_block": {"type": "tool_use", "id": "toolu_9", "name": "send", "input": {}},
        },
        [],
        [],
    ),
    (
        {
            "type": "content_block_delta",
            "index": 2,
            "delta": {"type": "input_json_delta", "partial_json": '{"to": "[EM'},
        },
        [("block2", '{"to": "[EM', True)],
        [],
    ),
    ({"type": "content_block_stop", "index": 2}, [], ["block2"]),
    (
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 20},
        },
        [],
        [],
    ),
    ({"type": "message_stop"}, [], []),
]


def test_stream_fixture_is_real_events():
    for raw, _, _ in STREAM:
        EVENTS.validate_python(raw)


@pytest.mark.parametrize(("raw", "expected_slots", "expected_closed"), STREAM)
def test_event_slots_and_channels_closed(raw, expected_slots, expected_closed):
    provider = Anthropic()
    found = [(channel, slot.get(), slot.json_encoded) for channel, slot in provider.event_slots(copy.deepcopy(raw))]
    assert found == expected_slots
    assert provider.channels_closed(raw) == expected_closed


def test_message_start_with_prefilled_content_is_restored_whole():
    raw = {"type": "message_start", "message": {**RESPONSE, "content": [{"type": "text", "text": "[PERSON_1]"}]}}
    assert [(c, s.get()) for c, s in Anthropic().event_slots(raw)] == [(None, "[PERSON_1]")]


@pytest.mark.parametrize(
    ("channel", "template", "delta"),
    [
        ("block1", STREAM[6][0], {"type": "text_delta", "text": "SON_1]"}),
        ("block1", STREAM[5][0], {"type": "text_delta", "text": "SON_1]"}),
        ("block2", STREAM[9][0], {"type": "input_json_delta", "partial_json": "SON_1]"}),
        ("block2", STREAM[8][0], {"type": "input_json_delta", "partial_json": "SON_1]"}),
    ],
)
def test_flush_event_parses_with_the_sdk(channel, template, delta):
    flushed = Anthropic().flush_event(channel, "SON_1]", copy.deepcopy(template))
    assert flushed == {"type": "content_block_delta", "index": int(channel[5:]), "delta": delta}
    assert EVENTS.validate_python(flushed).type == "content_block_delta"
    assert [(c, s.get()) for c, s in Anthropic().event_slots(flushed)] == [(channel, "SON_1]")]


@pytest.mark.parametrize("raw", [None, {}, {"type": "ping"}, {"type": "error", "error": {"message": "Carol"}}])
def test_odd_events_name_nothing(raw):
    assert list(Anthropic().event_slots(raw)) == []
    assert Anthropic().channels_closed(raw) == []
