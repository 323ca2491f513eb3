"""What every report command shares: `--since DURATION`, and `--json / --csv` beside the human rich table."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from typing import Any

import click
from rich.console import Console, RenderableType

from addon.units import duration_seconds, duration_text

FORMATS = ("table", "json", "csv")
# Piped or captured output is not squeezed to 80 columns: report tables are wide.
PIPE_WIDTH = 160


class Duration(click.ParamType):
    """'30m', '24h', '7d', '2w' -> timedelta; 'all' -> None (no lower bound)."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> timedelta | None:
        if value is None or isinstance(value, timedelta):
            return value
        text = str(value).strip().lower()
        if text == "all":
            return None
        try:
            seconds = duration_seconds(text, unit_required=True)
        except ValueError:
            seconds = 0
        if seconds <= 0:
            self.fail(
                f"{value!r} is not a period: write a number and a unit, like 90m, 24h, 7d or 2w (or 'all')",
                param,
                ctx,
            )
        return timedelta(seconds=seconds)


DURATION = Duration()


def period_label(since: timedelta | None) -> str:
    """timedelta(hours=24) -> 'last 24h'; None -> 'all time'."""
    return "all time" if since is None else f"last {duration_text(int(since.total_seconds()))}"


def since_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--since DURATION`: how far back the report looks."""
    return click.option(
        "--since",
        type=DURATION,
        default=default,
        show_default=True,
        metavar="DURATION",
        help="How far back to look: 90m, 24h, 7d, 2w, or all.",
    )


def output_options(csv_rows: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command `--json` (and `--csv` when it prints rows); it receives `fmt` = table | json | csv."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if csv_rows:
            func = click.option("--csv", "fmt", flag_value="csv", help="Print CSV rows instead of a table.")(func)
        func = click.option("--json", "fmt", flag_value="json", help="Print JSON instead of a table.")(func)
        return click.option("--table", "fmt", flag_value="table", default=True, hidden=True)(func)

    return decorate


def console() -> Console:
    """A console on the current stdout (so CliRunner captures it), not limited to 80 columns when piped."""
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else PIPE_WIDTH)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return "" if value is None else value


def columns_of(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, header: bool = True) -> None:
    """Rows as CSV on stdout; nested values as JSON text, None as an empty cell."""
    columns = list(columns or columns_of(rows))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])


def write_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def emit(
    fmt: str,
    rows: Sequence[dict[str, Any]],
    render: Callable[[Sequence[dict[str, Any]]], RenderableType],
    document: Any = None,
) -> None:
    """Print rows as the user asked: a rich table (by `render`), JSON (`document`, default the rows) or CSV."""
    if fmt == "json":
        write_json(rows if document is None else document)
    elif fmt == "csv":
        write_csv(rows)
    else:
        console().print(render(rows))
