"""`anonamoose run --proxyauth-file`: the secret reaches mitmproxy through the environment, never argv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli.commands import run as run_module


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], str | None]]:
    """(argv, ANONAMOOSE_PROXYAUTH) of each command `run` would exec."""
    calls: list[tuple[list[str], str | None]] = []
    # setenv first, so whatever `run` puts into os.environ is undone after the test
    monkeypatch.setenv("ANONAMOOSE_PROXYAUTH", "")
    monkeypatch.delenv("ANONAMOOSE_PROXYAUTH")
    # These tests build commands; the port probe is tested on real sockets in test_cli_run_preflight.py.
    monkeypatch.setattr(run_module, "check_port", lambda host, port: None)
    monkeypatch.setattr(
        run_module.os,
        "execv",
        lambda path, argv: calls.append((list(argv), run_module.os.environ.get("ANONAMOOSE_PROXYAUTH"))),
    )
    return calls


def invoke(tmp_path: Path, *args: str) -> Any:
    return CliRunner().invoke(run_module.run, ["--confdir", str(tmp_path / "certs"), *args])


def test_the_file_opens_the_gateway_and_stays_out_of_argv(tmp_path: Path, executed: list[Any]) -> None:
    secret = tmp_path / "proxyauth"
    secret.write_text("alice:s3cret\n")
    result = invoke(tmp_path, "--listen", "0.0.0.0", "--proxyauth-file", str(secret))
    assert result.exit_code == 0, result.output
    argv, env = executed[0]
    assert env == "alice:s3cret" and not any("s3cret" in arg for arg in argv)
    assert not any("unauthenticated_gateway" in arg for arg in argv)


def test_an_empty_or_missing_file_is_a_usage_error(tmp_path: Path, executed: list[Any]) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    assert invoke(tmp_path, "--proxyauth-file", str(empty)).exit_code == 2
    assert invoke(tmp_path, "--proxyauth-file", str(tmp_path / "nope")).exit_code == 2
    assert not executed


def test_a_transparent_gateway_gets_the_waiver_from_run(tmp_path: Path, executed: list[Any]) -> None:
    assert invoke(tmp_path, "--listen", "0.0.0.0", "--", "--mode", "transparent").exit_code == 0
    argv, _ = executed[0]
    assert "anonamoose_unauthenticated_gateway=true" in argv


def test_on_loopback_no_waiver_is_added(tmp_path: Path, executed: list[Any]) -> None:
    assert invoke(tmp_path, "--", "--mode", "transparent").exit_code == 0
    assert not any("unauthenticated_gateway" in arg for arg in executed[0][0])
