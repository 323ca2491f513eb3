"""`anonamoose run` in its modes, started as a user starts it: gateway with proxy auth, base-URL (reverse), --web.

The test-only redirect script and the test CA go to mitmproxy after `--`, the way any extra mitmproxy argument does.
Everything listens on 127.0.0.1; the gateway's refusal to listen beyond loopback is tested in tests/addon.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import openai
import pytest

from tests.e2e.conftest import free_port, port_open

pytestmark = pytest.mark.e2e

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
STARTUP_TIMEOUT_S = 60.0
EMAIL = "jane.citizen@example.com"
CARD = "4111 1111 1111 1111"
USER_TEXT = f"Please email {EMAIL} about card {CARD}."
ECHO = "You said: " + USER_TEXT
MESSAGES: Any = [{"role": "user", "content": USER_TEXT}]
MODEL = "gpt-4o-mini"


class RunProcess:
    """`anonamoose run --port P ARGS` in its own confdir and database; ready when its ports answer."""

    def __init__(self, workdir: Path, args: list[str], env: dict[str, str], extra_ports: tuple[int, ...] = ()):
        self.port = free_port()
        self.confdir = workdir / "confdir"
        self.log_path = workdir / "run.log"
        self.command = [str(ANONAMOOSE), "run", "--port", str(self.port), *args]
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "ANONAMOOSE_CONFDIR": str(self.confdir),
            "ANONAMOOSE_DB": str(workdir / "anonamoose.db"),
            **env,
        }
        self.ports = (self.port, *extra_ports)
        self._log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> RunProcess:
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self.command,
            cwd=REPO_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"anonamoose run exited with {self._process.returncode}:\n{self.log_text()}")
            if all(port_open(p) for p in self.ports):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"anonamoose run not ready after {STARTUP_TIMEOUT_S}s:\n{self.log_text()}")

    def log_text(self) -> str:
        if self._log is not None:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        if self._log is not None:
            self._log.close()


@pytest.fixture
def start_run(test_ca: Any, mock_llm: Any, tmp_path: Path) -> Iterator[Any]:
    """Factory: `start_run(*run_args, mitmproxy=[...])` with the redirect to the mock and the test CA added."""
    started: list[RunProcess] = []

    def start(*args: str, mitmproxy: tuple[str, ...] = (), extra_ports: tuple[int, ...] = ()) -> RunProcess:
        workdir = tmp_path / f"run-{len(started)}"
        workdir.mkdir()
        to_mitmproxy = [
            "-s",
            str(E2E_DIR / "redirect_upstream.py"),
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
    with openai.OpenAI(api_key="sk-test-gw", http_client=http_client, max_retries=0, timeout=90.0) as client:
        reply = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert reply.choices[0].message.content == ECHO
    assert_redacted_upstream(mock_llm)


# ---- the console: one line per intercepted flow ---------------------------------------------------------


def proxied_client(proxy: RunProcess) -> openai.OpenAI:
    trust = ssl.create_default_context(cafile=str(proxy.confdir / "mitmproxy-ca-cert.pem"))
    http_client = openai.DefaultHttpxClient(proxy=f"http://127.0.0.1:{proxy.port}", verify=trust)
    return openai.OpenAI(api_key="sk-test-console", http_client=http_client, max_retries=0, timeout=90.0)


def flow_lines(proxy: RunProcess, wait_s: float = 5.0) -> list[str]:
    """The console lines `anonamoose run` printed for intercepted flows (waiting briefly for the first)."""
    deadline = time.monotonic() + wait_s
    while True:
        lines = [line for line in proxy.log_text().splitlines() if "anonamoose: api.openai.com" in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_run_prints_one_line_per_flow_without_values(start_run: Any, mock_llm: Any) -> None:
    proxy = start_run()
    with proxied_client(proxy) as client:
        reply = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert reply.choices[0].message.content == ECHO
    assert_redacted_upstream(mock_llm)
    (line,) = flow_lines(proxy)
    assert " 200 · PII " in line and "CREDIT_CARD×1" in line and "EMAIL_ADDRESS×1" in line
    assert "· restored 2 ·" in line and line.endswith(" ms")
    console = proxy.log_text()
    assert EMAIL not in console and CARD not in console and CARD.replace(" ", "") not in console
    assert "POST https://api.openai.com" not in console  # mitmdump's own flow lines give way to ours


def test_run_quiet_prints_no_flow_line(start_run: Any, mock_llm: Any) -> None:
    proxy = start_run("--quiet")
    with proxied_client(proxy) as client:
        assert client.chat.completions.create(model=MODEL, messages=MESSAGES).choices[0].message.content == ECHO
    assert flow_lines(proxy, wait_s=1.0) == []
    assert EMAIL not in proxy.log_text()


# ---- base-URL (reverse) mode ----------------------------------------------------------------------------


@pytest.fixture
def base_url_client(start_run: Any) -> Iterator[openai.OpenAI]:
    proxy = start_run("--upstream", "https://api.openai.com")
    # Plain http to the proxy's own port: no proxy settings and no CA for the SDK, as with the original tool.
    with openai.OpenAI(
        api_key="sk-test-base", base_url=f"http://127.0.0.1:{proxy.port}/v1", max_retries=0, timeout=90.0
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


def printed_ui_line(proxy: RunProcess) -> str:
    """The line the addon prints once mitmweb's UI listens (a moment after its port opens)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        found = [line for line in proxy.log_text().splitlines() if "anonamoose: mitmweb UI at " in line]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no UI line printed:\n{proxy.log_text()}")


