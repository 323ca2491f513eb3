"""`anonamoose certs`: where the proxy's CA is and how to recognise it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from addon.certs import ensure_ca
from store.crypto import default_confdir, load_or_create_key


@click.command()
@click.option("--confdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="mitmproxy confdir [default: $ANONAMOOSE_CONFDIR or ./certs].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--quiet", is_flag=True, help="Only create what is missing.")
def certs(confdir: Path | None, as_json: bool, quiet: bool) -> None:
    """Create (if missing) and show the proxy's CA certificate and the mapping key."""
    confdir = confdir or default_confdir()
    info = ensure_ca(confdir)
    load_or_create_key(confdir)
    if quiet:
        return
    data = {"confdir": str(info.confdir), "ca_cert": str(info.cert_path), "fingerprint_sha256": info.fingerprint_sha256,
            "subject": info.subject, "not_after": info.not_after}
    if as_json:
        click.echo(json.dumps(data))
        return
    for key, value in data.items():
        click.echo(f"{key:>18}: {value}")
COMMANDS = [certs]
