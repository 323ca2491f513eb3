"""A file or database failure any command can meet ends in one `Error:` line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli import cli, one_line_error


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain-file"
    path.write_text("not a directory\n")
    return path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["certs", "--confdir", "{file}/certs"], "Error: Not a directory: {file}/certs"),
        (["env", "--confdir", "{file}/certs"], "Error: Not a directory: {file}/certs"),
        (["dict", "add", "Bluebird", "--db", "{file}/x.db"], "Error: cannot open the database {file}/x.db: "),
        (["dict", "list", "--db", "{file}"], "Error: cannot open the database {file}: file is not a database"),
    ],
)
def test_a_file_failure_is_one_line(a_file: Path, args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, [arg.format(file=a_file) for arg in args])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if not line.startswith("anonamoose: ")]  # a mode warning
    assert len(lines) == 1 and lines[0].startswith(expected.format(file=a_file)), result.output


def test_only_known_failures_become_a_line() -> None:
    assert one_line_error(FileNotFoundError(2, "No such file or directory", "/x")) == "No such file or directory: /x"
    assert one_line_error(BrokenPipeError(32, "Broken pipe")) is None  # click ends a closed pipe quietly itself
    assert one_line_error(KeyError("bug")) is None  # a bug keeps its traceback