def mitmweb_cmdline(proxy: RunProcess) -> str:
    """What `ps` shows for the process `anonamoose run` became (it execs mitmweb)."""
    assert proxy._process is not None
    return Path(f"/proc/{proxy._process.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")


def ui_status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_web_prints_the_tokenised_url_that_opens_the_ui(start_run: Any) -> None:
    web_port = free_port()
    proxy = start_run(
        "--web",
        "--no-open",
        "--web-port",
        str(web_port),
        mitmproxy=("--set", "anonamoose_workers=0"),
        extra_ports=(web_port,),
    )
    line = printed_ui_line(proxy)
    url = line.split("anonamoose: mitmweb UI at ", 1)[1].split()[0]
    base = f"http://127.0.0.1:{web_port}/"
    assert url.startswith(f"{base}?token=") and len(url) > len(base) + len("?token=") + 16
    assert ui_status(url) == 200  # the printed URL is all a browser needs
    assert ui_status(f"{base}flows") == 403 and ui_status(f"{base}flows?token=wrong") == 403
    assert "mitmweb on 127.0.0.1" in proxy.log_text() and "web_open_browser=false" in mitmweb_cmdline(proxy)


def test_web_password_is_the_ui_s_fixed_password_and_stays_out_of_ps(start_run: Any) -> None:
    web_port, password = free_port(), "e2e-fixed-web-password"
    proxy = start_run(
        "--web",
        "--no-open",
        "--web-port",
        str(web_port),
        "--web-password",
        password,
        mitmproxy=("--set", "anonamoose_workers=0"),
        extra_ports=(web_port,),
    )
    line = printed_ui_line(proxy)
    assert f"http://127.0.0.1:{web_port}/ (log in with the web password" in line and password not in line
    assert ui_status(f"http://127.0.0.1:{web_port}/flows", {"Authorization": f"Bearer {password}"}) == 200
    assert ui_status(f"http://127.0.0.1:{web_port}/flows?token={password}") == 200
    assert ui_status(f"http://127.0.0.1:{web_port}/flows", {"Authorization": "Bearer guess"}) == 403
    # `anonamoose run` became mitmweb (exec): its command line, which `ps` shows, holds no password.
    cmdline = mitmweb_cmdline(proxy)
    assert "mitmweb" in cmdline and password not in cmdline and password not in proxy.log_text()
