"""OpenAI Chat Completions: request slots, reply slots, stream channels and flushed chunks."""

import copy

import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from addon.providers.openai_chat import OpenAIChat

IMAGE = "data:image/png;base64," + "iVBORw0KGgo" * 200

REQUEST = {
    "model": "gpt-4o",
    "messages": [
        {"role": "developer", "content": "dev: be terse"},
        {"role": "system", "content": [{"type": "text", "text": "sys: you help Alice"}]},
        {
            "role": "user",
            "name": "alice_smith",
            "content": [
                {"type": "text", "text": "user: my email is alice@example.com"},
                {"type": "image_url", "image_url": {"url": IMAGE, "detail": "high"}},
                {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": "wav"}},
                {"type": "file", "file": {"file_data": "JVBERi0xLjQ=", "filename": "cv.pdf"}},
            ],
        },
        {
            "role": "assistant",
            "content": "assistant: let me look that up",
            "tool_calls": [
                {
                    "id": "call_abc",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": '{"email": "alice@example.com"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_abc", "content": "tool: Alice Smith, Sydney"},
        {"role": "tool", "tool_call_id": "call_def", "content": [{"type": "text", "text": "tool part: 555-0100"}]},
        {"role": "assistant", "content": [{"type": "refusal", "refusal": "assistant refusal: cannot"}]},
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": '{"q": "legacy"}'}},
        {"role": "user", "content": "user: thanks"},
    ],
    "prediction": {"type": "content", "content": "predicted: Dear Alice"},
    "tools": [{"type": "function", "function": {"name": "lookup", "description": "Look up", "parameters": {}}}],
    "user": "user-123",
}

EXPECTED_REQUEST = [
    ("dev: be terse", False),
    ("sys: you help Alice", False),
    ("alice_smith", False),  # a participant's name is a person's name: scanned
    ("user: my email is alice@example.com", False),
    ("cv.pdf", False),  # so is a file name
    ("assistant: let me look that up", False),
    ('{"email": "alice@example.com"}', True),
    ("tool: Alice Smith, Sydney", False),
    ("tool part: 555-0100", False),
    ("assistant refusal: cannot", False),
    ('{"q": "legacy"}', True),
    ("user: thanks", False),
    ("predicted: Dear Alice", False),
    ("Look up", False),  # tool descriptions too
    ("user-123", False),  # and the end-user id
]


def slot_values(slots):
    return [(slot.get(), slot.json_encoded) for slot in slots]


def test_request_slots_name_every_text_and_nothing_else():
    body = copy.deepcopy(REQUEST)
    assert slot_values(OpenAIChat().request_slots(body)) == EXPECTED_REQUEST


def test_request_slots_skip_tool_names_ids_and_binary_parts():
    values = {slot.get() for slot in OpenAIChat().request_slots(copy.deepcopy(REQUEST))}
    assert not values & {"call_abc", IMAGE, "UklGRiQAAABXQVZF", "JVBERi0xLjQ=", "lookup", "gpt-4o", "user", "high"}


def test_binary_parts_are_counted_as_attachments():
    assert OpenAIChat().attachments(copy.deepcopy(REQUEST)) == {"image": 1, "audio": 1, "file": 1}


def test_assistant_slots_are_the_assistant_turns_only():
    assert slot_values(OpenAIChat().assistant_slots(copy.deepcopy(REQUEST))) == [
        ("assistant: let me look that up", False),
        ('{"email": "alice@example.com"}', True),
        ("assistant refusal: cannot", False),
        ('{"q": "legacy"}', True),
    ]


def test_set_writes_through_and_leaves_the_rest_byte_for_byte():
    body = copy.deepcopy(REQUEST)
    for slot in OpenAIChat().request_slots(body):
        slot.set(slot.get().upper())
    assert body["messages"][2]["content"][0]["text"] == "USER: MY EMAIL IS ALICE@EXAMPLE.COM"
    assert body["messages"][3]["tool_calls"][0]["function"]["arguments"] == '{"EMAIL": "ALICE@EXAMPLE.COM"}'
    assert body["messages"][2]["content"][1:3] == REQUEST["messages"][2]["content"][1:3]
    assert body["messages"][2]["content"][3]["file"]["file_data"] == "JVBERi0xLjQ="
    assert body["tools"][0]["function"]["name"] == "lookup"


@pytest.mark.parametrize("body", [None, [], {"messages": [None, 3, {"content": 5}]}])
def test_malformed_bodies_yield_nothing(body):
    assert list(OpenAIChat().request_slots(body)) == []
    assert list(OpenAIChat().response_slots(body)) == []


def test_a_string_where_a_list_belongs_is_still_scanned():
    assert slot_values(OpenAIChat().request_slots({"messages": "x"})) == [("x", False)]


RESPONSE = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o-2024-08-06",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Hello [PERSON_AB12C]",
                "refusal": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "send", "arguments": '{"to": "[EMAIL_7K2Q9]"}'},
                    }
                ],
            },
            "logprobs": None,
            "finish_reason": "tool_calls",
        },
        {
            "index": 1,
            "message": {"role": "assistant", "content": None, "refusal": "I can't help [PERSON_AB12C]"},
            "logprobs": None,
            "finish_reason": "stop",
        },
    ],
    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
}


