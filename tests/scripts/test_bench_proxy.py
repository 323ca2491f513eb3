"""Pure helpers of scripts/bench_proxy.py: the generated messages, SSE parsing, ratios, turn order."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def load_script(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = load_script("bench_proxy_script", REPO / "scripts" / "bench_proxy.py")


def chunk(delta: dict[str, object]) -> str:
    return "data: " + json.dumps({"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta}]})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (chunk({"content": "Yo"}), "Yo"),
        (chunk({"role": "assistant", "content": ""}), ""),
        (chunk({"content": None, "tool_calls": []}), ""),
        ("data: " + json.dumps({"choices": [], "usage": {"total_tokens": 3}}), ""),
        ("data: [DONE]", ""),
        ("event: ping", ""),
        ("data: {not json", ""),
        ("", ""),
    ],
)
def test_sse_content(line: str, expected: str) -> None:
    assert bench.sse_content(line) == expected


@pytest.mark.parametrize(
    ("value", "baseline", "expected"),
    [(3.0, 2.0, 1.5), (-1.0, 4.0, -0.25), (1.0, 0.0, float("inf")), (1.0, -2.0, float("inf"))],
)
def test_ratio(value: float, baseline: float, expected: float) -> None:
    assert bench.ratio(value, baseline) == expected


@pytest.mark.parametrize(
    ("index", "expected"), [(0, ["bare", "addon"]), (1, ["addon", "bare"]), (4, ["bare", "addon"])]
)
def test_alternating(index: int, expected: list[str]) -> None:
    assert bench.alternating(["bare", "addon"], index) == expected


@pytest.mark.parametrize("size", [1000, 2048])
def test_realistic_messages_are_near_size_distinct_and_hold_pii(size: int) -> None:
    rng = random.Random(5)
    texts = [bench.realistic_message(rng, size, f"T{i}") for i in range(10)]
    assert len(set(texts)) == len(texts)
    for text in texts:
        assert size * 0.9 <= len(text) <= size * 1.25
        assert bench.EMAIL.search(text)
        assert any(ch.isdigit() for ch in text)


def test_realistic_message_is_reproducible_from_its_seed() -> None:
    assert bench.realistic_message(random.Random(1), 2048, "A") == bench.realistic_message(random.Random(1), 2048, "A")


def test_chat_body_asks_for_a_stream_only_when_told() -> None:
    assert "stream" not in bench.chat_body([bench.user("hi")])
    assert bench.chat_body([bench.user("hi"), bench.assistant("yo")], stream=True) == {
        "model": bench.MODEL,
        "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}],
        "stream": True,
    }
