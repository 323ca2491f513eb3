"""`anonamoose logs`: the flow log (types, counts, placeholders), optionally followed; `logs clear` empties it."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import click
from click.core import ParameterSource

from addon.cli.output import DURATION, console, output_options, write_csv, write_json
from addon.cli.params import db_url_option, open_store
from addon.cli.views.reports import render_flows
from addon.operations import retention, traffic

# Looked up at call time so tests can replace the wait between polls.
sleep = time.sleep


def _print(rows: list[dict[str, Any]], fmt: str, first: bool, follow: bool) -> None:
    """Print one batch; while following, later batches continue the first (no repeated header)."""
    if fmt == "json" and follow:  # one object per line, so a consumer can read rows as they arrive
        for row in rows:
            click.echo(json.dumps(row, default=str))
    elif fmt == "json":
        write_json(rows)
    elif fmt == "csv":
        write_csv(rows, columns=traffic.FLOW_COLUMNS, header=first)
    elif rows or first:
        console().print(render_flows(rows, title="Flow log" if first else None, header=first))


@click.group("logs", invoke_without_command=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show the newest N flows.")
@click.option("--host", default=None, help="Only flows to this host.")
@click.option("--status", type=click.IntRange(0, 599), default=None, help="Only flows with this HTTP status.")
@click.option(
    "--since", type=DURATION, default=None, metavar="DURATION", help="Only flows in this period: 90m, 24h, 7d, 2w."
)
@click.option("--follow", "-f", is_flag=True, help="Keep printing new flows as they arrive (Ctrl-C stops).")
@click.option("--interval", type=click.FloatRange(min=0), default=1.0, hidden=True, help="Seconds between polls.")
@click.option("--max-polls", type=click.IntRange(min=1), default=None, hidden=True, help="Stop after N polls.")
@output_options()
@db_url_option
@click.pass_context
def logs(
    ctx: click.Context,
    limit: int,
    host: str | None,
    status: int | None,
    since: timedelta | None,
    follow: bool,
    interval: float,
    max_polls: int | None,
    fmt: str,
    db_url: str | None,
) -> None:
    """Show the flow log: what was caught in each request (types, counts and placeholders, never values).

    With --follow, --json prints one JSON object per line. `logs clear` deletes the log.

    \b
    Examples:
      anonamoose logs
      anonamoose logs --since 1h --host api.openai.com
      anonamoose logs --follow --json
      anonamoose logs clear --before 30d
    """
    if ctx.invoked_subcommand is not None:
        return  # the subcommand opens the store itself
    open_store(db_url, must_exist=True)
    rows = traffic.flow_log(limit=limit, host=host, status=status, since=since)
    last_id = rows[-1]["id"] if rows else traffic.last_flow_id()
    _print(rows, fmt, first=True, follow=follow)
    polls = 0
    try:
        while follow and (max_polls is None or polls < max_polls):
            sleep(interval)
            polls += 1
            new = traffic.flow_log(limit=None, host=host, status=status, after_id=last_id)
            if new:
                last_id = new[-1]["id"]
                _print(new, fmt, first=False, follow=follow)
    except KeyboardInterrupt:
        pass


@logs.command("clear")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--before",
    type=DURATION,
    default=None,
    metavar="DURATION",
    help="Only rows older than this (24h, 7d, 2w); default: every row.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_url_option
@click.pass_context
def logs_clear(ctx: click.Context, yes: bool, before: timedelta | None, as_json: bool, db_url: str | None) -> None:
    """Delete the flow log (or its older rows); an expiry record of it shows in `anonamoose audit`.

    \b
    Examples:
      anonamoose logs clear --before 7d
      anonamoose logs clear --yes --json
    """
    # `logs --db X clear` names the database before the subcommand; `logs clear --db X` after it.
    if ctx.get_parameter_source("db_url") is not ParameterSource.COMMANDLINE and ctx.parent is not None:
        db_url = ctx.parent.params.get("db_url") or db_url
    open_store(db_url, must_exist=True)
    if not yes:
        what = "every flow-log row" if before is None else "every flow-log row older than that"
        click.confirm(f"Delete {what}?", abort=True)
    rows = retention.clear_logs(before)
    if as_json:
        write_json({"cleared": rows})
    else:
        click.echo(f"cleared {rows} flow-log row(s); `anonamoose audit` lists the expiry record")


COMMANDS = [logs]
