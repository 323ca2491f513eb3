"""Server-sent events framing: decoding in pieces, every line ending, and re-encoding events unchanged."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addon.sse import SSEDecoder, SSEEvent


def decode(*chunks: bytes) -> list[SSEEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.flush()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"data: hello\n\n", [SSEEvent(data="hello")]),
        (b"data: hello\r\n\r\n", [SSEEvent(data="hello")]),
        (b"data: hello\r\r", [SSEEvent(data="hello")]),
        (b"data:hello\n\n", [SSEEvent(data="hello")]),
        # Only one leading space is part of the syntax.
        (b"data:  two spaces\n\n", [SSEEvent(data=" two spaces")]),
        (b"data: a\ndata: b\ndata:\n\n", [SSEEvent(data="a\nb\n")]),
        (b"data\n\n", [SSEEvent(data="")]),
        (b"data: x: y\n\n", [SSEEvent(data="x: y")]),
        (
            b"event: message_start\nid: 7\nretry: 1500\ndata: {}\n\n",
            [SSEEvent(data="{}", event="message_start", id="7", retry=1500)],
        ),
        # The last event or id line wins; an invalid retry or an id with NUL is ignored.
        (b"event: a\nevent: b\nid: 1\nid: 2\nretry: 1.5\ndata: x\n\n", [SSEEvent(data="x", event="b", id="2")]),
        (b"id: a\x00b\ndata: x\n\n", [SSEEvent(data="x")]),
        # An empty id is a value (it resets the last event id), not an absent field.
        (b"id:\ndata: x\n\n", [SSEEvent(data="x", id="")]),
        # Comments: kept (keep-alives pass through), on their own or inside an event.
        (b": ping\n\n", [SSEEvent(comments=(" ping",))]),
        (b":OPENROUTER PROCESSING\n\ndata: x\n\n", [SSEEvent(comments=("OPENROUTER PROCESSING",)), SSEEvent("x")]),
        (b"data: a\n: note\ndata: b\n\n", [SSEEvent(data="a\nb", comments=(" note",))]),
        # Unknown fields are ignored; extra blank lines dispatch nothing.
        (b"foo: bar\ndata: x\n\n\n\n", [SSEEvent(data="x")]),
        (b"\n\n\r\n", []),
        (b"event: ping\n\n", [SSEEvent(event="ping")]),
        # A byte-order mark starts the stream only at the very start.
        (b"\xef\xbb\xbfdata: x\n\n", [SSEEvent(data="x")]),
        (b"data: \xef\xbb\xbfx\n\n", [SSEEvent(data="\ufeffx")]),
        (b"data: caf\xc3\xa9 \xf0\x9f\x98\x80\n\n", [SSEEvent(data="café 😀")]),
        # Invalid UTF-8 is replaced, as the event-stream grammar says.
        (b"data: \xff\n\n", [SSEEvent(data="\ufffd")]),
        # Mixed line endings in one stream.
        (b"data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\r", [SSEEvent("a\nb\nc"), SSEEvent("d")]),
        # A stream that ends without its blank line: the last event is kept, marked incomplete.
        (b"data: a\n\ndata: b\n", [SSEEvent("a"), SSEEvent("b", complete=False)]),
        (b"data: a\n\ndata: b", [SSEEvent("a"), SSEEvent("b", complete=False)]),
        (b"data: b\r", [SSEEvent("b", complete=False)]),
        (b"", []),
    ],
)
def test_decode_table(raw: bytes, expected: list[SSEEvent]) -> None:
    assert decode(raw) == expected


OPENAI_STREAM = (
    b'data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n'
    b'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hi [EMAIL_7K2Q9] \xc3\xa9"}}]}\n\n'
    b": keep-alive\n\n"
    b"data: [DONE]\n\n"
)
ANTHROPIC_STREAM = (
    b'event: message_start\r\ndata: {"type":"message_start"}\r\n\r\n'
    b'event: content_block_delta\r\ndata: {"type":"content_block_delta","delta":{"text":"\xf0\x9f\x98\x80"}}\r\n\r\n'
    b'event: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n'
)


@pytest.mark.parametrize("stream", [OPENAI_STREAM, ANTHROPIC_STREAM, b"\xef\xbb\xbf" + OPENAI_STREAM])
def test_every_split_gives_the_same_events(stream: bytes) -> None:
    whole = decode(stream)
    assert len(whole) in (3, 4)
    for cut in range(len(stream) + 1):
        assert decode(stream[:cut], stream[cut:]) == whole, cut


@pytest.mark.parametrize("stream", [OPENAI_STREAM[:90], ANTHROPIC_STREAM[:80], b"\xef\xbb\xbfdata: \xc3\xa9\r\n\r\n"])
def test_every_pair_of_splits_gives_the_same_events(stream: bytes) -> None:
    whole = decode(stream)
    for first, second in combinations(range(len(stream) + 1), 2):
        assert decode(stream[:first], stream[first:second], stream[second:]) == whole, (first, second)


def test_events_come_out_as_soon_as_their_blank_line_arrives() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: one\n") == []
    assert decoder.feed(b"\n") == [SSEEvent("one")]
    assert decoder.feed(b"data: two\r\n\r") == [SSEEvent("two")]
    # The \n completing that \r\n must not count as a second blank line or start a line.
    assert decoder.feed(b"\ndata: three\r") == []
    assert decoder.feed(b"\n\r\n") == [SSEEvent("three")]
    assert decoder.flush() == []


def test_an_empty_chunk_between_cr_and_lf_changes_nothing() -> None:
    assert decode(b"data: a\r", b"", b"\ndata: b\r", b"", b"\n\r", b"", b"\n") == [SSEEvent("a\nb")]


def test_bom_split_across_chunks_is_removed() -> None:
    assert decode(b"\xef", b"\xbb", b"\xbfdata: x\n\n") == [SSEEvent("x")]


@pytest.mark.parametrize(
    ("event", "encoded"),
    [
        (SSEEvent("hello"), b"data: hello\n\n"),
        (SSEEvent("a\nb"), b"data: a\ndata: b\n\n"),
        (SSEEvent(""), b"data: \n\n"),
        (SSEEvent("{}", event="delta", id="9", retry=10), b"event: delta\nid: 9\nretry: 10\ndata: {}\n\n"),
        (SSEEvent(comments=(" ping",)), b": ping\n\n"),
        (SSEEvent(" x", id=""), b"id: \ndata:  x\n\n"),
        (SSEEvent("é"), "data: é\n\n".encode()),
        (SSEEvent("b", complete=False), b"data: b\n"),
    ],
)
def test_to_bytes(event: SSEEvent, encoded: bytes) -> None:
    assert event.to_bytes() == encoded


def test_common_events_re_encode_byte_for_byte() -> None:
    assert b"".join(e.to_bytes() for e in decode(OPENAI_STREAM)) == OPENAI_STREAM
    assert b"".join(e.to_bytes() for e in decode(ANTHROPIC_STREAM)) == ANTHROPIC_STREAM.replace(b"\r\n", b"\n")


def test_with_data_returns_a_changed_copy() -> None:
    original = SSEEvent('{"text":"[EMAIL_7K2Q9]"}', event="delta", id="3", comments=("c",))
    changed = original.with_data('{"text":"a@b.c"}')
    assert changed == SSEEvent('{"text":"a@b.c"}', event="delta", id="3", comments=("c",))
    assert original.data == '{"text":"[EMAIL_7K2Q9]"}'
    assert decode(changed.to_bytes()) == [changed]


# ---- properties --------------------------------------------------------------------------------------------

_LINE_TEXT = st.text(st.characters(exclude_characters="\r\n", codec="utf-8"), max_size=12)
_FIELD_TEXT = _LINE_TEXT.filter(lambda s: "\0" not in s)
_EVENTS = st.lists(
    st.builds(
        SSEEvent,
        data=st.none() | st.lists(_LINE_TEXT, min_size=1, max_size=3).map("\n".join),
        event=st.none() | _FIELD_TEXT,
        id=st.none() | _FIELD_TEXT,
        retry=st.none() | st.integers(0, 10**6),
        comments=st.lists(_LINE_TEXT, max_size=2).map(tuple),
    ).filter(lambda e: (e.data, e.event, e.id, e.retry, e.comments) != (None, None, None, None, ())),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(events=_EVENTS, line_end=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans(), data=st.data())
def test_encoded_events_decode_back_whatever_the_splits(
    events: list[SSEEvent], line_end: str, bom: bool, data: st.DataObject
) -> None:
    stream = b"".join(event.to_bytes() for event in events).replace(b"\n", line_end.encode())
    stream = b"\xef\xbb\xbf" + stream if bom else stream
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=8)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    assert decode(*chunks) == events


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=80), data=st.data())
def test_any_bytes_decode_the_same_whatever_the_splits_and_re_encode_stably(raw: bytes, data: st.DataObject) -> None:
    whole = decode(raw)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=6)))
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    assert decode(*chunks) == whole
    # Re-encoding what was decoded is a fixed point: a pass-through loses nothing a client would see.
    assert decode(b"".join(event.to_bytes() for event in whole)) == whole
