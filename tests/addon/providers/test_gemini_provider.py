"""Gemini generateContent: contents, systemInstruction, function parts, stream candidates."""

import copy
import json

import pytest

from addon.providers.gemini import Gemini

JPEG = "/9j/4AAQSkZJRg" * 200
THOUGHT_SIGNATURE = "CiQB0e2Kb" + "dGhvdWdodA" * 50

REQUEST = {
    "systemInstruction": {"parts": [{"text": "sys: helping Erin"}]},
    "contents": [
        {
            "role": "user",
            "parts": [{"text": "user: I'm Erin"}, {"inlineData": {"mimeType": "image/jpeg", "data": JPEG}}],
        },
        {
            "role": "model",
            "parts": [
                {"text": "model: thinking of Erin", "thought": True, "thoughtSignature": THOUGHT_SIGNATURE},
                {"text": "model: looking up"},
                {"functionCall": {"name": "find", "args": {"who": "Erin Moss", "n": 2, "where": {"city": "Hobart"}}}},
            ],
        },
        {
            "role": "user",
            "parts": [
                {"functionResponse": {"name": "find", "response": {"result": "erin@example.com", "ok": True}}},
                {
                    "fileData": {
                        "mimeType": "application/pdf",
                        "fileUri": "https://generativelanguage.googleapis.com/v1beta/files/abc",
                    }
                },
            ],
        },
    ],
    "generationConfig": {"temperature": 0.2, "responseMimeType": "text/plain"},
    "tools": [{"functionDeclarations": [{"name": "find", "description": "Find a person"}]}],
}

EXPECTED_REQUEST = [
    "sys: helping Erin",
    "user: I'm Erin",
    "model: thinking of Erin",
    "model: looking up",
    "Erin Moss",
    "Hobart",
    "erin@example.com",
    "https://generativelanguage.googleapis.com/v1beta/files/abc",  # a URL may carry a value: scanned
    "Find a person",
]


def values(slots):
    return [slot.get() for slot in slots]


def test_request_slots():
    assert values(Gemini().request_slots(copy.deepcopy(REQUEST))) == EXPECTED_REQUEST


def test_binary_parts_signatures_and_keys_pass_untouched():
    body = copy.deepcopy(REQUEST)
    for slot in Gemini().request_slots(body):
        slot.set("X")
    assert body["contents"][0]["parts"][1] == REQUEST["contents"][0]["parts"][1]
    assert body["contents"][1]["parts"][0]["thoughtSignature"] == THOUGHT_SIGNATURE
    assert body["contents"][1]["parts"][2]["functionCall"] == {
        "name": "find",
        "args": {"who": "X", "n": 2, "where": {"city": "X"}},
    }
    assert body["contents"][2]["parts"][1]["fileData"]["mimeType"] == "application/pdf"
    assert body["tools"][0]["functionDeclarations"][0]["name"] == "find"
    assert body["generationConfig"] == REQUEST["generationConfig"]


def test_assistant_slots_are_model_turns():
    assert values(Gemini().assistant_slots(copy.deepcopy(REQUEST))) == [
        "model: thinking of Erin",
        "model: looking up",
        "Erin Moss",
        "Hobart",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # snake_case, as the REST API also accepts
            {
                "system_instruction": {"parts": [{"text": "sys snake"}]},
                "contents": [
                    {"role": "model", "parts": [{"function_call": {"name": "f", "args": {"a": "call snake"}}}]},
                    {"role": "user", "parts": [{"function_response": {"name": "f", "response": {"b": "resp snake"}}}]},
                    {"role": "user", "parts": [{"inline_data": {"mime_type": "image/png", "data": "iVBORw0KGgo="}}]},
                ],
            },
            ["sys snake", "call snake", "resp snake"],
        ),
        (  # countTokens wrapping a full request
            {
                "generateContentRequest": {
                    "model": "models/gemini-2.5-flash",
                    "systemInstruction": {"parts": [{"text": "count sys"}]},
                    "contents": [{"role": "user", "parts": [{"text": "count me"}]}],
                }
            },
            ["count sys", "count me"],
        ),
        ({"contents": [{"parts": [{"text": "count plain"}]}]}, ["count plain"]),
        ({"content": {"parts": [{"text": "embed one"}]}, "taskType": "RETRIEVAL_DOCUMENT"}, ["embed one"]),
        (
            {"requests": [{"model": "models/text-embedding-004", "content": {"parts": [{"text": "batch one"}]}}]},
            ["batch one"],
        ),
        ({"systemInstruction": "sys as string", "contents": []}, ["sys as string"]),
    ],
)
def test_request_forms(body, expected):
    assert values(Gemini().request_slots(body)) == expected


