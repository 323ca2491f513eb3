"""`top`: the figures the live dashboard shows, read from the store, so it works beside a running proxy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from addon.operations.context import ensure_store
from store import reports
from store.models import utcnow


def _top(counts: Iterable[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:limit]


def dashboard(
    since: timedelta | None = timedelta(hours=24),
    minutes: int = 30,
    recent: int = 20,
    top: int = 8,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Totals and breakdowns over `since`, requests in each of the last `minutes`, the newest `recent` flows.

    Keys: now, since_seconds, minutes, per_minute, requests, pii, restored, unknown, refused, errors,
    attachments, by_type/by_layer/hosts ([name, count] busiest first, at most `top`), latency
    ({duration|detect: {p50, p95, p99}} in ms), active_scopes, recent (flow-log rows, oldest first).
    """
    ensure_store()
    now = now or utcnow()
    traffic = reports.activity(since, now)
    totals = reports.overall(since, now)
    return {
        "now": now.isoformat(timespec="seconds"),
        "since_seconds": since.total_seconds() if since is not None else None,
        "minutes": minutes,
        "per_minute": reports.requests_per_minute(minutes, now),
        "requests": traffic["requests"],
        "pii": traffic["pii"],
        "restored": traffic["restored"],
        "unknown": traffic["unknown"],
        "refused": traffic["refused"],
        "errors": traffic["errors"],
        "attachments": traffic["attachments"],
        "by_type": _top(traffic["pii_by_type"].items(), top),
        "by_layer": _top(traffic["pii_by_layer"].items(), top),
        "hosts": _top(((h["host"], h["requests"]) for h in traffic["hosts"]), top),
        "latency": {
            "duration": {f"p{p}": totals[f"duration_p{p}"] for p in reports.PERCENTILES},
            "detect": {f"p{p}": totals[f"detect_p{p}"] for p in reports.PERCENTILES},
        },
        "active_scopes": reports.active_scopes(now),
        "recent": reports.flow_log(limit=recent),
    }
