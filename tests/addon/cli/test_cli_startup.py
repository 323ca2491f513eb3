"""`anonamoose --help` and `--version` import no command module, so neither Presidio, spaCy nor mitmproxy
(their speed is measured in `make bench`); the table that lists commands without importing them stays true."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from addon.cli import LAZY_COMMANDS, cli, module_commands, unlisted_modules

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("presidio_analyzer", "spacy", "mitmproxy", "peewee")

PROBE = """
import json, sys
from addon.cli import cli
try:
    cli(sys.argv[1:], prog_name="anonamoose")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    """Every module loaded by a fresh interpreter that imports addon.cli and runs `anonamoose ARGS`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["-h"]], ids=lambda a: " ".join(a) or "import")
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    loaded = modules_after(*args)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded if m.startswith("addon.cli.commands.")}


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_a_commands_help_imports_its_own_module_and_no_detector(name: str) -> None:
    # Presidio and spaCy load when a command detects something, not when it shows its help.
    loaded = modules_after(name, "--help")
    assert f"addon.cli.commands.{LAZY_COMMANDS[name][0]}" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("presidio_analyzer", "presidio_anonymizer", "spacy")}
    assert len({m for m in loaded if m.startswith("addon.cli.commands.")}) == 1


def test_help_lists_every_command_with_its_short_help() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for name, (_, text) in LAZY_COMMANDS.items():
        assert f"  {name}  " in result.output or f"  {name} " in result.output
        assert text.split(":")[0].split("(")[0].strip() in result.output


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_the_table_says_what_each_command_says(name: str) -> None:
    module, text = LAZY_COMMANDS[name]
    command = module_commands(module).get(name)
    assert command is not None, f"addon/cli/commands/{module}.py lists no command {name!r} in COMMANDS"
    assert click.Command(name, help=text).get_short_help_str(1000) == command.get_short_help_str(1000)


def test_every_command_module_is_in_the_table() -> None:
    # A module missing from LAZY_COMMANDS still works, but is imported by every `anonamoose` call.
    assert unlisted_modules() == []


def test_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version  # noqa: PLC0415

    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"anonamoose, version {version('anonamoose')}\n"


def test_run_checks_its_options_without_loading_a_detector() -> None:
    # `anonamoose run -- --set anonamoose_style=…` parses the value with the addon's own option table first.
    code = (
        "import json, sys\n"
        "from addon.cli.preflight import check_options\n"
        "check_options(['--set', 'anonamoose_style=pua', '--set', 'anonamoose_workers=2'])\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "addon.options" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("presidio_analyzer", "spacy")}
