"""open_db: pragmas, table creation, URL forms, idempotency, and use from a thread pool."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import peewee
import pytest

from store import dictionary
from store.db import close_db, current_db, database, default_db_url, open_db
from store.models import ALL_MODELS


def _pragma(db: peewee.Database, name: str) -> object:
    return db.execute_sql(f"PRAGMA {name}").fetchone()[0]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("busy_timeout", 5000), ("synchronous", 1), ("foreign_keys", 1)],
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


def test_memory_database_is_shared_between_threads() -> None:
    open_db(":memory:")
    try:
        dictionary.add_term("Acme")
        with ThreadPoolExecutor(max_workers=2) as pool:
            seen = pool.submit(dictionary.dictionary_terms).result()
        assert [t[0] for t in seen] == ["Acme"]
    finally:
        close_db()
