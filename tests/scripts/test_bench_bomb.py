"""Pure helpers of scripts/bench_bomb.py: the bomb it sends and the verdict it prints."""

from __future__ import annotations

import importlib.util
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
spec = importlib.util.spec_from_file_location("bench_bomb_script", REPO / "scripts" / "bench_bomb.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_the_bomb_is_small_and_inflates_to_its_size():
    bomb = bench.gzip_bomb(16 * 1024**2)
    assert len(bomb) < 32 * 1024
    assert zlib.decompress(bomb, 16 + zlib.MAX_WBITS) == b"\0" * (16 * 1024**2)


def test_peak_rss_is_read_from_proc():
    import os

    assert bench.peak_rss_kb(os.getpid()) > 0


def figures(status: float, rise: float) -> dict[str, float]:
    return {
        "bomb_wire_bytes": 1.04e6,
        "bomb_status": status,
        "bomb_refuse_ms": 100.0,
        "bomb_rss_before_mb": 290.0,
        "bomb_rss_after_mb": 290.0 + rise,
        "bomb_rss_rise_mb": rise,
        "bomb_forwarded": 0.0,
        "next_status": 200.0,
    }


def test_the_verdict_needs_the_413_and_a_small_rise():
    assert bench.report(figures(413, 13.8))[2].endswith(" ok")
    assert bench.report(figures(413, 2048))[2].endswith("MISSED")
    assert bench.report(figures(200, 1))[2].endswith("MISSED")
