"""`anonamoose settings get|set|unset`: runtime settings a running proxy applies within seconds."""

from __future__ import annotations

import click

from addon.cli.output import console, write_json
from addon.cli.params import db_option
from addon.cli.views.sessions import render_settings
from addon.operations import runtime_settings as ops


@click.group("settings")
def settings() -> None:
    """Read and change layers, locale, min_score, style and ttl for running proxies.

    \b
    Examples:
      anonamoose settings get
      anonamoose settings set style pua
      anonamoose settings unset style
    """


@settings.command("get")
@click.argument("key", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def settings_get(key: str | None, as_json: bool) -> None:
    """Show the value in force of every setting, or of one, and where it comes from: store, option or default.

    A stored value (`settings set`) overrides the proxy's option; otherwise a proxy uses its option: the one the
    confdir's config.yaml sets, else its default (a proxy started with --set anonamoose_KEY=... uses that instead).

    \b
    Examples:
      anonamoose settings get
      anonamoose settings get layers
      anonamoose settings get --json
    """
    try:
        values = ops.effective_settings() if key is None else {ops.setting_key(key): ops.effective_setting(key)}
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        write_json(values)
    elif key is not None:
        (entry,) = values.values()
        click.echo(f"{entry['value']} ({entry['source']})")
    else:
        console().print(render_settings(values))


@settings.command("set")
@click.argument("key")
@click.argument("value")
@db_option
def settings_set(key: str, value: str) -> None:
    """Set KEY to VALUE: layers, locale, min_score, style (typed|pua) or ttl (e.g. 24h).

    \b
    Examples:
      anonamoose settings set layers patterns,ner,dictionary
      anonamoose settings set min_score 0.6
      anonamoose settings set ttl 7d
    """
    try:
        stored = ops.set_setting(key, value)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{ops.setting_key(key)} = {stored} (running proxies apply it within a few seconds)")


@settings.command("unset")
@click.argument("key")
@db_option
def settings_unset(key: str) -> None:
    """Remove a stored setting, so the proxy's own option applies again.

    \b
    Examples:
      anonamoose settings unset ttl
    """
    try:
        removed = ops.reset_setting(key)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{ops.setting_key(key)} unset" if removed else f"{ops.setting_key(key)} was not set")


COMMANDS = [settings]
