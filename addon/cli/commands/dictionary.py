"""`anonamoose dict` and `anonamoose allow`: the guaranteed terms and the never-redact terms."""

from __future__ import annotations

import json
from typing import IO

import click
from rich.console import Console

from addon.cli.params import db_option, read_db_option
from addon.cli.views.inspector import render_terms
from store import dictionary as terms


def say_removed(found: bool, term: str, where: str) -> None:
    if not found:
        raise click.ClickException(f"{term!r} is not in {where}")
    click.echo("removed")


@click.group("dict")
def dictionary() -> None:
    """Manage dictionary terms: always redacted, whatever the other layers say.

    \b
    Examples:
      anonamoose dict add "Project Bluebird" --type PROJECT
      anonamoose dict import staff.txt --type PERSON
      anonamoose dict list
    """


@dictionary.command("add")
@click.argument("term_list", metavar="TERM...", nargs=-1, required=True)
@click.option("--type", "entity_type", default="CUSTOM", show_default=True, help="Entity type for the placeholder.")
@click.option("--case-sensitive", is_flag=True, help="Match the exact case only.")
@click.option("--partial", is_flag=True, help="Match inside words too (default: whole words only).")
@db_option
def dict_add(term_list: tuple[str, ...], entity_type: str, case_sensitive: bool, partial: bool) -> None:
    """Add one or more terms.

    \b
    Examples:
      anonamoose dict add "Project Bluebird" Bluebird --type PROJECT
      anonamoose dict add ACME-7 --case-sensitive --partial
    """
    added = sum(terms.add_term(t, entity_type.upper(), case_sensitive, not partial) for t in term_list if t.strip())
    click.echo(f"added {added} term(s); {len(term_list) - added} already present")


@dictionary.command("import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("--type", "entity_type", default="CUSTOM", show_default=True, help="Entity type for the placeholders.")
@click.option("--case-sensitive", is_flag=True, help="Match the exact case only.")
@click.option("--partial", is_flag=True, help="Match inside words too (default: whole words only).")
@db_option
def dict_import(source: IO[str], entity_type: str, case_sensitive: bool, partial: bool) -> None:
    """Import terms from a file, one per line ('#' starts a comment; '-' = stdin).

    \b
    Examples:
      anonamoose dict import staff.txt --type PERSON
      cut -d, -f1 customers.csv | anonamoose dict import - --type ORG
    """
    count = terms.import_terms(source, entity_type.upper(), case_sensitive, not partial)
    click.echo(f"imported {count} term(s)")


@dictionary.command("list")
@click.option("--limit", type=int, default=None, help="Show at most N terms.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@read_db_option
def dict_list(limit: int | None, as_json: bool) -> None:
    """List the dictionary terms.

    \b
    Examples:
      anonamoose dict list
      anonamoose dict list --limit 20 --json
    """
    rows = terms.list_terms(limit=limit)
    if as_json:
        click.echo(json.dumps(rows, default=str))
    else:
        Console().print(render_terms(rows, f"dictionary ({len(rows)} shown)"))


@dictionary.command("rm")
@click.argument("term")
@db_option
def dict_rm(term: str) -> None:
    """Remove a term.

    \b
    Examples:
      anonamoose dict rm "Project Bluebird"
    """
    say_removed(bool(terms.remove_term(term)), term, "the dictionary")


@dictionary.command("flush")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def dict_flush(yes: bool) -> None:
    """Remove every term.

    \b
    Examples:
      anonamoose dict flush
      anonamoose dict flush --yes
    """
    if not yes:
        click.confirm("Remove every dictionary term?", abort=True)
    click.echo(f"removed {terms.flush_terms()} term(s)")


@click.group("allow")
def allow() -> None:
    """Manage the allow-list: terms that are never redacted.

    \b
    Examples:
      anonamoose allow add "Acme Pty Ltd" Sydney
      anonamoose allow list
      anonamoose allow rm Sydney
    """


@allow.command("add")
@click.argument("term_list", metavar="TERM...", nargs=-1, required=True)
@db_option
def allow_add(term_list: tuple[str, ...]) -> None:
    """Add one or more terms.

    \b
    Examples:
      anonamoose allow add "Acme Pty Ltd"
      anonamoose allow add Sydney Melbourne
    """
    added = sum(terms.add_allow(t) for t in term_list if t.strip())
    click.echo(f"added {added} term(s); {len(term_list) - added} already present")


@allow.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@read_db_option
def allow_list(as_json: bool) -> None:
    """List the allow-list.

    \b
    Examples:
      anonamoose allow list
      anonamoose allow list --json
    """
    rows = terms.list_allow()
    if as_json:
        click.echo(json.dumps(rows, default=str))
    else:
        Console().print(render_terms(rows, "allow-list"))


@allow.command("rm")
@click.argument("term")
@db_option
def allow_rm(term: str) -> None:
    """Remove a term.

    \b
    Examples:
      anonamoose allow rm "Acme Pty Ltd"
    """
    say_removed(bool(terms.remove_allow(term)), term, "the allow-list")


COMMANDS = [dictionary, allow]
