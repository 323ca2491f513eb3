"""`anonamoose run` in its modes, started as a user starts it: gateway with proxy auth, base-URL (reverse), --web.

The test-only redirect script and the test CA go to mitmproxy after `--`, the way any extra mitmproxy argument does.
Everything listens on 127.0.0.1; the gateway's refusal to listen beyond loopback is tested in tests/addon.
"""

from __future__ import annotations

import os
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from tests.e2e.conftest import REDIRECT_SCRIPT, MitmdumpProcess, free_port, port_open

pytestmark = pytest.mark.e2e

ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
STARTUP_TIMEOUT_S = 60.0
EMAIL = "jane.citizen@example.com"
CARD = "4111 1111 1111 1111"
USER_TEXT = f"Please email {EMAIL} about card {CARD}."
ECHO = "You said: " + USER_TEXT
MESSAGES: Any = [{"role": "user", "content": USER_TEXT}]
MODEL = "gpt-4o-mini"


class RunProcess(MitmdumpProcess):
    """`anonamoose run --port P ARGS` in its own confdir and database; ready when its ports answer."""

    def __init__(self, workdir: Path, args: list[str], env: dict[str, str], extra_ports: tuple[int, ...] = ()):
        state = {"ANONAMOOSE_CONFDIR": str(workdir / "confdir"), "ANONAMOOSE_DB": str(workdir / "anonamoose.db")}
        super().__init__(workdir, workdir / "confdir", args, {**os.environ, "PYTHONUNBUFFERED": "1", **state, **env})
        self.log_path = workdir / "run.log"
        self.ports = (self.port, *extra_ports)

    @property
    def command(self) -> list[str]:
        return [str(ANONAMOOSE), "run", "--port", str(self.port), *self.args]

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"anonamoose run exited with {self._process.returncode}:\n{self.log_text()}")
            if all(port_open(p) for p in self.ports):
                return
            time.sleep(0.05)
        raise RuntimeError(f"anonamoose run not ready after {STARTUP_TIMEOUT_S}s:\n{self.log_text()}")


@pytest.fixture
def start_run(test_ca: Any, mock_llm: Any, tmp_path: Path) -> Iterator[Any]:
    """Factory: `start_run(*run_args, mitmproxy=[...])` with the redirect to the mock and the test CA added."""
    started: list[RunProcess] = []

    def start(*args: str, mitmproxy: tuple[str, ...] = (), extra_ports: tuple[int, ...] = ()) -> RunProcess:
        workdir = tmp_path / f"run-{len(started)}"
        workdir.mkdir()
        to_mitmproxy = [
            "-s",
            str(REDIRECT_SCRIPT),
            "--set",
            f"ssl_verify_upstream_trusted_ca={test_ca.ca_cert}",
            *mitmproxy,
        ]
        process = RunProcess(workdir, [*args, "--", *to_mitmproxy], {"E2E_MOCK_PORT": str(mock_llm.port)}, extra_ports)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()


def assert_redacted_upstream(mock_llm: Any, count: int = 1) -> None:
    sent = mock_llm.requests_to("api.openai.com")
    assert len(sent) == count, "the mock did not receive what the client sent"
    for request in sent:
        wire = request.body.decode()
        assert EMAIL not in wire and CARD not in wire
        assert "[EMAIL_" in wire and "[CARD_" in wire


def connect_status(port: int, headers: str = "") -> bytes:
    """The status line the proxy answers a CONNECT to api.openai.com with."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(f"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n{headers}\r\n".encode())
        return raw.recv(4096).split(b"\r\n")[0]


# ---- gateway: proxy authentication ----------------------------------------------------------------------


def test_gateway_answers_407_without_credentials_and_serves_with_them(start_run: Any, mock_llm: Any) -> None:
    proxy = start_run("--proxyauth", "alice:s3cret")
    assert b" 407 " in connect_status(proxy.port)
    assert b" 407 " in connect_status(proxy.port, "Proxy-Authorization: Basic YWxpY2U6d3Jvbmc=\r\n")  # alice:wrong
    assert not mock_llm.requests

    ca = proxy.confdir / "mitmproxy-ca-cert.pem"
    trust = ssl.create_default_context(cafile=str(ca))
    http_client = openai.DefaultHttpxClient(proxy=f"http://alice:s3cret@127.0.0.1:{proxy.port}", verify=trust)
    with openai.OpenAI(api_key="sk-test-gw", http_client=http_client, max_retries=0, timeout=30.0) as client:
        reply = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert reply.choices[0].message.content == ECHO
    assert_redacted_upstream(mock_llm)


# ---- base-URL (reverse) mode ----------------------------------------------------------------------------


@pytest.fixture
def base_url_client(start_run: Any) -> Iterator[openai.OpenAI]:
    proxy = start_run("--upstream", "https://api.openai.com")
    # Plain http to the proxy's own port: no proxy settings and no CA for the SDK, as with the original tool.
    with openai.OpenAI(
        api_key="sk-test-base", base_url=f"http://127.0.0.1:{proxy.port}/v1", max_retries=0, timeout=30.0
    ) as client:
        yield client


def test_base_url_mode_restores_a_plain_reply(base_url_client: openai.OpenAI, mock_llm: Any) -> None:
    reply = base_url_client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert reply.choices[0].message.content == ECHO
    assert_redacted_upstream(mock_llm)


def test_base_url_mode_restores_a_stream(base_url_client: openai.OpenAI, mock_llm: Any) -> None:
    stream = base_url_client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == ECHO
    assert_redacted_upstream(mock_llm)
    assert mock_llm.last.header("host") == "api.openai.com"


# ---- --web ----------------------------------------------------------------------------------------------


def test_web_starts_mitmweb_whose_ui_answers(start_run: Any) -> None:
    web_port = free_port()
    proxy = start_run(
        "--web", mitmproxy=("--set", f"web_port={web_port}", "--set", "web_open_browser=false"), extra_ports=(web_port,)
    )
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/", timeout=10) as response:
            status, body = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as refused:
        # mitmweb may ask for its token first; an HTTP answer from it is what this smoke test checks.
        status, body = refused.code, refused.read().decode(errors="replace")
    assert status in (200, 403), status
    assert "mitmproxy" in body.lower() or "mitmweb" in body.lower()
    assert "mitmweb on 127.0.0.1" in proxy.log_text()
