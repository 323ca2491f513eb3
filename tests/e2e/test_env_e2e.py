"""`anonamoose env` pasted into a real shell: the openai SDK, curl and Node fetch go through the proxy, TLS verified.

Each client is created plainly, as a user would: nothing but the pasted environment tells it about the proxy or
its CA. The mock's host names have no DNS here, so a client that bypassed the proxy could not reach the mock.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
EMAIL = "jane.citizen@example.com"
CARD = "4111 1111 1111 1111"
USER_TEXT = f"Please email {EMAIL} about card {CARD}."
ECHO = "You said: " + USER_TEXT
CHAT_BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": USER_TEXT}]}
CHAT_URL = "https://api.openai.com/v1/chat/completions"
CLIENT_TIMEOUT_S = 60
# undici 6 is what Node 20 bundles; 7 is what `npm install undici` picks today.
UNDICI_SPECS = ("undici@6", "undici@7")

PYTHON_CLIENT = """
import json, os
from openai import OpenAI
client = OpenAI(api_key="sk-test-env-1", max_retries=0)
reply = client.chat.completions.create(**json.loads(os.environ["CHAT_BODY"]))
print(reply.choices[0].message.content)
"""
# The other Python clients a user reaches for, each created plainly: (host it calls, program).
OTHER_PYTHON_CLIENTS = {
    "anthropic": (
        "api.anthropic.com",
        """
import os
from anthropic import Anthropic
client = Anthropic(api_key="sk-ant-test-env-1", max_retries=0)
reply = client.messages.create(model="claude-e2e-mock", max_tokens=256,
                               messages=[{"role": "user", "content": os.environ["USER_TEXT"]}])
print(reply.content[0].text)
""",
    ),
    "httpx": (
        "api.openai.com",
        """
import json, os, httpx
reply = httpx.post(os.environ["CHAT_URL"], content=os.environ["CHAT_BODY"], timeout=30,
                   headers={"content-type": "application/json", "authorization": "Bearer sk-test-env-1"})
print(reply.raise_for_status().json()["choices"][0]["message"]["content"])
""",
    ),
    "requests": (
        "api.openai.com",
        """
import os, requests
reply = requests.post(os.environ["CHAT_URL"], data=os.environ["CHAT_BODY"], timeout=30,
                      headers={"content-type": "application/json", "authorization": "Bearer sk-test-env-1"})
reply.raise_for_status()
print(reply.json()["choices"][0]["message"]["content"])
""",
    ),
}

NODE_CLIENT = """
fetch(process.env.CHAT_URL, {
  method: 'POST',
  headers: {'content-type': 'application/json', authorization: 'Bearer sk-test-env-1'},
  body: process.env.CHAT_BODY,
}).then((r) => r.json()).then((j) => console.log(j.choices[0].message.content))
  .catch((e) => { console.error('fetch failed:', e.cause ? e.cause.message : e.message); process.exit(3); });
"""


def anonamoose_env(proxy: Any, shell: str = "bash") -> str:
    result = subprocess.run(
        [str(ANONAMOOSE), "env", "--shell", shell, "--port", str(proxy.port), "--confdir", str(proxy.confdir)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "ANONAMOOSE_CONFDIR": str(proxy.confdir)},
    )
    return result.stdout


def clean_environment(**extra: str) -> dict[str, str]:
    """A user's environment before pasting: no proxy or CA variables inherited from the test runner."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return {**keep, "CHAT_BODY": json.dumps(CHAT_BODY), "CHAT_URL": CHAT_URL, "USER_TEXT": USER_TEXT, **extra}


def run_in_bash(
    pasted: str, command: str, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    script = f"{pasted}\n{command}\n"
    return subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(env or clean_environment()),
        timeout=CLIENT_TIMEOUT_S,
    )


def assert_redacted_upstream(mock_llm: Any, host: str = "api.openai.com") -> None:
    sent = mock_llm.requests_to(host)
    assert sent, "the mock received nothing: the client did not go through the proxy"
    wire = sent[-1].body.decode()
    assert EMAIL not in wire and CARD not in wire
    assert "[EMAIL_" in wire and "[CARD_" in wire


@pytest.fixture
def proxy(start_proxy: Any, tmp_path: Path) -> Any:
    return start_proxy(tmp_path)


@pytest.fixture(scope="module", params=UNDICI_SPECS)
def undici_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Node project with undici installed, as a user's project that uses fetch would have it."""
    npm = shutil.which("npm")
    if not npm:
        pytest.skip("npm is not installed")
    project = tmp_path_factory.mktemp("node-project")
    (project / "package.json").write_text('{"name": "env-e2e", "private": true}\n')
    # A user's own npm settings, not the pasted proxy: the registry is reached directly.
    installed = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", request.param],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if installed.returncode != 0:
        pytest.skip(f"npm could not install {request.param}: {installed.stderr[-500:]}")
    return project


def test_python_openai_sdk_uses_the_pasted_environment(proxy: Any, mock_llm: Any, tmp_path: Path) -> None:
    result = run_in_bash(anonamoose_env(proxy), f"{sys.executable} -c {shlex.quote(PYTHON_CLIENT)}", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ECHO
    assert_redacted_upstream(mock_llm)


@pytest.mark.parametrize("client", sorted(OTHER_PYTHON_CLIENTS))
def test_other_python_clients_use_the_pasted_environment(
    proxy: Any, mock_llm: Any, tmp_path: Path, client: str
) -> None:
    host, program = OTHER_PYTHON_CLIENTS[client]
    result = run_in_bash(anonamoose_env(proxy), f"{sys.executable} -c {shlex.quote(program)}", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ECHO
    assert_redacted_upstream(mock_llm, host)


def test_curl_uses_the_pasted_environment(proxy: Any, mock_llm: Any, tmp_path: Path) -> None:
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    command = (
        'curl --silent --show-error --fail "$CHAT_URL" -H "content-type: application/json" '
        '-H "authorization: Bearer sk-test-env-1" --data "$CHAT_BODY"'
    )
    result = run_in_bash(anonamoose_env(proxy), command, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["choices"][0]["message"]["content"] == ECHO
    assert_redacted_upstream(mock_llm)


def test_node_fetch_uses_the_pasted_environment(proxy: Any, mock_llm: Any, undici_project: Path) -> None:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    result = run_in_bash(anonamoose_env(proxy), f"node -e {shlex.quote(NODE_CLIENT)}", undici_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ECHO
    assert "anonamoose:" not in result.stderr
    assert_redacted_upstream(mock_llm)


def test_node_without_undici_says_fetch_bypasses_the_proxy(proxy: Any, mock_llm: Any, tmp_path: Path) -> None:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    major = int(
        subprocess.run(
            ["node", "-p", "process.versions.node.split('.')[0]"], capture_output=True, text=True, check=True
        ).stdout
    )
    if major >= 24:
        pytest.skip("Node >= 24 honours NODE_USE_ENV_PROXY itself")
    result = run_in_bash(anonamoose_env(proxy), f"node -e {shlex.quote(NODE_CLIENT)}", tmp_path)
    assert "fetch ignores HTTPS_PROXY; install undici" in result.stderr
    assert result.returncode != 0
    assert not mock_llm.requests_to("api.openai.com")


def test_python_without_the_environment_does_not_reach_the_mock(proxy: Any, mock_llm: Any, tmp_path: Path) -> None:
    # The control: with nothing pasted the host does not resolve, so the passes above went through the proxy.
    result = run_in_bash("", f"{sys.executable} -c {shlex.quote(PYTHON_CLIENT)}", tmp_path)
    assert result.returncode != 0
    assert not mock_llm.requests
