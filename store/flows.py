"""The flow log: one row per proxied request, holding types, counts, placeholders and timings, never values."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from store.db import database
from store.inserts import insert_returning_id, insert_rows
from store.models import FlowCount, FlowRecord

# JSON columns and what an empty one holds.
_JSON_FIELDS = {"detections": "{}", "layers": "{}", "placeholders": "[]", "restored_types": "{}"}
_FIELDS = frozenset(FlowRecord._meta.fields) - {"id"}
_INSERT_FIELDS = [field for field in FlowRecord._meta.sorted_fields if field.name != "id"]
_DEFAULTS = FlowRecord._meta.defaults
_COUNT_FIELDS = (FlowCount.flow, FlowCount.kind, FlowCount.name, FlowCount.count)
# The JSON columns whose {name: count} also go into flow_count rows, and the kind they get there.
COUNT_KINDS = {"detections": "type", "layers": "layer", "restored_types": "restored"}
# flow_count rows a statement: 4 columns each stays far below SQLite's and PostgreSQL's parameter limits.
COUNT_ROWS_PER_INSERT = 200


def decode_counts(value: Any) -> dict[str, int]:
    """A {name: count} column, given decoded or as JSON text; {} for anything that is not such a mapping."""
    if isinstance(value, str):
        try:
            value = json.loads(value or "{}")
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    try:
        return {str(name): int(count) for name, count in value.items()}
    except (TypeError, ValueError):
        return {}


def count_rows(flow_id: int, fields: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """The flow_count rows of one flow-log row, from its `detections`, `layers` and `restored_types`."""
    for column, kind in COUNT_KINDS.items():
        for name, count in decode_counts(fields.get(column)).items():
            yield {"flow": flow_id, "kind": kind, "name": name, "count": count}


def record_flow(**fields: Any) -> None:
    """Store one flow; `detections`, `layers` (dicts) and `placeholders` (a list) may be given decoded.

    An unknown field name is a TypeError.
    """
    record_flows([fields])


def record_flows(batch: Iterable[dict[str, Any]]) -> None:
    """Store several flows (each as `record_flow` takes it) in one transaction: one commit for a busy moment."""
    rows = [_encoded(fields) for fields in batch]
    if not rows:
        return
    with database.atomic():
        counts: list[dict[str, Any]] = []
        for fields in rows:
            flow_id = _insert(fields)
            counts += count_rows(int(flow_id), fields)
        for start in range(0, len(counts), COUNT_ROWS_PER_INSERT):
            batch = counts[start : start + COUNT_ROWS_PER_INSERT]
            if not insert_rows(_COUNT_FIELDS, [[row[f.name] for f in _COUNT_FIELDS] for row in batch]):
                FlowCount.insert_many(batch).execute()


def _insert(fields: dict[str, Any]) -> int:
    """One flow-log row, its missing fields at their defaults as peewee would fill them; its new id."""
    columns, values = [], []
    for field in _INSERT_FIELDS:
        if field.name in fields:
            value = fields[field.name]
        elif field in _DEFAULTS:
            default = _DEFAULTS[field]
            value = default() if callable(default) else default
        else:
            continue
        columns.append(field)
        values.append(value)
    flow_id = insert_returning_id(columns, values)
    if flow_id is None:  # neither SQLite nor PostgreSQL: peewee writes the statement
        flow_id = int(FlowRecord.insert(**fields).execute())
    return flow_id


def _encoded(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - _FIELDS
    if unknown:
        raise TypeError(f"record_flow() got unknown fields: {', '.join(sorted(unknown))}")
    fields = dict(fields)
    for name, empty in _JSON_FIELDS.items():
        if name in fields and not isinstance(fields[name], str):
            fields[name] = json.dumps(fields[name], sort_keys=True) if fields[name] else empty
    return fields


def flow_row(record: FlowRecord) -> dict[str, Any]:
    """A flow as a plain dict: JSON columns decoded, time as ISO text."""
    row: dict[str, Any] = {name: getattr(record, name) for name in FlowRecord._meta.sorted_field_names}
    row["time"] = record.time.isoformat()
    row["streamed"] = bool(record.streamed)
    for name, empty in _JSON_FIELDS.items():
        row[name] = json.loads(row[name] or empty)
    return row


def recent_flows(limit: int = 50) -> list[dict[str, Any]]:
    """The newest flows first."""
    query = FlowRecord.select().order_by(FlowRecord.time.desc(), FlowRecord.id.desc()).limit(limit)
    return [flow_row(record) for record in query]
