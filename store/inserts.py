"""Hot statements whose SQL text is built once per shape: peewee builds it anew for every statement.

A request's mappings and a batch of flow-log rows are written on every request; peewee spent more CPU composing
their SQL than SQLite spent running it. Values still go through each field's `db_value`, as peewee sends them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import peewee

from store.db import database

_cache: dict[tuple[Any, ...], str] = {}
_lock = threading.Lock()


def sql_style(db: peewee.Database) -> tuple[str, str]:
    """What a statement's text depends on besides its shape: never `id(db)`, which a later database may reuse."""
    return db.param, db.quote


def dialect(db: peewee.Database) -> str | None:
    if isinstance(db, peewee.SqliteDatabase):
        return "sqlite"
    if isinstance(db, peewee.PostgresqlDatabase):
        return "postgresql"
    return None  # another backend: the caller lets peewee write the statement


def _sql(db: peewee.Database, dialect: str, fields: Sequence[peewee.Field], rows: int, returning: str | None) -> str:
    table = fields[0].model._meta.table_name
    key = (sql_style(db), dialect, table, tuple(f.column_name for f in fields), rows, returning)
    with _lock:
        sql = _cache.get(key)
    if sql is not None:
        return sql
    open_quote, close_quote = db.quote[0], db.quote[-1]
    columns = ", ".join(f"{open_quote}{f.column_name}{close_quote}" for f in fields)
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    values = ", ".join([one] * rows)
    name = f"{open_quote}{table}{close_quote}"
    if returning is not None:  # plain rows; with a column name, the new row's value of it wanted
        sql = f"INSERT INTO {name} ({columns}) VALUES {values}"
        if dialect == "postgresql" and returning:
            sql += f" RETURNING {open_quote}{returning}{close_quote}"
    elif dialect == "sqlite":  # what peewee's on_conflict_ignore() writes for each
        sql = f"INSERT OR IGNORE INTO {name} ({columns}) VALUES {values}"
    else:
        sql = f"INSERT INTO {name} ({columns}) VALUES {values} ON CONFLICT DO NOTHING"
    with _lock:
        if len(_cache) > 256:
            _cache.clear()
        _cache[key] = sql
    return sql


def _params(fields: Sequence[peewee.Field], rows: Sequence[Sequence[Any]]) -> list[Any]:
    return [field.db_value(value) for row in rows for field, value in zip(fields, row, strict=True)]


def insert_ignoring_conflicts(fields: Sequence[peewee.Field], rows: Sequence[Sequence[Any]]) -> int | None:
    """Insert `rows` (values in `fields` order) skipping those a unique key already holds; the rows inserted.

    None, having done nothing, on a database other than SQLite or PostgreSQL.
    """
    db = database.obj
    kind = dialect(db)
    if kind is None:
        return None
    cursor = db.execute_sql(_sql(db, kind, fields, len(rows), None), _params(fields, rows))
    return int(cursor.rowcount)


def insert_rows(fields: Sequence[peewee.Field], rows: Sequence[Sequence[Any]]) -> bool:
    """Insert `rows` (values in `fields` order) in one statement; False, having done nothing, on another database."""
    db = database.obj
    kind = dialect(db)
    if kind is None:
        return False
    if rows:
        db.execute_sql(_sql(db, kind, fields, len(rows), ""), _params(fields, rows))
    return True


def insert_returning_id(fields: Sequence[peewee.Field], row: Sequence[Any], id_column: str = "id") -> int | None:
    """Insert one row and return its new id; None, having done nothing, on another database."""
    db = database.obj
    kind = dialect(db)
    if kind is None:
        return None
    cursor = db.execute_sql(_sql(db, kind, fields, 1, id_column), _params(fields, [row]))
    if kind == "postgresql":
        return int(cursor.fetchone()[0])
    return int(cursor.lastrowid)


def cached_sql(key: tuple[Any, ...], build: Callable[[], str]) -> str:
    """The SQL text `build` gives for this shape, built once (bounded like the INSERTs' texts)."""
    with _lock:
        sql = _cache.get(key)
    if sql is None:
        sql = build()
        with _lock:
            if len(_cache) > 256:
                _cache.clear()
            _cache[key] = sql
    return sql


def upsert(fields: Sequence[peewee.Field], row: Sequence[Any], key: Sequence[peewee.Field]) -> bool:
    """Insert one row, or overwrite the other fields of the row `key` (a unique index) already names.

    False, having done nothing, on a database other than SQLite or PostgreSQL.
    """
    db = database.obj
    if dialect(db) is None:
        return False

    def build() -> str:
        q0, q1 = db.quote[0], db.quote[-1]
        names = [f"{q0}{f.column_name}{q1}" for f in fields]
        keys = ", ".join(f"{q0}{f.column_name}{q1}" for f in key)
        key_names = {f.column_name for f in key}  # by name: a peewee field's == builds an expression
        updates = ", ".join(
            f"{n} = excluded.{n}" for f, n in zip(fields, names, strict=True) if f.column_name not in key_names
        )
        marks = ", ".join([db.param] * len(fields))
        table = f"{q0}{fields[0].model._meta.table_name}{q1}"
        return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks}) ON CONFLICT ({keys}) DO UPDATE SET {updates}"

    shape = ("upsert", sql_style(db), tuple(f.column_name for f in fields), tuple(f.column_name for f in key))
    db.execute_sql(cached_sql(shape, build), _params(fields, [row]))
    return True
