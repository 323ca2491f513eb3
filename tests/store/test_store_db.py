"""open_db: pragmas, table creation, URL forms, idempotency, and use from a thread pool."""

from __future__ import annotations

import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import peewee
import pytest

from store import dictionary
from store.db import UnsafeDatabase, close_db, current_db, database, default_db_url, open_db
from store.models import ALL_MODELS


def _pragma(db: peewee.Database, name: str) -> object:
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("busy_timeout", 5000), ("synchronous", 1), ("foreign_keys", 1), ("secure_delete", 1)],
)
def test_sqlite_pragmas(store_db: peewee.Database, pragma: str, expected: object) -> None:
    assert _pragma(store_db, pragma) == expected


def test_creates_parent_dir_and_every_table(store_db: peewee.Database, db_path: Path) -> None:
    assert db_path.is_file()
    assert set(store_db.get_tables()) == {model._meta.table_name for model in ALL_MODELS}


def test_wal_files_beside_the_database(store_db: peewee.Database, db_path: Path) -> None:
    dictionary.add_term("Acme")
    assert db_path.with_name(db_path.name + "-wal").exists()


def test_same_url_returns_the_open_database(store_db: peewee.Database, db_path: Path) -> None:
    assert open_db(db_path) is store_db
    assert open_db(str(db_path)) is store_db
    assert open_db(f"sqlite:///{db_path}") is store_db
    assert current_db() is store_db


def test_another_url_replaces_the_open_database(tmp_path: Path) -> None:
    first = open_db(tmp_path / "one.db")
    dictionary.add_term("only-in-one")
    second = open_db(f"sqlite:///{tmp_path / 'two.db'}")
    try:
        assert second is not first
        assert database.obj is second
        assert dictionary.dictionary_terms() == []
    finally:
        close_db()


def test_relative_sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_db("sqlite:///rel/store.db")
    try:
        dictionary.add_term("Acme")
    finally:
        close_db()
    assert (tmp_path / "rel" / "store.db").is_file()


@pytest.mark.parametrize(
    ("env", "expected"),
    [(None, "./data/anonamoose.db"), ("/srv/a.db", "/srv/a.db"), ("postgresql://h/db", "postgresql://h/db")],
)
def test_default_db_url(monkeypatch: pytest.MonkeyPatch, env: str | None, expected: str) -> None:
    if env is not None:
        monkeypatch.setenv("ANONAMOOSE_DB", env)
    assert default_db_url() == expected


def test_open_without_url_uses_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANONAMOOSE_DB", str(tmp_path / "env.db"))
    open_db()
    close_db()
    assert (tmp_path / "env.db").is_file()


def test_closed_store_refuses_queries(db_path: Path) -> None:
    open_db(db_path)
    close_db()
    assert current_db() is None
    with pytest.raises((AttributeError, peewee.InterfaceError)):
        dictionary.dictionary_terms()


def test_reopen_after_close_keeps_data(db_path: Path) -> None:
    open_db(db_path)
    dictionary.add_term("Acme")
    close_db()
    open_db(db_path)
    try:
        assert [t[0] for t in dictionary.dictionary_terms()] == ["Acme"]
    finally:
        close_db()


def test_thread_pool_workers_share_the_store(store_db: peewee.Database) -> None:
    def add(i: int) -> str:
        dictionary.add_term(f"term-{i}")
        return threading.current_thread().name

    with ThreadPoolExecutor(max_workers=4) as pool:
        workers = set(pool.map(add, range(40)))
        # Reads from the workers see every write, whichever thread made it.
        counts = set(pool.map(lambda _: len(dictionary.dictionary_terms()), range(8)))
    assert len(workers) > 1
    assert counts == {40}


def test_close_db_closes_worker_connections(db_path: Path) -> None:
    db = open_db(db_path)
    pool = ThreadPoolExecutor(max_workers=3)
    try:
        list(pool.map(lambda i: dictionary.add_term(f"t{i}"), range(12)))
        connections = list(db._connections)  # type: ignore[attr-defined]
        assert connections
        close_db()
        for conn in connections:
            with pytest.raises(Exception, match="closed"):
                conn.execute("SELECT 1")
    finally:
        pool.shutdown()
        close_db()


@pytest.mark.parametrize("url", [":memory:", "sqlite:///:memory:", "sqlite://"])
def test_memory_database_is_refused(url: str) -> None:
    # Each worker thread would get its own empty database, and no other process could reach it.
    with pytest.raises(UnsafeDatabase, match=r"in-memory SQLite database \(:memory:\) is refused.*file path"):
        open_db(url)
    assert current_db() is None


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_and_wal_files_are_created_0600(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "store.db"
    open_db(path)
    try:
        dictionary.add_term("Acme")  # a write, so the -wal and -shm files exist
        files = [path, path.with_name("store.db-wal"), path.with_name("store.db-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        assert _mode(path.parent) == 0o700
    finally:
        close_db()


def test_database_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o000)
    try:
        path = tmp_path / "store.db"
        open_db(path)
        dictionary.add_term("Acme")
        assert _mode(path) == 0o600 and _mode(path.with_name("store.db-wal")) == 0o600
    finally:
        os.umask(previous)
        close_db()


def test_an_existing_world_readable_database_is_narrowed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_db(path)
    dictionary.add_term("Acme")
    close_db()
    for name in ("old.db", "old.db-wal", "old.db-shm"):
        if (tmp_path / name).exists():
            (tmp_path / name).chmod(0o644)
    open_db(path)
    try:
        assert _mode(path) == 0o600
        assert all(_mode(f) == 0o600 for f in tmp_path.glob("old.db-*"))
        assert [t[0] for t in dictionary.dictionary_terms()] == ["Acme"]
    finally:
        close_db()
