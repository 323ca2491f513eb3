"""End-to-end fixtures: a test CA, the LLM mock, real mitmdump processes, SDK clients set up like a user's.

Typical use: `proxy = start_proxy(tmp_path, extra_args=["--set", "anonamoose_locale=au"])`, then
`openai_client(proxy).chat.completions.create(...)`, then assertions on `mock_llm.requests` (what the
upstream received) and on the reply (what the client got back).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import anthropic
import httpx
import openai
import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
REDIRECT_SCRIPT = E2E_DIR / "redirect_upstream.py"
ADDON_SCRIPT = REPO_ROOT / "addon" / "anonamoose.py"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 5.0
# A client's whole-request limit: generous, since a proxy's first request may wait for its workers on a busy host.
CLIENT_TIMEOUT_S = 90.0


def _load_sibling(name: str) -> ModuleType:
    # Under --import-mode=importlib this directory is not on sys.path; load helpers by file path.
    module_name = f"anonamoose_e2e_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, E2E_DIR / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


certs = _load_sibling("certs")
mock_llm_module = _load_sibling("mock_llm")
haproxy_module = _load_sibling("haproxy")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/e2e starts real processes: mark it so `-m "not e2e"` skips it.
    for item in items:
        if E2E_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


def mitmdump_binary() -> Path:
    """The mitmdump beside the running interpreter (the venv's), else the repo's .venv."""
    beside = Path(sys.executable).parent / "mitmdump"
    return beside if beside.exists() else REPO_ROOT / ".venv" / "bin" / "mitmdump"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class MitmdumpProcess:
    """A running `mitmdump` with the redirect script (and by default the addon) loaded."""

    def __init__(
        self,
        workdir: Path,
        confdir: Path,
        args: Sequence[str],
        env: Mapping[str, str],
    ) -> None:
        self.workdir = workdir
        self.confdir = confdir
        self.args = list(args)
        self.env = dict(env)
        self.port = free_port()
        self.log_path = workdir / "mitmdump.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_cert(self) -> Path:
        """The proxy's CA certificate: the file a user adds to their client's trust store."""
        return self.confdir / "mitmproxy-ca-cert.pem"

    @property
    def command(self) -> list[str]:
        return [
            str(mitmdump_binary()),
            "--listen-host",
            "127.0.0.1",
            "--listen-port",
            str(self.port),
            "--set",
            f"confdir={self.confdir}",
            *self.args,
        ]

    def start(self) -> MitmdumpProcess:
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self.command,
            cwd=REPO_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"mitmdump exited with {self._process.returncode} during start-up:\n{self.log_text()}"
                )
            if self.ca_cert.exists() and port_open(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"mitmdump not ready after {STARTUP_TIMEOUT_S}s:\n{self.log_text()}")

    def log_text(self) -> str:
        """Everything mitmdump wrote to stdout and stderr (all runs of this handle)."""
        if self._log is not None:
            self._log.flush()
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown hook runs."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> MitmdumpProcess:
        """Stop and start again on the same port, with the same confdir, arguments and environment."""
        self.stop()
        return self.start()


WEB_TOKEN = "e2e-web-token"


class MitmwebProcess(MitmdumpProcess):
    """`mitmweb` with the same arguments as the harness's mitmdump, its UI on a free loopback port."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.web_port = free_port()

    @property
    def command(self) -> list[str]:
        binary = Path(mitmdump_binary()).with_name("mitmweb")
        return [
            str(binary),
            *super().command[1:],
            "--web-host",
            "127.0.0.1",
            "--web-port",
            str(self.web_port),
            "--set",
            "web_open_browser=false",
            "--set",
            f"web_password={WEB_TOKEN}",
        ]

    def _wait_until_ready(self) -> None:
        super()._wait_until_ready()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if port_open(self.web_port):
                return
            time.sleep(0.05)
        raise RuntimeError(f"mitmweb's UI not listening:\n{self.log_text()}")

    def api_client(self) -> httpx.Client:
        """mitmweb's HTTP API, authenticated the way its docs give for scripts: a bearer token."""
        return httpx.Client(
            base_url=f"http://127.0.0.1:{self.web_port}", headers={"Authorization": f"Bearer {WEB_TOKEN}"}, timeout=10
        )


StartProxy = Callable[..., MitmdumpProcess]


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The throwaway CA (and server certificate) standing in for the public web PKI."""
    return certs.make_local_ca(tmp_path_factory.mktemp("test-ca"))


@pytest.fixture(scope="session")
def _mock_llm_server(test_ca: Any) -> Iterator[Any]:
    mock = mock_llm_module.MockLLM(cert_file=test_ca.server_cert, key_file=test_ca.server_key)
    yield mock
    mock.stop()


@pytest.fixture
def mock_llm(_mock_llm_server: Any) -> Iterator[Any]:
    """The session's LLM mock, with recorded requests and settings cleared for this test."""
    _mock_llm_server.reset()
    yield _mock_llm_server
    _mock_llm_server.reset()


def proxy_process(
    workdir: Path,
    test_ca: Any,
    mock_port: int,
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    addon: bool = True,
    confdir: Path | None = None,
    process_class: type[MitmdumpProcess] = MitmdumpProcess,
) -> MitmdumpProcess:
    """A proxy (not started yet) upstream of the mock, its database and confdir in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    confdir = confdir or workdir / "confdir"
    confdir.mkdir(parents=True, exist_ok=True)
    process_env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "E2E_MOCK_PORT": str(mock_port),
        # Keep the addon's state out of the working tree.
        "ANONAMOOSE_DB": str(workdir / "anonamoose.db"),
        "ANONAMOOSE_CONFDIR": str(confdir),
        **(env or {}),
    }
    args = ["-s", str(REDIRECT_SCRIPT)]
    # mitmdump refuses an option given twice, so a test's own upstream CA replaces the default.
    if not any(str(a).startswith("ssl_verify_upstream_trusted_ca=") for a in extra_args):
        args = ["--set", f"ssl_verify_upstream_trusted_ca={test_ca.ca_cert}", *args]
    if addon:
        args += ["-s", str(ADDON_SCRIPT.relative_to(REPO_ROOT))]
    return process_class(workdir, confdir, [*args, *extra_args], process_env)


@pytest.fixture
def start_proxy(test_ca: Any, mock_llm: Any) -> Iterator[StartProxy]:
    """Factory: `start_proxy(tmp_path, extra_args=[...], env={...}, addon=True, confdir=None)`."""
    started: list[MitmdumpProcess] = []

    def start(tmp_path: Path, **kwargs: Any) -> MitmdumpProcess:
        proxy = proxy_process(tmp_path / f"proxy-{len(started)}", test_ca, mock_llm.port, **kwargs)
        started.append(proxy)
        return proxy.start()

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def load_balancer(tmp_path: Path) -> Iterator[Callable[[Sequence[MitmdumpProcess]], Any]]:
    """Factory: `load_balancer([proxy_a, proxy_b])`, an HAProxy in TCP mode in front of them (its `.url`)."""
    if haproxy_module.haproxy_binary() is None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail("haproxy is not installed; CI must run the load-balancer test")
        pytest.skip("haproxy is not installed (apt-get install haproxy)")
    started: list[Any] = []

    def start(proxies: Sequence[MitmdumpProcess]) -> Any:
        workdir = tmp_path / f"haproxy-{len(started)}"
        workdir.mkdir()
        balancer = haproxy_module.HAProxy(workdir, free_port(), [p.port for p in proxies])
        started.append(balancer)
        return balancer

    yield start
    for balancer in started:
        balancer.stop()


def proxy_ssl_context(proxy: MitmdumpProcess) -> ssl.SSLContext:
    """A client TLS context trusting only the proxy's CA, as a user configures it."""
    return ssl.create_default_context(cafile=str(proxy.ca_cert))


def connect_tls_through_proxy(proxy: MitmdumpProcess, host: str, trust: Path) -> ssl.SSLSocket:
    """CONNECT to host:443 through the proxy and complete TLS trusting only `trust`."""
    raw = socket.create_connection(("127.0.0.1", proxy.port), timeout=10)
    raw.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = raw.recv(4096)
        assert chunk, "proxy closed the connection during CONNECT"
        head += chunk
    assert head.split(b"\r\n")[0].split(b" ")[1] == b"200", head
    return ssl.create_default_context(cafile=str(trust)).wrap_socket(raw, server_hostname=host)


def issuer_common_name(tls: ssl.SSLSocket) -> str:
    cert = tls.getpeercert()
    assert cert, "no verified peer certificate"
    return next(str(v) for rdn in cert["issuer"] for k, v in rdn if k == "commonName")


def http_post_over(tls: ssl.SSLSocket, host: str, body: bytes = b"") -> bytes:
    """POST `body` over an open TLS connection and read the whole answer (the server closes it)."""
    head = f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    tls.sendall(head.encode() + body)
    received = b""
    while chunk := tls.recv(65536):
        received += chunk
    return received


def eventually[T](attempt: Callable[[], T], done: Callable[[T], bool], within_s: float) -> T:
    """Repeat `attempt` until `done` says so, or fail after `within_s`."""
    deadline = time.monotonic() + within_s
    while True:
        result = attempt()
        if done(result):
            return result
        assert time.monotonic() < deadline, f"still {result!r} after {within_s}s"
        time.sleep(0.2)


def _closing[Client: (openai.OpenAI, anthropic.Anthropic, httpx.Client)](
    build: Callable[..., Client],
) -> Iterator[Callable[..., Client]]:
    """A fixture body: hands out `build`, remembering each client it made, and closes them all afterwards."""
    clients: list[Client] = []

    def tracked(*args: Any, **kwargs: Any) -> Client:
        client = build(*args, **kwargs)
        clients.append(client)
        return client

    yield tracked
    for client in clients:
        client.close()


def _openai(
    proxy: MitmdumpProcess, api_key: str = "sk-test-1", verify: ssl.SSLContext | None = None, **kwargs: Any
) -> openai.OpenAI:
    http_client = openai.DefaultHttpxClient(proxy=proxy.url, verify=verify or proxy_ssl_context(proxy))
    return openai.OpenAI(api_key=api_key, http_client=http_client, max_retries=0, timeout=CLIENT_TIMEOUT_S, **kwargs)


def _anthropic(
    proxy: MitmdumpProcess, api_key: str = "sk-ant-test-1", verify: ssl.SSLContext | None = None, **kwargs: Any
) -> anthropic.Anthropic:
    http_client = anthropic.DefaultHttpxClient(proxy=proxy.url, verify=verify or proxy_ssl_context(proxy))
    return anthropic.Anthropic(
        api_key=api_key, http_client=http_client, max_retries=0, timeout=CLIENT_TIMEOUT_S, **kwargs
    )


def _httpx(proxy: MitmdumpProcess, verify: ssl.SSLContext | None = None, **kwargs: Any) -> httpx.Client:
    return httpx.Client(proxy=proxy.url, verify=verify or proxy_ssl_context(proxy), timeout=CLIENT_TIMEOUT_S, **kwargs)


@pytest.fixture
def openai_client() -> Iterator[Callable[..., openai.OpenAI]]:
    """Factory: `openai_client(proxy, api_key="sk-test-1", verify=None, **client_kwargs)`."""
    yield from _closing(_openai)


@pytest.fixture
def anthropic_client() -> Iterator[Callable[..., anthropic.Anthropic]]:
    """Factory: `anthropic_client(proxy, api_key="sk-ant-test-1", verify=None, **client_kwargs)`."""
    yield from _closing(_anthropic)


@pytest.fixture
def httpx_client() -> Iterator[Callable[..., httpx.Client]]:
    """Factory: `httpx_client(proxy, verify=None)`: a plain httpx client through the proxy (for Gemini)."""
    yield from _closing(_httpx)
