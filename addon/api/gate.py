"""The gate every request passes before its body is read: 401 without a valid token, 403 for the read-only token
on a route that needs the admin one. A caller without a token learns nothing, not even what a body should hold."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.routing import Match

from addon.api.auth import identify_request, reader
from addon.api.errors import error_response

# Liveness and readiness (booleans only), and the API's own description.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json", "/docs", "/docs/oauth2-redirect"})


def matched_route(request: Request) -> APIRoute | None:
    """The route this request is for (before routing has run), or None."""
    for route in request.app.state.api_routes:
        if route.matches(request.scope)[0] is Match.FULL:
            return route
    return None


def readable(route: APIRoute | None) -> bool:
    """Whether the read-only token may use the route: it declares the `reader` dependency."""
    return route is not None and any(dep.dependency is reader for dep in route.dependencies)


async def authenticate(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    if request.url.path in OPEN_PATHS:
        return await call_next(request)
    caller = identify_request(request.app.state.tokens, request.headers.get("authorization"))
    if caller is None:
        return error_response(401, "unauthorized", "send Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"})
    request.state.caller = caller
    if not caller.admin and not readable(matched_route(request)):
        return error_response(403, "forbidden", "the read-only token cannot do this; use the admin token")
    response = await call_next(request)
    # hydrate returns values, and nothing here is for a shared cache
    response.headers["Cache-Control"] = "no-store"
    return response
