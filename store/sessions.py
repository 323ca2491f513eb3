"""Report queries over scopes (the CLI calls them sessions): plain rows of ids, times and counts, never values."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import peewee

from store.db import database, tuple_rows
from store.mappings import note_erasure
from store.models import FlowRecord, Mapping, ReplyMemory, Scope, utcnow


class SessionNotFound(LookupError):
    """No scope has that id or id prefix."""


def _counts_by_type(scope_ids: list[str] | None = None) -> dict[str, dict[str, int]]:
    query = Mapping.select(Mapping.scope, Mapping.entity_type, peewee.fn.COUNT(peewee.SQL("*")))
    if scope_ids is not None:
        query = query.where(Mapping.scope.in_(scope_ids))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for scope_id, entity_type, count in tuple_rows(query.group_by(Mapping.scope, Mapping.entity_type)):
        counts[scope_id][entity_type] = int(count)
    return counts


def _row(scope: tuple[Any, ...], counts: dict[str, int], now: datetime) -> dict[str, Any]:
    scope_id, tenant_hash, session_hash, created, last_seen, expires_at = scope
    return {
        "id": scope_id,
        "tenant": tenant_hash[:12],
        "session": session_hash is not None,
        "created": created,
        "last_seen": last_seen,
        "expires": expires_at,
        "expired": expires_at <= now,
        "mappings": sum(counts.values()),
        "by_type": dict(sorted(counts.items())),
    }


_COLUMNS = (Scope.id, Scope.tenant_hash, Scope.session_hash, Scope.created, Scope.last_seen, Scope.expires_at)


def session_rows(include_expired: bool = True) -> list[dict[str, Any]]:
    """One row per scope, most recently seen first: id, tenant hash prefix, times, mapping counts by type."""
    now = utcnow()
    query = Scope.select(*_COLUMNS).order_by(Scope.last_seen.desc(), Scope.id)
    if not include_expired:
        query = query.where(Scope.expires_at > now)
    counts = _counts_by_type()
    return [_row(scope, counts.get(scope[0], {}), now) for scope in tuple_rows(query)]


def resolve_session(id_or_prefix: str) -> str:
    """The full scope id for an id or a unique prefix of one; SessionNotFound or ValueError (ambiguous)."""
    prefix = id_or_prefix.strip().lower()
    if not prefix:
        raise SessionNotFound("no session id given")
    exact = Scope.select(Scope.id).where(Scope.id == prefix).scalar()
    if exact is not None:
        return str(exact)
    matches = [row[0] for row in tuple_rows(Scope.select(Scope.id).where(Scope.id.startswith(prefix)).limit(2))]
    if not matches:
        raise SessionNotFound(f"no session starts with {prefix!r}")
    if len(matches) > 1:
        raise ValueError(f"more than one session starts with {prefix!r}; give more of its id")
    return str(matches[0])


def session_detail(scope_id: str) -> dict[str, Any]:
    """One scope's row plus its reply-memory and request counts and its placeholders by type (no values)."""
    scope = tuple_rows(Scope.select(*_COLUMNS).where(Scope.id == scope_id))
    if not scope:
        raise SessionNotFound(f"no session {scope_id!r}")
    row = _row(scope[0], _counts_by_type([scope_id]).get(scope_id, {}), utcnow())
    row["replies"] = ReplyMemory.select().where(ReplyMemory.scope == scope_id).count()
    row["requests"] = FlowRecord.select().where(FlowRecord.scope_id == scope_id).count()
    placeholders = Mapping.select(Mapping.placeholder, Mapping.entity_type).where(Mapping.scope == scope_id)
    row["placeholders"] = [
        {"placeholder": placeholder, "entity_type": entity_type}
        for placeholder, entity_type in tuple_rows(placeholders.order_by(Mapping.entity_type, Mapping.placeholder))
    ]
    return row


def set_session_expiry(scope_id: str, ttl_seconds: int) -> datetime:
    """Make an unexpired scope expire `ttl_seconds` from now; returns the new expiry.

    SessionNotFound if there is no such scope; ValueError if it has expired (its mappings are due to go).
    """
    now = utcnow()
    expires = now + timedelta(seconds=ttl_seconds)
    with database.atomic():
        previous = Scope.select(Scope.expires_at).where(Scope.id == scope_id).scalar()
        if previous is None:
            raise SessionNotFound(f"no session {scope_id!r}")
        if previous <= now:
            raise ValueError("that session has expired; its mappings are gone once purged and cannot be revived")
        Scope.update(expires_at=expires).where(Scope.id == scope_id).execute()
        if expires < previous:
            # A shorter life: caches elsewhere must not serve its values past the new expiry.
            note_erasure()
    return expires
