"""`logs` (placeholders, no text), `logs clear`, `sessions purge`, `audit`'s expiry records and events, and the
CLI's refusals (an exposed key file, a :memory: database), through click on a real SQLite store."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli import cli
from store import audit_events, retention
from store.crypto import KEY_FILENAME
from store.db import open_db
from store.flows import record_flow
from store.models import FlowRecord, Scope, utcnow

DAY = 86400


def flow(days_ago: float, **fields: Any) -> None:
    record_flow(
        time=utcnow() - timedelta(days=days_ago),
        host="api.openai.com",
        path="/v1/chat/completions",
        status=200,
        **fields,
    )


@pytest.fixture
def store() -> None:
    open_db()  # $ANONAMOOSE_DB, set per test by tests/conftest.py
    flow(40, detections={"PERSON": 1}, pii_count=1, placeholders=["[PERSON_AB12C]"])
    flow(10, detections={"EMAIL_ADDRESS": 1}, pii_count=1, placeholders=["[EMAIL_7K2Q9]"])
    flow(0, detections={"EMAIL_ADDRESS": 1, "PERSON": 1}, pii_count=2, placeholders=["[EMAIL_7K2Q9]", "[PERSON_AB12C]"])


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result.output


def test_logs_show_placeholders_without_a_preview(store: None) -> None:
    out = ok("logs")
    assert "placeholders" in out and "preview" not in out
    assert "[EMAIL_7K2Q9] [PERSON_AB12C]" in out
    rows = json.loads(ok("logs", "--json"))
    assert [row["placeholders"] for row in rows][-1] == ["[EMAIL_7K2Q9]", "[PERSON_AB12C]"]
    assert all(row["redacted_preview"] is None for row in rows)


def test_logs_clear_asks_first_and_keeps_the_log_on_no(store: None) -> None:
    result = run("logs", "clear", input="n\n")
    assert result.exit_code == 1 and "Delete every flow-log row?" in result.output
    assert FlowRecord.select().count() == 3 and retention.expiry_records() == []


def test_logs_clear_empties_the_log_and_audit_lists_the_record(store: None) -> None:
    assert "cleared 3 flow-log row(s)" in ok("logs", "clear", "--yes")
    assert json.loads(ok("logs", "--json")) == []
    evidence = json.loads(ok("audit", "--json"))
    [record] = evidence["expiry"]["records"]
    assert (record["action"], record["trigger"], record["flow_rows"], record["log_ttl"]) == (
        "clear",
        "cli",
        3,
        "manual clear",
    )
    assert evidence["expiry"]["totals"]["clears"] == 1
    out = ok("audit")
    assert "Expiry records (retention evidence" in out and "manual clear" in out and "0 purge run(s), 1 clear(s)" in out


def test_logs_clear_before_keeps_the_newer_rows(store: None) -> None:
    assert json.loads(ok("logs", "clear", "--yes", "--before", "7d", "--json")) == {"cleared": 2}
    assert len(json.loads(ok("logs", "--json"))) == 1
    assert retention.expiry_records()[0]["log_ttl"] == "manual clear before 7d"


def test_logs_clear_honours_db_before_or_after_the_subcommand(tmp_path: Path) -> None:
    for args in (
        ["logs", "--db", str(tmp_path / "a.db"), "clear", "--yes"],
        ["logs", "clear", "--yes", "--db", str(tmp_path / "b.db")],
    ):
        open_db(args[2] if args[1] == "--db" else args[-1])
        flow(0)
        assert "cleared 1 flow-log row(s)" in ok(*args)
    assert not Path(os.environ["ANONAMOOSE_DB"]).exists()  # the default store was never opened


def test_sessions_purge_expires_the_flow_log_by_the_proxys_ttl(store: None) -> None:
    retention.purge(30 * DAY, retention.PROXY, DAY)  # the proxy ran once with a 30d log TTL: the 40-day row went
    now = utcnow()
    Scope.insert(
        id="s" * 64, tenant_hash="t", created=now, last_seen=now, expires_at=now - timedelta(hours=1)
    ).execute()
    flow(20)
    out = ok("sessions", "purge", "--yes", "--log-ttl", "15d")
    assert "purged 1 expired session(s)" in out and "1 flow-log row(s) older than 15d (given)" in out
    flow(9)
    retention.purge(8 * DAY, retention.PROXY, DAY)  # a proxy with a shorter TTL now
    flow(9)
    out = ok("sessions", "purge", "--yes")  # default: the TTL the proxy applied last
    assert "1 flow-log row(s) older than 8d (the proxy's anonamoose_log_ttl)" in out
    records = json.loads(ok("audit", "--json"))["expiry"]["records"]
    assert [(r["trigger"], r["log_ttl"], r["scopes"]) for r in records] == [
        ("cli", "8d", 0),
        ("proxy", "8d", 0),
        ("cli", "15d", 1),
        ("proxy", "30d", 0),
    ]
    assert records[3]["flow_rows"] == 1


def test_sessions_purge_refuses_a_bad_log_ttl(store: None) -> None:
    result = run("sessions", "purge", "--yes", "--log-ttl", "0")
    assert result.exit_code == 2 and "at least one second" in result.output
    assert retention.expiry_records() == []


def test_audit_shows_fail_closed_events_and_the_flow_log_retention(store: None) -> None:
    audit_events.record_event(audit_events.FAIL_CLOSED_OFF, "anonamoose_fail_closed turned off at runtime: test")
    out = ok("audit", "--records", "5")
    assert "Audit events" in out and "fail_closed_off" in out and "turned off at runtime" in out
    assert "flow-log TTL" in out and "30d (default" in out and "flow-log rows held" in out
    evidence = json.loads(ok("audit", "--json"))
    assert evidence["events"]["counts"] == {"fail_closed_off": 1}
    assert evidence["retention"]["flow_rows"] == 3 and evidence["retention"]["flow_rows_with_preview"] == 0


def test_an_exposed_key_file_is_a_clear_cli_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_exec(*_args: object) -> None:
        raise AssertionError("`run` went on to start mitmproxy with an exposed key file")

    monkeypatch.setattr(os, "execv", no_exec)
    confdir = Path(os.environ["ANONAMOOSE_CONFDIR"])
    confdir.mkdir(parents=True)
    (confdir / KEY_FILENAME).write_text("a" * 64 + "\n")
    (confdir / KEY_FILENAME).chmod(0o640)
    for args in (["run", "--port", "18080"], ["certs"], ["redact", "mail jane@example.com"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Error: key file" in result.output and "readable by group or others (mode 0640)" in result.output
        assert "chmod 600" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("url", [":memory:", "sqlite:///:memory:"])
def test_a_memory_database_is_a_clear_cli_error(url: str) -> None:
    for args in (["logs", "--db", url], ["audit", "--db", url], ["logs", "clear", "--yes", "--db", url]):
        result = run(*args)
        assert result.exit_code == 1 and "in-memory SQLite database (:memory:) is refused" in result.output, args


def test_top_shows_placeholders_and_no_preview_column(store: None) -> None:
    out = ok("top", "--once", "--width", "160")
    assert "placeholders" in out and "[EMAIL_7K2Q9] [PERSON_AB12C]" in out and "preview" not in out
