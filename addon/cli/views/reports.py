"""rich renderables for `report`, `logs` and `audit`: pure functions from store rows to tables and panels.

Nothing here shows a detected value: the rows hold entity types, counts and placeholders (and a redacted
preview only where the anonamoose_preview debugging opt-in stored one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from addon.units import counts_text, short_scope

PREVIEW_CHARS = 72
SHRINKING = frozenset({"host", "path", "types", "placeholders", "preview"})


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def detail_text(row: Mapping[str, Any], width: int = PREVIEW_CHARS) -> Text:
    """On one line: the error the proxy answered with, else the stored preview (opt-in), else the placeholders."""
    if row.get("error"):
        return one_line(f"refused/failed: {row['error']}"[:width], style="red")
    text = (row.get("redacted_preview") or "").replace("\n", " ") or " ".join(row.get("placeholders") or ())
    return one_line(text[: width - 1] + "…" if len(text) > width else text, style="dim")


def detail_heading(rows: Sequence[Mapping[str, Any]]) -> str:
    """'placeholders', or 'preview' when a row holds one (the anonamoose_preview opt-in was on)."""
    return "preview" if any(row.get("redacted_preview") for row in rows) else "placeholders"


def one_line(text: str, style: str = "") -> Text:
    """Text that is cut with an ellipsis instead of wrapping when its column is narrow."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def status_text(status: int | None) -> Text:
    if not status:
        return Text("-", style="red")
    return Text(str(status), style="green" if status < 400 else "red")


# What the placeholder columns mean where a row is not a set of whole flows.
SUMMARY_NOTES = {
    "type": "restored: placeholders of that type put back in replies; unknown placeholders have no type: (none)",
    "layer": "restored, unknown: not recorded per layer; the all-flows row has them",
}


def render_summary(rows: Sequence[Mapping[str, Any]], by: str, total: Mapping[str, Any], period: str) -> Table:
    """`anonamoose report`: one row per group, then the period's totals (flows counted once)."""
    table = Table(title=f"Anonamoose report by {by}, {period}", title_justify="left")
    table.add_column(by)
    for name in ("requests", "PII", "restored", "unknown", "errors", "attached"):
        table.add_column(name, justify="right")
    for name in ("p50 ms", "p95 ms", "p99 ms", "detect p50", "detect p95", "detect p99"):
        table.add_column(name, justify="right")

    def cells(row: Mapping[str, Any]) -> list[str]:
        # restored/unknown are None by layer: not recorded per layer
        figures = ["-" if row[k] is None else str(row[k]) for k in ("requests", "pii", "restored", "unknown", "errors")]
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
    table.caption = SUMMARY_NOTES.get(by)
    table.caption_justify = "left"
    return table


def render_flows(rows: Sequence[Mapping[str, Any]], title: str | None = "Flow log", header: bool = True) -> Table:
    """`anonamoose logs`: one line per flow with its types, counts and placeholders (or the opt-in preview)."""
    table = Table(
        title=title,
        title_justify="left",
        show_header=header,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
    )
    for name, justify in (
        ("id", "right"),
        ("time UTC", "left"),
        ("host", "left"),
        ("path", "left"),
        ("status", "right"),
        ("ms", "right"),
        ("PII", "right"),
        ("types", "left"),
        ("rest/unk", "right"),
        (detail_heading(rows), "left"),
    ):
        # Only the text columns give way on a narrow terminal, and they cut with an ellipsis rather than wrap.
        table.add_column(name, justify=justify, no_wrap=name not in SHRINKING)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["time"])[5:19].replace("T", " "),
            one_line(row["host"]),
            one_line(row["path"]),
            status_text(row["status"]),
            ms(row["duration_ms"]),
            str(row["pii_count"]),
            one_line(counts_text(row["detections"])),
            f"{row['restored']}/{row['unknown']}",
            detail_text(row),
        )
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


def _ttl_cell(record: Mapping[str, Any]) -> str:
    if record["action"] == "clear":
        return str(record["log_ttl"])
    scopes = f"scopes {record['scope_ttl']}" if record["scope_ttl"] else "scopes: own expiry"
    return f"{scopes}, log {record['log_ttl']}"


