"""schemathesis against a live `anonamoose api` process, from the committed docs/openapi.json: bounded examples
per operation; no 5xx, every response matches the schema, and auth is enforced on every route."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e import api_process

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
# Enough to reach every parameter and body shape; bounded so the whole run stays well under a minute.
EXAMPLES = 4
OPEN = {("GET", "/healthz"), ("GET", "/readyz")}
READABLE = {
    ("GET", p)
    for p in ("/api/v1/stats", "/api/v1/stats/public", "/api/v1/logs", "/api/v1/audit", "/metrics", "/api/v1/settings")
}

schema = schemathesis.openapi.from_path(REPO_ROOT / "docs" / "openapi.json")


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("api-contract")
    server = api_process.ApiProcess(
        workdir,
        {  # type: ignore[attr-defined]
            "ANONAMOOSE_DB": str(workdir / "anonamoose.db"),
            "ANONAMOOSE_CONFDIR": str(workdir / "confdir"),
            "ANONAMOOSE_API_TOKEN": api_process.ADMIN_TOKEN,  # type: ignore[attr-defined]
            "ANONAMOOSE_API_READ_TOKEN": api_process.READ_TOKEN,  # type: ignore[attr-defined]
        },
    ).start()
    yield server.url
    server.stop()
    assert "Traceback" not in server.log_text()


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def call(case: schemathesis.Case, base_url: str, session: requests.Session, token: str | None) -> schemathesis.Response:
    """The case with this Authorization header, whatever header the case generated itself."""
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    case.headers = {**headers, **({"Authorization": f"Bearer {token}"} if token is not None else {})}
    return case.call(base_url=base_url, session=session)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_contract(case: schemathesis.Case, live_api: str, session: requests.Session) -> None:
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    key = (case.method.upper(), case.path)
    response = call(case, live_api, session, api_process.ADMIN_TOKEN)  # type: ignore[attr-defined]
    if case.method.upper() != case.operation.method.upper():  # schemathesis probing an undeclared method
        assert response.status_code == 405
        return
    case.validate_response(response, checks=checks)
    if key in OPEN:
        return
    anonymous = call(case, live_api, session, None)
    assert anonymous.status_code == 401, f"{key} answered {anonymous.status_code} without a token"
    case.validate_response(anonymous, checks=checks)
    as_reader = call(case, live_api, session, api_process.READ_TOKEN)  # type: ignore[attr-defined]
    if key not in READABLE:
        assert as_reader.status_code == 403, f"{key} answered {as_reader.status_code} to the read-only token"
    else:
        assert as_reader.status_code == response.status_code or key == ("GET", "/metrics")
    case.validate_response(as_reader, checks=checks)
