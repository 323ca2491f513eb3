"""rich renderables for `report`, `logs` and `audit`: pure functions from store rows to tables and panels.

Nothing here shows a detected value: the rows hold entity types, counts and redacted previews only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

SCOPE_CHARS = 12  # enough of a keyed-hash scope id to tell scopes apart on screen
PREVIEW_CHARS = 72
SHRINKING = frozenset({"host", "path", "types", "preview"})


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def counts_text(counts: Mapping[str, int]) -> str:
    """{'EMAIL': 2, 'PERSON': 1} -> 'EMAIL×2 PERSON×1', busiest first."""
    return " ".join(f"{name}×{count}" for name, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def short_scope(scope_id: str | None) -> str:
    return "-" if not scope_id else scope_id[:SCOPE_CHARS]


def preview_text(row: Mapping[str, Any], width: int = PREVIEW_CHARS) -> Text:
    """The redacted preview, or the error the proxy answered with, on one line."""
    if row.get("error"):
        return one_line(f"refused/failed: {row['error']}"[:width], style="red")
    preview = (row.get("redacted_preview") or "").replace("\n", " ")
    return one_line(preview[: width - 1] + "…" if len(preview) > width else preview, style="dim")


def one_line(text: str, style: str = "") -> Text:
    """Text that is cut with an ellipsis instead of wrapping when its column is narrow."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def status_text(status: int | None) -> Text:
    if not status:
        return Text("-", style="red")
    return Text(str(status), style="green" if status < 400 else "red")


def render_summary(rows: Sequence[Mapping[str, Any]], by: str, total: Mapping[str, Any], period: str) -> Table:
    """`anonamoose report`: one row per group, then the period's totals (flows counted once)."""
    table = Table(title=f"Anonamoose report by {by}, {period}", title_justify="left")
    table.add_column(by)
    for name in ("requests", "PII", "restored", "unknown", "errors", "attached"):
        table.add_column(name, justify="right")
    for name in ("p50 ms", "p95 ms", "p99 ms", "detect p50", "detect p95", "detect p99"):
        table.add_column(name, justify="right")

    def cells(row: Mapping[str, Any]) -> list[str]:
        figures = [str(row[k]) for k in ("requests", "pii", "restored", "unknown", "errors")]
        figures.append(str(row.get("attachments", 0)))  # forwarded unscanned (attachments policy pass)
        latencies = [ms(row[f"{kind}_p{p}"]) for kind in ("duration", "detect") for p in (50, 95, 99)]
        return figures + latencies

    for row in rows:
        label = short_scope(row[by]) if by == "scope" and row[by] != "(none)" else str(row[by])
        table.add_row(label, *cells(row))
    if not rows:
        table.add_row("(no flows in this period)", *[""] * 12)
    table.add_section()
    table.add_row(Text("all flows", style="bold"), *cells(total), style="bold")
    return table


def render_flows(rows: Sequence[Mapping[str, Any]], title: str | None = "Flow log", header: bool = True) -> Table:
    """`anonamoose logs`: one line per flow with its types and counts, and the redacted preview."""
    table = Table(title=title, title_justify="left", show_header=header, box=box.SIMPLE_HEAD, pad_edge=False,
                  show_edge=False, collapse_padding=True)
    for name, justify in (
        ("id", "right"), ("time UTC", "left"), ("host", "left"), ("path", "left"), ("status", "right"),
        ("ms", "right"), ("PII", "right"), ("types", "left"), ("rest/unk", "right"), ("preview", "left"),
    ):  # fmt: skip
        # Only the text columns give way on a narrow terminal, and they cut with an ellipsis rather than wrap.
        table.add_column(name, justify=justify, no_wrap=name not in SHRINKING)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            str(row["id"]), str(row["time"])[5:19].replace("T", " "), one_line(row["host"]), one_line(row["path"]),
            status_text(row["status"]), ms(row["duration_ms"]), str(row["pii_count"]),
            one_line(counts_text(row["detections"])), f"{row['restored']}/{row['unknown']}", preview_text(row),
        )  # fmt: skip
    return table


def _pairs(title: str, items: Sequence[tuple[str, Any]]) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for name, value in items:
        table.add_row(name, value if isinstance(value, Text) else Text(str(value)))
    return Panel(table, title=title, title_align="left")


