"""rich renderables for `sessions` and `settings`: pure functions from rows to tables, never values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from addon.units import counts_text, short_scope


def when(value: datetime | None) -> str:
    """Naive UTC -> '2026-01-31 09:15:02Z'."""
    return "-" if value is None else value.strftime("%Y-%m-%d %H:%M:%SZ")


def render_sessions(rows: Sequence[Mapping[str, Any]]) -> Table:
    """One line per scope: short id, tenant, times, mapping counts by type."""
    table = Table(title=f"Sessions ({len(rows)})")
    for column in ("id", "tenant", "session", "created", "last seen", "expires", "mappings", "by type"):
        table.add_column(column, justify="right" if column == "mappings" else "left")
    for row in rows:
        expires = when(row["expires"]) + (" (expired)" if row["expired"] else "")
        table.add_row(
            short_scope(row["id"]),
            row["tenant"],
            "yes" if row["session"] else "-",
            when(row["created"]),
            when(row["last_seen"]),
            expires,
            str(row["mappings"]),
            counts_text(row["by_type"]),
        )
    return table


def render_session(row: Mapping[str, Any]) -> RenderableType:
    """One scope's facts, then its placeholders and their types (the values stay encrypted)."""
    facts = Table(title=f"Session {row['id']}", show_header=False)
    facts.add_column("field")
    facts.add_column("value")
    for label, value in (
        ("tenant", row["tenant"]),
        ("session header", "yes" if row["session"] else "no"),
        ("created", when(row["created"])),
        ("last seen", when(row["last_seen"])),
        ("expires", when(row["expires"]) + (" (expired)" if row["expired"] else "")),
        ("mappings", f"{row['mappings']} {counts_text(row['by_type'])}".strip()),
        ("remembered replies", str(row["replies"])),
        ("requests logged", str(row["requests"])),
    ):
        facts.add_row(label, value)
    placeholders = Table(title="Placeholders")
    placeholders.add_column("placeholder")
    placeholders.add_column("type")
    for entry in row["placeholders"]:
        placeholders.add_row(entry["placeholder"], entry["entity_type"])
    return Group(facts, placeholders)


SOURCES = {
    "store": "set with `anonamoose settings set`; running proxies apply it within seconds",
    "option": "set in the confdir's config.yaml, which the proxy reads when it starts",
    "default": "the option's default; a proxy started with --set OPTION=... uses that instead",
}


def render_settings(values: Mapping[str, Mapping[str, Any]]) -> RenderableType:
    """Each setting's value in force, where it comes from (store or default) and the proxy option it overrides."""
    table = Table(title="Settings in force", title_justify="left")
    for column in ("setting", "value", "source", "proxy option"):
        table.add_column(column)
    for key, entry in values.items():
        table.add_row(key, str(entry["value"]), entry["source"], entry["option"])
    shown = [source for source in SOURCES if any(entry["source"] == source for entry in values.values())]
    return Group(table, *(Text(f"{source}: {SOURCES[source]}", style="dim") for source in shown))
