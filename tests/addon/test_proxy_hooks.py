"""The addon's hooks driven directly with mitmproxy's test helpers (real detector, real SQLite store).

As mitmproxy tests its own addons: `taddons.context` for options, `tflow` for flows, one test per branch.
"""

import asyncio
import gzip
import json
import sqlite3

import pytest
from mitmproxy import exceptions, http
from mitmproxy.test import taddons, tflow, tutils

from addon import marks
from addon import proxy as proxy_module
from addon.proxy import Anonamoose
from store.models import FlowRecord, Mapping

EMAIL = "jane.doe@example.com"
OPENAI = "/v1/chat/completions"
ANTHROPIC = "/v1/messages"
GEMINI = "/v1beta/models/gemini-2.0-flash:generateContent"


def chat_flow(body: bytes, headers=None, host="api.openai.com", path=OPENAI):
    flow = tflow.tflow()
    flow.request.host = host
    flow.request.port = 443
    flow.request.scheme = "https"
    flow.request.path = path
    flow.request.method = "POST"
    flow.request.headers["content-type"] = "application/json"
    flow.request.headers["authorization"] = "Bearer sk-test-1"
    for k, v in (headers or {}).items():
        flow.request.headers[k] = v
    flow.request.raw_content = body
    return flow


def chat_body(text):
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}).encode()


def rows(db_path, model) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute(f"select count(*) from {model._meta.table_name}").fetchone()[0]


def flow_errors(db_path) -> list[str | None]:
    with sqlite3.connect(db_path) as db:
        return [r[0] for r in db.execute(f"select error from {FlowRecord._meta.table_name} order by id")]


def drain(addon: Anonamoose) -> None:
    """Background flow-log and mapping writes finish (the fixture's done() shuts the executor down again)."""
    addon.executor.shutdown(wait=True)


@pytest.fixture
def addon(tmp_path):
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx
        # background flow-log writes finish before the test's database goes away
        addon.done()


def assert_refused(flow: http.HTTPFlow, status: int, phrase: str) -> dict:
    """Refused in the provider's shape, marked and commented, nothing left to send."""
    assert flow.response is not None and flow.response.status_code == status
    assert flow.response.headers["content-type"] == "application/json"
    assert flow.marked == marks.REFUSED and flow.comment.startswith(f"anonamoose: refused ({status})")
    assert flow.metadata["anonamoose"]["refused"] == status
    body = json.loads(flow.response.content)
    assert phrase in json.dumps(body) and "anonamoose: " in json.dumps(body)
    return body


# ---- configure --------------------------------------------------------------------------------------------


def test_bad_options_are_refused(addon):
    addon, tctx = addon
    for name, value in [
        ("anonamoose_locale", "FR"),
        ("anonamoose_layers", "x"),
        ("anonamoose_min_score", "2"),
        ("anonamoose_style", "emoji"),
        ("anonamoose_ttl", "soon"),
        ("anonamoose_hosts", ["a b"]),
    ]:
        with pytest.raises(exceptions.OptionsError, match=name):
            tctx.configure(addon, **{name: value})


def test_allow_hosts_set_to_llm_hosts(addon):
    addon, tctx = addon
    assert any("openai" in rx for rx in tctx.options.allow_hosts)


async def test_changing_the_database_at_run_time_swaps_the_store(addon, tmp_path):
    addon, tctx = addon
    first, second = tmp_path / "m.db", tmp_path / "other.db"
    await addon.request(chat_flow(chat_body(f"mail {EMAIL}")))
    tctx.configure(addon, anonamoose_db=str(second))  # waits for the old store's writes, then swaps
    assert addon.settings.db_url.endswith("other.db")
    assert rows(first, Mapping) == 1
    flow = chat_flow(chat_body("mail john.roe@example.org"))
    await addon.request(flow)
    assert "[EMAIL_" in flow.request.content.decode()
    drain(addon)
    assert (rows(first, Mapping), rows(second, Mapping)) == (1, 1)  # the new mapping went to the new store only


# ---- request: forwarded ------------------------------------------------------------------------------------


async def test_request_redacted_and_reply_restored(addon):
    addon, _ = addon
    flow = chat_flow(chat_body(f"Email {EMAIL} please"), {"x-anonamoose-session": "conv-1"})
    await addon.request(flow)
    sent = json.loads(flow.request.content)
    text = sent["messages"][0]["content"]
    assert EMAIL not in flow.request.content.decode() and "[EMAIL_" in text
    assert "x-anonamoose-session" not in flow.request.headers
    assert flow.request.headers["accept-encoding"] == "identity"
    assert flow.metadata["anonamoose"]["detections"] == {"EMAIL_ADDRESS": 1}
    assert flow.marked == marks.REDACTED and "1 PII redacted (EMAIL_ADDRESS×1)" in flow.comment
    placeholder = text.split()[1]
    flow.response = tutils.tresp(
        content=json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": f"Sent to {placeholder}."},
                        "finish_reason": "stop",
                    }
                ],
            }
        ).encode(),
        headers=[(b"content-type", b"application/json")],
    )
    await addon.responseheaders(flow)
    await addon.response(flow)
    reply = json.loads(flow.response.content)
    assert reply["choices"][0]["message"]["content"] == f"Sent to {EMAIL}."
    assert flow.metadata["anonamoose"]["restored"] == 1


