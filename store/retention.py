"""Retention: purging expired scopes and old flow-log rows, clearing the log, and the expiry records they leave.

Every purge and every clear writes an ExpiryRecord (when, what went, which TTL): the retention evidence
`anonamoose audit` shows. Periodic purges that found nothing are folded into the previous such record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import peewee

from store.db import checkpoint_wal, database, tuple_rows
from store.durations import duration_text
from store.mappings import purge_expired_rows
from store.models import ExpiryRecord, FlowRecord, Mapping, ReplyMemory, Scope, utcnow

DEFAULT_LOG_TTL = "30d"  # anonamoose_log_ttl's default
MANUAL_CLEAR = "manual clear"
PROXY, CLI, API = "proxy", "cli", "api"
ALL_SESSIONS = "all sessions"  # the scope TTL an erase-everything purge records


@dataclass(frozen=True)
class Expiry:
    """What one purge or clear removed."""

    scopes: int = 0
    mappings: int = 0
    replies: int = 0
    flow_rows: int = 0

    @property
    def empty(self) -> bool:
        return not (self.scopes or self.mappings or self.replies or self.flow_rows)


def _write_record(
    action: str, trigger: str, expiry: Expiry, scope_ttl: str | None, log_ttl: str | None, now: datetime
) -> None:
    if action == "purge" and trigger == PROXY and expiry.empty:
        latest = ExpiryRecord.select().order_by(ExpiryRecord.id.desc()).first()
        if (
            latest is not None
            and latest.action == action
            and latest.trigger == trigger
            and not (latest.scopes or latest.mappings or latest.replies or latest.flow_rows)
            and latest.scope_ttl == scope_ttl
            and latest.log_ttl == log_ttl
        ):
            # A proxy purges every few minutes: runs that removed nothing extend one record.
            ExpiryRecord.update(time=now, runs=ExpiryRecord.runs + 1).where(ExpiryRecord.id == latest.id).execute()
            return
    ExpiryRecord.insert(
        time=now,
        first_time=now,
        action=action,
        trigger=trigger,
        scopes=expiry.scopes,
        mappings=expiry.mappings,
        replies=expiry.replies,
        flow_rows=expiry.flow_rows,
        scope_ttl=scope_ttl,
        log_ttl=log_ttl,
    ).execute()


def purge(
    log_ttl_seconds: int,
    trigger: str,
    scope_ttl_seconds: int | None = None,
    now: datetime | None = None,
    purge_scopes: Callable[[datetime], int] = purge_expired_rows,
) -> Expiry:
    """Delete expired scopes (with mappings and replies) and flow-log rows older than the log TTL; record it.

    `purge_scopes` deletes the scopes (the proxy passes its MappingStore's, which also drops its cache).
    `scope_ttl_seconds` is the proxy's anonamoose_ttl, recorded as evidence; None from the CLI, where each
    scope's own expiry applies.
    """
    if log_ttl_seconds < 1:
        raise ValueError("the flow log's TTL must be at least one second")
    now = now or utcnow()
    with database.atomic():
        expired = Scope.select(Scope.id).where(Scope.expires_at <= now)
        mappings = Mapping.select().where(Mapping.scope.in_(expired)).count()
        replies = ReplyMemory.select().where(ReplyMemory.scope.in_(expired)).count()
        scopes = purge_scopes(now)
        flow_rows = int(FlowRecord.delete().where(FlowRecord.time < now - timedelta(seconds=log_ttl_seconds)).execute())
        expiry = Expiry(scopes, mappings, replies, flow_rows)
        scope_ttl = duration_text(scope_ttl_seconds) if scope_ttl_seconds else None
        _write_record("purge", trigger, expiry, scope_ttl, duration_text(log_ttl_seconds), now)
    return expiry


def purge_all_scopes(trigger: str = CLI, now: datetime | None = None) -> Expiry:
    """Delete every scope, live or expired, with its mappings and replies; record it. The flow log stays."""
    now = now or utcnow()
    with database.atomic():
        mappings = Mapping.select().count()
        replies = ReplyMemory.select().count()
        expiry = Expiry(purge_expired_rows(datetime.max), mappings, replies)
        _write_record("purge", trigger, expiry, ALL_SESSIONS, None, now)
    return expiry


def clear_flow_log(before: timedelta | None = None, trigger: str = CLI, now: datetime | None = None) -> int:
    """Delete the whole flow log, or its rows older than `before`; record it. Returns the rows deleted."""
    now = now or utcnow()
    with database.atomic():
        query = FlowRecord.delete()
        if before is not None:
            query = query.where(FlowRecord.time < now - before)
        rows = int(query.execute())
        label = MANUAL_CLEAR
        if before is not None:
            label += f" before {duration_text(int(before.total_seconds()))}"
        _write_record("clear", trigger, Expiry(flow_rows=rows), None, label, now)
    checkpoint_wal()
    return rows


def scrub_previews() -> int:
    """Blank every stored flow-log preview (the proxy does this when it starts with previews off)."""
    with database.atomic():
        blanked = int(
            FlowRecord.update(redacted_preview=None).where(FlowRecord.redacted_preview.is_null(False)).execute()
        )
    if blanked:
        checkpoint_wal()
    return blanked


def last_proxy_log_ttl() -> str | None:
    """The log TTL the proxy applied in its latest purge ("30d"), or None if it never purged this store."""
    query = (
        ExpiryRecord.select(ExpiryRecord.log_ttl)
        .where((ExpiryRecord.trigger == PROXY) & (ExpiryRecord.action == "purge"))
        .order_by(ExpiryRecord.id.desc())
    )
    return query.scalar()


def _record_row(record: ExpiryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "time": record.time.isoformat(timespec="seconds"),
        "first_time": record.first_time.isoformat(timespec="seconds"),
        "runs": record.runs,
        "action": record.action,
        "trigger": record.trigger,
        "scopes": record.scopes,
        "mappings": record.mappings,
        "replies": record.replies,
        "flow_rows": record.flow_rows,
        "scope_ttl": record.scope_ttl,
        "log_ttl": record.log_ttl,
    }


def expiry_records(limit: int = 10) -> list[dict[str, Any]]:
    """The newest expiry records first."""
    query = ExpiryRecord.select().order_by(ExpiryRecord.time.desc(), ExpiryRecord.id.desc()).limit(limit)
    return [_record_row(record) for record in query]


def expiry_totals() -> dict[str, Any]:
    """Over every expiry record: purges (runs) and clears, and how many scopes, mappings and rows went."""
    sums = peewee.fn.SUM
    query = ExpiryRecord.select(
        ExpiryRecord.action,
        sums(ExpiryRecord.runs),
        sums(ExpiryRecord.scopes),
        sums(ExpiryRecord.mappings),
        sums(ExpiryRecord.replies),
        sums(ExpiryRecord.flow_rows),
        peewee.fn.MIN(ExpiryRecord.first_time),
        peewee.fn.MAX(ExpiryRecord.time),
    ).group_by(ExpiryRecord.action)
    totals: dict[str, Any] = {
        "purges": 0,
        "clears": 0,
        "scopes": 0,
        "mappings": 0,
        "replies": 0,
        "flow_rows": 0,
        "first": None,
        "last": None,
        "last_purge": None,
    }
    firsts, lasts = [], []
    for action, runs, scopes, mappings, replies, rows, first, last in tuple_rows(query):
        totals["purges" if action == "purge" else "clears"] += int(runs or 0)
        for name, value in (("scopes", scopes), ("mappings", mappings), ("replies", replies), ("flow_rows", rows)):
            totals[name] += int(value or 0)
        firsts.append(first)
        lasts.append(last)
        if action == "purge":
            totals["last_purge"] = last.isoformat(timespec="seconds") if last else None
    totals["first"] = min(firsts).isoformat(timespec="seconds") if firsts else None
    totals["last"] = max(lasts).isoformat(timespec="seconds") if lasts else None
    return totals
