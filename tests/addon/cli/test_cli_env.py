"""`anonamoose env`: the text of each shell's lines, and the bash lines evaluated by a real bash."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli.commands.env import (
    NODE_BOOTSTRAP,
    Assignment,
    client_environment,
    env,
    node_require,
    proxy_url,
    render_line,
)

PLAIN = Assignment("SSL_CERT_FILE", "/etc/anonamoose/ca-bundle.pem")
SPACED = Assignment("SSL_CERT_FILE", "/Users/Jo Smith/it's/ca.pem")
APPENDED = Assignment("NODE_OPTIONS", "--require /opt/am/proxy-bootstrap.cjs", append=True)


@pytest.mark.parametrize(
    ("shell", "assignment", "line"),
    [
        ("bash", PLAIN, "export SSL_CERT_FILE=/etc/anonamoose/ca-bundle.pem"),
        ("bash", SPACED, "export SSL_CERT_FILE='/Users/Jo Smith/it'\"'\"'s/ca.pem'"),
        (
            "bash",
            APPENDED,
            "export NODE_OPTIONS=\"${NODE_OPTIONS:+$NODE_OPTIONS }\"'--require /opt/am/proxy-bootstrap.cjs'",
        ),
        ("zsh", PLAIN, "export SSL_CERT_FILE=/etc/anonamoose/ca-bundle.pem"),
        (
            "zsh",
            APPENDED,
            "export NODE_OPTIONS=\"${NODE_OPTIONS:+$NODE_OPTIONS }\"'--require /opt/am/proxy-bootstrap.cjs'",
        ),
        ("fish", PLAIN, "set -gx SSL_CERT_FILE '/etc/anonamoose/ca-bundle.pem'"),
        ("fish", SPACED, "set -gx SSL_CERT_FILE '/Users/Jo Smith/it\\'s/ca.pem'"),
        (
            "fish",
            APPENDED,
            "set -gx NODE_OPTIONS (string trim -- \"$NODE_OPTIONS \"'--require /opt/am/proxy-bootstrap.cjs')",
        ),
        ("powershell", PLAIN, "$env:SSL_CERT_FILE = '/etc/anonamoose/ca-bundle.pem'"),
        ("powershell", SPACED, "$env:SSL_CERT_FILE = '/Users/Jo Smith/it''s/ca.pem'"),
        (
            "powershell",
            APPENDED,
            "$env:NODE_OPTIONS = (\"$env:NODE_OPTIONS \" + '--require /opt/am/proxy-bootstrap.cjs').Trim()",
        ),
    ],
)
def test_each_shell_gets_its_own_syntax(shell: str, assignment: Assignment, line: str) -> None:
    assert render_line(assignment, shell) == line


def test_an_unknown_shell_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown shell"):
        render_line(PLAIN, "tcsh")


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("::1", 3128, "http://[::1]:3128"),
        ("gateway.internal", 80, "http://gateway.internal:80"),
    ],
)
def test_proxy_url(host: str, port: int, url: str) -> None:
    assert proxy_url(host, port) == url


@pytest.mark.parametrize(
    ("path", "option"),
    [("/opt/am/b.cjs", "--require /opt/am/b.cjs"), ("/Users/Jo Smith/b.cjs", '--require "/Users/Jo Smith/b.cjs"')],
)
def test_node_require_quotes_paths_with_spaces_for_node(path: str, option: str) -> None:
    assert node_require(Path(path)) == option


def test_client_environment_names_every_variable_a_client_reads() -> None:
    names = [a.name for a in client_environment("http://127.0.0.1:8080", Path("/b.pem"), Path("/ca.pem"))]
    assert names == [
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "https_proxy",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
        "SSL_CERT_FILE",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
        "NODE_EXTRA_CA_CERTS",
        "NODE_USE_ENV_PROXY",
        "NODE_OPTIONS",
    ]


def invoke_env(tmp_path: Path, *args: str) -> str:
    confdir = tmp_path / "my certs"
    result = CliRunner().invoke(env, ["--confdir", str(confdir), "--port", "3128", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_names_the_bundle_and_the_ca(tmp_path: Path) -> None:
    data = json.loads(invoke_env(tmp_path, "--json"))
    confdir = (tmp_path / "my certs").resolve()
    assert data["HTTPS_PROXY"] == "http://127.0.0.1:3128"
    assert data["NO_PROXY"] == "localhost,127.0.0.1,::1"
    assert data["SSL_CERT_FILE"] == data["REQUESTS_CA_BUNDLE"] == str(confdir / "ca-bundle.pem")
    assert data["NODE_EXTRA_CA_CERTS"] == str(confdir / "mitmproxy-ca-cert.pem")
    # The bundle holds the public roots as well as our CA, so SSL_CERT_FILE breaks no other host.
    bundle = Path(data["SSL_CERT_FILE"]).read_text()
    assert bundle.count("BEGIN CERTIFICATE") > 10
    assert Path(data["NODE_EXTRA_CA_CERTS"]).read_text().strip() in bundle


def test_bundle_option_writes_where_asked(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "roots.pem"
    data = json.loads(invoke_env(tmp_path, "--json", "--bundle", str(target)))
    assert data["SSL_CERT_FILE"] == str(target.resolve()) and target.is_file()


@pytest.mark.parametrize("shell", ["fish", "zsh", "powershell"])
def test_every_line_of_other_shells_is_an_assignment_or_a_comment(tmp_path: Path, shell: str) -> None:
    lines = invoke_env(tmp_path, "--shell", shell).splitlines()
    prefix = {"fish": "set -gx ", "zsh": "export ", "powershell": "$env:"}[shell]
    assert lines[0].startswith("# ")
    assert all(line.startswith(prefix) for line in lines[1:])
    assert len(lines) == 13


def test_bash_lines_evaluate_to_the_values(tmp_path: Path) -> None:
    pasted = invoke_env(tmp_path, "--shell", "bash")
    shown = subprocess.run(
        ["bash", "-c", pasted + 'printf "%s\\n" "$SSL_CERT_FILE" "$HTTPS_PROXY" "$no_proxy" "$NODE_OPTIONS"'],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "NODE_OPTIONS": "--no-warnings"},
    ).stdout.splitlines()
    confdir = (tmp_path / "my certs").resolve()
    assert shown == [
        str(confdir / "ca-bundle.pem"),
        "http://127.0.0.1:3128",
        "localhost,127.0.0.1,::1",
        f"--no-warnings {node_require(NODE_BOOTSTRAP)}",
    ]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_node_loads_the_bootstrap_from_a_path_with_spaces(tmp_path: Path) -> None:
    spaced = tmp_path / "dir with spaces" / "proxy-bootstrap.cjs"
    spaced.parent.mkdir()
    shutil.copy(NODE_BOOTSTRAP, spaced)
    result = subprocess.run(
        ["node", "-e", "0"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HTTPS_PROXY": "http://127.0.0.1:9", "NODE_OPTIONS": node_require(spaced)},
    )
    # No undici here and Node 20 cannot proxy fetch itself: the bootstrap says so instead of staying silent.
    assert result.returncode == 0
    assert "fetch ignores HTTPS_PROXY" in result.stderr
