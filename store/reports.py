"""Report queries over the flow log, scopes and dictionary: counts and sums done in SQL, plain rows, never values.

Python only orders rows and computes latency percentiles. The audit evidence and the dashboard built from these
queries are operations (addon.operations.audit, addon.operations.dashboard). Times are naive UTC, as stored.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import peewee
from peewee import fn

from store import audit_events, retention
from store.db import current_db, tuple_rows
from store.flows import flow_row
from store.models import AllowTerm, DictionaryTerm, FlowCount, FlowRecord, Mapping, Scope, utcnow

GROUPINGS: tuple[str, ...] = ("type", "layer", "host", "scope", "day")
PERCENTILES: tuple[int, ...] = (50, 95, 99)
NONE_GROUP = "(none)"
# The keys of a flow-log row, in the order `logs --csv` writes them.
FLOW_COLUMNS: list[str] = list(FlowRecord._meta.sorted_field_names)
# Statuses the proxy answers itself when it refuses to forward (fail closed): body too large, cannot scan.
REFUSED_STATUSES: tuple[int, ...] = (400, 413, 415, 502)
# The groupings held in flow_count rows, each named as those rows' kind.
COUNTED: tuple[str, ...] = ("type", "layer")


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


def _window[M: peewee.Model](
    query: peewee.ModelSelect[M], since: timedelta | None, now: datetime | None
) -> peewee.ModelSelect[M]:
    if since is None:
        return query
    return query.where(FlowRecord.time >= (now or utcnow()) - since)


def _total(expression: Any) -> Any:
    """SUM that is 0, not NULL, over no rows."""
    return fn.COALESCE(fn.SUM(expression), 0)


def _flag(condition: Any) -> peewee.Case:
    return peewee.Case(None, [(condition, 1)], 0)


# Refused, failed or HTTP >= 400 (no status: the proxy never got a reply).
FAILED = (
    FlowRecord.error.is_null(False)
    | FlowRecord.status.is_null()
    | (FlowRecord.status == 0)
    | (FlowRecord.status >= 400)
)


def _figures(pii: Any) -> list[Any]:
    """requests, pii, restored, unknown, errors, attachments: the summed columns of a summary row."""
    return [
        fn.COUNT(FlowRecord.id),
        _total(pii),
        _total(FlowRecord.restored),
        _total(FlowRecord.unknown),
        _total(_flag(FAILED)),
        _total(FlowRecord.attachments),
    ]


def _grouped(by: str) -> tuple[Any, Any, peewee.ModelSelect[FlowRecord]]:
    """(the group's column, the PII it counts, the flow-log query joined to what that column needs)."""
    query = FlowRecord.select()
    if by in COUNTED:
        on = (FlowCount.flow == FlowRecord.id) & (FlowCount.kind == by)
        query = query.join(FlowCount, peewee.JOIN.LEFT_OUTER, on=on)
        return FlowCount.name, fn.COALESCE(FlowCount.count, 0), query
    key = {"host": FlowRecord.host, "scope": FlowRecord.scope_id, "day": fn.DATE(FlowRecord.time).coerce(False)}[by]
    return key, FlowRecord.pii_count, query


def _group_name(value: Any) -> str:
    """A group's key as text: a day as ISO (PostgreSQL gives a date), a flow with no such group as "(none)"."""
    if value is None:
        return NONE_GROUP
    return value.isoformat() if isinstance(value, date) else str(value)


def _latencies(rows: Sequence[tuple[Any, ...]]) -> dict[Any, dict[str, float | None]]:
    """{group: its duration and detect percentiles} from (group, duration_ms, detect_ms) rows."""
    durations: dict[Any, list[float]] = defaultdict(list)
    detects: dict[Any, list[float]] = defaultdict(list)
    for key, duration, detect in rows:
        durations[key].append(duration or 0.0)
        detects[key].append(detect or 0.0)
    return {
        key: {**latency_percentiles(durations[key], "duration"), **latency_percentiles(detects[key], "detect")}
        for key in durations
    }


def _row(figures: Sequence[Any], latency: dict[str, float | None] | None) -> dict[str, Any]:
    requests, pii, restored, unknown, errors, attachments = (int(value or 0) for value in figures)
    row: dict[str, Any] = {
        "requests": requests,
        "pii": pii,
        "restored": restored,
        "unknown": unknown,
        "errors": errors,
        "attachments": attachments,
    }
    row.update(latency or {**latency_percentiles([], "duration"), **latency_percentiles([], "detect")})
    return row


def _placeholders_by_type(
    rows: list[dict[str, Any]], since: timedelta | None, now: datetime | None
) -> list[dict[str, Any]]:
    """`rows` by type with restored and unknown placeholders counted per entity type.

    Restored placeholders count under their own type, which may differ from the request's detections (a reply
    can restore a value an earlier turn sent), so a type only replies restored gets a row with no requests.
    Unknown placeholders have no known type, and restorations a row did not type (rows from before
    restored_types, or a placeholder erased meanwhile) have none either: both count under "(none)".
    """
    groups = {row["type"]: {**row, "restored": 0, "unknown": 0} for row in rows}

    def group(name: str) -> dict[str, Any]:
        return groups.setdefault(name, {"type": name, **_row([0] * 6, None)})

    restored = fn.SUM(FlowCount.count)
    typed = FlowCount.select(FlowCount.name, restored).join(FlowRecord)
    typed = typed.where((FlowCount.kind == "restored") & (FlowCount.count > 0))
    for name, count in tuple_rows(_window(typed, since, now).group_by(FlowCount.name)):
        group(name)["restored"] += int(count)
    of_flow = FlowCount.select(fn.COALESCE(fn.SUM(FlowCount.count), 0)).where(
        (FlowCount.flow == FlowRecord.id) & (FlowCount.kind == "restored")
    )
    untyped = FlowRecord.restored - of_flow
    query = FlowRecord.select(_total(peewee.Case(None, [(untyped > 0, untyped)], 0)), _total(FlowRecord.unknown))
    ((untyped_restored, unknown),) = tuple_rows(_window(query, since, now))
    if untyped_restored or unknown:
        none = group(NONE_GROUP)
        none["restored"] += int(untyped_restored)
        none["unknown"] += int(unknown)
    return list(groups.values())


def summary(
    since: timedelta | None = timedelta(hours=24), by: str = "type", now: datetime | None = None
) -> list[dict[str, Any]]:
    """One row per entity type, layer, host, scope or UTC day over the period, with traffic and latency figures.

    Each row: the group (keyed by `by`), requests, pii (values caught), restored and unknown placeholders,
    errors (refused, failed or HTTP >= 400), attachments, and duration/detect p50/p95/p99 in ms. By type or
    layer, a flow counts once in every group it had detections of, and flows with none fall in "(none)"; so
    request totals across rows can exceed the number of flows. By type, restored is the placeholders of that
    type restored (a type only replies restored has a row with no requests) and unknown falls in "(none)"; by
    layer both are None (not recorded per layer). Rows are busiest first, or oldest first by day.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    key, pii, query = _grouped(by)
    totals = tuple_rows(_window(query.select(key, *_figures(pii)), since, now).group_by(key))
    latency = _latencies(
        tuple_rows(_window(query.select(key, FlowRecord.duration_ms, FlowRecord.detect_ms), since, now))
    )
    rows = [{by: _group_name(group), **_row(figures, latency.get(group))} for group, *figures in totals]
    if by == "type":
        rows = _placeholders_by_type(rows, since, now)
    if by == "layer":  # which layer found a restored placeholder's value is not recorded
        rows = [{**row, "restored": None, "unknown": None} for row in rows]
    if by == "day":
        return sorted(rows, key=lambda row: row["day"])
    return sorted(rows, key=lambda row: (-row["requests"], -row["pii"], row[by]))


def overall(since: timedelta | None = timedelta(hours=24), now: datetime | None = None) -> dict[str, Any]:
    """The summary figures over every flow in the period, as one row (flows counted once)."""
    (figures,) = tuple_rows(_window(FlowRecord.select(*_figures(FlowRecord.pii_count)), since, now))
    times = tuple_rows(_window(FlowRecord.select(FlowRecord.duration_ms, FlowRecord.detect_ms), since, now))
    return _row(figures, _latencies([(None, *row) for row in times]).get(None))


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
        query = query.where(fn.LOWER(FlowRecord.host) == host.lower())
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
    return int(FlowRecord.select(fn.MAX(FlowRecord.id)).scalar() or 0)


def _counts_by(kind: str, since: timedelta | None, now: datetime | None) -> dict[str, int]:
    """{type or layer: PII caught} over the period, most first (ties: the first seen first)."""
    total = fn.SUM(FlowCount.count)
    query = FlowCount.select(FlowCount.name, total).join(FlowRecord).where(FlowCount.kind == kind)
    query = _window(query, since, now).group_by(FlowCount.name)
    return dict(tuple_rows(query.order_by(total.desc(), fn.MIN(FlowRecord.id), FlowCount.name)))


def activity(since: timedelta | None, now: datetime | None = None) -> dict[str, Any]:
    """Traffic over the period: requests, PII by type and by layer, restored/unknown, refusals, hosts."""
    (figures,) = tuple_rows(
        _window(
            FlowRecord.select(
                fn.COUNT(FlowRecord.id),
                _total(_flag(FlowRecord.pii_count > 0)),
                _total(FlowRecord.pii_count),
                _total(FlowRecord.restored),
                _total(FlowRecord.unknown),
                _total(_flag(FAILED)),
                _total(FlowRecord.attachments),
                _total(_flag(FlowRecord.attachments > 0)),
                fn.MIN(FlowRecord.time),
                fn.MAX(FlowRecord.time),
            ),
            since,
            now,
        )
    )
    requests, with_pii, pii, restored, unknown, errors, attachments, with_attachments = (int(v) for v in figures[:8])
    refused_query = FlowRecord.select(FlowRecord.status, fn.COUNT(FlowRecord.id)).where(
        FlowRecord.error.is_null(False) & FlowRecord.status.in_(REFUSED_STATUSES)
    )
    refused = {
        str(status): count
        for status, count in tuple_rows(_window(refused_query, since, now).group_by(FlowRecord.status))
    }
    flows = fn.COUNT(FlowRecord.id)
    hosts_query = _window(FlowRecord.select(FlowRecord.host, flows), since, now).group_by(FlowRecord.host)
    hosts = tuple_rows(hosts_query.order_by(flows.desc(), fn.MIN(FlowRecord.id)))
    return {
        "requests": requests,
        "requests_with_pii": with_pii,
        "pii": pii,
        "pii_by_type": _counts_by("type", since, now),
        "pii_by_layer": _counts_by("layer", since, now),
        "restored": restored,
        "unknown": unknown,
        "refused": sum(refused.values()),
        "refused_by_status": dict(sorted(refused.items())),
        "errors": errors,
        "attachments": attachments,
        "requests_with_attachments": with_attachments,
        "hosts": [{"host": host, "requests": count} for host, count in hosts],
        "first_flow": figures[8],
        "last_flow": figures[9],
    }


def _minute(field: peewee.Field) -> Any:
    """A timestamp cut to its minute as 'YYYY-MM-DD HH:MM' text, in the open database's dialect."""
    # The format is literal SQL, not a parameter: PostgreSQL matches GROUP BY to the select list by its text.
    if isinstance(current_db(), peewee.PostgresqlDatabase):
        return fn.TO_CHAR(field, peewee.SQL("'YYYY-MM-DD HH24:MI'")).coerce(False)
    return fn.STRFTIME(peewee.SQL("'%Y-%m-%d %H:%M'"), field).coerce(False)


def requests_per_minute(minutes: int = 30, now: datetime | None = None) -> list[int]:
    """Requests in each of the last `minutes` whole minutes, oldest first, the current minute last."""
    now = now or utcnow()
    current = now.replace(second=0, microsecond=0)
    start = current - timedelta(minutes=minutes - 1)
    minute = _minute(FlowRecord.time)
    query = FlowRecord.select(minute, fn.COUNT(FlowRecord.id)).where(FlowRecord.time >= start).group_by(minute)
    counts = [0] * minutes
    for text, count in tuple_rows(query):
        index = int((datetime.strptime(text, "%Y-%m-%d %H:%M") - start).total_seconds() // 60)
        if 0 <= index < minutes:
            counts[index] = count
    return counts


# ---- the store's figures for an audit (addon.operations.audit words them) ---------------------------------


def dictionary_figures() -> dict[str, Any]:
    """Dictionary terms (in total and by entity type) and allow-list size; counts only, never the terms."""
    by_type = dict(
        tuple_rows(
            DictionaryTerm.select(DictionaryTerm.entity_type, fn.COUNT(DictionaryTerm.id))
            .group_by(DictionaryTerm.entity_type)
            .order_by(DictionaryTerm.entity_type)
        )
    )
    return {
        "dictionary_terms": sum(by_type.values()),
        "dictionary_terms_by_type": by_type,
        "allow_list_terms": AllowTerm.select().count(),
    }


def active_scopes(now: datetime | None = None) -> int:
    """Scopes not yet expired."""
    return Scope.select().where(Scope.expires_at > (now or utcnow())).count()


def scope_figures(now: datetime | None = None) -> dict[str, Any]:
    """How many scopes, sessions and mappings the store holds, the oldest scope, and what awaits purging."""
    now = now or utcnow()
    oldest = Scope.select(fn.MIN(Scope.created)).scalar()
    expired = Scope.select().where(Scope.expires_at <= now)
    return {
        "scopes": Scope.select().count(),
        "sessions": Scope.select().where(Scope.session_hash.is_null(False)).count(),
        "active_scopes": active_scopes(now),
        "expired_unpurged_scopes": expired.count(),
        "expired_unpurged_mappings": Mapping.select().where(Mapping.scope.in_(expired.select(Scope.id))).count(),
        "mappings": Mapping.select().count(),
        "oldest_scope_created": oldest.isoformat() if oldest else None,
    }


def flow_log_figures() -> dict[str, Any]:
    """The flow log's size: rows held, the oldest, previews still stored, the log TTL the proxy last applied."""
    oldest = FlowRecord.select(fn.MIN(FlowRecord.time)).scalar()
    return {
        "log_ttl_applied": retention.last_proxy_log_ttl(),
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
