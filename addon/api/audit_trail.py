"""Every write through the API goes into the store's audit events: who (a token id), what (method and route
template), when, and the outcome. Never a value: no body, no query string, no path parameter."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from addon.api.gate import matched_route
from store.audit_events import record_event

log = logging.getLogger("anonamoose.api")

API_WRITE, API_DENIED = "api_write", "api_denied"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# POSTs that change nothing: redacting a text stores nothing.
READ_ONLY_POSTS = frozenset({"/api/v1/redact"})


def _template(request: Request) -> str | None:
    # Routing sets the route; a request the gate refused never reached it.
    route = request.scope.get("route") or matched_route(request)
    return getattr(route, "path", None)


async def record_writes(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    template = _template(request)
    if request.method not in WRITE_METHODS or template is None or template in READ_ONLY_POSTS:
        return response
    caller = getattr(request.state, "caller", None)
    who = caller.id if caller is not None else "unauthenticated"
    kind = API_DENIED if response.status_code in (401, 403) else API_WRITE
    detail = f"{who} {request.method} {template} -> {response.status_code}"
    try:
        await run_in_threadpool(record_event, kind, detail)
    except Exception as exc:
        log.error("anonamoose api: could not record %s in the audit trail: %s", detail, type(exc).__name__)
    return response
