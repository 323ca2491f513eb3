"""`anonamoose run` ends a bad option value, a port in use or an unusable confdir in one line, before mitmproxy."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli import cli
from addon.cli.commands import run as run_module
from addon.cli.preflight import set_specs

ANONAMOOSE = Path(sys.executable).parent / "anonamoose"


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Commands `run` would exec, captured instead of replacing the test process."""
    calls: list[list[str]] = []
    monkeypatch.setattr(run_module.os, "execv", lambda path, argv: calls.append(list(argv)))
    return calls


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another program is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["run", *args])


def one_error_line(result: Any) -> str:
    assert result.exit_code != 0
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return str(lines[0])


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("anonamoose_style=bogus", "Cannot parse anonamoose_style option 'bogus': choose one of typed, pua"),
        ("anonamoose_ttl=forever", "Cannot parse anonamoose_ttl option 'forever'"),
        ("anonamoose_locale=XX", "Cannot parse anonamoose_locale option 'XX'"),
        ("anonamoose_restore=nope", "choose one of conversation, scope"),
        ("anonamoose_workers=many", "anonamoose_workers: not an integer: many"),
        ("anonamoose_preview=maybe", 'boolean must be "true", "false"'),
        ("anonamoose_styel=pua", "Unknown option(s): anonamoose_styel (the options are anonamoose_attachments"),
    ],
)
def test_a_bad_anonamoose_option_is_one_line(executed: list[list[str]], spec: str, expected: str) -> None:
    line = one_error_line(invoke("--port", str(free_port()), "--", "--set", spec))
    assert expected in line and not executed


def test_set_with_an_equals_sign_is_checked_too(executed: list[list[str]]) -> None:
    line = one_error_line(invoke("--port", str(free_port()), "--", "--set=anonamoose_max_body=huge"))
    assert "anonamoose_max_body" in line and not executed


def test_good_values_and_mitmproxy_options_pass_through(executed: list[list[str]]) -> None:
    args = ["--set", "anonamoose_style=pua", "--set=anonamoose_ttl=7d", "--set", "termlog_verbosity=warn"]
    result = invoke("--port", str(free_port()), "--", *args)
    assert result.exit_code == 0, result.output
    assert executed[0][-len(args) :] == args


def test_set_specs_reads_both_spellings() -> None:
    args = ["--set", "a=1", "--set=b=2", "--mode", "regular", "--set"]
    assert set_specs(args) == ["a=1", "b=2"]


def test_a_port_in_use_names_the_port_option(executed: list[list[str]], busy_port: int) -> None:
    line = one_error_line(invoke("--port", str(busy_port)))
    assert line == f"Error: port {busy_port} on 127.0.0.1 is in use (another proxy?); choose another with --port"
    assert not executed


def test_a_port_that_is_no_port(executed: list[list[str]]) -> None:
    result = invoke("--port", "70000")
    assert result.exit_code == 2 and "70000 is not a port (0-65535)" in result.output and not executed


def test_an_address_this_host_does_not_have(executed: list[list[str]]) -> None:
    # 192.0.2.0/24 is TEST-NET-1: never assigned to a host, so binding it fails without any traffic.
    line = one_error_line(invoke("--listen", "192.0.2.1", "--proxyauth", "a:b", "--port", str(free_port())))
    assert "cannot listen on 192.0.2.1:" in line and "check --listen" in line and not executed


def test_a_mode_of_the_users_own_is_left_to_mitmproxy(executed: list[list[str]], busy_port: int) -> None:
    # --mode regular@PORT listens on the port it names, not --port's: no probe of --port.
    result = invoke("--port", str(busy_port), "--", "--mode", f"regular@{free_port()}")
    assert result.exit_code == 0, result.output
    assert len(executed) == 1


def test_a_confdir_under_a_file_is_one_line(executed: list[list[str]], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    confdir = tmp_path / "file" / "certs"
    line = one_error_line(invoke("--port", str(free_port()), "--confdir", str(confdir)))
    assert f"cannot use {confdir} as the confdir: Not a directory" in line and not executed


def test_an_unreadable_ca_is_one_line(executed: list[list[str]], tmp_path: Path) -> None:
    confdir = tmp_path / "certs"
    confdir.mkdir()
    (confdir / "mitmproxy-ca.pem").write_text("garbage\n")
    line = one_error_line(invoke("--port", str(free_port()), "--confdir", str(confdir)))
    assert f"cannot read the CA or key in {confdir}: " in line and not executed


@pytest.mark.skipif(not ANONAMOOSE.exists(), reason="needs the installed anonamoose entry point")
@pytest.mark.parametrize("case", ["port", "option"])
def test_the_installed_command_prints_one_line(busy_port: int, tmp_path: Path, case: str) -> None:
    """As a user meets it: the real entry point, stopping before mitmproxy starts (nothing is exec'd)."""
    args = (
        ["--port", str(busy_port)]
        if case == "port"
        else ["--port", str(free_port()), "--", "--set", "anonamoose_style=bogus"]
    )
    env = {**os.environ, "ANONAMOOSE_CONFDIR": str(tmp_path / "certs")}
    done = subprocess.run([ANONAMOOSE, "run", *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "--port" in done.stderr if case == "port" else "anonamoose_style" in done.stderr
    assert "--mode regular@" not in done.stderr and "Traceback" not in done.stderr
