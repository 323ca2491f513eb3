"""Audit events: changes an auditor must see (fail-closed turned off at runtime), as sentences, never values."""

from __future__ import annotations

from typing import Any

from store.models import AuditEvent

FAIL_CLOSED_OFF = "fail_closed_off"
FAIL_CLOSED_ON = "fail_closed_on"


def record_event(kind: str, detail: str) -> None:
    """Store one event; `detail` is a sentence for the auditor and must never hold a value."""
    AuditEvent.insert(kind=kind, detail=detail).execute()


def recent_events(limit: int = 20) -> list[dict[str, Any]]:
    """The newest events first."""
    query = AuditEvent.select().order_by(AuditEvent.time.desc(), AuditEvent.id.desc()).limit(limit)
    return [
        {"id": e.id, "time": e.time.isoformat(timespec="seconds"), "kind": e.kind, "detail": e.detail} for e in query
    ]


def event_counts() -> dict[str, int]:
    """How many events of each kind the store holds."""
    counts: dict[str, int] = {}
    for event in AuditEvent.select(AuditEvent.kind):
        counts[event.kind] = counts.get(event.kind, 0) + 1
    return counts
