"""`anonamoose top`: the live dashboard; `--once` prints one frame (and `--svg` saves it as a picture)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from addon.cli.output import since_option
from addon.cli.params import file_option, read_db_option
from addon.cli.views.tui import render_once, run_live
from addon.operations.dashboard import dashboard

ALL_GROUPS = 10_000


@click.command("top")
@click.option(
    "--interval", type=click.FloatRange(min=0.2), default=2.0, show_default=True, help="Seconds between refreshes."
)
@click.option("--once", is_flag=True, help="Print one frame and exit (for scripts and screenshots).")
@since_option("24h")
@click.option(
    "--minutes",
    type=click.IntRange(5, 1440),
    default=180,
    show_default=True,
    help="Most minutes the requests-per-minute chart shows (it shows as many as fit).",
)
@click.option("--rows", type=click.IntRange(1, 200), default=12, show_default=True, help="Recent flows shown.")
@file_option("--svg", "svg_path", help="With --once, also save the frame as an SVG picture.")
@click.option("--width", type=click.IntRange(60, 400), default=None, help="Columns to draw (default: the terminal's).")
@read_db_option
def top(
    interval: float,
    once: bool,
    since: timedelta | None,
    minutes: int,
    rows: int,
    svg_path: Path | None,
    width: int | None,
) -> None:
    """Watch the proxy live: requests per minute, PII by type and layer, hosts, latency, recent flows.

    \b
    Examples:
      anonamoose top
      anonamoose top --since 1h --interval 5
      anonamoose top --once --svg top.svg --width 120
    """
    if svg_path is not None and not once:
        raise click.ClickException("--svg saves a single frame: add --once")

    def fetch() -> dict[str, Any]:
        # Every type, layer and host: the panels show what fits and count the rest as "+N more".
        return dashboard(since=since, minutes=minutes, recent=rows, top=ALL_GROUPS)

    if not once:
        run_live(fetch, interval, Console(width=width))
        return
    console = Console(width=width, record=svg_path is not None)
    console.print(render_once(fetch()))
    if svg_path is not None:
        # Spaces are &#160; in rich's SVG; xml:space keeps renderers that trim them (librsvg) drawing it as a browser.
        svg = console.export_svg(title="anonamoose top").replace("<svg ", '<svg xml:space="preserve" ', 1)
        try:
            svg_path.write_text(svg, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {svg_path}: {exc.strerror}") from exc


COMMANDS = [top]
