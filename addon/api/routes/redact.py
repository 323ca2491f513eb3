"""`POST /api/v1/redact` (offline, as `anonamoose redact`) and `POST /api/v1/hydrate` (admin, audited)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from addon.api.auth import admin
from addon.api.errors import ERROR_RESPONSES, ApiError
from addon.api.schemas import Hydrated, HydrateRequest, RedactRequest, RedactResponse
from addon.operations import sessions as session_ops
from addon.operations.context import KeyMissing
from addon.operations.redact import RedactOptions, Redactor

router = APIRouter(prefix="/api/v1", tags=["redact"], dependencies=[Depends(admin)], responses=ERROR_RESPONSES)


@router.post("/redact", response_model=RedactResponse, response_model_exclude_none=True)
async def redact(body: RedactRequest, request: Request) -> dict[str, Any]:
    """Find the PII in a text (or each of a list) and return it redacted, with detections; nothing is stored."""
    redactor: Redactor = request.app.state.redactor
    texts = [body.text] if isinstance(body.text, str) else body.text
    options = RedactOptions(body.locale, body.layers, body.min_score, body.style, body.regions)
    try:
        results = await run_in_threadpool(redactor.redact, texts, options)
    except ValueError as exc:
        raise ApiError(400, "invalid_option", str(exc)) from exc
    return results[0] if isinstance(body.text, str) else {"results": results}


@router.post("/hydrate", response_model=Hydrated)
def hydrate(body: HydrateRequest) -> dict[str, Any]:
    """Put one session's values back into a text: the only route that returns values (audited)."""
    try:
        return {"restored": session_ops.hydrate(body.session, body.text)}
    except session_ops.SessionNotFound as exc:
        raise ApiError(404, "session_not_found", str(exc)) from exc
    except ValueError as exc:
        raise ApiError(400, "ambiguous_session", str(exc)) from exc
    except KeyMissing as exc:
        raise ApiError(503, "key_missing", "the store key is not available to the API process") from exc
