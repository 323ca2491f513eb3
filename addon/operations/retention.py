"""Retention: purge expired sessions and old flow-log rows, clear the flow log; each leaves an expiry record."""

from __future__ import annotations

from datetime import timedelta

from addon.operations.context import ensure_store
from addon.options import parse_log_ttl
from store import retention
from store.retention import Expiry

__all__ = ["Expiry", "clear_logs", "log_ttl_in_force", "purge", "purge_all"]


def log_ttl_in_force(log_ttl: str | int | None = None) -> tuple[int, str]:
    """(seconds, where it came from): the given TTL, else the one the proxy applied last, else the default."""
    if log_ttl is not None:
        return _seconds(log_ttl), "given"
    applied = retention.last_proxy_log_ttl()
    if applied is not None:
        return _seconds(applied), "the proxy's anonamoose_log_ttl"
    return _seconds(retention.DEFAULT_LOG_TTL), "the default anonamoose_log_ttl"


def _seconds(value: str | int) -> int:
    try:
        return parse_log_ttl(str(value))
    except ValueError as exc:
        raise ValueError(f"cannot keep the flow log for {value!r}: {exc}") from exc


def purge(log_ttl: str | int | None = None, trigger: str = retention.CLI) -> Expiry:
    """Erase expired sessions with their mappings and flow-log rows older than the log TTL (see log_ttl_in_force).

    Writes an expiry record that `audit` shows.
    """
    ensure_store()
    seconds, _ = log_ttl_in_force(log_ttl)
    return retention.purge(seconds, trigger)


def clear_logs(before: timedelta | None = None, trigger: str = retention.CLI) -> int:
    """Delete the flow log (or only its rows older than `before`); returns rows deleted. Leaves an expiry record."""
    ensure_store()
    return retention.clear_flow_log(before, trigger)


def purge_all(trigger: str = retention.CLI) -> Expiry:
    """Erase every session, live or expired, with its mappings and replies; leaves an expiry record."""
    ensure_store()
    return retention.purge_all_scopes(trigger)
