"""A real store for every test that asks for one: each test using `db_url` runs on SQLite and on PostgreSQL.

A test that also asks for `db_path` is about the SQLite file itself and runs on SQLite only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from store.db import close_db, open_db
from tests.store.traffic import write_traffic

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_url" not in metafunc.fixturenames:
        return
    if any("db_url" in getattr(mark, "args", ("",))[0] for mark in metafunc.definition.iter_markers("parametrize")):
        return  # the test chose its backends itself
    backends = ("sqlite",) if "db_path" in metafunc.fixturenames else BACKENDS
    metafunc.parametrize("db_url", backends, indirect=True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "anonamoose.db"


@pytest.fixture
def store_db(db_url: str) -> Iterator[peewee.Database]:
    db = open_db(db_url)
    yield db
    close_db()


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own environment must not leak into these tests.
    for name in ("ANONAMOOSE_DB", "ANONAMOOSE_KEY", "ANONAMOOSE_CONFDIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def traffic(store_db: peewee.Database) -> None:
    """Five flows in the last day, one two days ago, one refused (tests.store.traffic)."""
    write_traffic()
