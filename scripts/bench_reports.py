"""Report queries over a large flow log, measured: writing flows, then each query `report`, `audit` and `top` use.

Writes N synthetic flows (types, layers, hosts, statuses and timings drawn from a fixed seed, never a value)
through store.flows.record_flow into a fresh SQLite store, then times each query (best of three). A benchmark,
not a test: `make bench` runs it. Run alone: `python scripts/bench_reports.py [N]` (default 20000).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import reports  # noqa: E402
from store.db import close_db, open_db  # noqa: E402
from store.flows import record_flow  # noqa: E402
from store.models import utcnow  # noqa: E402

FLOWS = 20_000
TYPES = ("EMAIL_ADDRESS", "PERSON", "PHONE_NUMBER", "API_KEY", "CREDIT_CARD", "AU_TFN", "LOCATION")
LAYERS = ("patterns", "ner", "names", "secrets", "dictionary")
DAY = timedelta(hours=24)
QUERIES: dict[str, Callable[[], object]] = {
    "summary by type": lambda: reports.summary(DAY, "type"),
    "summary by host": lambda: reports.summary(DAY, "host"),
    "overall": lambda: reports.overall(DAY),
    "activity": lambda: reports.activity(DAY),
    "requests per minute": lambda: reports.requests_per_minute(180),
}


def write_flows(count: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    now = utcnow()
    for _ in range(count):
        detections = {name: rnd.randint(1, 3) for name in rnd.sample(TYPES, rnd.randint(0, 3))}
        layers = {name: rnd.randint(1, 3) for name in rnd.sample(LAYERS, rnd.randint(1, 2))} if detections else {}
        record_flow(
            time=now - timedelta(seconds=rnd.randint(0, 86_000)),
            host=rnd.choice(("api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com")),
            status=rnd.choice((200, 200, 200, 413, 502)),
            duration_ms=rnd.random() * 500,
            detect_ms=rnd.random() * 50,
            detections=detections,
            layers=layers,
            pii_count=sum(detections.values()),
            restored=sum(detections.values()),
        )


def best_of(call: Callable[[], object], runs: int = 3) -> float:
    """The fastest of `runs` calls, in ms."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def run(count: int = FLOWS) -> dict[str, float]:
    """{"flows": N, "write_ms_per_flow": ..., "<query>_ms": ...} over a fresh store of N flows."""
    with tempfile.TemporaryDirectory() as directory:
        open_db(str(Path(directory) / "bench.db"))
        try:
            started = time.perf_counter()
            write_flows(count)
            figures = {"flows": float(count), "write_ms_per_flow": (time.perf_counter() - started) * 1000 / count}
            figures.update({f"{name}_ms": best_of(call) for name, call in QUERIES.items()})
        finally:
            close_db()
    return figures


def report(figures: dict[str, float]) -> list[str]:
    lines = [
        f"report queries over {figures['flows']:,.0f} flows (SQLite): "
        f"writing {figures['write_ms_per_flow']:.2f} ms per flow (row and its per-type counts)"
    ]
    lines += [f"  {name}: {figures[f'{name}_ms']:,.0f} ms" for name in QUERIES]
    return lines


if __name__ == "__main__":
    for line in report(run(int(sys.argv[1]) if len(sys.argv) > 1 else FLOWS)):
        print(line, flush=True)
