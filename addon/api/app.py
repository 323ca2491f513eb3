"""The FastAPI application: routers per group, bearer auth, errors as {"error": {...}}, writes audited."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from addon.api import errors
from addon.api.audit_trail import record_writes
from addon.api.auth import Tokens
from addon.api.gate import authenticate
from addon.api.routes import audit, dictionary, health, logs, redact, sessions, settings, stats
from addon.operations.redact import Redactor

TITLE = "Anonamoose management API"
VERSION = "1.0.0"
ROUTERS = (redact, sessions, dictionary, settings, stats, logs, audit, health)


def create_app(tokens: Tokens, redactor: Redactor | None = None, warm: bool = True) -> FastAPI:
    """The API over the store that is open (else $ANONAMOOSE_DB). `warm` loads the detector in the background
    at start-up, which /readyz waits for."""
    redactor = redactor or Redactor()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm and not redactor.ready.is_set():
            threading.Thread(target=redactor.warm, name="anonamoose-api-warm", daemon=True).start()
        yield

    app = FastAPI(
        title=TITLE,
        version=VERSION,
        description="Sessions, dictionary, settings, stats, logs and audit evidence of an Anonamoose store. "
        "Authorization: Bearer <token> (admin, or read-only for stats, logs, audit, settings and metrics).",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.tokens = tokens
    app.state.redactor = redactor
    errors.install(app)
    # The last added runs first: writes are recorded whether the gate lets them through or not.
    app.middleware("http")(authenticate)
    app.middleware("http")(record_writes)
    for module in ROUTERS:
        app.include_router(module.router)
    # The gate matches requests against these before routing (the included copies are not listed by the app).
    routes = [route for module in ROUTERS for route in module.router.routes]
    app.state.api_routes = [route for route in routes if isinstance(route, APIRoute)]
    return app
