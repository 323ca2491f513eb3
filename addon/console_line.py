"""The console's line for one intercepted flow (`anonamoose run`): what redaction did, from the flow's metadata.

Built only from `flow.metadata["anonamoose"]`, which holds types, counts and timings, never a value: the line
shows host, status, PII types×counts, placeholders restored and milliseconds, so the console shows that
redaction happens without showing what it redacted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from addon.units import counts_text

SEPARATOR = " · "
ERROR_CHARS = 80  # mitmproxy's error messages are one sentence; a long one is cut, never wrapped


def outcome_text(status: int | None, meta: Mapping[str, Any]) -> str:
    """'200', '200 streamed', 'refused 413', 'closed' or 'failed': what happened to the request."""
    if meta.get("closed"):
        return "closed"
    if meta.get("refused"):
        return f"refused {meta['refused']}"
    if meta.get("error") or not status:
        return "failed"
    return f"{status} streamed" if meta.get("streamed") else str(status)


def pii_text(meta: Mapping[str, Any]) -> str:
    """'PII PERSON×2, EMAIL_ADDRESS×1', 'no PII', or that the request went out unscanned (fail-open)."""
    if meta.get("unscanned"):
        return "NOT scanned (fail-open)"
    detections = meta.get("detections") or {}
    return f"PII {counts_text(detections, ', ')}" if detections else "no PII"


def restored_text(meta: Mapping[str, Any]) -> str:
    """'restored 3', 'restored 3, unknown 1', or 'nothing sent' for a request that never left."""
    if meta.get("closed") or meta.get("refused"):
        return "nothing sent"
    unknown = int(meta.get("unknown", 0))
    return f"restored {int(meta.get('restored', 0))}" + (f", unknown {unknown}" if unknown else "")


def flow_line(host: str, status: int | None, meta: Mapping[str, Any], error: str | None = None) -> str:
    """One line: 'api.openai.com 200 · PII EMAIL_ADDRESS×1 · restored 1 · 412 ms', plus why it failed."""
    parts = [f"anonamoose: {host} {outcome_text(status, meta)}", pii_text(meta), restored_text(meta)]
    attachments = sum((meta.get("attachments") or {}).values())
    if attachments:
        parts.append(f"{attachments} attachment(s) forwarded unscanned")
    parts.append(f"{float(meta.get('ms', 0.0)):.0f} ms")
    reason = error if not meta.get("refused") and not meta.get("closed") else None
    if reason:  # a refusal's status says enough; a failure's reason is mitmproxy's own sentence
        parts.append(reason if len(reason) <= ERROR_CHARS else reason[: ERROR_CHARS - 1] + "…")
    return SEPARATOR.join(parts)
