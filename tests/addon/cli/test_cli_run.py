"""`anonamoose run`: the mitmproxy command it builds, and its refusal to open an unauthenticated gateway."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli.commands import run as run_module


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Commands `run` would exec, captured instead of replacing the test process."""
    calls: list[list[str]] = []
    # These tests build commands; the port probe is tested on real sockets in test_cli_run_preflight.py.
    monkeypatch.setattr(run_module, "check_port", lambda host, port: None)
    monkeypatch.setattr(run_module.os, "execv", lambda path, argv: calls.append(list(argv)))
    return calls


def invoke(tmp_path: Path, *args: str) -> Any:
    return CliRunner().invoke(run_module.run, ["--confdir", str(tmp_path / "certs"), *args])


@pytest.mark.parametrize(
    ("args", "refused"),
    [
        (["--listen", "0.0.0.0"], True),
        (["--listen", "192.168.1.10"], True),
        (["--listen", "::"], True),
        (["--listen", ""], True),
        (["--listen", "0.0.0.0", "--proxyauth", "alice:s3cret"], False),
        (["--listen", "127.0.0.1"], False),
        (["--listen", "127.0.0.2"], False),
        (["--listen", "::1"], False),
        (["--listen", "localhost"], False),
        # Transparent mode only carries traffic routed to it (scripts/gateway.sh): no proxy a client can name.
        (["--listen", "0.0.0.0", "--", "--mode", "transparent"], False),
        (["--listen", "0.0.0.0", "--", "--mode=transparent"], False),
        (["--listen", "0.0.0.0", "--", "--mode", "regular"], True),
        (["--listen", "0.0.0.0", "--", "--set", "transparent"], True),
    ],
)
def test_listening_beyond_loopback_needs_proxyauth(
    tmp_path: Path, executed: list[list[str]], args: list[str], refused: bool
) -> None:
    result = invoke(tmp_path, *args)
    if refused:
        assert result.exit_code == 2
        assert "--proxyauth" in result.output and not executed
        assert not (tmp_path / "certs").exists()
    else:
        assert result.exit_code == 0, result.output
        assert len(executed) == 1 and (tmp_path / "certs" / "mitmproxy-ca-cert.pem").exists()


def test_gateway_command_sets_proxyauth_and_listen_host(tmp_path: Path, executed: list[list[str]]) -> None:
    invoke(tmp_path, "--listen", "0.0.0.0", "--port", "3128", "--proxyauth", "alice:s3cret")
    command = executed[0]
    assert command[0].endswith("mitmdump")
    assert command[command.index("--listen-host") + 1] == "0.0.0.0"
    assert command[command.index("--listen-port") + 1] == "3128"
    assert "proxyauth=alice:s3cret" in command


def test_upstream_is_reverse_mode_with_the_host_intercepted(tmp_path: Path, executed: list[list[str]]) -> None:
    invoke(tmp_path, "--upstream", "https://api.openai.com", "--", "--set", "termlog_verbosity=warn")
    command = executed[0]
    assert command[command.index("--mode") + 1] == "reverse:https://api.openai.com"
    assert "anonamoose_hosts=api.openai.com:443" in command
    assert command[-2:] == ["--set", "termlog_verbosity=warn"]


@pytest.mark.parametrize("url", ["ftp://api.openai.com", "api.openai.com", "https://"])
def test_upstream_must_be_an_http_url(tmp_path: Path, executed: list[list[str]], url: str) -> None:
    result = invoke(tmp_path, "--upstream", url)
    assert result.exit_code == 2 and "--upstream" in result.output and not executed


def test_web_runs_mitmweb(tmp_path: Path, executed: list[list[str]]) -> None:
    invoke(tmp_path, "--web")
    assert executed[0][0].endswith("mitmweb")
    assert executed[0][-4:] == ["--set", "web_port=8081", "--set", "web_open_browser=true"]


def test_web_port_and_no_open_reach_mitmweb_and_user_arguments_come_last(
    tmp_path: Path, executed: list[list[str]]
) -> None:
    invoke(tmp_path, "--web", "--web-port", "9091", "--no-open", "--", "--set", "web_theme=dark")
    assert executed[0][-6:] == ["--set", "web_port=9091", "--set", "web_open_browser=false", "--set", "web_theme=dark"]


def test_web_password_goes_by_the_environment_never_the_command_line(
    tmp_path: Path, executed: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from addon.web_ui import WEB_PASSWORD_ENV

    monkeypatch.delenv(WEB_PASSWORD_ENV, raising=False)
    invoke(tmp_path, "--web", "--web-password", "pw-123")
    assert run_module.os.environ[WEB_PASSWORD_ENV] == "pw-123"
    assert not any("pw-123" in arg for arg in executed[0])


def test_web_password_without_web_is_refused(tmp_path: Path, executed: list[list[str]]) -> None:
    result = invoke(tmp_path, "--web-password", "pw-123")
    assert result.exit_code == 2 and "--web-password is for mitmweb's UI: add --web" in result.output and not executed


def test_run_turns_on_the_flow_lines_in_place_of_mitmdumps(tmp_path: Path, executed: list[list[str]]) -> None:
    invoke(tmp_path)
    command = executed[0]
    assert "anonamoose_console=true" in command and "flow_detail=0" in command and "--quiet" not in command
    assert "--quiet" in CliRunner().invoke(run_module.run, ["--help"]).output


def test_quiet_run_prints_no_flow_lines(tmp_path: Path, executed: list[list[str]]) -> None:
    invoke(tmp_path, "--quiet")
    command = executed[0]
    assert "--quiet" in command
    assert not any(arg.startswith(("anonamoose_console", "flow_detail")) for arg in command)


@pytest.mark.parametrize(
    ("args", "console", "flow_detail"),
    [
        (["--web"], True, False),  # mitmweb has no flow_detail option
        (["--", "--set", "flow_detail=2"], True, False),  # mitmproxy refuses an option set twice: the user's wins
        (["--", "-v"], True, False),
        (["--", "--set=anonamoose_console=false"], False, True),
    ],
)
def test_flow_lines_yield_to_what_the_user_asked_mitmproxy_for(
    tmp_path: Path, executed: list[list[str]], args: list[str], console: bool, flow_detail: bool
) -> None:
    invoke(tmp_path, *args)
    command = executed[0]
    assert ("anonamoose_console=true" in command) is console
    assert ("flow_detail=0" in command) is flow_detail
    assert sum(arg.startswith("flow_detail=") for arg in command) <= 1
