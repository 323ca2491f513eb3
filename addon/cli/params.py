"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from store.db import default_db_url, open_db, sqlite_file


def open_store(db_url: str | None, must_exist: bool = False) -> None:
    """Open the store at `db_url` (default $ANONAMOOSE_DB or ./data/anonamoose.db); a ClickException if it fails.

    `must_exist`: a read command refuses a SQLite file that is not there rather than create an empty one (a
    mistyped --db would otherwise print empty tables); other URLs (postgresql://) are no files and are opened.
    """
    url = db_url or default_db_url()
    file = sqlite_file(url) if must_exist else None
    if file is not None and not file.exists():
        raise click.ClickException(f"no database at {file}; check --db or $ANONAMOOSE_DB (`anonamoose run` creates it)")
    try:
        open_db(url)
    except Exception as exc:
        # One line: a driver's message may span several (psycopg adds a hint line).
        raise click.ClickException(f"cannot open the database {url}: {' '.join(str(exc).split())}") from exc


DB_HELP = "Database path or peewee URL [default: $ANONAMOOSE_DB or ./data/anonamoose.db]."


def db_url_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` passed as `db_url`, without opening anything (for groups that open the store themselves)."""
    return click.option("--db", "db_url", envvar="ANONAMOOSE_DB", default=None, metavar="URL", help=DB_HELP)(func)


def _store_opener[F: Callable[..., Any]](func: F, must_exist: bool) -> F:
    @db_url_option
    @functools.wraps(func)
    def wrapper(*args: Any, db_url: str | None, **kwargs: Any) -> Any:
        open_store(db_url, must_exist)
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def db_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` (default $ANONAMOOSE_DB or ./data/anonamoose.db); opens (or creates) the store before the command."""
    return _store_opener(func, must_exist=False)


def read_db_option[F: Callable[..., Any]](func: F) -> F:
    """`--db URL` for a command that only reads (or erases): a SQLite file that is not there is an error."""
    return _store_opener(func, must_exist=True)


def confdir_option[F: Callable[..., Any]](func: F) -> F:
    """`--confdir DIR`: where the CA and the key live (mitmproxy's confdir), passed as `confdir`."""
    return click.option(
        "--confdir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="CA and key directory (mitmproxy's confdir) [default: $ANONAMOOSE_CONFDIR or ./certs].",
    )(func)


def file_option[F: Callable[..., Any]](*decls: str, help: str) -> Callable[[F], F]:
    """An optional file path option (`--bundle PATH`, `--token-file PATH`, ...), passed as a Path or None."""
    return click.option(*decls, type=click.Path(dir_okay=False, path_type=Path), default=None, help=help)
