"""The addon's hooks driven directly with mitmproxy's test helpers (real detector, real SQLite store)."""

import gzip
import json

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow, tutils

from addon.proxy import Anonamoose

EMAIL = "jane.doe@example.com"


def chat_flow(body: bytes, headers=None, host="api.openai.com", path="/v1/chat/completions"):
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


@pytest.fixture
def addon(tmp_path):
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx
        # background flow-log writes finish before the test's database goes away
        addon.done()


def test_bad_options_are_refused(addon):
    addon, tctx = addon
    for name, value in [("anonamoose_locale", "FR"), ("anonamoose_layers", "x"), ("anonamoose_min_score", "2"),
                        ("anonamoose_style", "emoji"), ("anonamoose_ttl", "soon"), ("anonamoose_hosts", ["a b"])]:
        with pytest.raises(exceptions.OptionsError, match=name):
            tctx.configure(addon, **{name: value})


def test_allow_hosts_set_to_llm_hosts(addon):
    addon, tctx = addon
    assert any("openai" in rx for rx in tctx.options.allow_hosts)


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
    placeholder = text.split()[1]
    flow.response = tutils.tresp(content=json.dumps({"id": "x", "object": "chat.completion", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": f"Sent to {placeholder}."}, "finish_reason": "stop"}
    ]}).encode(), headers=[(b"content-type", b"application/json")])
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


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b'{"messages": [{"role": "user", "content": "jane.doe@example.com"', {}, 502),
        (b"xx", {"content-encoding": "compress"}, 502),
        (b"not gzip", {"content-encoding": "gzip"}, 502),
    ],
)
async def test_unscannable_requests_are_refused(addon, body, headers, status):
    addon, _ = addon
    flow = chat_flow(body, headers)
    await addon.request(flow)
    assert flow.response is not None and flow.response.status_code == status
    assert "anonamoose" in json.loads(flow.response.content)["error"]["message"]


async def test_too_large_body_is_413(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_max_body="1k")
    flow = chat_flow(chat_body("x" * 5000))
    await addon.request(flow)
    assert flow.response.status_code == 413


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
    second.response = tutils.tresp(content=json.dumps({"choices": [{"index": 0, "message": {
        "role": "assistant", "content": f"{p1} / {p2}"}}]}).encode(), headers=[(b"content-type", b"application/json")])
    await addon.response(second)
    assert json.loads(second.response.content)["choices"][0]["message"]["content"] == f"{p1} / {EMAIL}"


async def test_websocket_upgrades_to_llm_hosts_are_refused(addon):
    addon, tctx = addon
    flow = chat_flow(b"", {"upgrade": "websocket", "connection": "Upgrade"}, path="/v1/realtime?model=gpt-realtime")
    flow.request.method = "GET"
    await addon.request(flow)
    assert flow.response is not None and flow.response.status_code == 502
    assert "WebSocket" in json.loads(flow.response.content)["error"]["message"]
    tctx.configure(addon, anonamoose_fail_closed=False)
    opted_out = chat_flow(b"", {"upgrade": "websocket", "connection": "Upgrade"}, path="/v1/realtime")
    opted_out.request.method = "GET"
    await addon.request(opted_out)
    assert opted_out.response is None