def render_expiry(expiry: Mapping[str, Any]) -> Table:
    """Retention evidence: the newest purges and clears (what went, which TTL) and totals over all of them."""
    totals = expiry["totals"]
    table = Table(title="Expiry records (retention evidence, newest first)", title_justify="left")
    for name, justify in (
        ("time UTC", "left"),
        ("action", "left"),
        ("by", "left"),
        ("runs", "right"),
        ("scopes", "right"),
        ("mappings", "right"),
        ("replies", "right"),
        ("log rows", "right"),
        ("TTL applied", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for record in expiry["records"]:
        since = f"{record['first_time']} to " if record["runs"] > 1 else ""
        table.add_row(
            f"{since}{record['time']}",
            record["action"],
            record["trigger"],
            str(record["runs"]),
            str(record["scopes"]),
            str(record["mappings"]),
            str(record["replies"]),
            str(record["flow_rows"]),
            _ttl_cell(record),
        )
    if not expiry["records"]:
        table.add_row("(no purge or clear recorded yet)", *[""] * 8)
    table.add_section()
    table.add_row(
        Text(f"all: {totals['purges']} purge run(s), {totals['clears']} clear(s)", style="bold"),
        "",
        "",
        "",
        str(totals["scopes"]),
        str(totals["mappings"]),
        str(totals["replies"]),
        str(totals["flow_rows"]),
        f"last purge {totals['last_purge'] or '-'}",
        style="bold",
    )
    return table


def render_events(events: Mapping[str, Any]) -> Table:
    """Audit events (fail-closed turned off or on, previews scrubbed), newest first."""
    table = Table(title="Audit events (newest first)", title_justify="left")
    for name in ("time UTC", "event", "detail"):
        table.add_column(name)
    for event in events["recent"]:
        style = "red" if event["kind"].endswith("_off") else ""
        table.add_row(event["time"], Text(event["kind"], style=style), event["detail"])
    if not events["recent"]:
        table.add_row("(none)", "", "")
    return table


def render_audit(evidence: Mapping[str, Any]) -> RenderableType:
    """`anonamoose audit`: the evidence an ISO 27001 / HIPAA / GDPR auditor asks for, section by section."""
    period, detection, terms = evidence["period"], evidence["detection"], evidence["dictionary"]
    retention, traffic, crypto = evidence["retention"], evidence["activity"], evidence["encryption"]
    since = period["since"] or "the first flow"
    sections: list[RenderableType] = [
        Text(f"Anonamoose audit evidence: {since} to {period['until']} (UTC)", style="bold"),
        _pairs(
            "Detection (what is classified and masked)",
            [
                ("layers on", ", ".join(detection["layers_on"]) or "none"),
                ("layers off", ", ".join(detection["layers_off"]) or "none"),
                ("locales on", ", ".join(detection["locales_on"])),
                ("min score", detection["min_score"]),
                ("placeholder style", detection["style"]),
                (
                    "source",
                    f"layers: {detection['layers_source']}, locales: {detection['locales_source']}, "
                    f"min score: {detection['min_score_source']}",
                ),
            ],
        ),
        _pairs(
            "Dictionary and allow list",
            [
                ("dictionary terms", terms["dictionary_terms"]),
                ("by entity type", counts_text(terms["dictionary_terms_by_type"]) or "-"),
                ("allow-list terms", terms["allow_list_terms"]),
            ],
        ),
        _pairs(
            "Retention and deletion",
            [
                ("scope TTL", f"{retention['ttl']} ({retention['ttl_source']})"),
                (
                    "scopes held",
                    f"{retention['scopes']} ({retention['active_scopes']} active, "
                    f"{retention['sessions']} with a session)",
                ),
                ("mappings held", retention["mappings"]),
                ("oldest scope", retention["oldest_scope_created"] or "-"),
                (
                    "expired, awaiting purge",
                    f"{retention['expired_unpurged_scopes']} scope(s), "
                    f"{retention['expired_unpurged_mappings']} mapping(s)",
                ),
                ("flow-log TTL", f"{retention['log_ttl']} ({retention['log_ttl_source']})"),
                (
                    "flow-log rows held",
                    f"{retention['flow_rows']} (oldest {retention['oldest_flow'] or '-'}; "
                    f"{retention['flow_rows_with_preview']} with an opt-in preview)",
                ),
            ],
        ),
        render_expiry(evidence["expiry"]),
        render_events(evidence["events"]),
        _pairs(
            "Activity in the period",
            [
                ("requests intercepted", traffic["requests"]),
                ("requests with PII", traffic["requests_with_pii"]),
                ("PII values replaced", traffic["pii"]),
                ("placeholders restored / unknown", f"{traffic['restored']} / {traffic['unknown']}"),
                (
                    "requests refused (fail closed)",
                    f"{traffic['refused']} {counts_text(traffic['refused_by_status']) or ''}".strip(),
                ),
                ("errors (refused, failed, HTTP >= 400)", traffic["errors"]),
                (
                    "attachments forwarded unscanned",
                    f"{traffic.get('attachments', 0)} in {traffic.get('requests_with_attachments', 0)} request(s)",
                ),
                ("hosts", ", ".join(f"{h['host']} ({h['requests']})" for h in traffic["hosts"]) or "-"),
            ],
        ),
        _counts_table("PII by entity type", traffic["pii_by_type"], "entity type"),
        _counts_table("PII by detection layer", traffic["pii_by_layer"], "layer"),
        _pairs(
            "Encryption at rest",
            [
                ("values", crypto["values_encryption"]),
                ("lookup hashes", crypto["lookup_hash"]),
                ("key source", crypto["key_source"]),
                ("key file", _key_file_text(crypto)),
                ("flow log holds", crypto["flow_log_holds"]),
                ("store", _database_text(evidence["database"])),
            ],
        ),
    ]
    controls = Table(title="Controls this evidence supports", title_justify="left")
    for name in ("control", "subject", "evidence above"):
        controls.add_column(name)
    for control in evidence["controls"]:
        controls.add_row(control["control"], control["subject"], control["evidence"])
    sections.append(controls)
    return Group(*sections)


def _coverage_layers(row: Mapping[str, Any]) -> str:
    if not row["layers"]:
        return "-"
    off = [layer for layer in row["layers"] if layer not in row["layers_on"]]
    text = ", ".join(row["layers"]) + (f" (off: {', '.join(off)})" if off else "")
    if row["locales"]:
        text += ("; regional: " if row["every_locale"] else "; only ") + ", ".join(row["locales"])
    return text


def _coverage_recall(row: Mapping[str, Any]) -> Text:
    measured = row["recall"]
    if measured is None:
        return Text("not measured", style="dim")
    name = measured["set"].replace("_", " ") + ("†" if measured["tuned_on"] else "")
    return Text(f"{100 * measured['recall']:.1f}% of {measured['total']} ({name})")


def render_coverage(rows: Sequence[Mapping[str, Any]]) -> Table:
    """`anonamoose audit`: each HIPAA Safe Harbor identifier and GDPR category, the layers that cover it, what
    they miss, and the latest measured recall (addon/operations/coverage.py)."""
    table = Table(
        title="Coverage: HIPAA Safe Harbor identifiers and GDPR categories",
        title_justify="left",
        caption="recall: values caught / labelled in the latest scripts/evaluate.py --record run; "
        "† a set the detectors were tuned on, so expect less on new text",
        caption_justify="left",
    )
    for name in ("framework", "identifier", "status", "layers", "measured recall"):
        table.add_column(name)
    styles = {"covered": "green", "partly": "yellow", "switched off": "red", "not covered": "red"}
    for row in rows:
        identifier = Text(row["identifier"])
        if row["gap"]:
            identifier.append(f"\n{row['gap']}", style="dim")
        table.add_row(
            f"{row['framework']} {row['ref']}",
            identifier,
            Text(row["status"], style=styles.get(row["status"], "")),
            _coverage_layers(row),
            _coverage_recall(row),
        )
    return table
