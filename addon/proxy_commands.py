"""mitmproxy commands (`:anonamoose.stats` in the console, the command bar in mitmweb): thin faces over operations.

Tables come back as rows of strings (mitmproxy's `data[][]`); nothing here returns a detected value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from mitmproxy import command, exceptions, types

from addon.inspection import InspectionRegistry
from addon.operations.forget import forget as forget_value
from addon.operations.sessions import list_sessions
from addon.operations.traffic import report
from addon.proxy import Anonamoose
from addon.units import counts_text, parse_duration, short_scope

STAT_FIGURES = ("requests", "pii", "restored", "unknown", "errors", "duration_p50", "duration_p95", "detect_p50")


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, Mapping):
        return counts_text(value, ", ")
    return str(value)


def parse_since(since: str) -> timedelta | None:
    """'24h', '7d', '90' (seconds); 'all' for no limit. CommandError with a sentence otherwise."""
    if since.strip().lower() == "all":
        return None
    try:
        return timedelta(seconds=parse_duration(since.strip()))
    except ValueError as exc:
        raise exceptions.CommandError(f"Cannot parse since {since!r}: {exc}") from exc


class AnonamooseCommands:
    """The `anonamoose.*` commands; they read the store and the Anonamoose addon's in-memory inspections."""

    def __init__(self, proxy: Anonamoose, inspections: InspectionRegistry | None = None) -> None:
        self.proxy = proxy
        self.inspections = inspections if inspections is not None else proxy.inspections

    @command.command("anonamoose.stats")
    def stats(self, since: str = "24h") -> types.Data:
        """What the proxy caught over a period (24h, 7d, all): requests, PII, restored and unknown
        placeholders, errors, latency in ms, then PII by entity type and by layer."""
        period = parse_since(since)
        by_type = report(period, "type")
        rows = [[name, cell(by_type["total"].get(name))] for name in STAT_FIGURES]
        for by, grouped in (("type", by_type), ("layer", report(period, "layer"))):
            for row in grouped["rows"]:
                if row["pii"]:
                    rows.append([f"{by} {row[by]}", str(row["pii"])])
        return cast(types.Data, rows)

    @command.command("anonamoose.forget")
    def forget(self, value: str) -> int:
        """Erase every mapping of a value in every scope (an erasure request); returns how many went.
        Flows that held the value are dropped from the Anonamoose content view's memory too."""
        try:
            erased = forget_value(value, vault=getattr(self.proxy, "vault", None))
        except (ValueError, LookupError) as exc:
            raise exceptions.CommandError(str(exc)) from exc
        self.inspections.forget_value(value)
        return erased

    @command.command("anonamoose.sessions")
    def sessions(self, include_expired: bool = False) -> types.Data:
        """Scopes (tenants and sessions): id prefix, tenant hash prefix, session?, last seen, expires (UTC),
        mappings and their types. No values."""
        header = ["id", "tenant", "session", "last_seen", "expires", "mappings", "by_type"]
        rows = [[short_scope(row["id"]), *(cell(row[k]) for k in header[1:])] for row in list_sessions(include_expired)]
        return cast(types.Data, [header, *rows])

    @command.command("anonamoose.flows")
    def flows(self) -> types.Data:
        """Flows the Anonamoose content view can show (newest last): flow id, texts redacted, PII types."""
        rows = [["flow", "texts", "types"]]
        for flow_id, record in self.inspections.items():
            kinds: dict[str, int] = {}
            for text in record.texts:
                for det in text.detections:
                    kinds[det.entity_type] = kinds.get(det.entity_type, 0) + 1
            rows.append([flow_id, str(len(record.texts)), cell(dict(sorted(kinds.items())))])
        return cast(types.Data, rows)

    @command.command("anonamoose.inspect.clear")
    def clear_inspections(self) -> int:
        """Drop every original text the Anonamoose content view keeps in memory; returns how many flows."""
        return self.inspections.clear()
