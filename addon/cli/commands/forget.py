"""`anonamoose forget VALUE`: erase every mapping of a value in every scope (an erasure request)."""

from __future__ import annotations

import click

from addon.cli.output import write_json
from addon.cli.params import db_option
from addon.operations.context import KeyMissing
from addon.operations.forget import forget as forget_value


@click.command("forget")
@click.argument("value")
@click.option("--yes", "-y", is_flag=True, help="Erase without asking first (for scripts; without it, forget asks).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def forget(value: str, yes: bool, as_json: bool) -> None:
    """Erase every mapping of VALUE in every session; prints how many (never the value).

    It asks before erasing; --yes erases without asking, for scripts and erasure-request tooling.

    \b
    Examples:
      anonamoose forget "jane.citizen@example.com"
      anonamoose forget "Jane Citizen" --yes --json
    """
    if not yes:
        click.confirm("Erase every mapping of this value in every session?", abort=True)
    try:
        count = forget_value(value)
    except (ValueError, KeyMissing) as exc:
        raise click.ClickException(str(exc.args[0] if exc.args else exc)) from exc
    if as_json:
        write_json({"forgotten": count})
    else:
        click.echo(f"forgot {count} mapping(s)")


COMMANDS = [forget]
