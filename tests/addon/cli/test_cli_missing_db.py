"""A read command given a database that is not there says so in one line; it never creates an empty one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli import cli
from store.db import sqlite_file

READ_COMMANDS = [
    ["report"],
    ["report", "--json"],
    ["logs"],
    ["logs", "clear", "--yes"],
    ["audit"],
    ["top", "--once"],
    ["sessions", "list"],
    ["sessions", "show", "abc"],
    ["sessions", "extend", "abc", "1h"],
    ["sessions", "rm", "abc", "--yes"],
    ["sessions", "purge", "--yes"],
    ["hydrate", "--session", "abc", "text"],
    ["dict", "list"],
    ["allow", "list"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_a_read_command_refuses_a_missing_database(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo" / "anonamose.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(missing)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: no database at {missing}; check --db or $ANONAMOOSE_DB (`anonamoose run` creates it)"
    ]
    assert not missing.parent.exists()


def test_the_default_database_is_checked_too(tmp_path: Path) -> None:
    # tests/conftest.py points $ANONAMOOSE_DB at tmp_path/anonamoose.db, which nothing has created yet.
    result = CliRunner().invoke(cli, ["report"])
    assert result.exit_code == 1 and f"no database at {tmp_path / 'anonamoose.db'}" in result.output
    assert not (tmp_path / "anonamoose.db").exists()


def test_a_sqlite_url_names_its_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = CliRunner().invoke(cli, ["logs", "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 1 and f"no database at {missing}" in result.output
    assert not missing.exists()


def test_a_read_command_reads_a_database_that_exists(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    assert CliRunner().invoke(cli, ["dict", "add", "--db", str(path), "Project Bluebird"]).exit_code == 0
    result = CliRunner().invoke(cli, ["dict", "list", "--db", str(path), "--json"])
    assert result.exit_code == 0 and "Project Bluebird" in result.output


@pytest.mark.parametrize(
    "args", [["dict", "add", "Bluebird"], ["allow", "add", "Bluebird"], ["settings", "set", "style", "pua"]]
)
def test_a_write_command_creates_the_database(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "new" / "anonamoose.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.is_file()


@pytest.mark.parametrize(
    ("url", "file"),
    [
        ("data/anonamoose.db", Path("data/anonamoose.db")),
        ("sqlite:///data/x.db", Path("data/x.db")),
        ("sqlite:////var/lib/x.db", Path("/var/lib/x.db")),
        ("postgresql://anonamoose@127.0.0.1/anonamoose", None),  # not a file: opened (or refused) by the server
        ("sqlite:///:memory:", None),
        (":memory:", None),
    ],
)
def test_sqlite_file_names_only_files(url: str, file: Path | None) -> None:
    assert sqlite_file(url) == file


def test_a_server_that_does_not_answer_is_one_line() -> None:
    # Port 1 on loopback: nothing listens, so the driver's two-line "connection refused" message is folded into one.
    result = CliRunner().invoke(cli, ["report", "--db", "postgresql://nobody@127.0.0.1:1/anonamoose"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot open the database postgresql://"), result.output
