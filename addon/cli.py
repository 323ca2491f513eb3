"""The `anonamoose` command line: thin click faces over the library's operations."""

from __future__ import annotations

from importlib.metadata import version

import click

from addon.commands.certs import certs
from addon.commands.dictionary import allow, dictionary
from addon.commands.redact import redact


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("anonamoose"), prog_name="anonamoose")
def cli() -> None:
    """Anonamoose keeps personal data out of third-party LLM APIs."""


cli.add_command(redact)
cli.add_command(dictionary)
cli.add_command(allow)
cli.add_command(certs)

try:  # the proxy commands arrive with the proxy
    from addon.commands.run import run

    cli.add_command(run)
except ImportError:  # pragma: no cover
    pass
