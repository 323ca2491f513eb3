"""`/healthz` (open: the process is up), `/readyz` (open: store reachable, spaCy loaded), `/metrics` (read token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.concurrency import run_in_threadpool

from addon.api.auth import reader
from addon.api.errors import ERROR_RESPONSES
from addon.api.prometheus import exposition
from addon.api.schemas import Health, Ready
from store.db import database

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> dict[str, Any]:
    """The process is up. Needs no token."""
    return {"status": "ok"}


def _store_reachable() -> bool:
    try:
        database.execute_sql("SELECT 1")
        return True
    except Exception:
        return False


@router.get("/readyz", response_model=Ready, responses={503: {"model": Ready, "description": "not ready"}})
async def readyz(request: Request) -> JSONResponse:
    """Ready to serve: the store answers and the detector's spaCy model is loaded. Needs no token (booleans only)."""
    store = await run_in_threadpool(_store_reachable)
    spacy = request.app.state.redactor.ready.is_set()
    body = {"status": "ready" if store and spacy else "not ready", "store": store, "spacy": spacy}
    return JSONResponse(body, status_code=200 if store and spacy else 503)


@router.get(
    "/metrics",
    dependencies=[Depends(reader)],
    responses={
        **ERROR_RESPONSES,
        200: {
            "content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}},
            "description": "Prometheus text format",
        },
    },
    response_class=Response,
)
async def metrics() -> Response:
    """Requests, PII by type and layer, refusals, restored/unknown placeholders, latency histograms."""
    return Response(await run_in_threadpool(exposition), media_type=CONTENT_TYPE_LATEST)
