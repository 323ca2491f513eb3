import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addon.placeholders import Restorer
from addon.providers.base import provider_for
from addon.streaming import StreamRewriter

VALUES = {"[EMAIL_7K2Q9]": "ann.lee@example.com", "[PERSON_AB3CD]": 'Ann "Lee"'}
REPLY = "You said: mail [EMAIL_7K2Q9] and [PERSON_AB3CD], not [PHONE_ZZZZZ]."
RESTORED = 'You said: mail ann.lee@example.com and Ann "Lee", not [PHONE_ZZZZZ].'


def lookup(placeholders):
    return {p: VALUES[p] for p in placeholders if p in VALUES}


def pieces(text, seed):
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, 3)
        out.append(text[i : i + n])
        i += n
    return out


def openai_stream(text, seed=1):
    events = [
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}],
        }
    ]
    events += [
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": p}}],
        }
        for p in pieces(text, seed)
    ]
    events.append(
        {
            "id": "c1",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
    )
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"


def anthropic_stream(text, seed=2):
    events = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {
                    "id": "m",
                    "type": "message",
                    "role": "assistant",
                    "content": [],
                    "model": "c",
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 1, "output_tokens": 1},
                },
            },
        ),
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        ),
    ]
    events += [
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}})
        for p in pieces(text, seed)
    ]
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_stop", {"type": "message_stop"}),
    ]
    return b"".join(f"event: {n}\ndata: {json.dumps(e)}\n\n".encode() for n, e in events)


def run(rewriter, wire, cuts):
    chunks = []
    last = 0
    for cut in sorted(set(cuts)):
        chunks += rewriter(wire[last:cut])
        last = cut
    chunks += rewriter(wire[last:])
    chunks += rewriter(b"")
    # an empty chunk would end an HTTP/1.1 chunked body early
    assert all(chunks)
    return b"".join(chunks)


def sse_data(out):
    return [
        json.loads(block.split("data: ", 1)[1])
        for block in out.decode().split("\n\n")
        if "data: " in block and "[DONE]" not in block
    ]


def openai_text(out):
    return "".join(e["choices"][0]["delta"].get("content") or "" for e in sse_data(out))


def anthropic_text(out):
    return "".join(e["delta"]["text"] for e in sse_data(out) if e["type"] == "content_block_delta")


def test_openai_stream_restores_split_placeholders_and_counts():
    finished = []
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(lookup), "sse", on_finish=finished.append)
    out = run(rewriter, openai_stream(REPLY), [])
    assert openai_text(out) == RESTORED
    assert out.endswith(b"data: [DONE]\n\n")
    (stats,) = finished
    assert (stats.restored, stats.unknown) == (2, 1)
    assert stats.replies == {"choice0.content": (REPLY, RESTORED)}


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=40), seed=st.integers(0, 1000))
def test_openai_stream_any_byte_cuts(cuts, seed):
    wire = openai_stream(REPLY, seed)
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(lookup), "sse")
    assert openai_text(run(rewriter, wire, [c % len(wire) for c in cuts])) == RESTORED


def test_anthropic_stream_every_byte_boundary():
    wire = anthropic_stream(REPLY)
    for cut in range(len(wire)):
        rewriter = StreamRewriter(provider_for("/v1/messages"), Restorer(lookup), "sse")
        out = run(rewriter, wire, [cut])
        assert anthropic_text(out) == RESTORED, cut
        names = [b.split("\n")[0] for b in out.decode().split("\n\n") if b.startswith("event:")]
        assert all(
            n.split(": ")[1]
            in {"message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_stop"}
            for n in names
        )


def test_held_text_is_flushed_before_the_block_closes():
    # the placeholder is the very last thing in the block: it can only come out when the block stops
    wire = anthropic_stream("see [EMAIL_7K2Q9]")
    rewriter = StreamRewriter(provider_for("/v1/messages"), Restorer(lookup), "sse")
    events = sse_data(run(rewriter, wire, []))
    types = [e["type"] for e in events]
    last_delta = max(i for i, t in enumerate(types) if t == "content_block_delta")
    assert last_delta < types.index("content_block_stop")
    assert (
        anthropic_text(run(StreamRewriter(provider_for("/v1/messages"), Restorer(lookup), "sse"), wire, []))
        == "see ann.lee@example.com"
    )


def test_gemini_json_array_stream():
    parts = pieces(REPLY, 5)
    chunks = [{"candidates": [{"index": 0, "content": {"role": "model", "parts": [{"text": p}]}}]} for p in parts]
    chunks[-1]["candidates"][0]["finishReason"] = "STOP"
    wire = ("[" + ",\r\n".join(json.dumps(c) for c in chunks) + "]").encode()
    for cut in range(0, len(wire), 13):
        rewriter = StreamRewriter(
            provider_for("/v1beta/models/gemini-2.0-flash:streamGenerateContent"), Restorer(lookup), "json-array"
        )
        out = json.loads(run(rewriter, wire, [cut]))
        assert "".join(c["candidates"][0]["content"]["parts"][0]["text"] for c in out) == RESTORED


