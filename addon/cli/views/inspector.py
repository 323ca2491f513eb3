"""rich renderables for the CLI: pure functions from data to tables and panels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def render_inspector(
    original: str, redacted: str, detections: Sequence[dict[str, Any]], elapsed_ms: float
) -> RenderableType:
    """The Redaction Inspector: the redacted text, then each detection with its layer, score and the value.

    The user asked to see their own text here, so the values are shown (and nowhere else).
    """
    table = Table(title=f"{len(detections)} detection(s) in {elapsed_ms:.1f} ms", expand=False)
    for column in ("#", "type", "layer", "score", "span", "value"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for number, det in enumerate(detections, start=1):
        value = original[det["start"] : det["end"]]
        table.add_row(
            str(number),
            det["entity_type"],
            det["layer"],
            f"{det['score']:.2f}",
            f"{det['start']}-{det['end']}",
            Text(value.replace("\n", "⏎")),
        )
    return Group(Panel(Text(redacted), title="redacted", title_align="left"), table)


def render_terms(rows: Sequence[dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    if not rows:
        table.add_column("(empty)")
        return table
    for column in rows[0]:
        table.add_column(str(column))
    for row in rows:
        table.add_row(*(str(value) for value in row.values()))
    return table
