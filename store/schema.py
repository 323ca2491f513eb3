"""Creating the store's schema on first use and bringing an older one up to date, on SQLite and PostgreSQL.

Generic, so a model change needs no hand-written migration: missing tables are created, missing columns added
(playhouse.migrate), missing indexes created. Columns are never dropped or altered; a column a model removed
stays, unused. Several processes may open one database at once: the work runs in one transaction, serialised
by SQLite's write lock or a PostgreSQL advisory lock.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

import peewee
from playhouse.migrate import SchemaMigrator, migrate

log = logging.getLogger(__name__)

# Any constant will do: every anonamoose process that migrates takes this one lock first.
PG_SCHEMA_LOCK = 0x616E6F6E616D


class SchemaError(RuntimeError):
    """A model asks for a column that cannot be added to an existing table."""


def _columns(db: peewee.Database, tables: list[str]) -> dict[str, set[str]]:
    """Column names of each table; one catalogue query on PostgreSQL."""
    if isinstance(db, peewee.PostgresqlDatabase):
        cursor = db.execute_sql(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        )
        found: dict[str, set[str]] = {table: set() for table in tables}
        for table, column in cursor.fetchall():
            found.setdefault(table, set()).add(column)
        return found
    return {table: {column.name for column in db.get_columns(table)} for table in tables}


def _index_names(db: peewee.Database) -> set[str] | None:
    """Every index name in the schema, or None where we cannot list them cheaply."""
    if isinstance(db, peewee.PostgresqlDatabase):
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    elif isinstance(db, peewee.SqliteDatabase):
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        return None
    return {name for (name,) in db.execute_sql(query).fetchall()}


def _create_missing_indexes(db: peewee.Database, model: type[peewee.Model], existing: set[str] | None) -> None:
    for index in model._meta.fields_to_index():
        name = getattr(index, "_name", None)
        if existing is not None and name in existing:
            continue
        db.execute(cast(Any, model)._schema._create_index(index, safe=True))


def _add_column_operations(migrator: SchemaMigrator, model: type[peewee.Model], field: peewee.Field) -> list[object]:
    """Add `field` to an existing table: nullable first, existing rows given the default, then NOT NULL.

    SQLite keeps such a column nullable: its NOT NULL would mean rebuilding the table, which with foreign
    keys on would cascade-delete the children of every row. peewee always writes the default anyway.
    """
    table = model._meta.table_name
    if not field.null and field.default is None:
        raise SchemaError(f"cannot add {table}.{field.column_name}: it is NOT NULL without a default")
    operations: list[object] = [migrator.alter_add_column(table, field.column_name, field.clone())]
    if field.default is not None:
        operations.append(migrator.apply_default(table, field.column_name, field))
    if not field.null and isinstance(migrator.database, peewee.PostgresqlDatabase):
        operations.append(migrator.add_not_null(table, field.column_name))
    return operations


def up_to_date(db: peewee.Database, models: Sequence[type[peewee.Model]]) -> bool:
    """Whether every table, column and (where listable) index is there: read-only, no lock taken."""
    existing = set(db.get_tables())
    if any(model._meta.table_name not in existing for model in models):
        return False
    columns = _columns(db, [model._meta.table_name for model in models])
    for model in models:
        if any(f.column_name not in columns[model._meta.table_name] for f in model._meta.sorted_fields):
            return False
    indexes = _index_names(db)
    if indexes is None:
        return False
    wanted = {getattr(index, "_name", None) for model in models for index in model._meta.fields_to_index()}
    return wanted <= indexes


def ensure_schema(db: peewee.Database, models: Sequence[type[peewee.Model]]) -> list[str]:
    """Create what is missing for `models` in `db`; returns what was done ("table x", "column x.y")."""
    if up_to_date(db, models):
        return []  # the usual case, settled without a write lock
    done: list[str] = []
    with db.atomic():
        if isinstance(db, peewee.PostgresqlDatabase):
            # Two instances starting on a fresh database would otherwise race on CREATE TABLE.
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (PG_SCHEMA_LOCK,))
        existing = set(db.get_tables())
        missing = [model for model in models if model._meta.table_name not in existing]
        if missing:
            db.create_tables(missing, safe=True)
            done += [f"table {model._meta.table_name}" for model in missing]
        migrator = SchemaMigrator.from_database(db)
        kept = [model for model in models if model not in missing]
        columns = _columns(db, [model._meta.table_name for model in kept])
        for model in kept:
            fields = [f for f in model._meta.sorted_fields if f.column_name not in columns[model._meta.table_name]]
            if fields:
                migrate(*[op for field in fields for op in _add_column_operations(migrator, model, field)])
                done += [f"column {model._meta.table_name}.{field.column_name}" for field in fields]
        indexes = _index_names(db)
        for model in kept:
            # Indexes of added columns, and indexes a model gained on columns that already existed.
            _create_missing_indexes(db, model, indexes)
    if done:
        log.info("store schema: created %s", ", ".join(done))
    return done
