"""`anonamoose_api` (`anonamoose run --api`): the management API served from the proxy's own event loop."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e import api_process

pytestmark = pytest.mark.e2e

MODEL = "gpt-4o-mini"
EMAIL = "jane.citizen@example.com"


def mitmdump_binary() -> Path:
    return Path(sys.executable).parent / "mitmdump"


ADMIN = {"Authorization": f"Bearer {api_process.ADMIN_TOKEN}"}


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_the_proxy_serves_its_api_and_stops_it_with_itself(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any
) -> None:
    port = api_process.free_port()
    proxy = start_proxy(
        tmp_path,
        extra_args=["--set", f"anonamoose_api=127.0.0.1:{port}"],
        env={"ANONAMOOSE_API_TOKEN": api_process.ADMIN_TOKEN},
    )
    api = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0)
    try:
        ready = api_process.wait_for(lambda: api.get("/readyz").status_code == 200)
        assert ready, proxy.log_text()
        client = openai_client(proxy, default_headers={"x-anonamoose-session": "case-1"})
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": f"Mail {EMAIL}"}])
        placeholder = re.findall(r"\[EMAIL_[0-9A-Z]+\]", mock_llm.last.json["messages"][0]["content"])[0]

        assert api.get("/api/v1/sessions").status_code == 401
        (session,) = api.get("/api/v1/sessions", headers=ADMIN).json()["items"]
        assert session["by_type"] == {"EMAIL_ADDRESS": 1}
        hydrated = api.post("/api/v1/hydrate", headers=ADMIN, json={"text": placeholder, "session": session["id"]})
        assert hydrated.json() == {"restored": EMAIL}
        assert api.get("/api/v1/logs", headers=ADMIN).json()["items"][0]["pii_count"] == 1
        assert 'anonamoose_pii_total{entity_type="EMAIL_ADDRESS"} 1.0' in api.get("/metrics", headers=ADMIN).text
        settings = api.put("/api/v1/settings", headers=ADMIN, json={"style": "pua"}).json()
        assert settings["style"]["value"] == "pua" and settings["style"]["source"] == "store"
    finally:
        api.close()
    client.close()
    proxy.stop()
    assert not listening(port)
    log = proxy.log_text()
    assert api_process.ADMIN_TOKEN not in log and EMAIL not in log and "Traceback" not in log


def test_the_proxy_refuses_an_api_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    port = api_process.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANONAMOOSE_API_")}
    env |= {"ANONAMOOSE_DB": str(tmp_path / "db.sqlite"), "ANONAMOOSE_CONFDIR": str(tmp_path / "confdir")}
    command = [
        str(mitmdump_binary()),
        "--listen-host",
        "127.0.0.1",
        "--listen-port",
        str(api_process.free_port()),
        "--set",
        f"confdir={tmp_path / 'confdir'}",
        "-s",
        "addon/anonamoose.py",
        "--set",
        f"anonamoose_api=0.0.0.0:{port}",
    ]
    done = subprocess.run(command, cwd=api_process.REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "anonamoose_api: refusing to serve the API on 0.0.0.0 without a token" in done.stdout + done.stderr
    assert not listening(port)
