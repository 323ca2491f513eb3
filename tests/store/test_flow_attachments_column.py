"""The flow log's `attachments` column: added to a database an older release created, its rows kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store import flows
from store.db import close_db, open_db
from store.models import FlowRecord
from store.reports import activity, summary


def test_an_older_flow_log_gains_the_column_and_keeps_its_rows(db_path: Path) -> None:
    open_db(db_path)
    flows.record_flow(host="api.openai.com", path="/v1/chat/completions", status=200, pii_count=1)
    close_db()
    with sqlite3.connect(db_path) as conn:  # the table as a release before attachments made it
        conn.execute("ALTER TABLE flow_record DROP COLUMN attachments")
    open_db(db_path)
    try:
        flows.record_flow(host="api.openai.com", path="/v1/files", status=200, attachments=2)
        assert [(r.path, r.attachments) for r in FlowRecord.select().order_by(FlowRecord.id)] == [
            ("/v1/chat/completions", 0),
            ("/v1/files", 2),
        ]
        assert activity(None)["attachments"] == 2 and activity(None)["requests_with_attachments"] == 1
        assert summary(None, by="host")[0]["attachments"] == 2
    finally:
        close_db()


def test_an_older_writer_without_the_column_still_inserts(db_path: Path) -> None:
    open_db(db_path)
    close_db()
    with sqlite3.connect(db_path) as conn:  # another instance running the previous release
        conn.execute(
            "INSERT INTO flow_record (time, client, host, path, provider, method, duration_ms, detect_ms,"
            " streamed, detections, layers, pii_count, restored, unknown) VALUES (datetime('now'), '',"
            " 'api.openai.com', '/v1/x', '', 'POST', 0, 0, 0, '{}', '{}', 0, 0, 0)"
        )
    open_db(db_path)
    try:
        assert [r.attachments for r in FlowRecord.select()] == [0]
    finally:
        close_db()
