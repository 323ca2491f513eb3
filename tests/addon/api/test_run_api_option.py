"""`anonamoose run --api HOST:PORT`: the proxy is started with anonamoose_api; token files reach its environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli.commands import run as run_module


def test_run_api_sets_the_option_and_keeps_tokens_out_of_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    executed: list[list[str]] = []
    monkeypatch.setattr(run_module.os, "execv", lambda path, argv: executed.append(list(argv)))
    monkeypatch.delenv("ANONAMOOSE_API_TOKEN", raising=False)
    token = tmp_path / "api-token"
    token.write_text("s3cret-admin-token\n")
    result = CliRunner().invoke(
        run_module.run,
        ["--confdir", str(tmp_path / "certs"), "--api", "127.0.0.1:8090", "--api-token-file", str(token)],
    )
    assert result.exit_code == 0, result.output
    (command,) = executed
    assert command[command.index("anonamoose_api=127.0.0.1:8090") - 1] == "--set"
    assert "s3cret-admin-token" not in " ".join(command)
    assert os.environ["ANONAMOOSE_API_TOKEN"] == "s3cret-admin-token"


def test_run_api_with_an_empty_token_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module.os, "execv", lambda path, argv: pytest.fail("started"))
    empty = tmp_path / "empty"
    empty.write_text("")
    result = CliRunner().invoke(run_module.run, ["--api", "127.0.0.1:8090", "--api-read-token-file", str(empty)])
    assert result.exit_code == 2 and "is empty" in result.output


@pytest.mark.parametrize("listen", ["0.0.0.0:8090", "nonsense"])
def test_run_api_refuses_beyond_loopback_without_a_token_or_a_bad_address(
    listen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module.os, "execv", lambda path, argv: pytest.fail("started"))
    monkeypatch.delenv("ANONAMOOSE_API_TOKEN", raising=False)
    monkeypatch.delenv("ANONAMOOSE_API_READ_TOKEN", raising=False)
    result = CliRunner().invoke(run_module.run, ["--api", listen])
    assert result.exit_code == 2
    assert (
        "refusing to serve the API on 0.0.0.0 without a token" if listen.startswith("0") else "is not HOST:PORT"
    ) in result.output
