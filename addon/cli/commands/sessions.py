"""`anonamoose sessions list|show|extend|rm|purge` and `anonamoose hydrate`: thin faces over addon.operations."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from addon.cli.output import console, emit, output_options, write_json
from addon.cli.params import read_db_option
from addon.cli.views.sessions import render_session, render_sessions, when
from addon.operations import retention as retention_ops
from addon.operations import sessions as ops
from addon.operations.context import KeyMissing
from addon.units import duration_text

UNKNOWN_HINT = "; `anonamoose sessions list` shows them"


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON/CSV form: times as ISO 8601 UTC."""
    return {k: f"{v.isoformat(timespec='seconds')}Z" if isinstance(v, datetime) else v for k, v in row.items()}


@contextlib.contextmanager
def session_errors() -> Iterator[None]:
    """An unknown or ambiguous session id, a bad TTL or a missing key, as one clear error line."""
    try:
        yield
    except ops.SessionNotFound as exc:
        raise click.ClickException(f"{exc.args[0]}{UNKNOWN_HINT}") from exc
    except (ValueError, KeyMissing) as exc:
        raise click.ClickException(str(exc.args[0] if exc.args else exc)) from exc


@click.group("sessions")
def sessions() -> None:
    """List, inspect, extend and erase sessions (scopes) and their mappings.

    \b
    Examples:
      anonamoose sessions list --active
      anonamoose sessions show 3f2a
      anonamoose sessions purge --yes
    """


@sessions.command("list")
@click.option("--active", is_flag=True, help="Leave out expired sessions.")
@output_options()
@read_db_option
def sessions_list(active: bool, fmt: str) -> None:
    """List sessions with their mapping counts by type (never values).

    \b
    Examples:
      anonamoose sessions list
      anonamoose sessions list --active --json
    """
    rows = ops.list_sessions(include_expired=not active)
    emit(fmt, [_plain(row) for row in rows], lambda _: render_sessions(rows))


@sessions.command("show")
@click.argument("session_id", metavar="ID")
@output_options(csv_rows=False)
@read_db_option
def sessions_show(session_id: str, fmt: str) -> None:
    """Show one session (an id or a unique prefix of one) and its placeholders.

    \b
    Examples:
      anonamoose sessions show 3f2a
      anonamoose sessions show 3f2a --json
    """
    with session_errors():
        row = ops.show_session(session_id)
    if fmt == "json":
        write_json(_plain(row))
    else:
        console().print(render_session(row))


@sessions.command("extend")
@click.argument("session_id", metavar="ID")
@click.argument("ttl", metavar="TTL")
@read_db_option
def sessions_extend(session_id: str, ttl: str) -> None:
    """Make a session expire TTL from now (seconds, or 30m, 24h, 7d).

    \b
    Examples:
      anonamoose sessions extend 3f2a 7d
    """
    with session_errors():
        expires = ops.extend_session(session_id, ttl)
    click.echo(f"expires {when(expires)}")


@sessions.command("rm")
@click.argument("session_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@read_db_option
def sessions_rm(session_id: str, yes: bool) -> None:
    """Erase one session with all its mappings.

    \b
    Examples:
      anonamoose sessions rm 3f2a
      anonamoose sessions rm 3f2a --yes
    """
    with session_errors():
        full_id = ops.show_session(session_id)["id"]
    if not yes:
        click.confirm(f"Erase session {full_id} and all its mappings?", abort=True)
    ops.remove_session(full_id)
    click.echo(f"removed session {full_id}")


@sessions.command("purge")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--log-ttl",
    default=None,
    metavar="DURATION",
    help="Also delete flow-log rows older than this [default: the TTL the proxy applied last, else 30d].",
)
@read_db_option
def sessions_purge(yes: bool, log_ttl: str | None) -> None:
    """Erase every expired session with its mappings, and flow-log rows past the log TTL.

    \b
    Examples:
      anonamoose sessions purge
      anonamoose sessions purge --yes --log-ttl 90d
    """
    try:
        seconds, source = retention_ops.log_ttl_in_force(log_ttl)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--log-ttl") from exc
    if not yes:
        click.confirm(
            f"Erase every expired session and its mappings, and flow-log rows older than "
            f"{duration_text(seconds)} ({source})?",
            abort=True,
        )
    expiry = retention_ops.purge(seconds)
    click.echo(
        f"purged {expiry.scopes} expired session(s) ({expiry.mappings} mapping(s)) and {expiry.flow_rows} "
        f"flow-log row(s) older than {duration_text(seconds)} ({source}); `anonamoose audit` lists it"
    )


@click.command("hydrate")
@click.option("--session", "session_id", required=True, metavar="ID", help="The session whose mappings to use.")
@click.option(
    "--file",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the text from this file.",
)
@click.argument("text", required=False)
@read_db_option
def hydrate(session_id: str, source: Path | None, text: str | None) -> None:
    """Put a session's values back into a text (an argument, --file, or stdin); prints the values.

    \b
    Examples:
      anonamoose hydrate --session 3f2a "Dear [PERSON_AB12C], thanks"
      anonamoose hydrate --session 3f2a --file reply.txt
    """
    if text is not None and source is not None:
        raise click.UsageError("give the text as an argument or with --file, not both")
    if text is None:
        text = source.read_text(encoding="utf-8") if source is not None else sys.stdin.read()
    with session_errors():
        restored = ops.hydrate(session_id, text)
    click.echo(restored, nl=not restored.endswith("\n"))


COMMANDS = [sessions, hydrate]
