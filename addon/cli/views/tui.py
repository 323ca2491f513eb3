"""`anonamoose top`: a live dashboard over the store. Pure render functions composed in a Layout, a thin Live loop.

Every figure comes from `addon.operations.dashboard`, so the TUI works from another process while the proxy runs.
Nothing here shows a detected value: the store's flow log has types, counts and placeholders only (and a
redacted preview where the anonamoose_preview debugging opt-in stored one).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.layout import Layout
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from addon.cli.views.reports import detail_heading, detail_text, one_line, status_text
from addon.units import counts_text

SPARK_LEVELS = " ▁▂▃▄▅▆▇█"
BAR_EIGHTHS = " ▏▎▍▌▋▊▉█"
HEADER_ROWS = 3
BODY_ROWS = 14
RATE_ROWS = 8  # borders, five rows of bars, the axis
ACCENT = "cyan"


def spark_rows(values: Sequence[int], height: int = 4) -> list[str]:
    """A bar chart `height` rows tall, one character per value, top row first; the max fills the column."""
    peak = max(values, default=0)
    eighths = [round(v * height * 8 / peak) if peak else 0 for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        floor = row * 8
        rows.append("".join(SPARK_LEVELS[min(8, max(0, e - floor))] for e in eighths))
    return rows


def bar(count: int, peak: int, width: int = 12) -> str:
    """A horizontal bar `width` cells long at `peak`, in eighths of a cell."""
    if peak <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count * width * 8 / peak))
    return "█" * (eighths // 8) + (BAR_EIGHTHS[eighths % 8] if eighths % 8 else "")


def short_ms(value: float | None) -> str:
    """Milliseconds in at most six characters: one decimal below 100 ms, whole numbers above."""
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


class Spark:
    """A bar chart of the newest values that fit the width it is given (the oldest are left out), with its axis."""

    def __init__(self, values: Sequence[int], height: int) -> None:
        self.values, self.height = list(values), height

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        shown = self.values[-width:] if width > 0 else []
        if any(shown):
            yield Text("\n".join(spark_rows(shown, self.height)), style=ACCENT, no_wrap=True, overflow="crop")
        else:  # an empty chart would be a blank box: say so in one line, on the chart's middle row
            above = (self.height - 1) // 2
            note = f"no requests in the last {len(shown)} min"
            yield Text(
                "\n" * above + note + "\n" * (self.height - above - 1), style="dim", no_wrap=True, overflow="ellipsis"
            )
        yield axis_line(len(shown), max(shown, default=0), width)


def axis_line(minutes: int, peak: int, width: int) -> Text:
    """'36 min ago    1 bar = 1 min, peak 21/min    now' under the chart: its time span, unit and scale."""
    left, middle, right = f"{minutes} min ago", f"1 bar = 1 min, peak {peak}/min", "now"
    if len(left) + len(middle) + len(right) + 2 > width:
        middle = f"peak {peak}/min"  # a narrow panel keeps the span and the scale, drops the unit's gloss
    gap = max(1, width - len(left) - len(middle) - len(right))
    return Text(
        left + " " * (gap // 2) + middle + " " * (gap - gap // 2) + right, style="dim", no_wrap=True, overflow="crop"
    )


def more_text(hidden: int) -> Text:
    """The last line of a list cut to fit: how many rows it leaves out."""
    return Text(f"+{hidden:,} more", style="dim italic", no_wrap=True)


def render_header(data: Mapping[str, Any]) -> Panel:
    """The totals over the period, one line."""
    since = data["since_seconds"]
    period = "all time" if since is None else f"last {since / 3600:g}h"
    attached = data.get("attachments", 0)  # forwarded unscanned (attachments policy pass)
    figures = Text.assemble(
        ("requests ", "dim"),
        (f"{data['requests']:,}", "bold"),
        ("  PII ", "dim"),
        (f"{data['pii']:,}", "bold magenta"),
        ("  restored ", "dim"),
        (f"{data['restored']:,}", "bold green"),
        ("  unknown ", "dim"),
        (f"{data['unknown']:,}", "bold yellow" if data["unknown"] else "bold"),
        ("  refused ", "dim"),
        (f"{data['refused']:,}", "bold red" if data["refused"] else "bold"),
        ("  errors ", "dim"),
        (f"{data['errors']:,}", "bold red" if data["errors"] else "bold"),
        ("  scopes ", "dim"),
        (f"{data['active_scopes']:,}", "bold"),
        ("  attached ", "dim"),
        (f"{attached:,}", "bold yellow" if attached else "bold"),
        no_wrap=True,
    )
    title = Text.assemble(("Anonamoose", f"bold {ACCENT}"), f"  {period}")
    return Panel(
        figures,
        title=title,
        title_align="left",
        subtitle=f"{data['now']} UTC",
        subtitle_align="right",
        border_style=ACCENT,
    )


def render_rate(per_minute: Sequence[int], height: int = RATE_ROWS - 3) -> Panel:
    """Requests per minute, oldest left, as a block bar chart of the newest minutes that fit."""
    return Panel(Spark(per_minute, height), title="Requests per minute", title_align="left")


class CountsPanel:
    """Names with counts and a bar each, busiest first; cut to the height it is given, with "+N more"."""

    def __init__(self, title: str, counts: Iterable[tuple[str, int]], empty: str = "none yet") -> None:
        self.title, self.items, self.empty = title, list(counts), empty

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows = None if options.height is None else max(1, options.height - 2)  # the panel's borders
        shown = self.items if rows is None or len(self.items) <= rows else self.items[: rows - 1]
        peak = max((count for _, count in self.items), default=0)
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=2, no_wrap=True, style="magenta")
        for name, count in shown:
            table.add_row(name, f"{count:,}", bar(count, peak, 10))
        if len(shown) < len(self.items):
            table.add_row(more_text(len(self.items) - len(shown)), "", "")
        if not self.items:
            table.add_row(Text(self.empty, style="dim"), "", "")
        # rich resets the height for what a renderable yields: the panel is given it back to fill its region.
        yield Panel(table, title=self.title, title_align="left", height=options.height)


def render_counts(title: str, counts: Iterable[tuple[str, int]], empty: str = "none yet") -> CountsPanel:
    """Names with counts and a bar each, busiest first; rows that do not fit end in "+N more"."""
    return CountsPanel(title, counts, empty)


def render_latency(latency: Mapping[str, Mapping[str, float | None]]) -> Panel:
    """Request and detection latency percentiles over the period, in ms."""
    table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    table.add_column("ms", style="dim", no_wrap=True)
    for p in ("p50", "p95", "p99"):
        table.add_column(p, justify="right", no_wrap=True)
    table.add_row("request", *(short_ms(latency["duration"][p]) for p in ("p50", "p95", "p99")))
    table.add_row("detect", *(short_ms(latency["detect"][p]) for p in ("p50", "p95", "p99")))
    return Panel(table, title="Latency", title_align="left")


RECENT_CHROME = 4  # the panel's borders, the table's header and its rule


class RecentPanel:
    """The newest flows first; cut to the height it is given, the last line saying how many older ones it hides."""

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self.rows = list(reversed(rows))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = None if options.height is None else max(1, options.height - RECENT_CHROME)
        shown = self.rows if room is None or len(self.rows) <= room else self.rows[: room - 1]
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, collapse_padding=True)
        # The text columns share what the figures leave, the placeholders most; the figures keep their width.
        for name, justify, ratio in (
            ("time", "left", None),
            ("host", "left", 2),
            ("status", "right", None),
            ("ms", "right", None),
            ("PII", "left", 3),
            ("rest/unk", "right", None),
            (detail_heading(self.rows), "left", 5),
        ):
            table.add_column(name, justify=justify, no_wrap=True, ratio=ratio)  # type: ignore[arg-type]
        for row in shown:
            pii = counts_text(row["detections"]) or "-"
            table.add_row(
                str(row["time"])[11:19],
                one_line(row["host"]),
                status_text(row["status"]),
                short_ms(row["duration_ms"]),
                one_line(pii, style="magenta" if row["pii_count"] else "dim"),
                f"{row['restored']}/{row['unknown']}",
                detail_text(row, width=200),
            )
        if len(shown) < len(self.rows):
            table.add_row("", more_text(len(self.rows) - len(shown)), *[""] * 5)
        if not self.rows:
            table.add_row("", Text("no flows yet: send a request through the proxy", style="dim"), *[""] * 5)
        yield Panel(table, title="Recent flows (newest first)", title_align="left", height=options.height)


def render_recent(rows: Sequence[Mapping[str, Any]]) -> RecentPanel:
    """The newest flows first: time, host, status, PII types and placeholders (or the opt-in preview)."""
    return RecentPanel(rows)


def render_dashboard(data: Mapping[str, Any]) -> Layout:
    """The whole screen: totals, rate and latency, PII by type, by layer and hosts, then recent flows."""
    layout = Layout(name="root")
    layout.split_column(
        Layout(render_header(data), name="header", size=HEADER_ROWS),
        Layout(name="body", size=BODY_ROWS),
        Layout(render_recent(data["recent"]), name="recent", ratio=1),
    )
    layout["body"].split_row(Layout(name="left"), Layout(name="middle"), Layout(name="right"))
    layout["left"].split_column(
        Layout(render_rate(data["per_minute"]), size=RATE_ROWS),
        Layout(render_latency(data["latency"])),
    )
    layout["middle"].update(render_counts("PII by type", data["by_type"]))
    layout["right"].split_column(
        # At least one line inside: an empty panel says "none yet" rather than showing two bare borders.
        Layout(render_counts("PII by layer", data["by_layer"]), size=max(1, len(data["by_layer"])) + 2),
        Layout(render_counts("Hosts (requests)", data["hosts"])),
    )
    return layout


def frame_height(data: Mapping[str, Any]) -> int:
    """Lines one full frame needs: header, body, and the recent flows' table (title, header, rows, borders)."""
    return HEADER_ROWS + BODY_ROWS + max(1, len(data["recent"])) + 4


class Frame:
    """The dashboard at its own height, for printing once (a Layout alone fills the console's height)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.layout = render_dashboard(data)
        self.height = frame_height(data)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.layout, options.update(height=self.height))


def run_live(fetch: Callable[[], Mapping[str, Any]], interval: float, console: Console | None = None) -> None:
    """Redraw the dashboard from `fetch()` every `interval` seconds until Ctrl-C."""
    with Live(render_dashboard(fetch()), console=console, screen=True, auto_refresh=False) as live:
        try:
            while True:
                time.sleep(interval)
                live.update(render_dashboard(fetch()), refresh=True)
        except KeyboardInterrupt:
            pass


def render_once(data: Mapping[str, Any]) -> RenderableType:
    """One frame, for `top --once`, tests and screenshots."""
    return Frame(data)
