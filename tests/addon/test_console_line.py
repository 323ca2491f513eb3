"""The console line per intercepted flow: its formatter, and the hooks that log it only with anonamoose_console."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from mitmproxy.test import taddons, tflow, tutils

from addon.console_line import flow_line
from addon.proxy import Anonamoose

EMAIL = "jane.doe@example.com"
NAME = "Priya Raghunathan"


@pytest.mark.parametrize(
    ("status", "meta", "error", "expected"),
    [
        (
            200,
            {"detections": {"PERSON": 2, "EMAIL_ADDRESS": 1}, "restored": 3, "ms": 412.4},
            None,
            "anonamoose: api.openai.com 200 · PII PERSON×2, EMAIL_ADDRESS×1 · restored 3 · 412 ms",
        ),
        (
            200,
            {"detections": {}, "restored": 0, "ms": 9.6, "streamed": True},
            None,
            "anonamoose: api.openai.com 200 streamed · no PII · restored 0 · 10 ms",
        ),
        (
            200,
            {"detections": {"PERSON": 1}, "restored": 1, "unknown": 2, "ms": 5},
            None,
            "anonamoose: api.openai.com 200 · PII PERSON×1 · restored 1, unknown 2 · 5 ms",
        ),
        (
            413,
            {"refused": 413, "error": "request body of 9999999 bytes is over the limit", "ms": 1.2},
            "request body of 9999999 bytes is over the limit",
            "anonamoose: api.openai.com refused 413 · no PII · nothing sent · 1 ms",
        ),
        (
            None,
            {"closed": True, "error": "streamed unscanned", "ms": 0.4},
            "streamed unscanned",
            "anonamoose: api.openai.com closed · no PII · nothing sent · 0 ms",
        ),
        (
            None,
            {"detections": {"PERSON": 1}, "ms": 30000.0},
            "Connection killed.",
            "anonamoose: api.openai.com failed · PII PERSON×1 · restored 0 · 30000 ms · Connection killed.",
        ),
        (
            200,
            {"unscanned": True, "ms": 3.0},
            None,
            "anonamoose: api.openai.com 200 · NOT scanned (fail-open) · restored 0 · 3 ms",
        ),
        (
            200,
            {"detections": {}, "attachments": {"image": 2}, "ms": 3.0},
            None,
            "anonamoose: api.openai.com 200 · no PII · restored 0 · 2 attachment(s) forwarded unscanned · 3 ms",
        ),
    ],
)
def test_flow_line(status: int | None, meta: dict[str, Any], error: str | None, expected: str) -> None:
    assert flow_line("api.openai.com", status, meta, error) == expected


def test_a_long_failure_reason_is_cut_to_one_line() -> None:
    line = flow_line("api.openai.com", None, {}, "x" * 500)
    assert "\n" not in line and line.endswith("x…") and len(line) < 200


# ---- the hooks ------------------------------------------------------------------------------------------


def chat_flow(text: str) -> Any:
    flow = tflow.tflow()
    flow.request.host, flow.request.port, flow.request.scheme = "api.openai.com", 443, "https"
    flow.request.path, flow.request.method = "/v1/chat/completions", "POST"
    flow.request.headers["content-type"] = "application/json"
    flow.request.headers["authorization"] = "Bearer sk-test-console"
    flow.request.raw_content = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}).encode()
    return flow


def reply(text: str) -> Any:
    choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
    body = {"id": "x", "object": "chat.completion", "choices": [choice]}
    return tutils.tresp(content=json.dumps(body).encode(), headers=[(b"content-type", b"application/json")])


async def round_trip(addon: Anonamoose, text: str) -> Any:
    flow = chat_flow(text)
    await addon.request(flow)
    sent = json.loads(flow.request.content)["messages"][0]["content"]
    flow.response = reply(f"Noted: {sent}")  # the model echoes the placeholders
    await addon.responseheaders(flow)
    await addon.response(flow)
    return flow


@pytest.mark.parametrize("console", [True, False])
async def test_the_proxy_logs_one_line_per_flow_only_with_the_option(
    tmp_path: Any, caplog: pytest.LogCaptureFixture, console: bool
) -> None:
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(
            addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"), anonamoose_console=console
        )
        try:
            with caplog.at_level(logging.INFO, logger="anonamoose"):
                flow = await round_trip(addon, f"Write to {NAME} at {EMAIL}")
        finally:
            addon.done()
    assert EMAIL in flow.response.content.decode()  # restored for the client
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("anonamoose: api.openai.com")]
    if not console:
        assert lines == []
        return
    (line,) = lines
    assert line.startswith("anonamoose: api.openai.com 200 · PII ")
    assert "EMAIL_ADDRESS×1" in line and "PERSON×1" in line and "· restored 2 ·" in line and line.endswith(" ms")
    assert EMAIL not in line and "Priya" not in line and "Raghunathan" not in line and "[EMAIL_" not in line


async def test_a_refused_request_logs_its_line_once(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(
            addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"), anonamoose_console=True
        )
        try:
            flow = chat_flow(EMAIL)
            flow.request.raw_content = b'{"messages": [' + EMAIL.encode()  # not JSON: refused, nothing sent
            with caplog.at_level(logging.INFO, logger="anonamoose"):
                await addon.request(flow)
                await addon.response(flow)  # mitmproxy still runs the hook for the proxy's own answer
        finally:
            addon.done()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("anonamoose: api.openai.com")]
    assert len(lines) == 1 and f"refused {flow.response.status_code} · " in lines[0]
    assert "nothing sent" in lines[0] and EMAIL not in lines[0]
