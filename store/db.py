"""Opening the store's database late, from a path or a peewee URL, and binding every model to it."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import peewee
from playhouse import db_url

# Every model binds to this proxy; open_db points it at the real database.
database = peewee.DatabaseProxy()

DEFAULT_DB_PATH = "./data/anonamoose.db"
SQLITE_PRAGMAS: tuple[tuple[str, object], ...] = (
    ("journal_mode", "wal"),
    ("busy_timeout", 5000),
    ("synchronous", "normal"),
    ("foreign_keys", 1),
)

_open_lock = threading.Lock()
_open_key: str | None = None
_open_db: peewee.Database | None = None


def default_db_url() -> str:
    """$ANONAMOOSE_DB, else ./data/anonamoose.db."""
    return os.environ.get("ANONAMOOSE_DB") or DEFAULT_DB_PATH


class _TrackedConnection(sqlite3.Connection):
    """A plain sqlite3 connection that can be weakly referenced, so the database can close every thread's."""


class StoreSqliteDatabase(peewee.SqliteDatabase):
    """SqliteDatabase that remembers the connection each thread opened, so close_db closes them all.

    peewee keeps one connection per thread; a thread pool's workers each open their own.
    """

    def __init__(self, database: str, **kwargs: Any) -> None:
        self._connections: weakref.WeakSet[sqlite3.Connection] = weakref.WeakSet()
        self._connections_lock = threading.Lock()
        super().__init__(database, **kwargs)

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = super()._connect()  # type: ignore[misc]  # private in the stubs
        with self._connections_lock:
            self._connections.add(conn)
        return conn

    def close_all(self) -> None:
        """Close this thread's connection through peewee and every other thread's directly."""
        if not self.is_closed():
            self.close()
        with self._connections_lock:
            others = list(self._connections)
            self._connections.clear()
        for conn in others:
            conn.close()


def _sqlite_path(url: str) -> str | None:
    """The file path for a plain path or a sqlite:/// URL; None for any other URL."""
    if "://" not in url:
        return url
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        return None
    # sqlite:///rel/path -> rel/path, sqlite:////abs/path -> /abs/path (as playhouse.db_url reads them).
    return parsed.path[1:] or ":memory:"


def _open_sqlite(path: str) -> peewee.Database:
    if path == ":memory:":
        # One shared connection: a per-thread :memory: database would be a different, empty one per thread.
        return peewee.SqliteDatabase(":memory:", pragmas=SQLITE_PRAGMAS, thread_safe=False, check_same_thread=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return StoreSqliteDatabase(
        path,
        pragmas=SQLITE_PRAGMAS,
        # Writers take the lock up front, so a read-then-write transaction never fails with SQLITE_BUSY.
        lock_type="IMMEDIATE",
        factory=_TrackedConnection,
        # Only so close_db can close worker threads' connections; peewee still gives each thread its own.
        check_same_thread=False,
    )


def _normalise(url: str | os.PathLike[str] | None) -> tuple[str, str | None]:
    """(key identifying the database, sqlite file path or None for other URLs)."""
    text = os.fspath(url) if url is not None else default_db_url()
    path = _sqlite_path(text)
    if path is None:
        return text, None
    if path == ":memory:":
        return "sqlite://:memory:", path
    resolved = str(Path(path).expanduser().resolve())
    return f"sqlite://{resolved}", resolved


def open_db(url: str | os.PathLike[str] | None = None) -> peewee.Database:
    """Open the store (a path, sqlite:///path, or any peewee URL such as postgresql://...), creating tables.

    Idempotent: opening the URL that is already open returns the open database. Opening another closes
    the current one first. Safe to use from any thread afterwards; each thread gets its own connection.
    """
    global _open_key, _open_db
    # models imports this module's proxy, so it is imported here rather than at the top.
    from store.models import ALL_MODELS

    key, sqlite_path = _normalise(url)
    with _open_lock:
        if _open_db is not None and _open_key == key:
            return _open_db
        if _open_db is not None:
            _close(_open_db)
        db = _open_sqlite(sqlite_path) if sqlite_path is not None else db_url.connect(key)
        database.initialize(db)
        db.create_tables(ALL_MODELS, safe=True)
        add_missing_columns(db, ALL_MODELS)
        _open_key, _open_db = key, db
        return db


def add_missing_columns(db: peewee.Database, models: Iterable[type[peewee.Model]]) -> list[str]:
    """Add the columns a newer release declared to tables an older one created; returns 'table.column' added.

    Only additions, each with its field's default, so an existing database keeps working and keeps its rows.
    """
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    added = []
    for model in models:
        table = model._meta.table_name
        present = {column.name for column in db.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name not in present:
                migrate(migrator.add_column(table, field.column_name, field))
                added.append(f"{table}.{field.column_name}")
    return added


def current_db() -> peewee.Database | None:
    """The database open_db opened, or None."""
    return _open_db


def _close(db: peewee.Database) -> None:
    # Ours closes every thread's connection; playhouse.pool databases have close_all too.
    if isinstance(db, StoreSqliteDatabase) or hasattr(db, "close_all"):
        db.close_all()
    elif not db.is_closed():
        db.close()


def close_db() -> None:
    """Close the open database (every thread's connection, for SQLite files) and unbind the models."""
    global _open_key, _open_db
    with _open_lock:
        if _open_db is None:
            return
        _close(_open_db)
        database.initialize(None)
        _open_key, _open_db = None, None


def tuple_rows(query: peewee.SelectBase) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type .tuples() rows as model instances)."""
    return list(cast(Iterable[tuple[Any, ...]], query.tuples()))
