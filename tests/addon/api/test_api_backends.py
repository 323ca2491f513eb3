"""The API's own queries (metrics, purge of every session, pages) on both backends a store can use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from addon.api.app import create_app
from addon.api.auth import Tokens
from store.db import close_db, open_db
from store.flows import record_flow
from store.models import Scope, utcnow

ADMIN = {"Authorization": "Bearer admin-token-backends"}


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    if request.param == "sqlite":
        open_db(str(tmp_path / "anonamoose.db"))
    else:
        open_db(str(request.getfixturevalue("new_pg_store")()))
    with TestClient(create_app(Tokens(admin="admin-token-backends"), warm=False)) as client:
        yield client
    close_db()


def test_metrics_sessions_and_purge_on_each_backend(client: TestClient) -> None:
    for status, duration in ((200, 80.0), (200, 700.0), (502, 2.0)):
        record_flow(
            host="api.openai.com",
            provider="openai_chat",
            status=status,
            duration_ms=duration,
            detections={"PERSON": 1},
            layers={"ner": 1},
            pii_count=1,
            error="refused" if status == 502 else None,
        )
    for name in ("s1", "s2", "s3"):
        Scope.insert(id=name, tenant_hash="t", expires_at=utcnow()).execute()

    text = client.get("/metrics", headers=ADMIN).text
    assert 'anonamoose_requests_total{provider="openai_chat",status="200"} 2.0' in text
    assert 'anonamoose_pii_total{entity_type="PERSON"} 3.0' in text
    assert 'anonamoose_request_duration_seconds_bucket{le="0.5"} 2.0' in text

    first = client.get("/api/v1/sessions", headers=ADMIN, params={"limit": 2}).json()
    rest = client.get("/api/v1/sessions", headers=ADMIN, params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert sorted(r["id"] for r in first["items"] + rest["items"]) == ["s1", "s2", "s3"] and rest["next_cursor"] is None
    assert client.delete("/api/v1/sessions", headers=ADMIN, params={"confirm": "true"}).json()["scopes"] == 3
    assert Scope.select().count() == 0
