"""Turning anonamoose_fail_closed off in mitmweb's option editor (its HTTP API) is logged and shown in `audit`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from addon.cli import cli
from tests.e2e.conftest import MitmwebProcess, proxy_process

pytestmark = pytest.mark.e2e

WAIT_S = 15.0


def set_option(client: httpx.Client, **values: Any) -> None:
    """PUT /options, as mitmweb's option editor does (Tornado's double-submit XSRF token on a write)."""
    token = "e2e1" * 8
    response = client.put("/options", json=values, headers={"X-XSRFToken": token, "Cookie": f"_mitmproxy_xsrf={token}"})
    response.raise_for_status()


def events(db: str, confdir: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["audit", "--json"], env={"ANONAMOOSE_DB": db, "ANONAMOOSE_CONFDIR": str(confdir)})
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output)["events"]["recent"])


def wait_for_events(db: str, confdir: Path, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        seen = events(db, confdir)
        if len(seen) >= count:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"audit shows {len(seen)} of {count} events")


def test_fail_closed_off_and_on_in_mitmweb_shows_in_audit(tmp_path: Path, test_ca: Any, mock_llm: Any) -> None:
    process = proxy_process(tmp_path, test_ca, mock_llm.port, process_class=MitmwebProcess).start()
    db, confdir = process.env["ANONAMOOSE_DB"], process.confdir
    try:
        with process.api_client() as client:
            set_option(client, anonamoose_fail_closed=False)
            [off] = wait_for_events(db, confdir, 1)
            assert off["kind"] == "fail_closed_off" and "turned off at runtime" in off["detail"]
            assert client.get("/options").json()["anonamoose_fail_closed"]["value"] is False
            set_option(client, anonamoose_fail_closed=True)
            on, _ = wait_for_events(db, confdir, 2)
            assert on["kind"] == "fail_closed_on"
        log = process.log_text()
        assert "anonamoose_fail_closed turned off at runtime" in log and "turned back on" in log
    finally:
        process.stop()
