"""`anonamoose audit`: an evidence summary for an auditor (ISO 27001, HIPAA, GDPR), never a value."""

from __future__ import annotations

from datetime import timedelta

import click

from addon.cli.output import console, output_options, since_option, write_json
from addon.cli.params import read_db_option
from addon.cli.views.reports import render_audit, render_coverage
from addon.operations.audit import audit_report


@click.command("audit")
@since_option("30d")
@click.option(
    "--records",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Expiry records (purges and clears) listed, newest first; totals cover them all.",
)
@output_options(csv_rows=False)
@read_db_option
def audit(since: timedelta | None, records: int, fmt: str) -> None:
    """Evidence for an audit: detection, dictionary, retention and expiry records, events, counts, encryption, and
    coverage of each HIPAA Safe Harbor identifier and GDPR category with its latest measured recall.

    \b
    Examples:
      anonamoose audit
      anonamoose audit --since 90d --records 50
      anonamoose audit --json > audit.json
    """
    evidence = audit_report(since, records=records)
    if fmt == "json":
        write_json(evidence)
    else:
        console().print(render_audit(evidence))
        console().print(render_coverage(evidence["coverage"]))


COMMANDS = [audit]
