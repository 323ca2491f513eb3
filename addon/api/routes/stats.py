"""`GET /api/v1/stats` (the figures of `anonamoose report`) and `/stats/public` (totals only, for a status page)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from addon.api.auth import reader
from addon.api.errors import ERROR_RESPONSES
from addon.api.params import Since, period
from addon.api.schemas import PublicStats, Stats
from addon.operations import traffic

router = APIRouter(prefix="/api/v1", tags=["stats"], dependencies=[Depends(reader)], responses=ERROR_RESPONSES)
Grouping = Literal["type", "layer", "host", "scope", "day"]


@router.get("/stats", response_model=Stats)
def stats(
    since: Since = "24h", by: Annotated[Grouping, Query(description="Group rows by.")] = "type"
) -> dict[str, Any]:
    """Requests, PII caught, restored and unknown placeholders, latency percentiles: totals and rows by group."""
    result = traffic.report(period(since), by)
    return {"period": since, "by": by, "total": result["total"], "rows": result["rows"]}


@router.get("/stats/public", response_model=PublicStats)
def public_stats(since: Since = "24h") -> dict[str, Any]:
    """Totals only, nothing per host, scope or type: for a status page."""
    totals = traffic.activity(period(since))
    return {"period": since, **{k: totals[k] for k in ("requests", "pii", "restored", "refused")}}
