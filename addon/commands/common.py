"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from store.db import default_db_url, open_db


def db_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` (default $ANONAMOOSE_DB or ./data/anonamoose.db); opens the store before the command runs."""

    @click.option("--db", "db_url", envvar="ANONAMOOSE_DB", default=None, metavar="URL",
                  help="Database path or peewee URL [default: $ANONAMOOSE_DB or ./data/anonamoose.db].")
    @functools.wraps(func)
    def wrapper(*args: Any, db_url: str | None, **kwargs: Any) -> Any:
        try:
            open_db(db_url or default_db_url())
        except Exception as exc:
            raise click.ClickException(f"cannot open the database {db_url or default_db_url()}: {exc}") from exc
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
