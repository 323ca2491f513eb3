"""The API app in-process (starlette's TestClient) over a real SQLite store written the way the proxy writes it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from addon.api.app import create_app
from addon.api.auth import Tokens, token_id
from addon.cli.commands.api import api as api_command
from store import dictionary as terms
from store import stored_settings
from store.audit_events import recent_events
from store.flows import record_flow
from store.models import FlowRecord, Scope, utcnow

ADMIN, READ = "admin-token-0123456789", "read-token-0123456789"
EMAIL, NAME = "jane.citizen@example.com", "Jane Citizen"
SCOPE_A, SCOPE_B = "a1b2c3d4" + "0" * 24, "b1b2ffff" + "1" * 24


@pytest.fixture
def client(proxy_key: bytes) -> Iterator[TestClient]:
    with TestClient(create_app(Tokens(ADMIN, READ), warm=False)) as client:
        yield client


def as_admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN}"}


def as_reader() -> dict[str, str]:
    return {"Authorization": f"Bearer {READ}"}


@pytest.fixture
def two_scopes(seed):
    a = seed(SCOPE_A, [("EMAIL_ADDRESS", EMAIL), ("PERSON", NAME)])
    b = seed(SCOPE_B, [("EMAIL_ADDRESS", "bob@example.com")], session="s-hash")
    return a, b


# ---- auth ----


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/sessions"),
        ("DELETE", "/api/v1/sessions/abc"),
        ("GET", "/api/v1/stats"),
        ("GET", "/metrics"),
        ("PUT", "/api/v1/settings"),
        ("GET", "/api/v1/audit"),
    ],
)
def test_no_token_or_a_wrong_one_is_401(client: TestClient, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {ADMIN}"}):
        response = client.request(method, path, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("DELETE", "/api/v1/sessions?confirm=true", None),
        ("PUT", "/api/v1/settings", {"ttl": "1h"}),
        ("DELETE", "/api/v1/logs?confirm=true", None),
        ("POST", "/api/v1/forget", {"value": EMAIL}),
        ("POST", "/api/v1/hydrate", {"text": "x", "session": "a1"}),
        ("GET", "/api/v1/sessions", None),
        ("POST", "/api/v1/dictionary", {"terms": ["Project Falcon"]}),
    ],
)
def test_read_token_is_403_on_writes_and_admin_routes(client: TestClient, method: str, path: str, body) -> None:
    response = client.request(method, path, headers=as_reader(), json=body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_the_gate_answers_before_the_body_is_read(client: TestClient) -> None:
    garbage = {"content": b"\x00{not json", "headers": {"content-type": "application/json"}}
    assert client.post("/api/v1/forget", **garbage).status_code == 401
    forbidden = client.post("/api/v1/forget", content=garbage["content"], headers={**as_reader(), **garbage["headers"]})
    assert forbidden.status_code == 403
    assert (
        client.post(
            "/api/v1/forget", content=garbage["content"], headers={**as_admin(), **garbage["headers"]}
        ).status_code
        == 422
    )
    assert client.get("/openapi.json").json()["info"]["title"] == "Anonamoose management API"


def test_read_token_reads_stats_logs_audit_metrics_settings(client: TestClient) -> None:
    for path in (
        "/api/v1/stats",
        "/api/v1/stats/public",
        "/api/v1/logs",
        "/api/v1/audit",
        "/metrics",
        "/api/v1/settings",
    ):
        assert client.get(path, headers=as_reader()).status_code == 200, path


def test_healthz_and_readyz_need_no_token(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")  # the detector was not warmed in this app
    assert ready.status_code == 503 and ready.json() == {"status": "not ready", "store": True, "spacy": False}


def test_writes_are_audited_by_token_id_never_values(client: TestClient, two_scopes) -> None:
    assert client.post("/api/v1/forget", headers=as_admin(), json={"value": EMAIL}).json() == {"forgotten": 1}
    assert client.put("/api/v1/settings", headers=as_reader(), json={"ttl": "1h"}).status_code == 403
    assert client.delete("/api/v1/dictionary", headers={}, params={"term": "Falcon"}).status_code == 401
    events = recent_events()
    details = [e["detail"] for e in events]
    assert details[:3] == [
        "unauthenticated DELETE /api/v1/dictionary -> 401",
        f"{token_id('read', READ)} PUT /api/v1/settings -> 403",
        f"{token_id('admin', ADMIN)} POST /api/v1/forget -> 200",
    ]
    assert [e["kind"] for e in events[:3]] == ["api_denied", "api_denied", "api_write"]
    text = json.dumps(events)
    for secret in (EMAIL, ADMIN, READ, "Falcon"):
        assert secret not in text


def test_a_token_beyond_loopback_is_required(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    monkeypatch.delenv("ANONAMOOSE_API_TOKEN", raising=False)
    monkeypatch.delenv("ANONAMOOSE_API_READ_TOKEN", raising=False)
    result = CliRunner().invoke(api_command, ["--listen", "0.0.0.0:8090"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: refusing to serve the API on 0.0.0.0 without a token: set ANONAMOOSE_API_TOKEN (or a token file), "
        "or listen on 127.0.0.1"
    ]
    empty = tmp_path / "token"
    empty.write_text("\n")
    result = CliRunner().invoke(api_command, ["--token-file", str(empty)])
    assert result.exit_code == 1 and "is empty" in result.output


# ---- sessions ----


def test_sessions_list_show_extend_delete_purge(client: TestClient, two_scopes) -> None:
    listed = client.get("/api/v1/sessions", headers=as_admin()).json()
    assert {row["id"]: row["by_type"] for row in listed["items"]} == {
        SCOPE_A: {"EMAIL_ADDRESS": 1, "PERSON": 1},
        SCOPE_B: {"EMAIL_ADDRESS": 1},
    }
    assert listed["next_cursor"] is None and listed["items"][0]["created"].endswith("Z")
    assert EMAIL not in json.dumps(listed) and NAME not in json.dumps(listed)
    first = client.get("/api/v1/sessions", headers=as_admin(), params={"limit": 1}).json()
    second = client.get("/api/v1/sessions", headers=as_admin(), params={"limit": 1, "cursor": first["next_cursor"]})
    assert [r["id"] for r in first["items"] + second.json()["items"]] == [r["id"] for r in listed["items"]]
    assert second.json()["next_cursor"] is None

    shown = client.get("/api/v1/sessions/a1b2", headers=as_admin()).json()
    assert shown["id"] == SCOPE_A and {p["entity_type"] for p in shown["placeholders"]} == {"EMAIL_ADDRESS", "PERSON"}
    assert client.get("/api/v1/sessions/ffff", headers=as_admin()).json()["error"]["code"] == "session_not_found"

    extended = client.post(f"/api/v1/sessions/{SCOPE_A}/extend", headers=as_admin(), json={"ttl": "2d"}).json()
    assert Scope.get_by_id(SCOPE_A).expires_at > utcnow() + timedelta(days=1)
    assert extended["id"] == SCOPE_A
    bad = client.post(f"/api/v1/sessions/{SCOPE_A}/extend", headers=as_admin(), json={"ttl": "soon"})
    assert bad.status_code == 400 and "cannot extend" in bad.json()["error"]["message"]

    assert client.delete("/api/v1/sessions/b1b2", headers=as_admin()).json() == {"id": SCOPE_B, "removed": True}
    refused = client.delete("/api/v1/sessions", headers=as_admin())
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "confirmation_required"
    purged = client.delete("/api/v1/sessions", headers=as_admin(), params={"confirm": "true"}).json()
    assert purged == {"scopes": 1, "mappings": 2, "replies": 0, "flow_rows": 0}
    assert Scope.select().count() == 0
    (record, *_) = client.get("/api/v1/audit", headers=as_reader()).json()["expiry"]["records"]
    assert (record["action"], record["trigger"], record["scope_ttl"], record["scopes"]) == (
        "purge",
        "api",
        "all sessions",
        1,
    )


def test_hydrate_restores_one_sessions_placeholders(client: TestClient, two_scopes) -> None:
    a, _ = two_scopes
    text = f"Mail {a[EMAIL]} for {a[NAME]}"
    response = client.post("/api/v1/hydrate", headers=as_admin(), json={"text": text, "session": SCOPE_A[:6]})
    assert response.json() == {"restored": f"Mail {EMAIL} for {NAME}"}
    assert response.headers["cache-control"] == "no-store"
    unknown = client.post("/api/v1/hydrate", headers=as_admin(), json={"text": text, "session": "ffff"})
    assert unknown.status_code == 404


# ---- dictionary, allow, settings ----


def test_dictionary_add_import_list_remove_flush(client: TestClient) -> None:
    added = client.post(
        "/api/v1/dictionary",
        headers=as_admin(),
        json={"terms": ["Project Falcon", "Project Falcon"], "entity_type": "project"},
    )
    assert added.json() == {"added": 1, "present": 1}
    imported = client.post("/api/v1/dictionary/import", headers=as_admin(), json={"text": "# c\nAcme\n\nZorb\nAcme\n"})
    assert imported.json() == {"count": 2}
    listed = client.get("/api/v1/dictionary", headers=as_admin()).json()
    assert [(t["term"], t["entity_type"]) for t in listed["items"]] == [
        ("Project Falcon", "PROJECT"),
        ("Acme", "CUSTOM"),
        ("Zorb", "CUSTOM"),
    ]
    assert client.delete("/api/v1/dictionary", headers=as_admin(), params={"term": "acme"}).json() == {"count": 1}
    assert client.delete("/api/v1/dictionary", headers=as_admin(), params={"term": "acme"}).status_code == 404
    assert client.delete("/api/v1/dictionary", headers=as_admin()).status_code == 400
    assert client.delete("/api/v1/dictionary", headers=as_admin(), params={"confirm": True}).json() == {"count": 2}
    assert terms.list_terms() == []

    assert client.post("/api/v1/allow", headers=as_admin(), json={"terms": ["Sydney"]}).json()["added"] == 1
    assert [t["term"] for t in client.get("/api/v1/allow", headers=as_admin()).json()["items"]] == ["Sydney"]
    assert client.delete("/api/v1/allow", headers=as_admin(), params={"term": "Sydney"}).json() == {"count": 1}


def test_settings_validated_as_the_cli_does(client: TestClient) -> None:
    put = client.put("/api/v1/settings", headers=as_admin(), json={"layers": "ner,patterns", "ttl": "2h"})
    assert put.status_code == 200
    in_force = {key: (setting["value"], setting["source"]) for key, setting in put.json().items()}
    assert in_force == {
        "layers": ("ner,patterns", "store"),
        "locale": ("default", "default"),
        "min_score": (0.5, "default"),
        "style": ("typed", "default"),
        "ttl": (7200, "store"),
    }
    assert stored_settings.all_settings() == {"layers": "ner,patterns", "ttl": 7200}
    bad = client.put("/api/v1/settings", headers=as_admin(), json={"style": "fancy", "ttl": "3h"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_setting"
    assert stored_settings.get_setting("ttl") == 7200  # nothing stored when one value is bad
    assert client.put("/api/v1/settings", headers=as_admin(), json={"colour": "red"}).status_code == 422
    gone = client.delete("/api/v1/settings", headers=as_admin(), params={"key": "ttl"}).json()
    assert gone["ttl"]["source"] == "default" and gone["layers"] == {
        "value": "ner,patterns",
        "source": "store",
        "option": "anonamoose_layers",
    }
    assert client.delete("/api/v1/settings", headers=as_admin(), params={"key": "nope"}).status_code == 400


# ---- stats, logs, metrics ----


def flows() -> None:
    record_flow(
        host="api.openai.com",
        provider="openai_chat",
        method="POST",
        status=200,
        duration_ms=120.0,
        detect_ms=4.0,
        detections={"EMAIL_ADDRESS": 2, "PERSON": 1},
        layers={"patterns": 2, "ner": 1},
        pii_count=3,
        restored=2,
        unknown=1,
        placeholders=["[EMAIL_AAAAA]"],
    )
    record_flow(
        host="api.anthropic.com",
        provider="anthropic",
        method="POST",
        status=502,
        duration_ms=3.0,
        error="cannot decode",
        pii_count=0,
    )


def test_stats_logs_metrics_count_the_flow_log(client: TestClient) -> None:
    flows()
    stats = client.get("/api/v1/stats", headers=as_reader(), params={"since": "1h", "by": "type"}).json()
    assert stats["total"]["requests"] == 2 and stats["total"]["pii"] == 3
    assert {r["type"]: r["pii"] for r in stats["rows"]} == {"EMAIL_ADDRESS": 2, "PERSON": 1, "(none)": 0}
    public = client.get("/api/v1/stats/public", headers=as_reader()).json()
    assert public == {"period": "24h", "requests": 2, "pii": 3, "restored": 2, "refused": 1}
    assert client.get("/api/v1/stats", headers=as_reader(), params={"since": "soon"}).status_code == 400

    logs = client.get("/api/v1/logs", headers=as_reader()).json()
    assert [row["host"] for row in logs["items"]] == ["api.anthropic.com", "api.openai.com"]
    first = client.get("/api/v1/logs", headers=as_reader(), params={"limit": 1}).json()
    second = client.get("/api/v1/logs", headers=as_reader(), params={"limit": 1, "cursor": first["next_cursor"]})
    assert [r["id"] for r in first["items"] + second.json()["items"]] == [r["id"] for r in logs["items"]]
    assert second.json()["next_cursor"] is None
    only = client.get("/api/v1/logs", headers=as_reader(), params={"status": 200}).json()["items"]
    assert [row["host"] for row in only] == ["api.openai.com"]

    text = client.get("/metrics", headers=as_reader()).text
    assert 'anonamoose_requests_total{provider="openai_chat",status="200"} 1.0' in text
    assert 'anonamoose_pii_total{entity_type="EMAIL_ADDRESS"} 2.0' in text
    assert 'anonamoose_pii_layer_total{layer="ner"} 1.0' in text
    assert 'anonamoose_refusals_total{status="502"} 1.0' in text
    assert "anonamoose_placeholders_restored_total 2.0" in text
    assert "anonamoose_placeholders_unknown_total 1.0" in text
    assert 'anonamoose_request_duration_seconds_bucket{le="0.25"} 2.0' in text
    assert 'anonamoose_request_duration_seconds_bucket{le="0.1"} 1.0' in text
    assert "anonamoose_request_duration_seconds_count 2.0" in text
    assert "EMAIL_AAAAA" not in text

    assert client.delete("/api/v1/logs", headers=as_admin()).status_code == 400
    assert client.delete("/api/v1/logs", headers=as_admin(), params={"confirm": "true"}).json() == {"cleared": 2}
    assert FlowRecord.select().count() == 0
    records = client.get("/api/v1/audit", headers=as_reader()).json()["expiry"]["records"]
    assert records[0]["action"] == "clear" and records[0]["trigger"] == "api" and records[0]["flow_rows"] == 2


def test_errors_have_one_shape_and_do_not_echo_input(client: TestClient) -> None:
    response = client.post("/api/v1/forget", headers=as_admin(), json={"value": EMAIL, "extra": EMAIL})
    assert response.status_code == 422
    assert set(response.json()) == {"error"} and EMAIL not in response.text
    missing = client.get("/api/v1/nothing-here", headers=as_admin())
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad_cursor = client.get("/api/v1/sessions", headers=as_admin(), params={"cursor": "x"})
    assert bad_cursor.status_code == 400 and bad_cursor.json()["error"]["code"] == "invalid_cursor"


# ---- redact ----


def test_redact_gives_what_the_cli_gives(client: TestClient) -> None:
    from click.testing import CliRunner

    from addon.cli import cli

    text = f"Write to {EMAIL} or call +61 412 345 678"
    options = {"layers": "patterns,secrets", "locale": "au"}
    single = client.post("/api/v1/redact", headers=as_admin(), json={"text": text, **options})
    assert single.status_code == 200, single.text
    cli_result = CliRunner().invoke(cli, ["redact", "--json", "--layers", "patterns,secrets", "--locale", "au", text])
    assert single.json() == json.loads(cli_result.output)
    assert EMAIL not in single.json()["redacted"]
    assert {d["entity_type"] for d in single.json()["detections"]} == {"EMAIL_ADDRESS", "PHONE_NUMBER"}

    batch = client.post("/api/v1/redact", headers=as_admin(), json={"text": [text, "nothing here"], **options})
    assert batch.json()["results"] == [single.json(), {"redacted": "nothing here", "detections": []}]
    bad = client.post("/api/v1/redact", headers=as_admin(), json={"text": text, "layers": "magic"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_option"