def _counts_table(title: str, counts: Mapping[str, int], column: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    if not counts:
        table.add_row("(none)", "0")
    return table


def _key_file_text(crypto: Mapping[str, Any]) -> Text:
    if not crypto["key_file_exists"]:
        return Text(f"{crypto['key_file']} (not created yet: the proxy creates it, mode 0600, on first run)")
    private = crypto["key_file_private"]
    verdict = "private to its owner" if private else "readable by group or others: chmod 600 it"
    return Text(f"{crypto['key_file']} (mode {crypto['key_file_mode']}, {verdict})", style="" if private else "red")


def _database_text(facts: Mapping[str, Any]) -> str:
    if facts.get("path"):
        return f"{facts['backend']} {facts['path']} (mode {facts.get('mode') or '-'})"
    return str(facts.get("backend") or "-")


def render_audit(evidence: Mapping[str, Any]) -> RenderableType:
    """`anonamoose audit`: the evidence an ISO 27001 / HIPAA / GDPR auditor asks for, section by section."""
    period, detection, terms = evidence["period"], evidence["detection"], evidence["dictionary"]
    retention, traffic, crypto = evidence["retention"], evidence["activity"], evidence["encryption"]
    since = period["since"] or "the first flow"
    sections: list[RenderableType] = [
        Text(f"Anonamoose audit evidence: {since} to {period['until']} (UTC)", style="bold"),
        _pairs("Detection (what is classified and masked)", [
            ("layers on", ", ".join(detection["layers_on"]) or "none"),
            ("layers off", ", ".join(detection["layers_off"]) or "none"),
            ("locales on", ", ".join(detection["locales_on"])),
            ("min score", detection["min_score"]),
            ("placeholder style", detection["style"]),
            ("source", f"layers: {detection['layers_source']}, locales: {detection['locales_source']}, "
                       f"min score: {detection['min_score_source']}"),
        ]),
        _pairs("Dictionary and allow list", [
            ("dictionary terms", terms["dictionary_terms"]),
            ("by entity type", counts_text(terms["dictionary_terms_by_type"]) or "-"),
            ("allow-list terms", terms["allow_list_terms"]),
        ]),
        _pairs("Retention and deletion", [
            ("scope TTL", f"{retention['ttl']} ({retention['ttl_source']})"),
            ("scopes held", f"{retention['scopes']} ({retention['active_scopes']} active, "
                            f"{retention['sessions']} with a session)"),
            ("mappings held", retention["mappings"]),
            ("oldest scope", retention["oldest_scope_created"] or "-"),
            ("expired, awaiting purge", f"{retention['expired_unpurged_scopes']} scope(s), "
                                        f"{retention['expired_unpurged_mappings']} mapping(s)"),
        ]),
        _pairs("Activity in the period", [
            ("requests intercepted", traffic["requests"]),
            ("requests with PII", traffic["requests_with_pii"]),
            ("PII values replaced", traffic["pii"]),
            ("placeholders restored / unknown", f"{traffic['restored']} / {traffic['unknown']}"),
            ("requests refused (fail closed)", f"{traffic['refused']} "
                                               f"{counts_text(traffic['refused_by_status']) or ''}".strip()),
            ("errors (refused, failed, HTTP >= 400)", traffic["errors"]),
            ("attachments forwarded unscanned", f"{traffic.get('attachments', 0)} in "
                                                f"{traffic.get('requests_with_attachments', 0)} request(s)"),
            ("hosts", ", ".join(f"{h['host']} ({h['requests']})" for h in traffic["hosts"]) or "-"),
        ]),
        _counts_table("PII by entity type", traffic["pii_by_type"], "entity type"),
        _counts_table("PII by detection layer", traffic["pii_by_layer"], "layer"),
        _pairs("Encryption at rest", [
            ("values", crypto["values_encryption"]),
            ("lookup hashes", crypto["lookup_hash"]),
            ("key source", crypto["key_source"]),
            ("key file", _key_file_text(crypto)),
            ("flow log holds", crypto["flow_log_holds"]),
            ("store", _database_text(evidence["database"])),
        ]),
    ]
    controls = Table(title="Controls this evidence supports", title_justify="left")
    for name in ("control", "subject", "evidence above"):
        controls.add_column(name)
    for control in evidence["controls"]:
        controls.add_row(control["control"], control["subject"], control["evidence"])
    sections.append(controls)
    return Group(*sections)
