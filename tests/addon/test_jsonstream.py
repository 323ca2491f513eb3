"""Gemini's streamed JSON array: elements out as they complete, whatever the splits, the stream rebuilt exactly."""

from __future__ import annotations

import json
from itertools import combinations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addon.jsonstream import Item, JSONArrayStreamDecoder


def decode(*chunks: bytes) -> tuple[list[Item], bytes]:
    decoder = JSONArrayStreamDecoder()
    items = [item for chunk in chunks for item in decoder.feed(chunk)]
    return items, decoder.flush()


def rebuild(items: list[Item], suffix: bytes) -> bytes:
    return b"".join(item.to_bytes() for item in items) + suffix


def chunk(text: str) -> dict[str, Any]:
    return {"candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}]}


GEMINI_STREAM = (
    b"["
    + json.dumps(chunk("Hi [EMAIL_7K2Q9]")).encode()
    + b"\r\n,"
    + json.dumps(chunk('quote " bracket ] brace } backslash \\ é 😀'), ensure_ascii=False).encode()
    + b"\r\n,"
    + json.dumps(chunk('[{\\"}]')).encode()
    + b"\r\n]"
)


@pytest.mark.parametrize(
    ("stream", "prefixes", "elements", "suffix"),
    [
        (b"[]", [], [], b"[]"),
        (b"", [], [], b""),
        (b' [ {"a":1} ] \n', [b" [ "], ['{"a":1}'], b" ] \n"),
        (b'[{"a":1}\r\n,{"b":[1,{"c":2}]}\r\n]', [b"[", b"\r\n,"], ['{"a":1}', '{"b":[1,{"c":2}]}'], b"\r\n]"),
        # Quotes, brackets and escapes inside strings do not end an element.
        (b'[{"a":"]}\\"{["}]', [b"["], ['{"a":"]}\\"{["}'], b"]"),
        (b'[{"a":"\\\\"},{"b":"\\\\\\""}]', [b"[", b","], ['{"a":"\\\\"}', '{"b":"\\\\\\""}'], b"]"),
        # Any JSON value can be an element.
        (
            b'[1, -2.5e3 ,"s,]",true,null,[[]],{}]',
            [b"[", b", ", b" ,", b",", b",", b",", b","],
            ["1", "-2.5e3", '"s,]"', "true", "null", "[[]]", "{}"],
            b"]",
        ),
        # Not an array (an error body): the value itself is the one element.
        (b'\n{"error":{"code":400}}\n', [b"\n"], ['{"error":{"code":400}}'], b"\n"),
        # Cut short: what is left comes back from flush as it came.
        (b'[{"a":1},{"b":', [b"["], ['{"a":1}'], b',{"b":'),
        (b"[12", [], [], b"[12"),
    ],
)
def test_decode_table(stream: bytes, prefixes: list[bytes], elements: list[str], suffix: bytes) -> None:
    items, rest = decode(stream)
    assert [item.prefix for item in items] == prefixes
    assert [item.text for item in items] == elements
    assert rest == suffix
    assert rebuild(items, rest) == stream


def test_gemini_stream() -> None:
    items, rest = decode(GEMINI_STREAM)
    assert [json.loads(item.text) for item in items] == [
        chunk("Hi [EMAIL_7K2Q9]"),
        chunk('quote " bracket ] brace } backslash \\ é 😀'),
        chunk('[{\\"}]'),
    ]
    assert [item.prefix for item in items] == [b"[", b"\r\n,", b"\r\n,"]
    assert rest == b"\r\n]"


def test_elements_come_out_as_soon_as_they_complete() -> None:
    decoder = JSONArrayStreamDecoder()
    assert decoder.feed(b'[{"a":') == []
    assert decoder.feed(b'"x"}') == [Item(b"[", '{"a":"x"}')]
    assert decoder.feed(b"\r\n,") == []
    assert decoder.feed(b'{"b":"\xc3') == []
    assert decoder.feed(b'\xa9"}\r\n') == [Item(b"\r\n,", '{"b":"é"}')]
    assert decoder.feed(b"]") == []
    assert decoder.flush() == b"\r\n]"


def test_every_split_gives_the_same_elements() -> None:
    whole = decode(GEMINI_STREAM)
    for cut in range(len(GEMINI_STREAM) + 1):
        assert decode(GEMINI_STREAM[:cut], GEMINI_STREAM[cut:]) == whole, cut


def test_every_pair_of_splits_gives_the_same_elements() -> None:
    stream = b'[{"a":"]\\"\xc3\xa9"}\r\n,[1,"}"] , 7\r\n]\n'
    whole = decode(stream)
    assert len(whole[0]) == 3
    for first, second in combinations(range(len(stream) + 1), 2):
        assert decode(stream[:first], stream[first:second], stream[second:]) == whole, (first, second)


def test_one_byte_at_a_time() -> None:
    assert decode(*(bytes([b]) for b in GEMINI_STREAM)) == decode(GEMINI_STREAM)


def test_rewritten_elements_rebuild_the_stream() -> None:
    items, rest = decode(GEMINI_STREAM)
    replaced = json.dumps(chunk("Hi alice@example.com"))
    out = items[0].to_bytes(replaced) + b"".join(item.to_bytes() for item in items[1:]) + rest
    assert out == GEMINI_STREAM.replace(json.dumps(chunk("Hi [EMAIL_7K2Q9]")).encode(), replaced.encode())
    assert json.loads(out)[0] == chunk("Hi alice@example.com")


def test_invalid_utf8_survives_the_round_trip() -> None:
    stream = b'[{"a":"\xff\xfe"}]'
    items, rest = decode(stream)
    assert rebuild(items, rest) == stream


# ---- properties --------------------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('[]{}",\\'), max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(alphabet='ab"]}\\', max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)
_SPACE = st.sampled_from(["", " ", "\r\n", "\n", "\t "])


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(_JSON, max_size=5),
    spaces=st.lists(_SPACE, min_size=12, max_size=12),
    ascii_only=st.booleans(),
    data=st.data(),
)
def test_any_array_splits_into_its_elements_whatever_the_cuts(
    values: list[Any], spaces: list[str], ascii_only: bool, data: st.DataObject
) -> None:
    parts = [spaces[0] + "[" + spaces[1]]
    for index, value in enumerate(values):
        separator = spaces[2 + index % 8] + "," + spaces[3 + index % 8] if index else ""
        parts.append(separator + json.dumps(value, ensure_ascii=ascii_only))
    parts.append(spaces[10] + "]" + spaces[11])
    stream = "".join(parts).encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    items, rest = decode(*chunks)
    assert [json.loads(item.text) for item in items] == values
    assert rebuild(items, rest) == stream
    assert (items, rest) == decode(stream)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=60), data=st.data())
def test_any_bytes_rebuild_exactly_whatever_the_cuts(raw: bytes, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=6)))
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    items, rest = decode(*chunks)
    assert rebuild(items, rest) == raw
    assert (items, rest) == decode(raw)