def test_response_slots():
    ChatCompletion.model_validate(RESPONSE)  # the fixture is a real reply shape
    assert slot_values(OpenAIChat().response_slots(copy.deepcopy(RESPONSE))) == [
        ("Hello [PERSON_AB12C]", False),
        ('{"to": "[EMAIL_7K2Q9]"}', True),
        ("I can't help [PERSON_AB12C]", False),
    ]


def chunk(choices, **extra):
    return {
        "id": "chatcmpl-9",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o",
        "system_fingerprint": "fp_1",
        "choices": choices,
        **extra,
    }


STREAM = [
    chunk([{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None, "finish_reason": None}]),
    chunk([{"index": 0, "delta": {"content": "Hi [PER"}, "logprobs": None, "finish_reason": None}]),
    chunk([{"index": 1, "delta": {"refusal": "No"}, "logprobs": None, "finish_reason": None}]),
    chunk(
        [
            {
                "index": 0,
                "delta": {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "send", "arguments": ""},
                        }
                    ]
                },
                "logprobs": None,
                "finish_reason": None,
            }
        ]
    ),
    chunk([{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"to": "[EM'}}]}}]),
    chunk([{"index": 0, "delta": {"tool_calls": [{"index": 1, "function": {"arguments": '{"x": 1}'}}]}}]),
    chunk([{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "tool_calls"}]),
    chunk([{"index": 1, "delta": {}, "logprobs": None, "finish_reason": "stop"}]),
    chunk([], usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}),
]

EXPECTED_EVENTS = [
    [("choice0.content", "", False)],
    [("choice0.content", "Hi [PER", False)],
    [("choice1.refusal", "No", False)],
    [("choice0.tool0.args", "", True)],
    [("choice0.tool0.args", '{"to": "[EM', True)],
    [("choice0.tool1.args", '{"x": 1}', True)],
    [],
    [],
    [],
]

EXPECTED_CLOSED = [
    [],
    [],
    [],
    [],
    [],
    [],
    ["choice0.content", "choice0.refusal", "choice0.function.args", "choice0.tool0.args", "choice0.tool1.args"],
    ["choice1.content", "choice1.refusal", "choice1.function.args"],
    [],
]


def test_stream_fixture_is_real_chunks():
    for event in STREAM:
        ChatCompletionChunk.model_validate(event)


def test_event_slots_and_channels_closed_per_choice_and_tool():
    provider = OpenAIChat()
    seen, closed = [], []
    for event in copy.deepcopy(STREAM):
        seen.append([(channel, slot.get(), slot.json_encoded) for channel, slot in provider.event_slots(event)])
        closed.append(provider.channels_closed(event))
    assert seen == EXPECTED_EVENTS
    assert closed == EXPECTED_CLOSED


def test_event_slot_set_writes_into_the_event():
    event = copy.deepcopy(STREAM[1])
    [(_, slot)] = OpenAIChat().event_slots(event)
    slot.set("Hi Alice")
    assert event["choices"][0]["delta"]["content"] == "Hi Alice"


def test_legacy_function_call_delta_has_its_own_channel():
    event = chunk([{"index": 2, "delta": {"function_call": {"arguments": '{"a"'}}}])
    assert [(c, s.get(), s.json_encoded) for c, s in OpenAIChat().event_slots(event)] == [
        ("choice2.function.args", '{"a"', True)
    ]


@pytest.mark.parametrize("event", [None, "[DONE]", {}, {"choices": None}, {"choices": [{"index": 0}]}])
def test_non_chunks_have_no_slots_and_close_nothing(event):
    assert list(OpenAIChat().event_slots(event)) == []
    assert OpenAIChat().channels_closed(event) == []


@pytest.mark.parametrize(
    ("channel", "template", "delta"),
    [
        ("choice0.content", STREAM[1], {"content": "Alice]"}),
        ("choice1.refusal", STREAM[2], {"refusal": "Alice]"}),
        ("choice0.tool0.args", STREAM[4], {"tool_calls": [{"index": 0, "function": {"arguments": "Alice]"}}]}),
        ("choice3.tool12.args", STREAM[4], {"tool_calls": [{"index": 12, "function": {"arguments": "Alice]"}}]}),
        ("choice2.function.args", STREAM[1], {"function_call": {"arguments": "Alice]"}}),
    ],
)
def test_flush_event_is_a_valid_chunk_carrying_the_text(channel, template, delta):
    event = OpenAIChat().flush_event(channel, "Alice]", copy.deepcopy(template))
    parsed = ChatCompletionChunk.model_validate(event)
    assert parsed.id == "chatcmpl-9" and parsed.model == "gpt-4o" and parsed.usage is None
    assert event["choices"] == [
        {"index": int(channel.split(".")[0][6:]), "delta": delta, "logprobs": None, "finish_reason": None}
    ]
    # the flushed event's own slot is on the same channel, so a rewriter could restore it like any other
    [(flushed_channel, slot)] = OpenAIChat().event_slots(event)
    assert (flushed_channel, slot.get()) == (channel, "Alice]")


def test_flush_event_does_not_copy_usage_or_touch_the_template():
    template = chunk(
        [{"index": 0, "delta": {"content": "x"}}], usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    )
    before = copy.deepcopy(template)
    event = OpenAIChat().flush_event("choice0.content", "y", template)
    assert "usage" not in event
    assert template == before
