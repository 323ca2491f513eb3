"""Nothing plaintext at rest, end to end: real mitmdump, the real openai SDK, the proxy's own SQLite file."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli import cli
from store.crypto import KEY_FILENAME

pytestmark = pytest.mark.e2e

# A name the detectors may or may not catch, words around it no detector treats as PII, and an email.
NAME = "Zebulon Quaxley"
AROUND = "zeppelin invoice"
EMAIL = "zebulon.q@example.com"
USER_TEXT = f"Please ask {NAME} about the {AROUND} and copy {EMAIL} on it."
WRITE_WAIT_S = 30.0


def cli_on(proxy: Any, *args: str) -> str:
    env = {"ANONAMOOSE_DB": proxy.env["ANONAMOOSE_DB"], "ANONAMOOSE_CONFDIR": str(proxy.confdir)}
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def wait_for(condition: Any, proxy: Any = None) -> Any:
    deadline = time.monotonic() + WRITE_WAIT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"the proxy did not write in time; its log:\n{proxy.log_text() if proxy else ''}")


def files_holding(directory: Path, needles: list[str]) -> dict[str, list[str]]:
    """Which files hold which needle, as raw bytes (the database, its WAL and SHM)."""
    found: dict[str, list[str]] = {}
    for file in directory.iterdir():
        data = file.read_bytes() if file.is_file() else b""
        hits = [n for n in needles if n.encode() in data]
        if hits:
            found[file.name] = hits
    return found


def test_the_flow_log_holds_no_text_and_clearing_it_is_recorded(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any
) -> None:
    proxy = start_proxy(tmp_path, extra_args=["--set", "anonamoose_log_ttl=14d"])
    reply = openai_client(proxy).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert reply.choices[0].message.content.endswith(USER_TEXT)  # restored for the client
    assert EMAIL not in json.dumps(mock_llm.requests[-1].json)  # redacted for the upstream

    rows = wait_for(lambda: json.loads(cli_on(proxy, "logs", "--json")), proxy)
    [row] = rows
    stored = json.dumps(row)
    assert NAME.split()[0] not in stored and NAME.split()[1] not in stored and AROUND not in stored
    assert EMAIL not in stored and row["redacted_preview"] is None
    assert row["detections"].get("EMAIL_ADDRESS") == 1 and any(p.startswith("[EMAIL_") for p in row["placeholders"])
    table = cli_on(proxy, "logs")
    assert "placeholders" in table and AROUND not in table and "Quaxley" not in table

    # Not in any file of the store either: values are encrypted, the flow log has no text, reply memory is sealed.
    db = Path(proxy.env["ANONAMOOSE_DB"])
    assert files_holding(db.parent, ["Quaxley", AROUND, EMAIL]) == {}
    for name in (db.name, db.name + "-wal", db.name + "-shm"):
        assert stat.S_IMODE(os.stat(db.with_name(name)).st_mode) == 0o600, name

    assert "cleared 1 flow-log row(s)" in cli_on(proxy, "logs", "clear", "--yes")
    assert json.loads(cli_on(proxy, "logs", "--json")) == []
    evidence = json.loads(cli_on(proxy, "audit", "--json"))
    records = evidence["expiry"]["records"]
    assert (records[0]["action"], records[0]["flow_rows"], records[0]["log_ttl"]) == ("clear", 1, "manual clear")
    # The proxy's periodic purge ran at start and left its own record, with the TTLs it applied.
    proxy_purge = next(r for r in records if r["trigger"] == "proxy")
    assert (proxy_purge["action"], proxy_purge["log_ttl"], proxy_purge["scope_ttl"]) == ("purge", "14d", "24h")
    assert evidence["retention"]["log_ttl"] == "14d" and evidence["retention"]["flow_rows"] == 0
    audit_table = cli_on(proxy, "audit")
    assert "Expiry records" in audit_table and "manual clear" in audit_table


def test_the_proxy_refuses_to_start_on_an_exposed_key_file(start_proxy: Any, tmp_path: Path) -> None:
    confdir = tmp_path / "exposed-conf"
    confdir.mkdir()
    (confdir / KEY_FILENAME).write_text("a" * 64 + "\n")
    (confdir / KEY_FILENAME).chmod(0o644)
    try:
        proxy = start_proxy(tmp_path, confdir=confdir)
    except RuntimeError as exc:  # exited before its port opened
        log = str(exc)
    else:  # mitmdump opens its port, then exits on the error logged during start-up
        wait_for(lambda: not proxy.running)
        log = proxy.log_text()
    assert "Cannot start anonamoose: key file" in log and "is readable by group or others (mode 0644)" in log
    assert "chmod 600" in log and "Error logged during startup, exiting" in log


def test_starting_fail_open_shows_in_audit(start_proxy: Any, tmp_path: Path) -> None:
    proxy = start_proxy(tmp_path, extra_args=["--set", "anonamoose_fail_closed=false"])
    # The read command refuses a database that is not there yet; the proxy creates it as it starts.
    wait_for(lambda: Path(proxy.env["ANONAMOOSE_DB"]).exists(), proxy)
    events = wait_for(lambda: json.loads(cli_on(proxy, "audit", "--json"))["events"]["recent"], proxy)
    assert events[0]["kind"] == "fail_closed_off" and "off when the proxy started" in events[0]["detail"]
    assert "anonamoose_fail_closed off when the proxy started" in proxy.log_text()
