"""Reports end to end: real SDK traffic through a real mitmdump, then `report`, `logs`, `audit`, `top` on its store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli import cli
from detectors.engine import build_detector

pytestmark = pytest.mark.e2e

USER_TEXT = (
    "Please email Jane Citizen at jane.citizen@example.com about card 4111 1111 1111 1111; "
    "her mobile is +61 412 345 678 and her TFN is 123 456 782."
)
OPENAI_MODEL = "gpt-4o-mini"
CLAUDE_MODEL = "claude-e2e-mock"
FLOWS = 4  # three scanned requests and one refused
WRITE_WAIT_S = 15.0


@pytest.fixture(scope="module")
def expected() -> tuple[Counter[str], list[str]]:
    """What the engine finds in USER_TEXT: counts by type, and the values no report may show."""
    detections = build_detector().detect(USER_TEXT)
    values = [USER_TEXT[d.start : d.end] for d in detections]
    assert {"jane.citizen@example.com", "4111 1111 1111 1111", "123 456 782"} <= set(values)
    return Counter(d.entity_type for d in detections), values


def wait_for_flows(db: Path, count: int) -> None:
    """The proxy writes its flow log off the event loop: wait until every flow is there."""
    deadline = time.monotonic() + WRITE_WAIT_S
    seen = 0
    while time.monotonic() < deadline:
        if db.exists():
            with sqlite3.connect(db) as conn:
                try:
                    seen = conn.execute("SELECT COUNT(*) FROM flow_record").fetchone()[0]
                except sqlite3.OperationalError:
                    seen = 0
            if seen >= count:
                return
        time.sleep(0.1)
    raise AssertionError(f"the proxy logged {seen} of {count} flows")


@pytest.fixture
def traffic(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any, anthropic_client: Any, httpx_client: Any
) -> Any:
    proxy = start_proxy(tmp_path)
    openai = openai_client(proxy)
    assert (
        openai.chat.completions.create(model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}])
        .choices[0]
        .message.content.endswith(USER_TEXT)
    )
    stream = openai.chat.completions.create(
        model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}], stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices).endswith(USER_TEXT)
    message = anthropic_client(proxy).messages.create(
        model=CLAUDE_MODEL, max_tokens=100, messages=[{"role": "user", "content": USER_TEXT}]
    )
    assert message.content[0].text.endswith(USER_TEXT)
    refused = httpx_client(proxy).post(
        "https://api.openai.com/v1/chat/completions",
        content=b'{"messages": [{"role": "user", "content": "jane',
        headers={"content-type": "application/json", "authorization": "Bearer sk-test-1"},
    )
    assert refused.status_code == 400  # the client's invalid JSON: refused, nothing sent
    db = Path(proxy.env["ANONAMOOSE_DB"])
    wait_for_flows(db, FLOWS)
    return proxy


def cli_on(proxy: Any, values: list[str], *args: str) -> str:
    """Run a command against the proxy's store, as an operator on that host would; no value may appear."""
    env = {"ANONAMOOSE_DB": proxy.env["ANONAMOOSE_DB"], "ANONAMOOSE_CONFDIR": str(proxy.confdir)}
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    for value in values:
        assert value not in result.output, f"{args} printed a detected value"
    return result.output


def test_reports_count_what_the_sdks_sent(traffic: Any, expected: tuple[Counter[str], list[str]]) -> None:
    per_request, values = expected
    scanned = FLOWS - 1

    by_type = {row["type"]: row for row in json.loads(cli_on(traffic, values, "report", "--json"))}
    assert {t: (r["requests"], r["pii"]) for t, r in by_type.items()} == {
        **{t: (scanned, scanned * n) for t, n in per_request.items()},
        "(none)": (1, 0),
    }
    assert by_type["(none)"]["errors"] == 1
    # The replies echo each placeholder once: each type's restored is its own placeholders, plain and streamed.
    assert {t: r["restored"] for t, r in by_type.items()} == {
        **{t: scanned * n for t, n in per_request.items()},
        "(none)": 0,
    }

    hosts = list(csv.DictReader(io.StringIO(cli_on(traffic, values, "report", "--by", "host", "--csv"))))
    assert {(r["host"], r["requests"], r["pii"], r["errors"]) for r in hosts} == {
        ("api.openai.com", "3", str(2 * per_request.total()), "1"),
        ("api.anthropic.com", "1", str(per_request.total()), "0"),
    }
    assert sum(int(r["restored"]) for r in hosts) == scanned * per_request.total()
    assert all(float(r["duration_p50"]) > 0 for r in hosts)

    table = cli_on(traffic, values, "report", "--by", "layer")
    total = next(line for line in table.splitlines() if "all flows" in line)
    assert [cell.strip() for cell in total.split("│")[2:4]] == [str(FLOWS), str(scanned * per_request.total())]


def test_logs_show_types_and_placeholders(traffic: Any, expected: tuple[Counter[str], list[str]]) -> None:
    per_request, values = expected
    rows = json.loads(cli_on(traffic, values, "logs", "--json"))
    assert [row["host"] for row in rows] == ["api.openai.com"] * 2 + ["api.anthropic.com", "api.openai.com"]
    assert [row["streamed"] for row in rows] == [False, True, False, False]
    for row in rows[:3]:
        assert row["status"] == 200 and row["detections"] == dict(per_request) and row["error"] is None
        assert row["restored"] == per_request.total() and row["redacted_preview"] is None  # previews are opt-in
        assert row["restored_types"] == dict(per_request)
        assert any(p.startswith("[EMAIL_") for p in row["placeholders"])
    assert rows[3]["status"] == 400 and "does not parse" in rows[3]["error"] and rows[3]["pii_count"] == 0

    refused = json.loads(cli_on(traffic, values, "logs", "--json", "--status", "400"))
    assert [r["id"] for r in refused] == [rows[3]["id"]]
    assert len(json.loads(cli_on(traffic, values, "logs", "--json", "--host", "api.anthropic.com"))) == 1
    csv_rows = list(csv.DictReader(io.StringIO(cli_on(traffic, values, "logs", "--csv", "--limit", "2"))))
    assert [r["status"] for r in csv_rows] == ["200", "400"]
    table = cli_on(traffic, values, "logs")
    assert "refused/failed" in table and "api.anthropic.com" in table


def test_audit_is_evidence_of_this_proxy(traffic: Any, expected: tuple[Counter[str], list[str]]) -> None:
    per_request, values = expected
    evidence = json.loads(cli_on(traffic, values, "audit", "--json"))
    activity = evidence["activity"]
    assert (activity["requests"], activity["requests_with_pii"], activity["refused"]) == (FLOWS, 3, 1)
    assert activity["pii_by_type"] == {t: 3 * n for t, n in per_request.items()}
    assert activity["refused_by_status"] == {"400": 1}
    assert {h["host"]: h["requests"] for h in activity["hosts"]} == {"api.openai.com": 3, "api.anthropic.com": 1}
    assert evidence["retention"]["scopes"] == 2  # one per credential
    assert evidence["retention"]["mappings"] >= len(set(values))
    crypto = evidence["encryption"]
    assert crypto["key_file_exists"] and crypto["key_file_mode"] == "0600" and not crypto["anonamoose_key_env_used"]
    assert evidence["database"]["path"] == str(Path(traffic.env["ANONAMOOSE_DB"]).resolve())

    table = cli_on(traffic, values, "audit")
    assert "requests refused (fail closed)         1 400×1" in table and "mode 0600, private to its owner" in table
    top = cli_on(traffic, values, "top", "--once", "--width", "100")
    assert f"requests {FLOWS}  PII {3 * per_request.total()}" in top
