"""OpenAI Responses: input items, instructions, output items and the typed stream events."""

import copy

import pytest
from openai.types.responses import Response, ResponseStreamEvent
from pydantic import TypeAdapter

from addon.providers.openai_responses import OpenAIResponses

EVENTS = TypeAdapter(ResponseStreamEvent)
ENCRYPTED = "gAAAAABo" + "Zm9vYmFy" * 300

REQUEST = {
    "model": "gpt-5",
    "instructions": "instr: you assist Dr Jones",
    "input": [
        {"role": "user", "content": "easy: I am Bob"},
        {
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "parts: call 555-0100"},
                {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"},
                {"type": "input_file", "file_data": "JVBERi0=", "filename": "bob.pdf"},
            ],
        },
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [{"type": "summary_text", "text": "reasoning summary about Bob"}],
            "encrypted_content": ENCRYPTED,
        },
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "assistant: hello Bob", "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "lookup",
            "arguments": '{"name": "Bob"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "output: Bob lives in Perth"},
        {
            "type": "function_call_output",
            "call_id": "call_2",
            "output": [
                {"type": "input_text", "text": "output part: bob@example.com"},
                {"type": "input_image", "image_url": "https://example.com/x.png"},
            ],
        },
        {"type": "custom_tool_call", "call_id": "call_3", "name": "sql", "input": "SELECT 'Bob'"},
        {"type": "custom_tool_call_output", "call_id": "call_3", "output": "custom output: 1 row"},
        {"type": "item_reference", "id": "msg_0"},
    ],
    "prompt": {
        "id": "pmpt_1",
        "variables": {"customer": "var: Bob Brown", "note": {"type": "input_text", "text": "var part: VIP"}},
    },
    "reasoning": {"effort": "low"},
    "include": ["reasoning.encrypted_content"],
}

EXPECTED_REQUEST = [
    ("instr: you assist Dr Jones", False),
    ("easy: I am Bob", False),
    ("parts: call 555-0100", False),
    ("bob.pdf", False),  # a file name may hold a name: default-deny scans it
    ("reasoning summary about Bob", False),
    ("assistant: hello Bob", False),
    ('{"name": "Bob"}', True),
    ("output: Bob lives in Perth", False),
    ("output part: bob@example.com", False),
    ("https://example.com/x.png", False),
    ("SELECT 'Bob'", False),
    ("custom output: 1 row", False),
    ("var: Bob Brown", False),
    ("var part: VIP", False),
]


def slot_values(slots):
    return [(slot.get(), slot.json_encoded) for slot in slots]


def test_request_slots():
    assert slot_values(OpenAIResponses().request_slots(copy.deepcopy(REQUEST))) == EXPECTED_REQUEST


def test_encrypted_content_ids_and_binary_parts_are_never_slots():
    body = copy.deepcopy(REQUEST)
    for slot in OpenAIResponses().request_slots(body):
        slot.set("REDACTED")
    assert body["input"][2]["encrypted_content"] == ENCRYPTED
    assert body["input"][2]["summary"][0]["text"] == "REDACTED"
    assert body["input"][1]["content"][1] == REQUEST["input"][1]["content"][1]
    assert body["input"][1]["content"][2]["file_data"] == "JVBERi0="
    assert body["input"][9] == REQUEST["input"][9]
    assert body["include"] == REQUEST["include"]


def test_assistant_slots():
    assert slot_values(OpenAIResponses().assistant_slots(copy.deepcopy(REQUEST))) == [
        ("assistant: hello Bob", False),
        ('{"name": "Bob"}', True),
        ("SELECT 'Bob'", False),
    ]


def test_string_input():
    body = {"model": "gpt-5", "input": "just a string about Bob"}
    slots = list(OpenAIResponses().request_slots(body))
    assert slot_values(slots) == [("just a string about Bob", False)]
    slots[0].set("x")
    assert body["input"] == "x"


def response_object(output, status="completed"):
    return {
        "id": "resp_1",
        "object": "response",
        "created_at": 1700000000,
        "status": status,
        "model": "gpt-5",
        "instructions": "instr: [PERSON_1]",
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
    }


OUTPUT = [
    {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "summary [PERSON_1]"}],
        "encrypted_content": ENCRYPTED,
    },
    {
        "type": "message",
        "id": "msg_1",
        "role": "assistant",
        "status": "completed",
        "content": [
            {"type": "output_text", "text": "Hi [PERSON_1]", "annotations": []},
            {"type": "refusal", "refusal": "not for [PERSON_1]"},
        ],
    },
    {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "call_1",
        "name": "send",
        "arguments": '{"to": "[EMAIL_2]"}',
        "status": "completed",
    },
]


def test_response_slots():
    body = response_object(copy.deepcopy(OUTPUT))
    Response.model_validate(body)
    assert slot_values(OpenAIResponses().response_slots(body)) == [
        ("instr: [PERSON_1]", False),
        ("Hi [PERSON_1]", False),
        ("not for [PERSON_1]", False),
        ('{"to": "[EMAIL_2]"}', True),
    ]


def event(kind, **fields):
    return {"type": kind, "sequence_number": 7, **fields}


TEXT_ADDRESS = {"item_id": "msg_1", "output_index": 1, "content_index": 0}
ARGS_ADDRESS = {"item_id": "fc_1", "output_index": 2}

