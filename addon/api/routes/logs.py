"""`GET /api/v1/logs` (the flow log, filters as `anonamoose logs`) and `DELETE /api/v1/logs` (clear, recorded)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from addon.api.auth import admin, reader
from addon.api.errors import ERROR_RESPONSES
from addon.api.pagination import Cursor, Limit, Page, offset_of, page
from addon.api.params import Confirm, Since, period, require_confirm
from addon.api.schemas import Cleared
from addon.operations import retention, traffic
from store.retention import API

router = APIRouter(prefix="/api/v1", tags=["logs"], responses=ERROR_RESPONSES)


@router.get("/logs", response_model=Page[dict[str, Any]], dependencies=[Depends(reader)])
def logs(
    host: Annotated[str | None, Query(max_length=255, description="Only flows to this host.")] = None,
    status: Annotated[int | None, Query(ge=0, le=599, description="Only flows with this HTTP status.")] = None,
    since: Since = "all",
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Flow-log rows, newest first: types, counts and placeholders per request, never values."""
    # The newest rows up to the end of this page, and one more to tell whether another page follows.
    wanted = offset_of(cursor) + limit + 1
    rows = traffic.flow_log(limit=wanted, host=host, status=status, since=period(since))
    return page(rows[::-1], limit, cursor)


@router.delete("/logs", response_model=Cleared, dependencies=[Depends(admin)])
def clear_logs(
    before: Annotated[str | None, Query(max_length=32, description="Only rows older than this (24h, 7d).")] = None,
    confirm: Confirm = False,
) -> dict[str, Any]:
    """Delete the flow log (needs ?confirm=true), or only rows older than `before`; leaves an expiry record."""
    if before is None:
        require_confirm(confirm, "delete every flow-log row (or give ?before=)")
    return {"cleared": retention.clear_logs(period(before, "before"), API)}
