"""`report`, `logs` and `anonamoose.stats`: traffic summaries and the flow log, read from the store.

Rows hold entity types, counts, placeholders and timings, never values. Grouping, the row keys and the
percentiles are described in store.reports.summary.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from addon.operations.context import ensure_store
from store import reports

GROUPINGS = reports.GROUPINGS  # what `report --by` may group by
FLOW_COLUMNS = reports.FLOW_COLUMNS  # the keys of a flow-log row, in the order `logs --csv` writes them


def report(since: timedelta | None = timedelta(hours=24), by: str = "type") -> dict[str, Any]:
    """{"rows": one per group (busiest first, oldest first by day), "total": the period's figures, flows once}.

    ValueError for an unknown `by`.
    """
    ensure_store()
    return {"rows": reports.summary(since, by), "total": reports.overall(since)}


def flow_log(limit: int | None = 50, **filters: Any) -> list[dict[str, Any]]:
    """Flow-log rows, oldest first: the newest `limit` matching, or with `after_id` every row after it.

    `filters`: host (exact, any case), status, since (a timedelta), after_id; see store.reports.flow_log.
    """
    ensure_store()
    return reports.flow_log(limit=limit, **filters)


def last_flow_id() -> int:
    """The newest flow-log row's id (0 for an empty log): where a follower starts."""
    ensure_store()
    return reports.last_flow_id()


def activity(since: timedelta | None = timedelta(hours=24)) -> dict[str, Any]:
    """The period's totals (requests, PII, restored, unknown, refused, latency percentiles), flows counted once."""
    ensure_store()
    return reports.activity(since)