STREAM = [
    (event("response.created", response=response_object([], "in_progress")), [(None, "instr: [PERSON_1]")], []),
    (event("response.output_item.added", output_index=0, item=copy.deepcopy(OUTPUT[0])), [], []),
    (
        event("response.reasoning_summary_text.delta", item_id="rs_1", output_index=0, summary_index=0, delta="x"),
        [],
        [],
    ),
    (
        event(
            "response.output_item.added",
            output_index=1,
            item={"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []},
        ),
        [],
        [],
    ),
    (
        event(
            "response.content_part.added",
            **TEXT_ADDRESS,
            part={"type": "output_text", "text": "", "annotations": []},
        ),
        [(None, "")],
        [],
    ),
    (
        event("response.output_text.delta", **TEXT_ADDRESS, delta="Hi [PER", logprobs=[]),
        [("item1.part0", "Hi [PER")],
        [],
    ),
    (
        event("response.output_text.done", **TEXT_ADDRESS, text="Hi [PERSON_1]", logprobs=[]),
        [(None, "Hi [PERSON_1]")],
        ["item1.part0"],
    ),
    (
        event("response.refusal.delta", item_id="msg_1", output_index=1, content_index=1, delta="no [P"),
        [("item1.part1", "no [P")],
        [],
    ),
    (
        event("response.refusal.done", item_id="msg_1", output_index=1, content_index=1, refusal="no [PERSON_1]"),
        [(None, "no [PERSON_1]")],
        ["item1.part1"],
    ),
    (
        event(
            "response.output_item.added",
            output_index=2,
            item={"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "send", "arguments": ""},
        ),
        [(None, "")],
        [],
    ),
    (
        event("response.function_call_arguments.delta", **ARGS_ADDRESS, delta='{"to": "[EM'),
        [("item2.args", '{"to": "[EM')],
        [],
    ),
    (
        event("response.function_call_arguments.done", **ARGS_ADDRESS, name="send", arguments='{"to": "[EMAIL_2]"}'),
        [(None, '{"to": "[EMAIL_2]"}')],
        ["item2.args"],
    ),
    (
        event("response.completed", response=response_object(copy.deepcopy(OUTPUT))),
        [
            (None, "instr: [PERSON_1]"),
            (None, "Hi [PERSON_1]"),
            (None, "not for [PERSON_1]"),
            (None, '{"to": "[EMAIL_2]"}'),
        ],
        [],
    ),
]


def test_stream_fixture_is_real_events():
    for raw, _, _ in STREAM:
        EVENTS.validate_python(raw)


@pytest.mark.parametrize(("raw", "expected_slots", "expected_closed"), STREAM)
def test_event_slots_and_channels_closed(raw, expected_slots, expected_closed):
    provider = OpenAIResponses()
    assert [(channel, slot.get()) for channel, slot in provider.event_slots(copy.deepcopy(raw))] == expected_slots
    assert provider.channels_closed(raw) == expected_closed


def test_argument_slots_are_json_encoded_in_every_event_form():
    provider = OpenAIResponses()
    flags = [
        slot.json_encoded
        for raw, _, _ in STREAM
        if "function_call" in raw["type"] or raw["type"] == "response.completed"
        for _, slot in provider.event_slots(copy.deepcopy(raw))
        if slot.get().startswith("{")
    ]
    assert flags == [True, True, True]


def test_custom_tool_input_delta_has_an_args_channel_and_is_not_json():
    raw = event("response.custom_tool_call_input.delta", item_id="ct_1", output_index=4, delta="SELECT")
    [(channel, slot)] = OpenAIResponses().event_slots(raw)
    assert (channel, slot.get(), slot.json_encoded) == ("item4.args", "SELECT", False)


@pytest.mark.parametrize(
    ("channel", "template", "expected_type"),
    [
        ("item1.part0", STREAM[5][0], "response.output_text.delta"),
        ("item1.part1", STREAM[7][0], "response.refusal.delta"),
        ("item2.args", STREAM[10][0], "response.function_call_arguments.delta"),
        ("item1.part0", STREAM[6][0], "response.output_text.delta"),  # built from a .done template
        ("item2.args", STREAM[11][0], "response.function_call_arguments.delta"),
    ],
)
def test_flush_event_parses_with_the_sdk_and_round_trips_to_its_channel(channel, template, expected_type):
    before = copy.deepcopy(template)
    flushed = OpenAIResponses().flush_event(channel, "SON_1]", template)
    parsed = EVENTS.validate_python(flushed)
    assert parsed.type == expected_type
    assert (parsed.delta, parsed.item_id, parsed.output_index) == (
        "SON_1]",
        template["item_id"],
        template["output_index"],
    )
    assert [(c, s.get()) for c, s in OpenAIResponses().event_slots(flushed)] == [(channel, "SON_1]")]
    assert template == before


@pytest.mark.parametrize("raw", [None, "[DONE]", {}, {"type": ["x"]}, {"type": "error", "message": "Bob"}])
def test_odd_events_name_nothing(raw):
    assert list(OpenAIResponses().event_slots(raw)) == []
    assert OpenAIResponses().channels_closed(raw) == []
