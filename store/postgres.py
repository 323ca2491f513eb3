"""PostgreSQL for the store: the driver check, connect options, and reconnecting after the server went away.

peewee keeps one connection per thread and never replaces a broken one. Here a connection the driver knows
is lost is dropped before its next use, and a statement that cannot change anything (SELECT, BEGIN) is tried
once more on a fresh connection. A statement inside a transaction is never retried: the transaction fails,
its caller fails closed, and the next use reconnects.
"""

from __future__ import annotations

import contextlib
from typing import Any, cast
from urllib.parse import urlparse

import peewee
from playhouse import db_url

SCHEMES = frozenset({"postgres", "postgresql"})
# Seconds to wait for a server that does not answer: a request fails closed instead of hanging.
CONNECT_TIMEOUT_S = 5
_RETRYABLE = ("SELECT", "BEGIN")


class DriverMissing(RuntimeError):
    """A postgresql:// URL without a PostgreSQL driver installed."""


def is_postgres_url(url: str) -> bool:
    return urlparse(url).scheme in SCHEMES


def _check_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        try:
            import psycopg2  # noqa: F401
        except ImportError as exc:
            raise DriverMissing(
                "a postgresql:// store needs a PostgreSQL driver: pip install -e '.[postgres]' (psycopg 3)"
            ) from exc


class StorePostgresqlDatabase(peewee.PostgresqlDatabase):
    """PostgresqlDatabase that replaces a lost connection instead of failing on it forever."""

    def _connection_lost(self) -> bool:
        state, adapter = cast(Any, self)._state, cast(Any, self)._adapter  # peewee internals, untyped in its stubs
        if state.closed or state.conn is None:
            return False
        try:
            return bool(adapter.txn_status(state.conn) == adapter.txn_unknown)
        except Exception:
            return True

    def _drop_connection(self) -> None:
        state = cast(Any, self)._state
        conn = state.conn
        state.reset()
        with contextlib.suppress(Exception):
            conn.close()

    def cursor(self, named_cursor: Any = None) -> Any:
        if not self.in_transaction() and self._connection_lost():
            self._drop_connection()
        return super().cursor(named_cursor)

    def _retry_once(self, sql: str, exc: Exception) -> bool:
        """Whether `sql`, which failed with `exc`, may run again on a fresh connection (dropping the old)."""
        if self.in_transaction() or not isinstance(exc, peewee.OperationalError | peewee.InterfaceError):
            return False
        if not self._connection_lost() or not sql.lstrip().upper().startswith(_RETRYABLE):
            return False
        self._drop_connection()
        return True

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)
        except Exception as exc:
            if not self._retry_once(sql, exc):
                raise
        return super().execute_sql(sql, params)

    def begin(self, isolation_level: Any = None) -> None:
        try:
            super().begin(isolation_level)
        except Exception as exc:
            if not self._retry_once("BEGIN", exc):
                raise
            super().begin(isolation_level)


def open_postgres(url: str) -> peewee.Database:
    """A (lazily connecting) database for a postgresql:// URL; DriverMissing if no driver is installed."""
    _check_driver()
    params: dict[str, Any] = db_url.parse(url, unquote_password=True, unquote_user=True)
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    database = params.pop("database")
    return StorePostgresqlDatabase(database, **params)
