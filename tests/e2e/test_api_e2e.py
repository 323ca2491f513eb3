"""The management API as a separate process over a running proxy's store: traffic through the real SDKs, then
every endpoint checked against what the CLI reports for the same store, and API changes reaching the proxy."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from addon.cli import cli
from tests.e2e import api_process
from tests.e2e.conftest import eventually

pytestmark = pytest.mark.e2e

ADMIN = {"Authorization": f"Bearer {api_process.ADMIN_TOKEN}"}
READ = {"Authorization": f"Bearer {api_process.READ_TOKEN}"}
MODEL = "gpt-4o-mini"
EMAIL, NAME, PHONE = "jane.citizen@example.com", "Jane Citizen", "0412 345 678"
DEADLINE_S = 25.0


@pytest.fixture
def proxy(start_proxy: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A running proxy; this test process's CLI points at its database and key, as an operator's would."""
    proxy = start_proxy(tmp_path)
    monkeypatch.setenv("ANONAMOOSE_DB", proxy.env["ANONAMOOSE_DB"])
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(proxy.confdir))
    return proxy


@pytest.fixture
def api(proxy: Any, tmp_path: Path) -> Iterator[httpx.Client]:
    """`anonamoose api` in its own process over the proxy's store and key, with admin and read tokens."""
    server = api_process.ApiProcess(
        tmp_path,
        {
            "ANONAMOOSE_DB": proxy.env["ANONAMOOSE_DB"],
            "ANONAMOOSE_CONFDIR": str(proxy.confdir),
            "ANONAMOOSE_API_TOKEN": api_process.ADMIN_TOKEN,
            "ANONAMOOSE_API_READ_TOKEN": api_process.READ_TOKEN,
        },
    ).start()
    with httpx.Client(base_url=server.url, timeout=30.0) as client:
        yield client
    server.stop()
    log = server.log_text()
    for secret in (api_process.ADMIN_TOKEN, api_process.READ_TOKEN, EMAIL, NAME):
        assert secret not in log


def anonamoose(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in args else result.output


def ask(client: Any, text: str) -> str:
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": text}])
    return str(reply.choices[0].message.content)


def sent(mock_llm: Any) -> str:
    return str(mock_llm.last.json["messages"][0]["content"])


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def without_times(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in ("created", "last_seen", "expires")} for row in rows]


def test_every_endpoint_agrees_with_the_cli_after_sdk_traffic(
    proxy: Any, api: httpx.Client, mock_llm: Any, openai_client: Any, anthropic_client: Any
) -> None:
    assert ask(openai_client(proxy), f"Mail {NAME} at {EMAIL}") == f"You said: Mail {NAME} at {EMAIL}"
    reply = anthropic_client(proxy).messages.create(
        model="claude-3-5-haiku-latest", max_tokens=100, messages=[{"role": "user", "content": f"Call {PHONE}"}]
    )
    assert reply.content[0].text == f"You said: Call {PHONE}"  # type: ignore[union-attr]

    sessions = ok(api.get("/api/v1/sessions", headers=ADMIN))
    cli_sessions = anonamoose("sessions", "list", "--json")
    assert len(sessions["items"]) == 2
    assert without_times(sessions["items"]) == without_times(cli_sessions)
    for row in sessions["items"]:
        shown = ok(api.get(f"/api/v1/sessions/{row['id']}", headers=ADMIN))
        cli_shown = anonamoose("sessions", "show", row["id"], "--json")
        assert shown["placeholders"] == cli_shown["placeholders"] and shown["requests"] == cli_shown["requests"] == 1

    stats = ok(api.get("/api/v1/stats", headers=READ, params={"since": "1h", "by": "type"}))
    cli_report = anonamoose("report", "--since", "1h", "--by", "type", "--json")
    assert stats["rows"] == cli_report
    assert stats["total"]["requests"] == 2 and stats["total"]["pii"] == 3
    assert ok(api.get("/api/v1/stats/public", headers=READ))["pii"] == 3

    logs = ok(api.get("/api/v1/logs", headers=READ))["items"]
    assert logs == anonamoose("logs", "--json")[::-1]
    assert [row["host"] for row in logs] == ["api.anthropic.com", "api.openai.com"]

    audit = ok(api.get("/api/v1/audit", headers=READ))
    cli_audit = anonamoose("audit", "--json")
    assert audit["activity"] == cli_audit["activity"] and audit["coverage"] == cli_audit["coverage"]
    assert audit["retention"]["mappings"] == cli_audit["retention"]["mappings"]

    metrics = api.get("/metrics", headers=READ).text
    by_type = cli_audit["activity"]["pii_by_type"]
    assert by_type == {"EMAIL_ADDRESS": 1, "PERSON": 1, "PHONE_NUMBER": 1}
    for entity_type, count in by_type.items():
        assert f'anonamoose_pii_total{{entity_type="{entity_type}"}} {count:.1f}' in metrics
    requests = re.findall(r'^anonamoose_requests_total\{provider="(\w+)",status="200"\} (\S+)$', metrics, re.M)
    assert sorted(requests) == [("anthropic", "1.0"), ("openai_chat", "1.0")]
    assert "anonamoose_request_duration_seconds_count 2.0" in metrics
    assert "anonamoose_placeholders_restored_total 3.0" in metrics

    assert ok(api.get("/api/v1/settings", headers=READ)) == anonamoose("settings", "get", "--json")
    for text in (json.dumps(sessions), json.dumps(logs), json.dumps(audit), metrics):
        for value in (EMAIL, NAME, PHONE):
            assert value not in text