def test_tool_call_arguments_restore_with_json_escaping():
    args = json.dumps({"to": "[PERSON_AB3CD]", "mail": "[EMAIL_7K2Q9]"})
    events = [
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [
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
                }
            ],
        }
    ]
    events += [
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}}],
        }
        for p in pieces(args, 3)
    ]
    events.append(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}],
        }
    )
    wire = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(lookup), "sse")
    out = sse_data(run(rewriter, wire, []))
    joined = "".join(
        tc["function"].get("arguments", "") for e in out for tc in e["choices"][0]["delta"].get("tool_calls", [])
    )
    assert json.loads(joined) == {"to": 'Ann "Lee"', "mail": "ann.lee@example.com"}


@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00garbage", b"data: {not json\n\n", b"event: x\n\n"])
def test_odd_streams_never_raise(garbage):
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(lookup), "sse")
    rewriter(garbage)
    rewriter(b"")


# ---- failing safely ------------------------------------------------------------------------------------


class FailingLookup:
    """Answers `calls` times, then fails as a broken store would."""

    def __init__(self, calls):
        self.calls = calls

    def __call__(self, placeholders):
        self.calls -= 1
        if self.calls < 0:
            raise RuntimeError("store gone")
        return lookup(placeholders)


@pytest.mark.parametrize("encoding", [None, "gzip"])
@pytest.mark.parametrize("calls", [0, 1])
def test_a_failure_sends_held_back_text_once_and_never_encoded_bytes(encoding, calls):
    import gzip
    import zlib

    wire = openai_stream(REPLY, seed=5)
    compressor = zlib.compressobj(wbits=31) if encoding else None
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(FailingLookup(calls)), "sse", encoding)
    out = b""
    for start in range(0, len(wire), 40):
        piece = wire[start : start + 40]
        data = compressor.compress(piece) + compressor.flush(zlib.Z_SYNC_FLUSH) if compressor else piece
        out += b"".join(rewriter(data))
    out += b"".join(rewriter(compressor.flush() if compressor else b""))
    if compressor:
        out += b"".join(rewriter(b""))
    assert rewriter.stats.failed
    assert not out.startswith(gzip.compress(b"")[:2])  # plain SSE, as the headers now say
    text = openai_text(out)
    # every character the provider wrote arrives once, in order; restored where restoring still worked
    assert text in {REPLY, REPLY.replace("[EMAIL_7K2Q9]", "ann.lee@example.com")}
    assert out.endswith(b"data: [DONE]\n\n")


def test_an_undecodable_stream_passes_nothing_more():
    rewriter = StreamRewriter(provider_for("/v1/chat/completions"), Restorer(lookup), "sse", "gzip")
    assert rewriter(b"\x1f\x8b\x08\x00 this is not deflate data at all" * 4) == []
    assert rewriter(b"data: more\n\n") == [] and rewriter(b"") == []
    assert rewriter.stats.failed


# ---- NDJSON and +json streams --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "path", "framing"),
    [
        ("text/event-stream; charset=utf-8", "/v1/chat/completions", "sse"),
        ("application/x-ndjson", "/api/chat", "ndjson"),
        ("application/stream+json", "/v1/chat", "ndjson"),
        ("application/vnd.example+ndjson", "/v1/chat", "ndjson"),
        ("application/json-seq", "/v1/chat", "ndjson"),
        ("application/json", "/v1beta/models/g:streamGenerateContent", "json-array"),
        ("application/json", "/v1/chat/completions", None),
        ("application/problem+json", "/v1/chat/completions", None),
    ],
)
def test_stream_framing(content_type, path, framing):
    from addon.streaming import stream_framing

    assert stream_framing(content_type, path) == framing


@pytest.mark.parametrize("cut", [1, 3, 17])
def test_ndjson_stream_restores_each_line_json_escaped(cut):
    lines = [{"event_type": "text-generation", "text": p} for p in pieces(REPLY, 4)]
    lines.append({"event_type": "stream-end", "note": "To [PERSON_AB3CD]"})
    wire = b"".join(json.dumps(line).encode() + b"\n" for line in lines) + b"[PERSON_AB3CD] not json\n"
    rewriter = StreamRewriter(provider_for("/v1/chat"), Restorer(lookup), "ndjson")
    out = run(rewriter, wire, range(cut, len(wire), cut))
    *json_lines, tail, end = out.decode().split("\n")
    parsed = [json.loads(line) for line in json_lines]  # every line is still one JSON value
    assert "".join(p.get("text", "") for p in parsed) == RESTORED
    assert parsed[-1]["note"] == 'To Ann "Lee"'
    assert tail == 'Ann \\"Lee\\" not json' and end == ""


def test_ndjson_token_stream_ending_mid_placeholder_restores_into_the_last_line():
    text = "Write to [PERSON_AB3CD"  # the closing bracket comes with the last line
    lines = [{"message": {"role": "assistant", "content": p}, "done": False} for p in pieces(text, 9)]
    lines.append({"message": {"role": "assistant", "content": "]"}, "done": True, "done_reason": "stop"})
    wire = b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    out = run(StreamRewriter(provider_for("/api/chat"), Restorer(lookup), "ndjson"), wire, range(5, len(wire), 5))
    parsed = [json.loads(line) for line in out.decode().splitlines()]
    assert "".join(p["message"]["content"] for p in parsed) == 'Write to Ann "Lee"'
    assert parsed[-1]["done"] is True and len(parsed) == len(lines)
