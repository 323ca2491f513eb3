"""`anonamoose report`: requests, PII caught, restored/unknown placeholders and latency, grouped over a period."""

from __future__ import annotations

from datetime import timedelta

import click

from addon.cli.output import emit, output_options, period_label, since_option
from addon.cli.params import read_db_option
from addon.cli.views.reports import render_summary
from addon.operations import traffic


@click.command("report")
@since_option("24h")
@click.option(
    "--by",
    type=click.Choice(traffic.GROUPINGS),
    default="type",
    show_default=True,
    help="Group rows by entity type, detection layer, host, scope or UTC day.",
)
@output_options()
@read_db_option
def report(since: timedelta | None, by: str, fmt: str) -> None:
    """Summarise intercepted traffic: requests, PII caught, restored placeholders, latency percentiles.

    \b
    Examples:
      anonamoose report
      anonamoose report --since 7d --by host
      anonamoose report --by day --since 30d --csv > daily.csv
    """
    result = traffic.report(since, by)
    emit(fmt, result["rows"], lambda shown: render_summary(shown, by, result["total"], period_label(since)))


COMMANDS = [report]
