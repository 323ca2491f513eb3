"""docs/openapi.json is the API's contract: it must be what the code serves."""

from __future__ import annotations

import json

from addon.api.openapi import DOCUMENT, openapi_text


def test_committed_openapi_document_matches_the_code() -> None:
    committed = DOCUMENT.read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(openapi_text()), (
        "docs/openapi.json differs from the API: run `make openapi` (scripts/export_openapi.py) and commit it"
    )
    assert committed == openapi_text()


def test_every_route_but_healthz_and_readyz_declares_bearer_auth() -> None:
    document = json.loads(openapi_text())
    open_routes = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                open_routes.add(f"{method.upper()} {path}")
    assert open_routes == {"GET /healthz", "GET /readyz"}
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
