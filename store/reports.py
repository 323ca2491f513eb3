"""Report queries over the flow log, scopes, dictionary and settings: plain rows and dicts, never values.

The CLI (`report`, `logs`, `audit`), the TUI (`top`) and any later HTTP API are faces over these functions.
Times are naive UTC, as the store keeps them.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import peewee

from detectors.detection_settings import parse_layers, parse_locales, parse_min_score
from detectors.types import LAYERS, LOCALES
from store import audit_events, retention
from store import stored_settings as store_settings
from store.crypto import KEY_FILENAME, default_confdir
from store.db import current_db, tuple_rows
from store.flows import flow_row
from store.models import AllowTerm, DictionaryTerm, FlowRecord, Mapping, Scope, utcnow

GROUPINGS: tuple[str, ...] = ("type", "layer", "host", "scope", "day")
PERCENTILES: tuple[int, ...] = (50, 95, 99)
NONE_GROUP = "(none)"
# The keys of a flow-log row, in the order `logs --csv` writes them.
FLOW_COLUMNS: list[str] = list(FlowRecord._meta.sorted_field_names)
# Statuses the proxy answers itself when it refuses to forward (fail closed): body too large, cannot scan.
REFUSED_STATUSES: tuple[int, ...] = (400, 413, 415, 502)
DEFAULT_TTL = "24h"  # anonamoose_ttl's default
DEFAULT_MIN_SCORE = 0.5

_SUMMARY_COLUMNS = (
    FlowRecord.time,
    FlowRecord.host,
    FlowRecord.scope_id,
    FlowRecord.status,
    FlowRecord.error,
    FlowRecord.duration_ms,
    FlowRecord.detect_ms,
    FlowRecord.pii_count,
    FlowRecord.restored,
    FlowRecord.unknown,
    FlowRecord.detections,
    FlowRecord.layers,
    FlowRecord.attachments,
    FlowRecord.restored_types,
)


@dataclass(frozen=True, slots=True)
class _Flow:
    """The columns a summary needs from one flow-log row."""

    time: datetime
    host: str
    scope_id: str | None
    status: int | None
    error: str | None
    duration_ms: float
    detect_ms: float
    pii_count: int
    restored: int
    unknown: int
    detections: dict[str, int]
    layers: dict[str, int]
    attachments: int = 0  # forwarded unscanned (attachments policy pass)
    restored_types: dict[str, int] = field(default_factory=dict)  # placeholders restored, by entity type

    @property
    def failed(self) -> bool:
        return self.error is not None or not self.status or self.status >= 400


@dataclass
class _Group:
    """Running totals for one row of a summary."""

    requests: int = 0
    pii: int = 0
    restored: int = 0
    unknown: int = 0
    errors: int = 0
    attachments: int = 0
    durations: list[float] = field(default_factory=list)
    detects: list[float] = field(default_factory=list)

    def add(self, flow: _Flow, pii: int, placeholders: bool = True) -> None:
        """Count `flow` in this group; `placeholders=False` leaves restored/unknown to be attributed by type."""
        self.requests += 1
        self.pii += pii
        if placeholders:
            self.restored += flow.restored
            self.unknown += flow.unknown
        self.errors += flow.failed
        self.attachments += flow.attachments
        self.durations.append(flow.duration_ms)
        self.detects.append(flow.detect_ms)

    def row(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "requests": self.requests,
            "pii": self.pii,
            "restored": self.restored,
            "unknown": self.unknown,
            "errors": self.errors,
            "attachments": self.attachments,
        }
        row.update(latency_percentiles(self.durations, "duration"))
        row.update(latency_percentiles(self.detects, "detect"))
        return row


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile with linear interpolation between ranks (numpy's default); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_percentiles(values: Sequence[float], prefix: str) -> dict[str, float | None]:
    """{f"{prefix}_p50": ms, ...} for PERCENTILES, rounded to 0.1 ms."""
    result: dict[str, float | None] = {}
    for p in PERCENTILES:
        value = percentile(values, p)
        result[f"{prefix}_p{p}"] = None if value is None else round(value, 1)
    return result


def _window(
    query: peewee.ModelSelect[FlowRecord], since: timedelta | None, now: datetime | None
) -> peewee.ModelSelect[FlowRecord]:
    if since is None:
        return query
    return query.where(FlowRecord.time >= (now or utcnow()) - since)


def _decode_counts(text: str | None) -> dict[str, int]:
    try:
        decoded = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in decoded.items()} if isinstance(decoded, dict) else {}


def _flows(since: timedelta | None, now: datetime | None = None) -> list[_Flow]:
    query = _window(FlowRecord.select(*_SUMMARY_COLUMNS), since, now).order_by(FlowRecord.id)
    flows = []
    for row in tuple_rows(query):
        time, host, scope_id, status, error, duration, detect, pii, restored, unknown, dets, layers, attached = row[:13]
        flows.append(
            _Flow(
                time,
                host,
                scope_id,
                status,
                error,
                duration or 0.0,
                detect or 0.0,
                pii or 0,
                restored or 0,
                unknown or 0,
                _decode_counts(dets),
                _decode_counts(layers),
                attached or 0,
                _decode_counts(row[13]),
            )
        )
    return flows


def _keys(flow: _Flow, by: str) -> dict[str, int]:
    """The groups one flow belongs to, each with the PII it contributes there."""
    if by in ("type", "layer"):
        counts = flow.detections if by == "type" else flow.layers
        return dict(counts) or {NONE_GROUP: 0}
    if by == "host":
        return {flow.host: flow.pii_count}
    if by == "scope":
        return {flow.scope_id or NONE_GROUP: flow.pii_count}
    return {flow.time.date().isoformat(): flow.pii_count}


def _placeholders_by_type(flow: _Flow) -> dict[str, tuple[int, int]]:
    """{entity_type: (restored, unknown)} for one flow's reply.

    Restored placeholders count under their own type, which may differ from the request's detections (a reply
    can restore a value an earlier turn sent). Unknown placeholders have no known type, and restorations a row
    did not type (rows from before restored_types, or a placeholder erased meanwhile) have none either: both
    count under "(none)".
    """
    counts = {key: (count, 0) for key, count in flow.restored_types.items() if count}
    untyped = flow.restored - sum(flow.restored_types.values())
    if untyped > 0 or flow.unknown:
        counts[NONE_GROUP] = (max(0, untyped), flow.unknown)
    return counts


def summary(
    since: timedelta | None = timedelta(hours=24), by: str = "type", now: datetime | None = None
) -> list[dict[str, Any]]:
    """One row per entity type, layer, host, scope or UTC day over the period, with traffic and latency figures.

    Each row: the group (keyed by `by`), requests, pii (values caught), restored and unknown placeholders,
    errors (refused, failed or HTTP >= 400), and duration/detect p50/p95/p99 in ms. By type or layer, a flow
    counts once in every group it had detections of, and flows with none fall in "(none)"; so request totals
    across rows can exceed the number of flows. By type, restored is the placeholders of that type restored
    (a type only replies restored has a row with no requests) and unknown falls in "(none)"; by layer both are
    None (not recorded per layer). Rows are busiest first, or oldest first by day.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    groups: dict[str, _Group] = defaultdict(_Group)
    for flow in _flows(since, now):
        for key, pii in _keys(flow, by).items():
            groups[key].add(flow, pii, placeholders=by not in ("type", "layer"))
        if by == "type":
            for key, (restored, unknown) in _placeholders_by_type(flow).items():
                groups[key].restored += restored
                groups[key].unknown += unknown
    rows = [{by: key, **group.row()} for key, group in groups.items()]
    if by == "layer":  # which layer found a restored placeholder's value is not recorded
        rows = [{**row, "restored": None, "unknown": None} for row in rows]
    if by == "day":
        return sorted(rows, key=lambda row: row["day"])
    return sorted(rows, key=lambda row: (-row["requests"], -row["pii"], row[by]))


