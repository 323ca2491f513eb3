"""Nothing plaintext at rest, driven through the addon's hooks (real detector, real SQLite file, real key file)."""

from __future__ import annotations

import json
import logging
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from mitmproxy import exceptions, http
from mitmproxy.test import taddons, tutils

from addon.proxy import Anonamoose
from store import audit_events, flows, retention
from store.crypto import KEY_FILENAME
from store.models import FlowRecord, utcnow
from tests.addon.test_proxy_hooks import chat_body, chat_flow

EMAIL = "jane.doe@example.com"
# Words the detectors do not treat as PII: if any text around a value were kept, these would be in the row.
AROUND = "Kindly forward the quarterly zeppelin invoice"


def drain(addon: Anonamoose) -> None:
    """Wait for the flow-log and event writes the hooks handed to the worker threads."""
    addon.executor.shutdown(wait=True)
    addon.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="anonamoose")


@pytest.fixture
def proxy(tmp_path: Path):
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx
        addon.done()


async def one_exchange(addon: Anonamoose, text: str) -> http.HTTPFlow:
    flow = chat_flow(chat_body(text))
    await addon.request(flow)
    sent = json.loads(flow.request.content)["messages"][0]["content"]
    flow.response = tutils.tresp(
        content=json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": f"Noted: {sent}"}, "finish_reason": "stop"}
                ],
            }
        ).encode(),
        headers=[(b"content-type", b"application/json")],
    )
    await addon.responseheaders(flow)
    await addon.response(flow)
    return flow


async def test_flow_log_keeps_types_counts_and_placeholders_never_text(proxy) -> None:
    addon, _ = proxy
    flow = await one_exchange(addon, f"{AROUND} to {EMAIL} today")
    drain(addon)
    [row] = flows.recent_flows()
    stored = json.dumps(row, default=str)
    assert EMAIL not in stored and "zeppelin" not in stored and "Kindly" not in stored
    assert row["redacted_preview"] is None
    assert row["detections"] == {"EMAIL_ADDRESS": 1}
    assert len(row["placeholders"]) == 1 and row["placeholders"][0].startswith("[EMAIL_")
    # mitmproxy keeps flow.metadata in saved flows and shows the comment: neither holds text either.
    assert "preview" not in flow.metadata["anonamoose"]
    assert "zeppelin" not in json.dumps(flow.metadata, default=str) and "zeppelin" not in flow.comment


async def test_preview_opt_in_stores_the_redacted_text(proxy) -> None:
    addon, tctx = proxy
    tctx.configure(addon, anonamoose_preview=True)
    await one_exchange(addon, f"{AROUND} to {EMAIL} today")
    drain(addon)
    [row] = flows.recent_flows()
    assert row["redacted_preview"].startswith(AROUND) and EMAIL not in row["redacted_preview"]
    assert row["placeholders"][0] in row["redacted_preview"]


async def test_turning_preview_off_blanks_the_stored_previews(proxy) -> None:
    addon, tctx = proxy
    tctx.configure(addon, anonamoose_preview=True)
    await one_exchange(addon, f"{AROUND} to {EMAIL}")
    drain(addon)
    tctx.configure(addon, anonamoose_preview=False)
    drain(addon)
    [row] = flows.recent_flows()
    assert row["redacted_preview"] is None and row["placeholders"]


def test_fail_closed_turned_off_and_on_at_runtime_is_logged_and_recorded(proxy, caplog) -> None:
    addon, tctx = proxy
    drain(addon)
    assert audit_events.recent_events() == []  # started fail-closed: nothing to record
    with caplog.at_level(logging.WARNING, logger="anonamoose"):
        tctx.configure(addon, anonamoose_fail_closed=False)
        tctx.configure(addon, anonamoose_ttl="2h")  # another option: no new event
        tctx.configure(addon, anonamoose_fail_closed=True)
    drain(addon)
    events = audit_events.recent_events()
    assert [e["kind"] for e in events] == ["fail_closed_on", "fail_closed_off"]
    assert "turned off at runtime" in events[1]["detail"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("anonamoose_fail_closed turned off at runtime" in w for w in warnings)
    assert any("anonamoose_fail_closed turned back on" in w for w in warnings)


def test_starting_fail_open_is_recorded(tmp_path: Path) -> None:
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(
            addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"), anonamoose_fail_closed=False
        )
        addon.done()
    [event] = audit_events.recent_events()
    assert event["kind"] == "fail_closed_off" and "off when the proxy started" in event["detail"]


def test_periodic_purge_applies_the_log_ttl_and_leaves_an_expiry_record(proxy) -> None:
    addon, tctx = proxy
    tctx.configure(addon, anonamoose_log_ttl="7d", anonamoose_ttl="1h")
    flows.record_flow(time=utcnow() - timedelta(days=8), host="api.openai.com")
    flows.record_flow(time=utcnow() - timedelta(days=6), host="api.openai.com")
    expiry = addon.purge()
    assert expiry.flow_rows == 1 and FlowRecord.select().count() == 1
    [record] = retention.expiry_records()
    assert (record["trigger"], record["log_ttl"], record["scope_ttl"]) == ("proxy", "7d", "1h")


@pytest.mark.parametrize("value", ["soon", "0", "-1d"])
def test_bad_log_ttl_is_refused(proxy, value: str) -> None:
    addon, tctx = proxy
    with pytest.raises(exceptions.OptionsError, match="anonamoose_log_ttl"):
        tctx.configure(addon, anonamoose_log_ttl=value)


def test_a_key_file_open_to_others_stops_the_start(tmp_path: Path) -> None:
    confdir = tmp_path / "conf"
    confdir.mkdir()
    (confdir / KEY_FILENAME).write_text("a" * 64 + "\n")
    (confdir / KEY_FILENAME).chmod(0o644)
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        with pytest.raises(
            exceptions.OptionsError,
            match=r"Cannot start anonamoose: key file .* is readable by "
            r"group or others \(mode 0644\).*chmod 600",
        ):
            tctx.configure(addon, confdir=str(confdir), anonamoose_db=str(tmp_path / "m.db"))
        addon.done()


@pytest.mark.parametrize("url", [":memory:", "sqlite:///:memory:"])
def test_memory_database_stops_the_start(tmp_path: Path, url: str) -> None:
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        with pytest.raises(exceptions.OptionsError, match=r"in-memory SQLite database \(:memory:\) is refused"):
            tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=url)
        addon.done()


def test_database_files_the_proxy_creates_are_0600(proxy, tmp_path: Path) -> None:
    flows.record_flow(host="api.openai.com")
    for name in ("m.db", "m.db-wal", "m.db-shm"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name
