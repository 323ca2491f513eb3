"""`anonamoose audit`: an evidence summary for an auditor (ISO 27001, HIPAA, GDPR), never a value."""

from __future__ import annotations

from datetime import timedelta

import click

from addon.commands.common import db_option
from addon.commands.reporting import console, output_options, since_option, write_json
from addon.report_views import render_audit
from store import reports


@click.command("audit")
@since_option("30d")
@click.option("--records", type=click.IntRange(min=1), default=10, show_default=True,
              help="Expiry records (purges and clears) listed, newest first; totals cover them all.")
@output_options(csv_rows=False)
@db_option
def audit(since: timedelta | None, records: int, fmt: str) -> None:
    """Evidence for an audit: detection, dictionary, retention and expiry records, events, counts, encryption."""
    evidence = reports.audit_evidence(since, records=records)
    if fmt == "json":
        write_json(evidence)
    else:
        console().print(render_audit(evidence))


COMMANDS = [audit]
