"""`anonamoose certs`: where the proxy's CA is, how to recognise it, and a combined trust bundle for clients."""

from __future__ import annotations

import json
from pathlib import Path

import click

from addon.certs import ensure_ca, write_bundle
from addon.cli.params import confdir_option, file_option
from store.crypto import default_confdir, load_or_create_key


@click.command()
@confdir_option
@file_option(
    "--bundle", "bundle_path", help="Also write PATH: certifi's roots + the system bundle + our CA (for SSL_CERT_FILE)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--quiet", is_flag=True, help="Only create what is missing.")
def certs(confdir: Path | None, bundle_path: Path | None, as_json: bool, quiet: bool) -> None:
    """Create (if missing) and show the proxy's CA certificate and the mapping key.

    \b
    Examples:
      anonamoose certs
      anonamoose certs --bundle ca-bundle.pem
      anonamoose certs --json
    """
    confdir = confdir or default_confdir()
    info = ensure_ca(confdir)
    load_or_create_key(confdir)
    data: dict[str, object] = {
        "confdir": str(info.confdir),
        "ca_cert": str(info.cert_path),
        "fingerprint_sha256": info.fingerprint_sha256,
        "subject": info.subject,
        "not_after": info.not_after,
    }
    if bundle_path is not None:
        bundle = write_bundle(bundle_path, info.cert_path)
        data |= {
            "bundle": str(bundle.path),
            "bundle_certificates": bundle.certificates,
            "bundle_sources": list(bundle.sources),
        }
    if quiet:
        return
    if as_json:
        click.echo(json.dumps(data))
        return
    for key, value in data.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"{key:>19}: {shown}")


COMMANDS = [certs]
