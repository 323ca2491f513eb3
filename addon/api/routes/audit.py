"""`GET /api/v1/audit`: the evidence `anonamoose audit --json` prints, expiry records and API writes included."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from addon.api.auth import reader
from addon.api.errors import ERROR_RESPONSES
from addon.api.params import Since, period
from addon.operations.audit import audit_report

router = APIRouter(prefix="/api/v1", tags=["audit"], dependencies=[Depends(reader)], responses=ERROR_RESPONSES)


def _evidence(since: str, records: int) -> dict[str, Any]:
    return audit_report(period(since), records=records)


@router.get("/audit", response_model=dict[str, Any])
async def audit(
    since: Since = "30d",
    records: Annotated[int, Query(ge=1, le=1000, description="Expiry records listed, newest first.")] = 10,
) -> dict[str, Any]:
    """Detection, dictionary, retention and expiry records, audit events (API writes among them), activity,
    encryption, and coverage of each HIPAA Safe Harbor identifier and GDPR category. Never a value."""
    return await run_in_threadpool(_evidence, since, records)
