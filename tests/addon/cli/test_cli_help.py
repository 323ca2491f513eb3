"""Every command and subcommand has help with examples (sqlite-utils' tests/test_docs.py is the model).

The convention: each docstring ends with a `\\b`-marked "Examples:" paragraph (click keeps it unwrapped) of lines
that run `anonamoose COMMAND …`; this test checks each example names this command (or one of a group's
subcommands) and only options that command has, so examples cannot rot when an option is renamed.
"""

from __future__ import annotations

import inspect
import re
import shlex
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from addon.cli import cli

MARKER = "\b\nExamples:\n"
# From `anonamoose` to the end of its shell word list: a pipe, `)` (of `$(…)`), `;` or a redirect.
INVOCATION = re.compile(r"\banonamoose\b[^|);>]*")


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """(path, command) for the group and every command and subcommand below it."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{' '.join(path)} lists {name} but cannot load it"
            yield from walk(sub, (*path, name))


COMMANDS = dict(walk(cli))


def examples(command: click.Command) -> list[str]:
    help_text = inspect.cleandoc(command.help or "")
    assert MARKER in help_text, "no `\\b` + `Examples:` paragraph in its help"
    block = help_text.split(MARKER, 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def resolve(words: list[str]) -> tuple[tuple[str, ...], click.Command, list[str]]:
    """The command an example runs (the longest path of command names) and the words after it."""
    path: tuple[str, ...] = ()
    while words and (*path, words[0]) in COMMANDS:
        path, words = (*path, words[0]), words[1:]
    return path, COMMANDS[path], words


def option_names(command: click.Command) -> set[str]:
    names = {"--help", "-h"}
    for param in command.params:
        if isinstance(param, click.Option):
            names |= {*param.opts, *param.secondary_opts}
    return names


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(("anonamoose", *p)))
def test_every_command_has_help_with_examples(path: tuple[str, ...]) -> None:
    command = COMMANDS[path]
    assert command.help and command.get_short_help_str(), "no help"
    lines = examples(command)
    assert lines, "an empty Examples paragraph"
    for line in lines:
        invocations = INVOCATION.findall(line)
        assert invocations, f"example {line!r} does not run anonamoose"
        for invocation in invocations:
            example_path, target, rest = resolve(shlex.split(invocation)[1:])
            assert example_path[: len(path)] == path, f"example {line!r} is not `anonamoose {' '.join(path)} …`"
            known = option_names(target)
            for word in rest[: rest.index("--")] if "--" in rest else rest:
                if word.startswith("-") and word != "-":
                    assert word.split("=", 1)[0] in known, f"example {line!r}: {word} is no option of {example_path}"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(("anonamoose", *p)))
def test_examples_show_unwrapped_in_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="anonamoose", terminal_width=80)
    assert result.exit_code == 0, result.output
    shown = [line.strip() for line in result.output.splitlines()]
    assert "Examples:" in shown
    after = shown[shown.index("Examples:") + 1 :]
    for line in examples(COMMANDS[path]):
        assert line in after, f"{line!r} was rewrapped"