def candidate(parts, index=0, finish=None):
    result = {"content": {"parts": parts, "role": "model"}, "index": index}
    if finish:
        result["finishReason"] = finish
    return result


def response(candidates, **extra):
    return {"candidates": candidates, "modelVersion": "gemini-2.5-flash", "responseId": "r-1", **extra}


def test_response_slots_object_and_array():
    body = response(
        [
            candidate(
                [
                    {"text": "Hi [PERSON_1]"},
                    {
                        "functionCall": {"name": "send", "args": {"to": "[EMAIL_1]"}},
                        "thoughtSignature": THOUGHT_SIGNATURE,
                    },
                ],
                finish="STOP",
            ),
            candidate([{"text": "Alt [PERSON_1]"}], index=1, finish="STOP"),
        ],
        usageMetadata={"promptTokenCount": 3, "candidatesTokenCount": 4, "totalTokenCount": 7},
    )
    assert values(Gemini().response_slots(copy.deepcopy(body))) == ["Hi [PERSON_1]", "[EMAIL_1]", "Alt [PERSON_1]"]
    # :streamGenerateContent without alt=sse answers with a JSON array
    assert values(Gemini().response_slots([copy.deepcopy(body), response([candidate([{"text": "more"}])])])) == [
        "Hi [PERSON_1]",
        "[EMAIL_1]",
        "Alt [PERSON_1]",
        "more",
    ]


STREAM = [
    (
        response([candidate([{"text": "Thinking of [PER", "thought": True}])]),
        [("cand0.thought", "Thinking of [PER")],
        [],
    ),
    (response([candidate([{"text": "Hello [PER"}])]), [("cand0", "Hello [PER")], ["cand0.thought"]),
    (
        response([candidate([{"text": "SON_1]", "thoughtSignature": THOUGHT_SIGNATURE}])]),
        [("cand0", "SON_1]")],
        ["cand0.thought"],
    ),
    (
        response([candidate([{"functionCall": {"name": "send", "args": {"to": "[EMAIL_1]"}}}])]),
        [(None, "[EMAIL_1]")],
        ["cand0.thought"],
    ),
    (response([candidate([{"text": "bye"}], index=1)]), [("cand1", "bye")], ["cand1.thought"]),
    (
        response([candidate([{"text": "."}], finish="STOP")], usageMetadata={"totalTokenCount": 9}),
        [("cand0", ".")],
        ["cand0.thought", "cand0"],
    ),
    (response([{"finishReason": "SAFETY", "index": 1}]), [], ["cand1.thought", "cand1"]),
    ({"promptFeedback": {"blockReason": "SAFETY"}}, [], []),
]


@pytest.mark.parametrize(("raw", "expected_slots", "expected_closed"), STREAM)
def test_event_slots_and_channels_closed(raw, expected_slots, expected_closed):
    provider = Gemini()
    assert [(channel, slot.get()) for channel, slot in provider.event_slots(copy.deepcopy(raw))] == expected_slots
    assert provider.channels_closed(raw) == expected_closed


def test_function_call_args_in_a_stream_are_not_json_text():
    [(_, slot)] = Gemini().event_slots(STREAM[3][0])
    assert slot.json_encoded is False


@pytest.mark.parametrize(
    ("channel", "part"),
    [
        ("cand0", {"text": "SON_1]"}),
        ("cand2", {"text": "SON_1]"}),
        ("cand0.thought", {"text": "SON_1]", "thought": True}),
    ],
)
def test_flush_event_shape(channel, part):
    template = copy.deepcopy(STREAM[5][0])
    flushed = Gemini().flush_event(channel, "SON_1]", template)
    assert flushed == {
        "candidates": [{"content": {"parts": [part], "role": "model"}, "index": int(channel[4])}],
        "modelVersion": "gemini-2.5-flash",
        "responseId": "r-1",
    }
    assert "usageMetadata" not in flushed and template == STREAM[5][0]
    json.dumps(flushed)
    assert [(c, s.get()) for c, s in Gemini().event_slots(flushed)] == [(channel, "SON_1]")]


@pytest.mark.parametrize("raw", [None, [], {}, {"candidates": "x"}, {"candidates": [{"content": None}]}])
def test_odd_events_name_nothing(raw):
    assert list(Gemini().event_slots(raw)) == []
    assert Gemini().channels_closed(raw) == []