async def test_gzip_body_is_decoded_and_redacted(addon):
    addon, _ = addon
    flow = chat_flow(gzip.compress(chat_body(f"mail {EMAIL}")), {"content-encoding": "gzip"})
    await addon.request(flow)
    assert "content-encoding" not in flow.request.headers
    assert EMAIL not in flow.request.content.decode()


@pytest.mark.parametrize("body", [b"", b"  \r\n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_an_empty_body_is_forwarded_as_sent(addon, body, method):
    """No bytes, no PII: the provider answers (a bodiless DELETE under an SDK's JSON label must keep working)."""
    addon, _ = addon
    flow = chat_flow(body)
    flow.request.method = method
    await addon.request(flow)
    assert flow.response is None and flow.request.raw_content == body and not flow.marked
    assert flow.metadata["anonamoose"]["scanned"] is False and flow.metadata["anonamoose"]["pii"] == 0


async def test_other_hosts_are_not_touched(addon):
    addon, _ = addon
    body = chat_body(f"mail {EMAIL}")
    flow = chat_flow(body, host="example.org")
    await addon.request(flow)
    assert flow.request.content == body and flow.response is None and "anonamoose" not in flow.metadata


async def test_placeholders_differ_by_credential_and_never_cross(addon):
    addon, _ = addon
    first = chat_flow(chat_body(f"mail {EMAIL}"))
    second = chat_flow(chat_body(f"mail {EMAIL}"), {"authorization": "Bearer sk-other"})
    await addon.request(first)
    await addon.request(second)
    p1 = json.loads(first.request.content)["messages"][0]["content"].split()[1]
    p2 = json.loads(second.request.content)["messages"][0]["content"].split()[1]
    assert p1 != p2
    # tenant 2 echoes tenant 1's placeholder: it gets the placeholder back, not the value
    second.response = tutils.tresp(
        content=json.dumps(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": f"{p1} / {p2}"}}]}
        ).encode(),
        headers=[(b"content-type", b"application/json")],
    )
    await addon.response(second)
    assert json.loads(second.response.content)["choices"][0]["message"]["content"] == f"{p1} / {EMAIL}"


# ---- request: the client's malformed body is a 4xx in the provider's shape ---------------------------------


@pytest.mark.parametrize(
    ("body", "headers", "status", "phrase"),
    [
        (b'{"messages": [{"role": "user", "content": "jane.doe@example.com"', {}, 400, "does not parse"),
        (b"not gzip", {"content-encoding": "gzip"}, 400, "does not decode as gzip"),
        (b"xx", {"content-encoding": "compress"}, 415, "unsupported content-encoding"),
        (b"a=%ff%fe", {"content-type": "application/x-www-form-urlencoded"}, 400, "UTF-8"),
        (b"--b\r\nno headers", {"content-type": "multipart/form-data; boundary=b"}, 400, "cannot scan"),
        (b"\x00\x00\x00\x00\x01x", {"content-type": "application/grpc"}, 415, "gRPC"),
    ],
    ids=["invalid-json", "corrupt-gzip", "unknown-encoding", "form-not-utf8", "malformed-multipart", "grpc"],
)
async def test_malformed_bodies_are_the_client_s_error(addon, body, headers, status, phrase):
    addon, _ = addon
    flow = chat_flow(body, headers)
    await addon.request(flow)
    error = assert_refused(flow, status, phrase)["error"]
    assert error["code"] == {400: "bad_request", 415: "unsupported_media_type"}[status]


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        (OPENAI, {"error": {"type": "anonamoose_error", "param": None, "code": "bad_request"}}),
        (ANTHROPIC, {"type": "error", "error": {"type": "invalid_request_error"}}),
        (GEMINI, {"error": {"code": 400, "status": "INVALID_ARGUMENT"}}),
    ],
    ids=["openai", "anthropic", "gemini"],
)
async def test_invalid_json_is_a_400_in_each_provider_s_shape(addon, path, shape):
    addon, _ = addon
    flow = chat_flow(b'{"contents": [', path=path)
    await addon.request(flow)
    body = assert_refused(flow, 400, "does not parse")
    for key, value in shape.items():
        expected = value if not isinstance(value, dict) else {**body[key], **value}
        assert body[key] == expected


# ---- request: every other refusal -------------------------------------------------------------------------


async def test_too_large_body_is_413(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_max_body="1k")
    flow = chat_flow(chat_body("x" * 5000))
    await addon.request(flow)
    assert_refused(flow, 413, "byte limit")


