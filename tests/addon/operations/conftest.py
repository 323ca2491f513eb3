"""A real store (SQLite, and PostgreSQL where a test asks for `db_url` of both) and flows written into it."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from store.db import close_db, open_db
from tests.store.traffic import write_traffic


@pytest.fixture
def store_db(db_url: str) -> Iterator[peewee.Database]:
    db = open_db(db_url)
    yield db
    close_db()


@pytest.fixture
def traffic(store_db: peewee.Database) -> None:
    """Five flows in the last day, one two days ago, one refused (tests.store.traffic)."""
    write_traffic()