def test_settings_and_dictionary_set_through_the_api_reach_the_running_proxy(
    proxy: Any, api: httpx.Client, mock_llm: Any, openai_client: Any
) -> None:
    client = openai_client(proxy)
    text = f"Ask {NAME} about Project Falcon at {EMAIL}"
    ask(client, text)
    assert "[PERSON_" in sent(mock_llm) and "Project Falcon" in sent(mock_llm)

    layers = ok(api.put("/api/v1/settings", headers=ADMIN, json={"layers": "dictionary,patterns"}))["layers"]
    assert (layers["value"], layers["source"]) == ("dictionary,patterns", "store")
    assert (
        ok(api.post("/api/v1/dictionary", headers=ADMIN, json={"terms": ["Project Falcon"], "entity_type": "PROJECT"}))[
            "added"
        ]
        == 1
    )
    assert anonamoose("settings", "get", "--json")["layers"] == layers
    assert [t["term"] for t in anonamoose("dict", "list", "--json")] == ["Project Falcon"]

    def changed() -> str:
        ask(client, text)
        return sent(mock_llm)

    wire = eventually(changed, lambda wire: NAME in wire and "Project Falcon" not in wire, DEADLINE_S)
    assert "[PROJECT_" in wire and EMAIL not in wire

    ok(api.delete("/api/v1/settings", headers=ADMIN, params={"key": "layers"}))
    eventually(changed, lambda wire: NAME not in wire, DEADLINE_S)


def test_deleting_a_session_leaves_its_placeholder_unrestored(
    proxy: Any, api: httpx.Client, mock_llm: Any, openai_client: Any
) -> None:
    client = openai_client(proxy, default_headers={"x-anonamoose-session": "case-9"})
    ask(client, f"Please mail {EMAIL} today")
    placeholder = re.findall(r"\[EMAIL_[0-9A-Z]+\]", sent(mock_llm))[0]
    mock_llm.reply_text = f"Writing to {placeholder} now."
    assert ask(client, "go ahead") == f"Writing to {EMAIL} now."

    (session,) = ok(api.get("/api/v1/sessions", headers=ADMIN))["items"]
    restored = ok(api.post("/api/v1/hydrate", headers=ADMIN, json={"text": placeholder, "session": session["id"]}))
    assert restored == {"restored": EMAIL}
    assert ok(api.delete(f"/api/v1/sessions/{session['id']}", headers=ADMIN)) == {"id": session["id"], "removed": True}
    assert anonamoose("sessions", "list", "--json") == []

    reply = eventually(lambda: ask(client, "go ahead"), lambda text: text != f"Writing to {EMAIL} now.", 10.0)
    assert reply == f"Writing to {placeholder} now."
    events = [e["detail"] for e in anonamoose("audit", "--json")["events"]["recent"]]
    assert any(d.endswith("DELETE /api/v1/sessions/{session_id} -> 200") and d.startswith("admin:") for d in events)
    assert any(d.endswith("POST /api/v1/hydrate -> 200") for d in events)


def test_logs_cleared_through_the_api_are_gone_from_the_cli(
    proxy: Any, api: httpx.Client, mock_llm: Any, openai_client: Any
) -> None:
    ask(openai_client(proxy), f"Mail {EMAIL}")
    # The proxy writes a flow's log row off the event loop, just after the reply: wait for it.
    eventually(lambda: anonamoose("logs", "--json"), lambda rows: len(rows) == 1, 10.0)
    # 401 without a token (or a wrong one), 403 for the read-only token on a write; /healthz is open.
    assert api.delete("/api/v1/logs", params={"confirm": "true"}).status_code == 401
    assert api.get("/api/v1/logs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert api.delete("/api/v1/logs", headers=READ, params={"confirm": "true"}).status_code == 403
    assert api.get("/api/v1/sessions", headers=READ).status_code == 403
    assert api.get("/healthz").json() == {"status": "ok"}
    assert ok(api.delete("/api/v1/logs", headers=ADMIN, params={"confirm": "true"})) == {"cleared": 1}
    assert anonamoose("logs", "--json") == []
    (record, *_) = anonamoose("audit", "--json")["expiry"]["records"]
    assert (record["action"], record["trigger"], record["flow_rows"]) == ("clear", "api", 1)
    assert "anonamoose_requests_total{" not in api.get("/metrics", headers=READ).text


def test_the_api_refuses_to_start_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANONAMOOSE_API_")}
    env["ANONAMOOSE_DB"] = str(tmp_path / "db.sqlite")
    command = [api_process.anonamoose_binary(), "api", "--listen", f"0.0.0.0:{api_process.free_port()}"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: refusing to serve the API on 0.0.0.0 without a token: set ANONAMOOSE_API_TOKEN (or a token file), "
        "or listen on 127.0.0.1"
    ]