async def test_a_content_length_over_the_limit_is_refused_before_the_body_is_read(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_max_body="1k")
    flow = chat_flow(b"", {"content-length": "5000"})
    addon.requestheaders(flow)
    assert_refused(flow, 413, "5000 bytes is over the 1024 byte limit")


async def test_announced_trailers_are_refused_before_the_body_is_read(addon):
    addon, _ = addon
    flow = chat_flow(b"", {"trailer": "x-checksum"})
    addon.requestheaders(flow)
    assert_refused(flow, 400, "announce trailers")


async def test_a_body_mitmproxy_would_stream_is_closed_unsent(addon):
    addon, _ = addon
    flow = chat_flow(b"")
    flow.request.stream = True  # stream_large_bodies and a content-length over it
    addon.requestheaders(flow)
    assert flow.killable is False and flow.error is not None  # killed: mitmproxy sends nothing
    assert flow.marked == marks.REFUSED and flow.comment.startswith("anonamoose: closed")
    assert flow.metadata["anonamoose"]["closed"] is True


async def test_trailers_on_the_request_are_refused(addon):
    addon, _ = addon
    flow = chat_flow(chat_body(f"mail {EMAIL}"))
    flow.request.trailers = http.Headers(x_checksum="1")
    await addon.request(flow)
    assert_refused(flow, 400, "trailers")


async def test_websocket_upgrades_to_llm_hosts_are_refused(addon):
    addon, _ = addon
    flow = chat_flow(b"", {"upgrade": "websocket", "connection": "Upgrade"}, path="/v1/realtime?model=gpt-realtime")
    flow.request.method = "GET"
    await addon.request(flow)
    assert_refused(flow, 502, "WebSocket")


async def test_websocket_upgrades_pass_when_fail_closed_is_off(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_fail_closed=False)
    flow = chat_flow(b"", {"upgrade": "websocket", "connection": "Upgrade"}, path="/v1/realtime")
    flow.request.method = "GET"
    await addon.request(flow)
    assert flow.response is None


# ---- request: a detector or store failure -----------------------------------------------------------------


def break_the_scanner(addon: Anonamoose, monkeypatch) -> None:
    def boom(texts):
        raise RuntimeError("detector crashed")

    monkeypatch.setattr(addon.scanner, "detect_many", boom)


async def test_a_redactor_failure_refuses_when_fail_closed(addon, monkeypatch):
    addon, _ = addon
    break_the_scanner(addon, monkeypatch)
    flow = chat_flow(chat_body(f"mail {EMAIL}"))
    await addon.request(flow)
    assert_refused(flow, 502, "cannot scan the request (RuntimeError)")


async def test_a_redactor_failure_forwards_unscanned_and_marked_when_fail_open(addon, monkeypatch):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_fail_closed=False)
    break_the_scanner(addon, monkeypatch)
    body = chat_body(f"mail {EMAIL}")
    flow = chat_flow(body)
    await addon.request(flow)
    assert flow.response is None and flow.request.content == body  # the operator chose to send it as written
    assert flow.marked == marks.UNSCANNED and "NOT scanned (fail-open)" in flow.comment
    assert flow.metadata["anonamoose"]["unscanned"] is True
    assert flow.id in addon.flows  # the reply is still restored and logged


# ---- error -------------------------------------------------------------------------------------------------


async def test_error_records_a_tracked_flow_and_forgets_it(addon, tmp_path):
    addon, _ = addon
    flow = chat_flow(chat_body(f"mail {EMAIL}"))
    await addon.request(flow)
    flow.error = tflow.terr("connection reset by upstream")
    addon.error(flow)
    assert flow.id not in addon.flows
    drain(addon)
    assert flow_errors(tmp_path / "m.db") == ["connection reset by upstream"]


async def test_error_on_a_flow_the_addon_never_tracked_records_nothing(addon, tmp_path):
    addon, _ = addon
    flow = chat_flow(chat_body(f"mail {EMAIL}"), host="example.org")
    await addon.request(flow)
    flow.error = tflow.terr()
    addon.error(flow)
    drain(addon)
    assert flow_errors(tmp_path / "m.db") == []


async def test_running_trims_the_heap_periodically_until_done(addon, monkeypatch):
    addon, _ = addon
    trims: list[int] = []
    monkeypatch.setattr(proxy_module.heap, "TRIM_INTERVAL_S", 0.01)
    monkeypatch.setattr(proxy_module.heap, "trim_heap", lambda: trims.append(1) or True)
    monkeypatch.setattr(addon, "_rebind_to_loopback", lambda: asyncio.sleep(0))
    await addon.running()
    for _ in range(200):
        if len(trims) >= 2:
            break
        await asyncio.sleep(0.01)
    assert len(trims) >= 2  # the fixture's done() cancels the task
