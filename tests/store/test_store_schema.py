"""The schema is created on first use and brought up to date by adding what a model gained (SQLite, PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from store.db import current_db, database, open_db
from store.models import ALL_MODELS
from store.schema import SchemaError, ensure_schema, up_to_date

REPO_ROOT = Path(__file__).resolve().parents[2]


class ProbeV1(peewee.Model):
    name = peewee.CharField(max_length=32)

    class Meta:
        database = database
        table_name = "schema_probe"


class ProbeV2(peewee.Model):
    """ProbeV1 as a later release declares it: two more columns, one indexed, and a unique pair."""

    name = peewee.CharField(max_length=32)
    attachments = peewee.IntegerField(default=0, index=True)
    note = peewee.TextField(null=True)

    class Meta:
        database = database
        table_name = "schema_probe"
        indexes = ((("name", "attachments"), True),)


class ProbeBroken(peewee.Model):
    name = peewee.CharField(max_length=32)
    required = peewee.IntegerField()  # NOT NULL with no default: existing rows would have no value

    class Meta:
        database = database
        table_name = "schema_probe"


def _index_columns(db: peewee.Database, table: str) -> list[tuple[str, ...]]:
    return sorted(tuple(index.columns) for index in db.get_indexes(table))


def test_every_table_is_created_on_first_use(db_url: str) -> None:
    db = open_db(db_url)
    assert {model._meta.table_name for model in ALL_MODELS} <= set(db.get_tables())
    # Opening it again finds nothing to do without taking a write lock.
    assert up_to_date(db, ALL_MODELS)
    assert ensure_schema(db, ALL_MODELS) == []


def test_missing_columns_and_indexes_are_added_keeping_the_rows(db_url: str) -> None:
    db = open_db(db_url)
    assert ensure_schema(db, [ProbeV1]) == ["table schema_probe"]
    ProbeV1.insert_many([{"name": "a"}, {"name": "b"}]).execute()
    assert ensure_schema(db, [ProbeV2]) == ["column schema_probe.attachments", "column schema_probe.note"]
    assert {c.name for c in db.get_columns("schema_probe")} == {"id", "name", "attachments", "note"}
    assert sorted(ProbeV2.select(ProbeV2.name, ProbeV2.attachments, ProbeV2.note).tuples()) == [
        ("a", 0, None),
        ("b", 0, None),
    ]
    assert {("attachments",), ("name", "attachments")} <= set(_index_columns(db, "schema_probe"))
    ProbeV2.create(name="c", attachments=2)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        ProbeV2.create(name="c", attachments=2)  # the new unique index is enforced
    assert ensure_schema(db, [ProbeV2]) == []  # nothing left to do


def test_a_dropped_table_comes_back_on_the_next_open(db_url: str) -> None:
    db = open_db(db_url)
    db.execute_sql('DROP TABLE "revision"')
    from store.db import close_db

    close_db()
    assert "revision" in open_db(db_url).get_tables()


def test_a_column_that_cannot_be_added_is_a_clear_error(db_url: str) -> None:
    db = open_db(db_url)
    ensure_schema(db, [ProbeV1])
    with pytest.raises(SchemaError, match="schema_probe.required"):
        ensure_schema(db, [ProbeBroken])
    assert "required" not in {c.name for c in db.get_columns("schema_probe")}  # all or nothing


def test_processes_opening_a_fresh_store_at_once_all_succeed(db_url: str) -> None:
    code = "import sys; from store.db import open_db; open_db(sys.argv[1])"
    env = {"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], env=env, stderr=subprocess.PIPE) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert current_db() is None
    assert {model._meta.table_name for model in ALL_MODELS} <= set(open_db(db_url).get_tables())
