"""Shared fixtures: every test gets its own database and confdir; nothing touches ./data or ./certs.

PostgreSQL: `pg_server` is one throwaway cluster for the whole run (tests/pg_cluster.py), or the server
$ANONAMOOSE_TEST_PG_URL names; `db_url` (param "sqlite" or "postgresql") is a fresh, empty store of
either kind. Without PostgreSQL binaries the PostgreSQL cases are skipped, except in CI ($CI), where they fail.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
BACKENDS = ("sqlite", "postgresql")
_store_numbers = itertools.count(1)


def _load_pg_cluster() -> ModuleType:
    # Under --import-mode=importlib this directory is not on sys.path; load the helper by file path.
    name = "anonamoose_tests_pg_cluster"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS_DIR / "pg_cluster.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


pg_cluster = _load_pg_cluster()


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """`anonamoose run` run in-process puts secrets in os.environ for the child it would exec (proxyauth, web
    password, API tokens); none of that may leak into a later test's proxies."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def isolated_state(tmp_path, monkeypatch):
    monkeypatch.setenv("ANONAMOOSE_DB", str(tmp_path / "anonamoose.db"))
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "confdir"))
    monkeypatch.delenv("ANONAMOOSE_KEY", raising=False)
    yield
    from store.db import close_db

    close_db()


def _no_postgres(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
    pytest.skip(f"{reason}: PostgreSQL cases skipped")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A running PostgreSQL's URL (its `postgres` database): $ANONAMOOSE_TEST_PG_URL, else a throwaway cluster."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _no_postgres("no PostgreSQL driver (pip install -e '.[postgres]')")
    url = os.environ.get("ANONAMOOSE_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        cluster = pg_cluster.PgCluster()
    except pg_cluster.NoPostgres as exc:
        _no_postgres(str(exc))
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.destroy()


TEST_DATABASE = "anonamoose_tests"


@pytest.fixture(scope="session")
def pg_test_database(pg_server: str) -> str:
    """The URL of one database for this run's tests, on `pg_server`; each test works in a schema of its own."""
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{TEST_DATABASE}"')
    return pg_server.rsplit("/", 1)[0] + "/" + TEST_DATABASE


def _drop_schema(database_url: str, name: str) -> None:
    """Drop a test's schema; a proxy still writing its flow log into it may deadlock the drop once: try again."""
    import psycopg

    for attempt in range(5):
        try:
            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            return
        except (psycopg.errors.DeadlockDetected, psycopg.errors.LockNotAvailable):
            if attempt == 4:
                raise
            time.sleep(0.5)


@pytest.fixture
def new_pg_store(pg_test_database: str) -> Iterator[Callable[[], str]]:
    """Factory: the URL of a fresh, empty PostgreSQL store (a schema of its own, dropped after the test).

    A schema is far cheaper to create than a database; the URL selects it through the search_path.
    """
    import psycopg

    created: list[str] = []

    def create() -> str:
        name = f"t{os.getpid()}_{next(_store_numbers)}"
        with psycopg.connect(pg_test_database, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{name}"')
        created.append(name)
        return f"{pg_test_database}?options=-csearch_path%3D{name}"

    yield create
    from store.db import close_db

    close_db()
    for name in created:
        _drop_schema(pg_test_database, name)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL: a SQLite file (the default) or, with param "postgresql", a new PostgreSQL database."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgresql":
        return str(request.getfixturevalue("new_pg_store")())
    assert backend == "sqlite", backend
    return str(tmp_path / "data" / "anonamoose.db")


@pytest.fixture
def private_pg_cluster() -> Iterator[Any]:
    """A PostgreSQL cluster of this test's own, started (tests/pg_cluster.PgCluster): for stopping and restarting."""
    try:
        import psycopg  # noqa: F401

        cluster = pg_cluster.PgCluster()
    except ImportError:
        _no_postgres("no PostgreSQL driver (pip install -e '.[postgres]')")
    except pg_cluster.NoPostgres as exc:
        _no_postgres(str(exc))
    try:
        yield cluster.start()
    finally:
        from store.db import close_db

        close_db()
        cluster.destroy()