def overall(since: timedelta | None = timedelta(hours=24), now: datetime | None = None) -> dict[str, Any]:
    """The summary figures over every flow in the period, as one row (flows counted once)."""
    group = _Group()
    for flow in _flows(since, now):
        group.add(flow, flow.pii_count)
    return group.row()


def flow_log(
    limit: int | None = 50,
    host: str | None = None,
    status: int | None = None,
    since: timedelta | None = None,
    after_id: int | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Flow-log rows, oldest first: the newest `limit` matching rows, or with `after_id` the ones after it.

    `host` matches exactly, case-insensitively. Rows hold types, counts and placeholders, never values (and a
    redacted preview only where anonamoose_preview, a local-debugging opt-in, was on).
    Polling with `after_id` set to the last row's id gives every new row once (ids only grow).
    """
    query = _window(FlowRecord.select(), since, now)
    if host:
        query = query.where(peewee.fn.LOWER(FlowRecord.host) == host.lower())
    if status is not None:
        query = query.where(FlowRecord.status == status)
    if after_id is not None:
        query = query.where(FlowRecord.id > after_id).order_by(FlowRecord.id)
        return [flow_row(r) for r in (query.limit(limit) if limit else query)]
    query = query.order_by(FlowRecord.id.desc())
    records = list(query.limit(limit) if limit else query)
    return [flow_row(r) for r in reversed(records)]


def last_flow_id() -> int:
    """The id of the newest flow-log row, 0 when the log is empty."""
    return int(FlowRecord.select(peewee.fn.MAX(FlowRecord.id)).scalar() or 0)


# ---- audit evidence ------------------------------------------------------------------------------------------


def _setting(stored: dict[str, Any], key: str, default: Any, parse: Any) -> tuple[Any, str]:
    """(parsed value, "store" | "default"); a stored value that no longer parses is reported as invalid."""
    if key not in stored:
        return parse(default), "default"
    try:
        return parse(stored[key]), "store"
    except (TypeError, ValueError):
        return parse(default), f"invalid stored value {stored[key]!r}; default applies"


def detection_configuration() -> dict[str, Any]:
    """Which layers and locales are on, min score, style and TTL: the store's settings over the defaults."""
    stored = store_settings.all_settings()
    layers, layers_source = _setting(stored, "layers", "all", lambda v: parse_layers(str(v)))
    locales, locales_source = _setting(stored, "locale", "default", lambda v: parse_locales(str(v)))
    min_score, score_source = _setting(stored, "min_score", DEFAULT_MIN_SCORE, parse_min_score)
    return {
        "layers_on": [name for name in LAYERS if name in layers],
        "layers_off": [name for name in LAYERS if name not in layers],
        "layers_source": layers_source,
        "locales_on": [name for name in LOCALES if name in locales],
        "locales_source": locales_source,
        "min_score": min_score,
        "min_score_source": score_source,
        "style": stored.get("style", "typed"),
        "settings_stored": sorted(stored),
    }


def dictionary_figures() -> dict[str, Any]:
    """Dictionary terms (in total and by entity type) and allow-list size; counts only, never the terms."""
    by_type = dict(
        tuple_rows(
            DictionaryTerm.select(DictionaryTerm.entity_type, peewee.fn.COUNT(DictionaryTerm.id))
            .group_by(DictionaryTerm.entity_type)
            .order_by(DictionaryTerm.entity_type)
        )
    )
    return {
        "dictionary_terms": sum(by_type.values()),
        "dictionary_terms_by_type": by_type,
        "allow_list_terms": AllowTerm.select().count(),
    }


def _ttl_seconds(text: str) -> int | None:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    text = str(text).strip().lower()
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(float(text))
    except ValueError:
        return None


def _duration_text(seconds: int) -> str:
    """604800 -> '7d', 86400 -> '24h', 5400 -> '90m': the largest unit that divides it (days from two)."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0 and (unit != "d" or seconds >= 2 * size):
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def retention_figures(now: datetime | None = None) -> dict[str, Any]:
    """The TTL setting, how many scopes and mappings the store holds, the oldest, and what awaits purging."""
    now = now or utcnow()
    stored_ttl = store_settings.get_setting("ttl")
    ttl_seconds = _ttl_seconds(str(stored_ttl) if stored_ttl is not None else DEFAULT_TTL)
    oldest = Scope.select(peewee.fn.MIN(Scope.created)).scalar()
    expired = Scope.select().where(Scope.expires_at <= now)
    return {
        "ttl": _duration_text(ttl_seconds) if ttl_seconds is not None else str(stored_ttl),
        "ttl_seconds": ttl_seconds,
        "ttl_source": "store" if stored_ttl is not None else "default",
        "scopes": Scope.select().count(),
        "sessions": Scope.select().where(Scope.session_hash.is_null(False)).count(),
        "active_scopes": Scope.select().where(Scope.expires_at > now).count(),
        "expired_unpurged_scopes": expired.count(),
        "expired_unpurged_mappings": Mapping.select().where(Mapping.scope.in_(expired.select(Scope.id))).count(),
        "mappings": Mapping.select().count(),
        "oldest_scope_created": oldest.isoformat() if oldest else None,
        **flow_log_figures(now),
    }


def flow_log_figures(now: datetime | None = None) -> dict[str, Any]:
    """The flow log's retention: the TTL the proxy last applied, rows held, the oldest, previews still stored."""
    oldest = FlowRecord.select(peewee.fn.MIN(FlowRecord.time)).scalar()
    log_ttl = retention.last_proxy_log_ttl()
    return {
        "log_ttl": log_ttl or retention.DEFAULT_LOG_TTL,
        "log_ttl_source": "applied by the proxy" if log_ttl else "default: no proxy purge recorded yet",
        "flow_rows": FlowRecord.select().count(),
        "oldest_flow": oldest.isoformat() if oldest else None,
        "flow_rows_with_preview": FlowRecord.select().where(FlowRecord.redacted_preview.is_null(False)).count(),
    }


def expiry_evidence(limit: int = 10) -> dict[str, Any]:
    """Retention evidence: the newest expiry records (purges and clears) and totals over all of them."""
    return {"records": retention.expiry_records(limit), "totals": retention.expiry_totals()}


def audit_event_evidence(limit: int = 20) -> dict[str, Any]:
    """Changes an auditor must see (fail-closed off and on, previews scrubbed): the newest, and counts by kind."""
    return {"recent": audit_events.recent_events(limit), "counts": audit_events.event_counts()}


def _file_mode(path: os.PathLike[str] | str) -> str | None:
    try:
        return f"{stat.S_IMODE(os.stat(path).st_mode):04o}"
    except OSError:
        return None


def encryption_facts() -> dict[str, Any]:
    """How mappings are protected: algorithm, where the key comes from, the key file and its mode (never the key)."""
    key_file = default_confdir() / KEY_FILENAME
    mode = _file_mode(key_file)
    return {
        "values_encryption": "AES-256-GCM, random 96-bit nonce, scope and placeholder bound as associated data",
        "lookup_hash": "HMAC-SHA256 under HKDF-SHA256 subkeys of the store key",
        "key_source": "ANONAMOOSE_KEY environment variable" if os.environ.get("ANONAMOOSE_KEY") else "key file",
        "anonamoose_key_env_used": bool(os.environ.get("ANONAMOOSE_KEY")),
        "key_file": str(key_file.resolve()),
        "key_file_exists": mode is not None,
        "key_file_mode": mode,
        "key_file_private": mode is not None and int(mode, 8) & 0o077 == 0,
        "flow_log_holds": "entity types, counts, placeholders and timings; never values or the text around them "
        "(redacted previews only with the anonamoose_preview debugging opt-in)",
    }


def database_facts() -> dict[str, Any]:
    """The store's backend and, for SQLite, its file (never a URL that could hold a password)."""
    db = current_db()
    if db is None:
        return {"backend": None}
    facts: dict[str, Any] = {"backend": type(db).__name__}
    if isinstance(db, peewee.SqliteDatabase):
        facts["path"] = db.database
        facts["mode"] = _file_mode(db.database) if db.database != ":memory:" else None
    return facts


def activity(since: timedelta | None, now: datetime | None = None) -> dict[str, Any]:
    """Traffic over the period: requests, PII by type and by layer, restored/unknown, refusals, hosts."""
    flows = _flows(since, now)
    by_type: Counter[str] = Counter()
    by_layer: Counter[str] = Counter()
    hosts: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for flow in flows:
        by_type.update(flow.detections)
        by_layer.update(flow.layers)
        hosts[flow.host] += 1
        if flow.error is not None and flow.status in REFUSED_STATUSES:
            refused[str(flow.status)] += 1
    return {
        "requests": len(flows),
        "requests_with_pii": sum(1 for f in flows if f.pii_count),
        "pii": sum(f.pii_count for f in flows),
        "pii_by_type": dict(by_type.most_common()),
        "pii_by_layer": dict(by_layer.most_common()),
        "restored": sum(f.restored for f in flows),
        "unknown": sum(f.unknown for f in flows),
        "refused": sum(refused.values()),
        "refused_by_status": dict(sorted(refused.items())),
        "errors": sum(1 for f in flows if f.failed),
        "attachments": sum(f.attachments for f in flows),
        "requests_with_attachments": sum(1 for f in flows if f.attachments),
        "hosts": [{"host": host, "requests": count} for host, count in hosts.most_common()],
        "first_flow": min((f.time for f in flows), default=None),
        "last_flow": max((f.time for f in flows), default=None),
    }


# What each control asks for, and which part of the evidence answers it.
CONTROLS: tuple[tuple[str, str, str], ...] = (
    ("ISO 27001 A.8.2", "information classification", "detection: layers and locales on, PII by type"),
    ("ISO 27001 A.8.11", "data masking", "activity: PII replaced by placeholders, restored in replies"),
    ("ISO 27001 A.8.12", "data leakage prevention", "activity: requests scanned, refused when unscannable"),
    ("ISO 27001 A.8.10", "information deletion", "retention and expiry records: TTLs, what each purge removed"),
    ("ISO 27001 A.8.15", "logging", "expiry records and audit events: purges, clears, fail-closed changes"),
    ("ISO 27001 A.8.24", "use of cryptography", "encryption: AES-GCM, key source and file mode"),
    ("ISO 27001 A.5.23", "cloud services", "activity: LLM hosts intercepted"),
    ("HIPAA 164.514(b)", "Safe Harbor de-identification", "activity: identifiers by type before disclosure"),
    ("HIPAA 164.312(a)(2)(iv)", "encryption at rest", "encryption"),
    ("GDPR Art. 5(1)(c), 25", "data minimisation by design", "detection and activity"),
    ("GDPR Art. 5(1)(e), 17", "storage limitation, erasure", "retention and expiry records"),
    ("GDPR Art. 32", "security of processing", "encryption and database"),
)


def audit_evidence(
    since: timedelta | None = timedelta(days=30), now: datetime | None = None, records: int = 10
) -> dict[str, Any]:
    """Everything an auditor asks of this control, as one JSON-ready dict; counts and settings, never values.

    `records` bounds the expiry records listed (totals cover them all).
    """
    now = now or utcnow()
    traffic = activity(since, now)
    for key in ("first_flow", "last_flow"):
        traffic[key] = traffic[key].isoformat() if traffic[key] else None
    return {
        "generated_at": now.isoformat(),
        "period": {
            "since": (now - since).isoformat() if since is not None else None,
            "until": now.isoformat(),
            "days": round(since.total_seconds() / 86400, 2) if since is not None else None,
        },
        "detection": detection_configuration(),
        "dictionary": dictionary_figures(),
        "retention": retention_figures(now),
        "expiry": expiry_evidence(records),
        "events": audit_event_evidence(),
        "activity": traffic,
        "encryption": encryption_facts(),
        "database": database_facts(),
        "controls": [{"control": c, "subject": s, "evidence": e} for c, s, e in CONTROLS],
    }


# ---- the TUI's figures ---------------------------------------------------------------------------------------


def requests_per_minute(minutes: int = 30, now: datetime | None = None) -> list[int]:
    """Requests in each of the last `minutes` whole minutes, oldest first, the current minute last."""
    now = now or utcnow()
    current = now.replace(second=0, microsecond=0)
    start = current - timedelta(minutes=minutes - 1)
    counts = [0] * minutes
    query = FlowRecord.select(FlowRecord.time).where(FlowRecord.time >= start)
    for (time,) in tuple_rows(query):
        index = int((time - start).total_seconds() // 60)
        if 0 <= index < minutes:
            counts[index] += 1
    return counts


def _top(counts: Iterable[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:limit]


def dashboard(
    since: timedelta | None = timedelta(hours=24),
    minutes: int = 30,
    recent: int = 20,
    top: int = 8,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The figures `anonamoose top` shows: totals and breakdowns over `since`, a per-minute rate, recent flows."""
    now = now or utcnow()
    traffic = activity(since, now)
    totals = overall(since, now)
    return {
        "now": now.isoformat(timespec="seconds"),
        "since_seconds": since.total_seconds() if since is not None else None,
        "minutes": minutes,
        "per_minute": requests_per_minute(minutes, now),
        "requests": traffic["requests"],
        "pii": traffic["pii"],
        "restored": traffic["restored"],
        "unknown": traffic["unknown"],
        "refused": traffic["refused"],
        "errors": traffic["errors"],
        "attachments": traffic["attachments"],
        "by_type": _top(traffic["pii_by_type"].items(), top),
        "by_layer": _top(traffic["pii_by_layer"].items(), top),
        "hosts": _top(((h["host"], h["requests"]) for h in traffic["hosts"]), top),
        "latency": {
            "duration": {f"p{p}": totals[f"duration_p{p}"] for p in PERCENTILES},
            "detect": {f"p{p}": totals[f"detect_p{p}"] for p in PERCENTILES},
        },
        "active_scopes": Scope.select().where(Scope.expires_at > now).count(),
        "recent": flow_log(limit=recent),
    }
