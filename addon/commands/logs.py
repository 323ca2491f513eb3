"""`anonamoose logs`: the flow log (types, counts, redacted previews), optionally followed as it grows."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import click

from addon.commands.common import db_option
from addon.commands.reporting import DURATION, console, output_options, write_csv, write_json
from addon.report_views import render_flows
from store import reports

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
        write_csv(rows, columns=reports.FLOW_COLUMNS, header=first)
    elif rows or first:
        console().print(render_flows(rows, title="Flow log" if first else None, header=first))


@click.command("logs")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show the newest N flows.")
@click.option("--host", default=None, help="Only flows to this host.")
@click.option("--status", type=click.IntRange(0, 599), default=None, help="Only flows with this HTTP status.")
@click.option("--since", type=DURATION, default=None, metavar="DURATION",
              help="Only flows in this period: 90m, 24h, 7d, 2w.")
@click.option("--follow", "-f", is_flag=True, help="Keep printing new flows as they arrive (Ctrl-C stops).")
@click.option("--interval", type=click.FloatRange(min=0), default=1.0, hidden=True, help="Seconds between polls.")
@click.option("--max-polls", type=click.IntRange(min=1), default=None, hidden=True, help="Stop after N polls.")
@output_options()
@db_option
def logs(limit: int, host: str | None, status: int | None, since: timedelta | None, follow: bool,
         interval: float, max_polls: int | None, fmt: str) -> None:
    """Show the flow log: what was caught in each request (types and counts, never values).

    With --follow, --json prints one JSON object per line.
    """
    rows = reports.flow_log(limit=limit, host=host, status=status, since=since)
    last_id = rows[-1]["id"] if rows else reports.last_flow_id()
    _print(rows, fmt, first=True, follow=follow)
    polls = 0
    try:
        while follow and (max_polls is None or polls < max_polls):
            sleep(interval)
            polls += 1
            new = reports.flow_log(limit=None, host=host, status=status, after_id=last_id)
            if new:
                last_id = new[-1]["id"]
                _print(new, fmt, first=False, follow=follow)
    except KeyboardInterrupt:
        pass


COMMANDS = [logs]
