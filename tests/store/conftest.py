"""A real SQLite store in a temporary directory for every test that asks for one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from store.db import close_db, open_db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "anonamoose.db"


@pytest.fixture
def store_db(db_path: Path) -> Iterator[peewee.Database]:
    db = open_db(db_path)
    yield db
    close_db()


@pytest.fixture(autouse=True)
def _no_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own environment must not leak into these tests.
    for name in ("ANONAMOOSE_DB", "ANONAMOOSE_KEY", "ANONAMOOSE_CONFDIR"):
        monkeypatch.delenv(name, raising=False)
