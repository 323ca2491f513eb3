"""The gateway guard in real processes: an open listener is refused however it was asked for; proxyauth opens it.

Listeners on 0.0.0.0 live only for the length of one test, and every connection goes to 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openai
import pytest

from tests.e2e.conftest import ADDON_SCRIPT, REDIRECT_SCRIPT, REPO_ROOT, free_port, mitmdump_binary, port_open

ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
STARTUP_TIMEOUT_S = 90.0
EMAIL = "jane.citizen@example.com"


def proxy_answer(port: int) -> bytes:
    """What the proxy answers a CONNECT to an LLM host with (b"" when nothing listens or it closes at once)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
            raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
            return raw.recv(4096)
    except OSError:
        return b""


def environment(tmp_path: Path, mock_llm: Any, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "E2E_MOCK_PORT": str(mock_llm.port),
        "ANONAMOOSE_DB": str(tmp_path / "anonamoose.db"),
        "ANONAMOOSE_CONFDIR": str(tmp_path / "confdir"),
        **extra,
    }
    env.pop("ANONAMOOSE_PROXYAUTH", None)
    return {**env, **extra}


def to_mitmproxy(test_ca: Any) -> list[str]:
    return ["-s", str(REDIRECT_SCRIPT), "--set", f"ssl_verify_upstream_trusted_ca={test_ca.ca_cert}"]


def refused_start(command: list[str], env: dict[str, str], port: int, tmp_path: Path) -> str:
    """Run a start that must be refused: it exits non-zero, never listens, and says why."""
    log = tmp_path / "refused.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        answers = []
        while process.poll() is None and time.monotonic() < deadline:
            answers.append(proxy_answer(port))
            time.sleep(0.05)
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
            raise AssertionError(f"the proxy did not refuse to start:\n{log.read_text(errors='replace')}")
    text = log.read_text(errors="replace")
    assert process.returncode != 0, text
    # mitmproxy may open its port for a moment before it exits: nobody is served in that moment
    assert not any(answers), f"the refused proxy answered: {[a for a in answers if a][:1]}"
    assert "beyond loopback" in text and "proxyauth" in text, text
    return text


def test_run_refuses_a_listen_host_given_after_the_double_dash(tmp_path: Path, test_ca: Any, mock_llm: Any) -> None:
    port = free_port()
    command = [str(ANONAMOOSE), "run", "--port", str(port), "--", "--listen-host", "0.0.0.0", *to_mitmproxy(test_ca)]
    text = refused_start(command, environment(tmp_path, mock_llm), port, tmp_path)
    assert "0.0.0.0" in text


def test_mitmdump_refuses_a_mode_listening_beyond_loopback(tmp_path: Path, test_ca: Any, mock_llm: Any) -> None:
    port = free_port()
    command = [
        str(mitmdump_binary()),
        "-s",
        str(ADDON_SCRIPT.relative_to(REPO_ROOT)),
        "--listen-host",
        "127.0.0.1",
        "--mode",
        f"regular@0.0.0.0:{port}",
        "--set",
        f"confdir={tmp_path / 'confdir'}",
        *to_mitmproxy(test_ca),
    ]
    text = refused_start(command, environment(tmp_path, mock_llm), port, tmp_path)
    assert f"regular@0.0.0.0:{port}" in text


def test_proxyauth_from_a_file_opens_it_and_stays_out_of_the_command_line(
    tmp_path: Path, test_ca: Any, mock_llm: Any
) -> None:
    port = free_port()
    secret = tmp_path / "proxyauth"
    secret.write_text("alice:s3cret-pass\n")
    secret.chmod(0o600)
    command = [
        str(ANONAMOOSE),
        "run",
        "--port",
        str(port),
        "--proxyauth-file",
        str(secret),
        "--",
        "--listen-host",
        "0.0.0.0",
        *to_mitmproxy(test_ca),
    ]
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=environment(tmp_path, mock_llm),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not port_open(port):
                assert process.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the proxy did not start"
                time.sleep(0.05)
            assert b"s3cret-pass" not in Path(f"/proc/{process.pid}/cmdline").read_bytes()
            with socket.create_connection(("127.0.0.1", port), timeout=STARTUP_TIMEOUT_S) as raw:  # loading
                raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
                assert raw.recv(4096).split(b"\r\n")[0].endswith(b"407 Proxy Authentication Required")
            confdir = tmp_path / "confdir"
            http_client = openai.DefaultHttpxClient(
                proxy=f"http://alice:s3cret-pass@127.0.0.1:{port}", verify=str(confdir / "mitmproxy-ca-cert.pem")
            )
            with openai.OpenAI(api_key="sk-test-1", http_client=http_client, max_retries=0, timeout=30) as client:
                reply = client.chat.completions.create(
                    model="gpt-4o-mini", messages=[{"role": "user", "content": f"mail {EMAIL}"}]
                )
            assert reply.choices[0].message.content == f"You said: mail {EMAIL}"
            assert EMAIL.encode() not in mock_llm.last.body
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


pytestmark = pytest.mark.e2e
