"""Sessions (scopes): list, show, extend, remove, purge, and restore a text offline with one scope's mappings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from addon.operations import retention
from addon.operations.context import ensure_store, store_vault
from addon.operations.runtime_settings import canonical_ttl
from addon.placeholders import Restorer
from store import sessions as scopes
from store.crypto import Vault
from store.mappings import MappingStore, delete_scope_rows
from store.sessions import SessionNotFound

__all__ = [
    "SessionNotFound",
    "extend_session",
    "hydrate",
    "list_sessions",
    "purge_expired",
    "remove_session",
    "show_session",
]


def list_sessions(include_expired: bool = True) -> list[dict[str, Any]]:
    """Every scope: id, tenant hash prefix, created, last seen, expires, mapping counts by type; no values."""
    ensure_store()
    return scopes.session_rows(include_expired)


def show_session(id_or_prefix: str) -> dict[str, Any]:
    """One scope by id or unique prefix, with its placeholders by type; SessionNotFound / ValueError."""
    ensure_store()
    return scopes.session_detail(scopes.resolve_session(id_or_prefix))


def extend_session(id_or_prefix: str, ttl: int | str) -> datetime:
    """Make a live scope expire `ttl` (seconds or 30m, 24h, 7d) from now; returns the new expiry (naive UTC).

    The proxy sets a scope's expiry to now + its own TTL again whenever the scope is used.
    """
    ensure_store()
    try:
        seconds = canonical_ttl(ttl)
    except ValueError as exc:
        raise ValueError(f"cannot extend a session by {ttl!r}: {exc}") from exc
    return scopes.set_session_expiry(scopes.resolve_session(id_or_prefix), seconds)


def remove_session(id_or_prefix: str) -> str:
    """Erase one scope with its mappings and remembered replies; returns its full id. SessionNotFound."""
    ensure_store()
    scope_id = scopes.resolve_session(id_or_prefix)
    # Deleting needs no key: the store is only reached for rows, never values.
    delete_scope_rows(scope_id)
    return scope_id


def purge_expired() -> int:
    """Erase every expired scope with its mappings (and flow-log rows past the log TTL); returns scopes gone.

    Writes an expiry record, as every purge does (see addon.operations.retention.purge).
    """
    return retention.purge().scopes


def hydrate(id_or_prefix: str, text: str, vault: Vault | None = None) -> str:
    """`text` with the placeholders of that scope put back: values are shown, because the user asked.

    Placeholders the scope does not know (or an expired scope's) are left as they are.
    """
    ensure_store()
    scope_id = scopes.resolve_session(id_or_prefix)
    store = MappingStore(vault or store_vault(), cache_size=0)
    return Restorer(lambda placeholders: store.lookup_many(scope_id, placeholders)).restore(text).text
