"""scripts/gateway.sh for real: a client namespace routed through a gateway namespace running the proxy.

    client netns (10.231.7.2) --veth--> gateway netns (10.231.7.1; "api.openai.com" is 10.231.8.1 on its lo)

The client resolves api.openai.com to 10.231.8.1 and knows nothing of a proxy: its packets reach the gateway,
gateway.sh's iptables REDIRECT hands them to `anonamoose run ... --mode transparent`, which connects on to
10.231.8.1:443 (the mock) and redacts. Everything lives in two namespaces of our own, removed at the end; the
host's own network, iptables and sysctls are not touched. Needs root, `ip`, `iptables` and `curl`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
GATEWAY = REPO_ROOT / "scripts" / "gateway.sh"
MOCK = Path(__file__).resolve().parent / "netns_mock_llm.py"
ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
SUFFIX = str(os.getpid() % 100000)
CLIENT_NS, GATEWAY_NS = f"amcl{SUFFIX}", f"amgw{SUFFIX}"
CLIENT_IF, GATEWAY_IF = f"amc{SUFFIX}", f"amg{SUFFIX}"
CLIENT_IP, GATEWAY_IP, API_IP = "10.231.7.2", "10.231.7.1", "10.231.8.1"
PROXY_PORT = 8080
EMAIL, CARD = "jane.citizen@example.com", "4111 1111 1111 1111"
USER_TEXT = f"Please email {EMAIL} about card {CARD}."
READY_TIMEOUT_S = 60.0


def missing_prerequisite() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create network namespaces"
    for tool in ("ip", "iptables", "curl"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    probe = subprocess.run(["ip", "netns", "add", f"amprobe{SUFFIX}"], capture_output=True)
    if probe.returncode != 0:
        return "network namespaces are not available here"
    subprocess.run(["ip", "netns", "del", f"amprobe{SUFFIX}"], check=True)
    return None


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=30)


def in_ns(ns: str, *args: str) -> list[str]:
    return ["ip", "netns", "exec", ns, *args]


@pytest.fixture(scope="module")
def namespaces() -> Iterator[None]:
    reason = missing_prerequisite()
    if reason:
        pytest.skip(reason)
    try:
        sh("ip", "netns", "add", CLIENT_NS)
        sh("ip", "netns", "add", GATEWAY_NS)
        sh("ip", "link", "add", CLIENT_IF, "type", "veth", "peer", "name", GATEWAY_IF)
        sh("ip", "link", "set", CLIENT_IF, "netns", CLIENT_NS)
        sh("ip", "link", "set", GATEWAY_IF, "netns", GATEWAY_NS)
        sh(*in_ns(CLIENT_NS, "ip", "addr", "add", f"{CLIENT_IP}/30", "dev", CLIENT_IF))
        sh(*in_ns(GATEWAY_NS, "ip", "addr", "add", f"{GATEWAY_IP}/30", "dev", GATEWAY_IF))
        sh(*in_ns(GATEWAY_NS, "ip", "addr", "add", f"{API_IP}/32", "dev", "lo"))
        for ns, link in ((CLIENT_NS, CLIENT_IF), (GATEWAY_NS, GATEWAY_IF)):
            sh(*in_ns(ns, "ip", "link", "set", "lo", "up"))
            sh(*in_ns(ns, "ip", "link", "set", link, "up"))
        sh(*in_ns(CLIENT_NS, "ip", "route", "add", "default", "via", GATEWAY_IP))
        yield
    finally:
        # Deleting a namespace removes its veth end, addresses, routes and iptables rules with it.
        for ns in (CLIENT_NS, GATEWAY_NS):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


@pytest.fixture(scope="module")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spec = importlib.util.spec_from_file_location("netns_e2e_certs", REPO_ROOT / "tests" / "e2e" / "certs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.make_local_ca(tmp_path_factory.mktemp("netns-ca"))


def wait_for(predicate: Any, what: str, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {READY_TIMEOUT_S}s:\n{log.read_text(errors='replace')}")


def iptables_rules() -> str:
    return subprocess.run(
        in_ns(GATEWAY_NS, "iptables", "-t", "nat", "-S", "PREROUTING"), capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def gateway_run(namespaces: None, test_ca: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One request from the client namespace through `gateway.sh up`: what each side saw, and the rules after."""
    tmp_path = tmp_path_factory.mktemp("gateway")
    mock = subprocess.Popen(
        in_ns(GATEWAY_NS, sys.executable, str(MOCK), str(test_ca.server_cert), str(test_ca.server_key)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert mock.stdout is not None and mock.stdout.readline().strip() == "ready"

    confdir, log = tmp_path / "confdir", tmp_path / "gateway.log"
    env = {
        **os.environ,
        "ANONAMOOSE": str(ANONAMOOSE),
        "ANONAMOOSE_CONFDIR": str(confdir),
        "ANONAMOOSE_DB": str(tmp_path / "anonamoose.db"),
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as log_file:
        gateway = subprocess.Popen(
            in_ns(
                GATEWAY_NS,
                "bash",
                str(GATEWAY),
                "up",
                "--interface",
                GATEWAY_IF,
                "--port",
                str(PROXY_PORT),
                "--",
                "--set",
                f"ssl_verify_upstream_trusted_ca={test_ca.ca_cert}",
            ),
            env=env,
            cwd=REPO_ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: "listening" in log.read_text(errors="replace"), "the transparent proxy", log)
            rules_while_up = iptables_rules()
            body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": USER_TEXT}]})
            client = subprocess.run(
                in_ns(
                    CLIENT_NS,
                    "curl",
                    "--silent",
                    "--show-error",
                    "--fail",
                    "--max-time",
                    "30",
                    "--resolve",
                    f"api.openai.com:443:{API_IP}",
                    "--cacert",
                    str(confdir / "mitmproxy-ca-cert.pem"),
                    "https://api.openai.com/v1/chat/completions",
                    "-H",
                    "content-type: application/json",
                    "-H",
                    "authorization: Bearer sk-test-gw",
                    "--data",
                    body,
                ),
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            gateway.terminate()
            gateway.wait(timeout=30)
    received, _ = mock.communicate("", timeout=30)
    return {
        "client": client,
        "log": log.read_text(errors="replace"),
        "rules_while_up": rules_while_up,
        "rules_after": iptables_rules(),
        "bodies": [json.loads(line)["body"] for line in received.splitlines()],
    }


def test_gateway_routes_the_client_through_the_proxy_and_tears_down(gateway_run: dict[str, Any]) -> None:
    client = gateway_run["client"]
    assert client.returncode == 0, client.stderr + gateway_run["log"]
    # curl trusted only the proxy's CA, so a reply means the proxy terminated TLS for api.openai.com.
    assert json.loads(client.stdout)["choices"][0]["message"]["content"] == "You said: " + USER_TEXT
    assert len(gateway_run["bodies"]) == 1
    assert gateway_run["rules_while_up"].count("anonamoose-gateway") == 2
    assert "anonamoose-gateway" not in gateway_run["rules_after"]


def test_gateway_redacts_what_reaches_the_llm(gateway_run: dict[str, Any]) -> None:
    (body,) = gateway_run["bodies"]
    assert EMAIL not in body and CARD not in body
    assert "[EMAIL_" in body and "[CARD_" in body
