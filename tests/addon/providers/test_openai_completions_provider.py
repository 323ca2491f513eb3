"""Legacy Completions and Embeddings: prompts and inputs as strings, lists, or token arrays."""

import copy

import pytest
from openai.types import Completion

from addon.providers.embeddings import Embeddings
from addon.providers.openai_completions import OpenAICompletions


def values(slots):
    return [slot.get() for slot in slots]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"model": "gpt-3.5-turbo-instruct", "prompt": "Write to Fay"}, ["Write to Fay"]),
        ({"model": "m", "prompt": ["one Fay", "two Gus"], "suffix": "end: Hal"}, ["one Fay", "two Gus", "end: Hal"]),
        ({"model": "m", "prompt": [1212, 318]}, []),
        ({"model": "m", "prompt": [[1212, 318], [257]]}, []),
        ({"model": "m"}, []),
        (None, []),
    ],
)
def test_completions_request_slots(body, expected):
    assert values(OpenAICompletions().request_slots(body)) == expected


def test_completions_set_writes_into_a_prompt_list():
    body = {"prompt": ["a", "b"]}
    for slot in OpenAICompletions().request_slots(body):
        slot.set(slot.get() * 2)
    assert body == {"prompt": ["aa", "bb"]}


REPLY = {
    "id": "cmpl-1",
    "object": "text_completion",
    "created": 1700000000,
    "model": "gpt-3.5-turbo-instruct",
    "choices": [
        {"index": 0, "text": "Dear [PERSON_1]", "logprobs": None, "finish_reason": "stop"},
        {"index": 1, "text": "Hi [PERSON_1]", "logprobs": None, "finish_reason": "length"},
    ],
}


def test_completions_response_slots():
    Completion.model_validate(REPLY)
    assert values(OpenAICompletions().response_slots(copy.deepcopy(REPLY))) == ["Dear [PERSON_1]", "Hi [PERSON_1]"]


def stream_chunk(index, text, finish=None):
    return {**REPLY, "choices": [{"index": index, "text": text, "logprobs": None, "finish_reason": finish}]}


@pytest.mark.parametrize(
    ("raw", "expected_slots", "expected_closed"),
    [
        (stream_chunk(0, "Dear [PER"), [("choice0.text", "Dear [PER")], []),
        (stream_chunk(1, "Hi"), [("choice1.text", "Hi")], []),
        (stream_chunk(0, "", "stop"), [("choice0.text", "")], ["choice0.text"]),
        ({**REPLY, "choices": [], "usage": {"total_tokens": 3}}, [], []),
        ("[DONE]", [], []),
    ],
)
def test_completions_stream(raw, expected_slots, expected_closed):
    provider = OpenAICompletions()
    assert [(c, s.get()) for c, s in provider.event_slots(copy.deepcopy(raw))] == expected_slots
    assert provider.channels_closed(raw) == expected_closed


def test_completions_flush_event():
    template = stream_chunk(1, "Hi")
    flushed = OpenAICompletions().flush_event("choice1.text", "SON_1]", template)
    assert flushed["choices"] == [{"index": 1, "text": "SON_1]", "logprobs": None, "finish_reason": None}]
    assert (flushed["id"], flushed["object"], flushed["model"]) == ("cmpl-1", "text_completion", REPLY["model"])
    # the SDK parses stream chunks without validation; a final chunk's finish_reason is the only difference
    Completion.model_validate({**flushed, "choices": [{**flushed["choices"][0], "finish_reason": "stop"}]})
    assert [(c, s.get()) for c, s in OpenAICompletions().event_slots(flushed)] == [("choice1.text", "SON_1]")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"model": "text-embedding-3-small", "input": "Ida lives in Cork"}, ["Ida lives in Cork"]),
        ({"model": "m", "input": ["Ida", "Jon"], "encoding_format": "float", "dimensions": 256}, ["Ida", "Jon"]),
        ({"model": "m", "input": [101, 2023]}, []),
        ({"model": "m", "input": [[101], [2023]]}, []),
        ({"model": "m", "input": ["Ida", [101]]}, ["Ida"]),
        ([], []),
    ],
)
def test_embeddings_request_slots(body, expected):
    assert values(Embeddings().request_slots(body)) == expected


def test_embeddings_restore_nothing():
    reply = {"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [0.1]}], "model": "m"}
    assert list(Embeddings().response_slots(reply)) == []
    assert list(Embeddings().event_slots(reply)) == []
    assert (
        Embeddings().assistant_slots({"input": "x"}) is not None
        and list(Embeddings().assistant_slots({"input": "x"})) == []
    )
