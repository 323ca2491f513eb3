"""Retention on a real SQLite file: purges and clears, their expiry records, audit events, and old databases."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from store import audit_events, flows, retention
from store.db import close_db, open_db
from store.migrations import PREVIEWS_SCRUBBED
from store.models import ExpiryRecord, FlowRecord, Mapping, Scope, utcnow

DAY = 86400


def _scope(scope_id: str, expires_in: timedelta, mappings: int) -> None:
    now = utcnow()
    Scope.insert(id=scope_id, tenant_hash="t", created=now, last_seen=now, expires_at=now + expires_in).execute()
    for i in range(mappings):
        Mapping.insert(
            scope=scope_id,
            placeholder=f"[EMAIL_{i:05d}]",
            entity_type="EMAIL_ADDRESS",
            value_hash=f"{scope_id}{i}",
            ciphertext=b"x" * 40,
        ).execute()


def _flow(age: timedelta, **fields: object) -> None:
    flows.record_flow(time=utcnow() - age, host="api.openai.com", **fields)


def test_purge_deletes_expired_scopes_and_old_flow_rows_and_records_it(store_db: peewee.Database) -> None:
    _scope("gone", timedelta(seconds=-5), mappings=3)
    _scope("kept", timedelta(hours=1), mappings=2)
    _flow(timedelta(days=40))
    _flow(timedelta(days=31))
    _flow(timedelta(days=1))

    expiry = retention.purge(30 * DAY, retention.PROXY, scope_ttl_seconds=DAY)

    assert (expiry.scopes, expiry.mappings, expiry.flow_rows) == (1, 3, 2)
    assert [s.id for s in Scope.select()] == ["kept"] and Mapping.select().count() == 2
    assert FlowRecord.select().count() == 1
    [record] = retention.expiry_records()
    assert record["action"] == "purge" and record["trigger"] == "proxy" and record["runs"] == 1
    assert (record["scopes"], record["mappings"], record["flow_rows"]) == (1, 3, 2)
    assert (record["scope_ttl"], record["log_ttl"]) == ("24h", "30d")


def test_empty_periodic_purges_fold_into_one_record(store_db: peewee.Database) -> None:
    for _ in range(3):
        retention.purge(30 * DAY, retention.PROXY, DAY)
    _scope("gone", timedelta(seconds=-1), mappings=1)
    retention.purge(30 * DAY, retention.PROXY, DAY)  # removed something: a record of its own
    retention.purge(30 * DAY, retention.PROXY, DAY)  # nothing again: a new folded record after it
    retention.purge(7 * DAY, retention.PROXY, DAY)  # another TTL: never folded into the 30d one
    records = retention.expiry_records()
    assert [(r["runs"], r["scopes"], r["log_ttl"]) for r in reversed(records)] == [
        (3, 0, "30d"),
        (1, 1, "30d"),
        (1, 0, "30d"),
        (1, 0, "7d"),
    ]
    totals = retention.expiry_totals()
    assert (totals["purges"], totals["clears"], totals["scopes"], totals["mappings"]) == (6, 0, 1, 1)


def test_manual_purges_are_never_folded(store_db: peewee.Database) -> None:
    retention.purge(30 * DAY, retention.CLI)
    retention.purge(30 * DAY, retention.CLI)
    assert [r["runs"] for r in retention.expiry_records()] == [1, 1]
    assert retention.expiry_records()[0]["scope_ttl"] is None


def test_clear_flow_log_all_or_before(store_db: peewee.Database) -> None:
    for days in (10, 5, 1, 0):
        _flow(timedelta(days=days))
    assert retention.clear_flow_log(before=timedelta(days=3)) == 2
    assert FlowRecord.select().count() == 2
    assert retention.clear_flow_log() == 2
    assert FlowRecord.select().count() == 0
    records = retention.expiry_records()
    assert [(r["action"], r["flow_rows"], r["log_ttl"]) for r in records] == [
        ("clear", 2, "manual clear"),
        ("clear", 2, "manual clear before 3d"),
    ]
    assert retention.expiry_totals()["clears"] == 2 and retention.expiry_totals()["flow_rows"] == 4


def test_purge_refuses_a_log_ttl_below_a_second(store_db: peewee.Database) -> None:
    with pytest.raises(ValueError, match="at least one second"):
        retention.purge(0, retention.CLI)
    assert ExpiryRecord.select().count() == 0


def test_last_proxy_log_ttl_is_the_proxys_latest(store_db: peewee.Database) -> None:
    assert retention.last_proxy_log_ttl() is None
    retention.purge(90 * DAY, retention.PROXY, DAY)
    retention.purge(7 * DAY, retention.CLI)  # the CLI's choice is not the proxy's setting
    retention.clear_flow_log()
    assert retention.last_proxy_log_ttl() == "90d"


def test_scrub_previews_blanks_every_stored_preview(store_db: peewee.Database) -> None:
    _flow(timedelta(0), redacted_preview="Dear Zebulon Quaxley, call [PHONE_00001]", placeholders=["[PHONE_00001]"])
    _flow(timedelta(0))
    assert retention.scrub_previews() == 1
    rows = [flows.flow_row(r) for r in FlowRecord.select().order_by(FlowRecord.id)]
    assert [r["redacted_preview"] for r in rows] == [None, None]
    assert rows[0]["placeholders"] == ["[PHONE_00001]"]


def test_audit_events_newest_first(store_db: peewee.Database) -> None:
    audit_events.record_event(audit_events.FAIL_CLOSED_OFF, "off")
    audit_events.record_event(audit_events.FAIL_CLOSED_ON, "on")
    assert [e["kind"] for e in audit_events.recent_events()] == ["fail_closed_on", "fail_closed_off"]
    assert audit_events.event_counts() == {"fail_closed_off": 1, "fail_closed_on": 1}


def _make_legacy(path: Path, previews: list[str]) -> None:
    """A database as the previous version left it: no placeholders column, no new tables, previews stored."""
    open_db(path)
    close_db()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("ALTER TABLE flow_record DROP COLUMN placeholders")
        conn.execute("DROP TABLE expiry_record")
        conn.execute("DROP TABLE audit_event")
        conn.execute("DELETE FROM revision WHERE name = ?", (PREVIEWS_SCRUBBED,))
        for preview in previews:
            conn.execute(
                "INSERT INTO flow_record (time, client, host, path, provider, method, duration_ms, detect_ms, "
                "streamed, detections, layers, pii_count, restored, unknown, redacted_preview) "
                "VALUES (datetime('now'), '', 'api.openai.com', '/v1/chat/completions', 'openai_chat', 'POST', "
                "1, 1, 0, '{}', '{}', 0, 0, 0, ?)",
                (preview,),
            )
    conn.close()


def test_an_old_database_is_upgraded_and_its_previews_scrubbed_once(db_path: Path) -> None:
    _make_legacy(db_path, ["Dear Zebulon Quaxley, about [EMAIL_AAAAA]", "hello"])
    open_db(db_path)
    try:
        rows = [flows.flow_row(r) for r in FlowRecord.select()]
        assert [(r["redacted_preview"], r["placeholders"]) for r in rows] == [(None, []), (None, [])]
        [event] = audit_events.recent_events()
        assert event["kind"] == "previews_scrubbed" and "2 flow-log row(s)" in event["detail"]
        assert "Zebulon" not in event["detail"]
        # Opt-in previews written afterwards survive later opens: the scrub ran once.
        flows.record_flow(host="api.openai.com", redacted_preview="debug [EMAIL_BBBBB]", placeholders=["[EMAIL_BBBBB]"])
        retention.purge(30 * DAY, retention.PROXY)
    finally:
        close_db()
    open_db(db_path)
    try:
        assert FlowRecord.select().where(FlowRecord.redacted_preview.is_null(False)).count() == 1
        assert len(audit_events.recent_events()) == 1 and len(retention.expiry_records()) == 1
    finally:
        close_db()
    raw = sqlite3.connect(db_path).execute("SELECT redacted_preview FROM flow_record").fetchall()
    assert all("Zebulon" not in (preview or "") for (preview,) in raw)


def _files_holding(directory: Path, needle: bytes) -> list[str]:
    return sorted(f.name for f in directory.iterdir() if f.is_file() and needle in f.read_bytes())


@pytest.mark.parametrize("erase", [lambda: retention.clear_flow_log(), lambda: retention.scrub_previews()])
def test_cleared_or_scrubbed_text_leaves_the_files_while_the_store_is_open(db_path: Path, erase) -> None:  # type: ignore[no-untyped-def]
    open_db(db_path)
    try:
        for i in range(300):  # enough pages that some reach the database file through a checkpoint
            flows.record_flow(host="api.openai.com", redacted_preview=f"Dear Zebulon Quaxley #{i} " + "." * 80)
        store_db = FlowRecord._meta.database
        store_db.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        assert _files_holding(db_path.parent, b"Zebulon")
        erase()
        assert _files_holding(db_path.parent, b"Zebulon") == []
    finally:
        close_db()


def test_purge_all_scopes_erases_live_and_expired_and_records_it(store_db: peewee.Database) -> None:
    _scope("expired", timedelta(seconds=-5), mappings=1)
    _scope("live", timedelta(days=3), mappings=2)
    _flow(timedelta(days=1))

    expiry = retention.purge_all_scopes(retention.API)

    assert (expiry.scopes, expiry.mappings, expiry.flow_rows) == (2, 3, 0)
    assert Scope.select().count() == 0 and Mapping.select().count() == 0 and FlowRecord.select().count() == 1
    [record] = retention.expiry_records()
    assert (record["action"], record["trigger"], record["scope_ttl"], record["log_ttl"]) == (
        "purge",
        "api",
        "all sessions",
        None,
    )
