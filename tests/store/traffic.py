"""Flow-log rows written through the store's own record_flow, shared by the report, dashboard and audit tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from store.flows import record_flow
from store.models import utcnow

# Half past an hour in the past: per-minute buckets are exact, the flows minutes before it never straddle
# midnight, and scopes made by the real clock come after it.
NOW = utcnow().replace(minute=30, second=0, microsecond=0) - timedelta(hours=1)


# Every flow's columns unless it says otherwise.
DEFAULTS: dict[str, Any] = {
    "host": "api.openai.com",
    "path": "/v1/chat/completions",
    "method": "POST",
    "provider": "openai_chat",
    "status": 200,
    "duration_ms": 100.0,
    "detect_ms": 10.0,
    "scope_id": "scope-a",
    "detections": {},
    "layers": {},
    "pii_count": 0,
}


def flow(minutes_ago: float, **fields: Any) -> None:
    record_flow(time=NOW - timedelta(minutes=minutes_ago), **{**DEFAULTS, **fields})


def write_traffic() -> None:
    """Five flows in the last day, one two days ago, one refused."""
    email_and_name = {"EMAIL_ADDRESS": 2, "PERSON": 1}
    flow(
        1,
        detections=email_and_name,
        layers={"patterns": 2, "ner": 1},
        pii_count=3,
        restored=3,
        restored_types=email_and_name,
        redacted_preview="mail [EMAIL_AAAAA] about [PERSON_BBBBB]",
    )
    flow(
        2,
        detections={"EMAIL_ADDRESS": 1},
        layers={"patterns": 1},
        pii_count=1,
        restored=1,
        unknown=1,
        restored_types={"EMAIL_ADDRESS": 1},
        duration_ms=200.0,
        detect_ms=20.0,
        host="api.anthropic.com",
        path="/v1/messages",
        scope_id="scope-b",
    )
    flow(3, duration_ms=300.0, detect_ms=30.0)
    flow(
        4,
        detections={"API_KEY": 1},
        layers={"secrets": 1},
        pii_count=1,
        duration_ms=400.0,
        detect_ms=40.0,
        streamed=True,
    )
    flow(5, status=502, scope_id=None, error="the request body does not parse as JSON", duration_ms=5.0, detect_ms=0.0)
    flow(60 * 48, detections={"PERSON": 4}, layers={"ner": 4}, pii_count=4, host="api.mistral.ai")
