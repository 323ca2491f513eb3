"""Trimming the heap hands freed pages back: what keeps a long-running proxy's RSS flat after bursts."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest

from addon import heap


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_trim_returns_freed_pages_in_the_middle_of_the_heap() -> None:
    # 1,000-byte blocks go to malloc (not Python's small-object arenas); one in eight stays alive, so the freed
    # memory sits between live blocks where plain free() never hands it back.
    blocks = [bytes(1000) + i.to_bytes(4, "little") for i in range(80_000)]
    kept = blocks[::8]
    del blocks
    before = rss_kb()
    assert heap.trim_heap()
    after = rss_kb()
    assert before - after > 20_000, (before, after)
    assert len(kept) == 10_000


def test_trim_is_a_no_op_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert heap.trim_heap() is False
