"""Inserts with SQL built once per shape store exactly what peewee's own INSERT stores, on SQLite and PostgreSQL."""

from __future__ import annotations

import peewee
import pytest

from store.inserts import insert_ignoring_conflicts, insert_returning_id
from store.mappings import MAPPING_COLUMNS
from store.models import FlowRecord, Mapping, Scope, utcnow


@pytest.fixture(autouse=True)
def _db(store_db: peewee.Database) -> None:
    now = utcnow()
    Scope.insert(id="s", tenant_hash="t", created=now, last_seen=now, expires_at=now).execute()


COLUMNS = MAPPING_COLUMNS
NOW = utcnow()


def test_rows_a_unique_key_already_holds_are_skipped_and_counted_out() -> None:
    assert (
        insert_ignoring_conflicts(
            COLUMNS, [("s", "[A]", "PERSON", "h1", b"\x00a", NOW, NOW), ("s", "[B]", "PERSON", "h2", b"b", NOW, NOW)]
        )
        == 2
    )
    assert (
        insert_ignoring_conflicts(
            COLUMNS, [("s", "[A]", "PERSON", "h9", b"x", NOW, NOW), ("s", "[C]", "EMAIL", "h3", b"c", NOW, NOW)]
        )
        == 1
    )
    rows = {m.placeholder: (m.value_hash, bytes(m.ciphertext)) for m in Mapping.select()}
    assert rows == {"[A]": ("h1", b"\x00a"), "[B]": ("h2", b"b"), "[C]": ("h3", b"c")}


def test_the_new_rows_id_comes_back_and_the_row_reads_as_peewees() -> None:
    given = {"host": "a", "time": NOW, "duration_ms": 1.5, "streamed": True, "error": None, "placeholders": "[]"}
    defaults = FlowRecord._meta.defaults
    fields = [f for f in FlowRecord._meta.sorted_fields if f.name in given or f in defaults]
    values = [given[f.name] if f.name in given else defaults[f] for f in fields]
    first = insert_returning_id(fields, values)
    second = insert_returning_id(fields, values)
    theirs = FlowRecord.insert(**given).execute()
    assert first is not None and second == first + 1 and theirs == second + 1
    ours, peewees = FlowRecord.get_by_id(first), FlowRecord.get_by_id(theirs)
    names = [f.name for f in fields]
    assert [getattr(ours, n) for n in names] == [getattr(peewees, n) for n in names]
