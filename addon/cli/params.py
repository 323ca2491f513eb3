"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from store.db import default_db_url, open_db


def open_store(db_url: str | None) -> None:
    """Open the store at `db_url` (default $ANONAMOOSE_DB or ./data/anonamoose.db); a ClickException if it fails."""
    try:
        open_db(db_url or default_db_url())
    except Exception as exc:
        raise click.ClickException(f"cannot open the database {db_url or default_db_url()}: {exc}") from exc


DB_HELP = "Database path or peewee URL [default: $ANONAMOOSE_DB or ./data/anonamoose.db]."


def db_url_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` passed as `db_url`, without opening anything (for groups that open the store themselves)."""
    return click.option("--db", "db_url", envvar="ANONAMOOSE_DB", default=None, metavar="URL", help=DB_HELP)(func)


def db_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` (default $ANONAMOOSE_DB or ./data/anonamoose.db); opens the store before the command runs."""

    @db_url_option
    @functools.wraps(func)
    def wrapper(*args: Any, db_url: str | None, **kwargs: Any) -> Any:
        open_store(db_url)
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
