"""The figures `/metrics` exports, read from the store's flow log, so any process over the store can serve them.

Counts only: entity types, layers, providers and statuses as labels; never a value or a placeholder.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from addon.operations.context import ensure_store
from store import reports
from store.db import tuple_rows
from store.models import FlowRecord

# Upper bounds in seconds, Prometheus' defaults stretched to the minute an LLM reply may take.
REQUEST_BUCKETS: tuple[float, ...] = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
DETECT_BUCKETS: tuple[float, ...] = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass
class Histogram:
    """Cumulative bucket counts (one per bound, then +Inf) and the sum, in seconds."""

    bounds: tuple[float, ...]
    counts: list[int] = field(default_factory=list)
    total: float = 0.0

    def __post_init__(self) -> None:
        self.counts = [0] * (len(self.bounds) + 1)

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(self.bounds, seconds)] += 1
        self.total += seconds

    def cumulative(self) -> list[tuple[str, int]]:
        running, out = 0, []
        for bound, count in zip((*map(str, self.bounds), "+Inf"), self.counts, strict=True):
            running += count
            out.append((bound, running))
        return out


def flow_metrics() -> dict[str, Any]:
    """Every flow the store holds: requests by provider and status, PII by type and layer, refusals by status,
    placeholders restored and unknown, and histograms of request and detection latency."""
    ensure_store()
    traffic = reports.activity(None)
    requests: Counter[tuple[str, str]] = Counter()
    duration, detect = Histogram(REQUEST_BUCKETS), Histogram(DETECT_BUCKETS)
    query = FlowRecord.select(FlowRecord.provider, FlowRecord.status, FlowRecord.duration_ms, FlowRecord.detect_ms)
    for provider, status, duration_ms, detect_ms in tuple_rows(query):
        requests[(provider or "unknown", str(status) if status is not None else "none")] += 1
        duration.observe((duration_ms or 0.0) / 1000)
        detect.observe((detect_ms or 0.0) / 1000)
    return {
        "requests": dict(requests),
        "pii_by_type": traffic["pii_by_type"],
        "pii_by_layer": traffic["pii_by_layer"],
        "refused_by_status": traffic["refused_by_status"],
        "restored": traffic["restored"],
        "unknown": traffic["unknown"],
        "duration": duration,
        "detect": detect,
    }
