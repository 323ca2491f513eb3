"""Opening the store's database late, from a path or a peewee URL, and binding every model to it."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

import peewee
from playhouse import db_url

from store.postgres import is_postgres_url, open_postgres

log = logging.getLogger("anonamoose")

# Every model binds to this proxy; open_db points it at the real database.
database = peewee.DatabaseProxy()

DEFAULT_DB_PATH = "./data/anonamoose.db"
SQLITE_PRAGMAS: tuple[tuple[str, object], ...] = (
    ("busy_timeout", 5000),
    ("journal_mode", "wal"),
    ("synchronous", "normal"),
    ("foreign_keys", 1),
    # Deleted rows and blanked previews are overwritten with zeros, not left in free pages of the file.
    ("secure_delete", 1),
    # Page cache per connection (peewee opens one a thread, about eight in the proxy): 1 MB each, never more.
    ("cache_size", -1024),
    # Statement journals (a multi-row insert's undo pages) stay in memory: over 64 KB SQLite spills them to a
    # temporary file created and unlinked per request, which cost more system time than the insert itself.
    ("temp_store", "memory"),
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

    def _set_pragmas(self, conn: sqlite3.Connection) -> None:
        # Switching a fresh file to WAL skips the busy handler: processes opening it at once retry instead.
        for attempt in range(50):
            try:
                super()._set_pragmas(conn)  # type: ignore[misc]  # private in the stubs
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.05)

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


def sqlite_file(url: str | os.PathLike[str]) -> Path | None:
    """The file a path or sqlite:/// URL names; None for :memory: and other URLs (postgresql://), which are no files."""
    path = _sqlite_path(os.fspath(url))
    return None if path in (None, "", ":memory:") else Path(path).expanduser()


class UnsafeDatabase(ValueError):
    """A database the store refuses: one that would lose or split its data, such as SQLite's :memory:."""


MEMORY_REFUSED = (
    "an in-memory SQLite database (:memory:) is refused: each of the proxy's worker threads would get its own "
    "empty one, and the CLI (forget, sessions, logs, audit) could never reach it; give a file path such as "
    f"{DEFAULT_DB_PATH}"
)
PRIVATE_FILE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _private_sqlite_file(path: str) -> None:
    """Create the database file 0600 before SQLite does, and narrow an existing one and its WAL/SHM files.

    SQLite creates the -wal and -shm files with the database file's mode, so they are private too.
    """
    file = Path(path)
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    if os.name != "posix":
        return
    for candidate in (file, *(file.with_name(file.name + suffix) for suffix in SQLITE_COMPANIONS)):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            info = candidate.stat()
            # Only our own files: a file someone else owns is theirs to share.
            if info.st_mode & 0o077 and info.st_uid == os.getuid():
                candidate.chmod(PRIVATE_FILE)
                log.warning("anonamoose: %s was mode %04o; made it 0600", candidate, stat.S_IMODE(info.st_mode))


def _open_sqlite(path: str) -> peewee.Database:
    _private_sqlite_file(path)
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
        raise UnsafeDatabase(MEMORY_REFUSED)
    if not path:
        raise UnsafeDatabase("no database path given")
    resolved = str(Path(path).expanduser().resolve())
    return f"sqlite://{resolved}", resolved


def _open_url(url: str) -> peewee.Database:
    """Any other peewee URL; postgresql:// gets the store's reconnecting PostgreSQL database."""
    if is_postgres_url(url):
        return open_postgres(url)
    return db_url.connect(url)


def open_db(url: str | os.PathLike[str] | None = None) -> peewee.Database:
    """Open the store (a path, sqlite:///path, or a peewee URL such as postgresql://...); create or migrate tables.

    Idempotent: opening the URL that is already open returns the open database. Opening another closes
    the current one first. Safe to use from any thread afterwards; each thread gets its own connection.
    """
    global _open_key, _open_db
    # models imports this module's proxy, so it is imported here rather than at the top.
    from store.migrations import upgrade
    from store.models import ALL_MODELS
    from store.schema import ensure_schema

    key, sqlite_path = _normalise(url)
    with _open_lock:
        if _open_db is not None and _open_key == key:
            return _open_db
        if _open_db is not None:
            _close(_open_db)
            database.initialize(None)
            _open_key, _open_db = None, None
        db = _open_sqlite(sqlite_path) if sqlite_path is not None else _open_url(key)
        database.initialize(db)
        try:
            ensure_schema(db, ALL_MODELS)
            upgrade(db, ALL_MODELS)
        except Exception:
            database.initialize(None)
            _close(db)
            raise
        _open_key, _open_db = key, db
        return db


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


def checkpoint_wal() -> None:
    """Copy the WAL into the SQLite file and truncate it, so erased rows' old page images leave the disk too.

    Best effort: with a reader still on an old snapshot the WAL is truncated later. Nothing to do elsewhere.
    """
    db = current_db()
    if isinstance(db, peewee.SqliteDatabase):
        with contextlib.suppress(peewee.DatabaseError):
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def tuple_rows(query: peewee.SelectBase) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type .tuples() rows as model instances)."""
    return list(cast(Iterable[tuple[Any, ...]], query.tuples()))
