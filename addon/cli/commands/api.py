"""`anonamoose api`: the HTTP management API over the store, in its own process (FastAPI is imported lazily)."""

from __future__ import annotations

from pathlib import Path

import click

from addon.cli.params import db_url_option, file_option, open_store

LISTEN_HELP = "HOST:PORT to serve on; beyond loopback needs a token."


@click.command("api")
@click.option("--listen", default="127.0.0.1:8090", show_default=True, metavar="HOST:PORT", help=LISTEN_HELP)
@file_option("--token-file", help="Admin token from this file's first line [default: $ANONAMOOSE_API_TOKEN].")
@file_option(
    "--read-token-file", help="Read-only token (stats, logs, audit, metrics) [default: $ANONAMOOSE_API_READ_TOKEN]."
)
@db_url_option
def api(listen: str, token_file: Path | None, read_token_file: Path | None, db_url: str | None) -> None:
    """Serve the management API: /api/v1/*, /healthz, /readyz, /metrics (OpenAPI at /docs).

    \b
    Examples:
      anonamoose api
      anonamoose api --listen 0.0.0.0:8090 --token-file /etc/anonamoose/api-token
      anonamoose api --db postgresql://anonamoose@db/anonamoose --read-token-file read-token

    Then: curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8090/api/v1/stats
    """
    import uvicorn

    from addon.api.app import create_app
    from addon.api.auth import TokenError, Tokens
    from addon.api.server import server_config

    try:
        tokens = Tokens.load(token_file, read_token_file)
        config = server_config(create_app(tokens), listen, tokens)
    except (TokenError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    open_store(db_url)
    auth = (
        "admin and read-only tokens"
        if tokens.admin and tokens.read
        else ("admin token" if tokens.admin else "read-only token" if tokens.read else "no token (loopback only)")
    )
    click.echo(f"anonamoose: API on http://{config.host}:{config.port} ({auth}); OpenAPI at /docs", err=True)
    uvicorn.Server(config).run()


COMMANDS = [api]
