"""The `anonamoose` command line: thin click faces over the library's operations.

Each module in addon/cli/commands/ lists its click commands in `COMMANDS`; they are all registered here.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import version

import click

from store.crypto import KeyFileExposed
from store.db import UnsafeDatabase

from . import commands as command_modules


class AnonamooseGroup(click.Group):
    """The command group; a store refusal any command can meet becomes one clear error line, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (KeyFileExposed, UnsafeDatabase) as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=AnonamooseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("anonamoose"), prog_name="anonamoose")
def cli() -> None:
    """Anonamoose keeps personal data out of third-party LLM APIs."""


for _info in sorted(pkgutil.iter_modules(command_modules.__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"addon.cli.commands.{_info.name}")
    for _command in getattr(_module, "COMMANDS", ()):
        cli.add_command(_command)
