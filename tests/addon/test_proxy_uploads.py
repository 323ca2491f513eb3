"""The request hooks on uploads, forms, query strings, attachments and bodies that must not be read at all."""

from __future__ import annotations

import gzip
import json

import pytest
from mitmproxy import exceptions
from mitmproxy.addons.proxyserver import Proxyserver
from mitmproxy.flow import Error
from mitmproxy.test import taddons, tflow

from addon.proxy import Anonamoose
from store.db import open_db
from store.models import FlowRecord

EMAIL = "jane.doe@example.com"
BOUNDARY = "b0undaryXyZ"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def upload(*parts: tuple[str, str | None, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
        out += (f"Content-Type: {content_type}\r\n" if content_type else "").encode() + b"\r\n" + data + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


def api_flow(body: bytes, content_type: str, path: str = "/v1/files", headers: dict[str, str] | None = None):
    flow = tflow.tflow()
    flow.request.host, flow.request.port, flow.request.scheme = "api.openai.com", 443, "https"
    flow.request.path, flow.request.method = path, "POST"
    flow.request.headers["content-type"] = content_type
    flow.request.headers["authorization"] = "Bearer sk-test-1"
    for name, value in (headers or {}).items():
        flow.request.headers[name] = value
    flow.request.raw_content = body
    flow.request.headers["content-length"] = str(len(body))
    return flow


@pytest.fixture
def addon(tmp_path):
    addon = Anonamoose()
    with taddons.context(Proxyserver(), addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx
        addon.done()


async def test_a_multipart_text_upload_is_redacted_with_the_same_boundary(addon):
    addon, _ = addon
    flow = api_flow(
        upload(
            ("purpose", None, None, b"assistants"),
            ("file", "notes.txt", "text/plain", f"Contact {EMAIL} today".encode()),
        ),
        MULTIPART,
    )
    await addon.request(flow)
    sent = flow.request.content
    assert flow.response is None and EMAIL.encode() not in sent and b"[EMAIL_" in sent
    assert sent.startswith(f"--{BOUNDARY}\r\n".encode()) and sent.endswith(f"--{BOUNDARY}--\r\n".encode())
    assert flow.request.headers["content-length"] == str(len(sent))
    assert flow.metadata["anonamoose"]["detections"] == {"EMAIL_ADDRESS": 1}


async def test_an_octet_stream_chat_body_is_read_as_the_providers_json(addon):
    addon, _ = addon
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]}).encode()
    flow = api_flow(body, "application/octet-stream", path="/v1/chat/completions")
    await addon.request(flow)
    assert EMAIL not in flow.request.content.decode()
    assert json.loads(flow.request.content)["messages"][0]["content"].startswith("mail [EMAIL_")


async def test_query_values_are_redacted_and_structural_ones_kept(addon):
    addon, _ = addon
    flow = api_flow(b"", "application/json", path=f"/v1/models?user={EMAIL.replace('@', '%40')}&api-version=2024-06-01")
    flow.request.method = "GET"
    await addon.request(flow)
    assert EMAIL not in flow.request.path and "%40" not in flow.request.path
    assert flow.request.query["user"].startswith("[EMAIL_") and flow.request.query["api-version"] == "2024-06-01"


async def test_form_values_are_redacted(addon):
    addon, _ = addon
    flow = api_flow(f"note=write+to+{EMAIL.replace('@', '%40')}&n=3".encode(), "application/x-www-form-urlencoded")
    await addon.request(flow)
    assert b"example.com" not in flow.request.content and flow.request.content.endswith(b"&n=3")
    assert flow.request.urlencoded_form["note"].startswith("write to [EMAIL_")


async def test_an_image_is_forwarded_marked_and_counted_when_attachments_pass(addon):
    addon, _ = addon
    body = upload(("purpose", None, None, b"vision"), ("file", "cat.png", "image/png", PNG))
    flow = api_flow(body, MULTIPART)
    await addon.request(flow)
    assert flow.response is None and flow.request.content == body
    assert flow.metadata["anonamoose"]["attachments"] == {"image": 1}
    assert flow.marked and "1 attachment(s) forwarded unscanned (image×1)" in flow.comment
    addon._record(flow, addon.flows[flow.id])
    addon.executor.submit(lambda: None).result()
    addon.executor.shutdown(wait=True)
    open_db(addon.settings.db_url)
    assert [r.attachments for r in FlowRecord.select()] == [1]


async def test_an_image_is_refused_in_the_providers_shape_when_attachments_refuse(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_attachments="refuse")
    flow = api_flow(upload(("file", "cat.png", "image/png", PNG)), MULTIPART)
    await addon.request(flow)
    assert flow.response is not None and flow.response.status_code == 415
    error = json.loads(flow.response.content)["error"]
    assert "attachments" in error["message"] and "image" in error["message"]


def test_the_attachments_option_has_choices(addon):
    addon, tctx = addon
    with pytest.raises(exceptions.OptionsError, match="anonamoose_attachments"):
        tctx.configure(addon, anonamoose_attachments="sometimes")


async def test_a_gzip_bomb_is_413_and_the_next_request_is_served(addon):
    addon, _ = addon
    bomb = gzip.compress(b"\0" * (32 * 1024**2))  # small on the wire, 4x the 8 MiB limit decoded
    flow = api_flow(bomb, "application/json", path="/v1/chat/completions", headers={"content-encoding": "gzip"})
    await addon.request(flow)
    assert flow.response is not None and flow.response.status_code == 413
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]}).encode()
    after = api_flow(gzip.compress(body), "application/json", "/v1/chat/completions", {"content-encoding": "gzip"})
    await addon.request(after)
    assert after.response is None and EMAIL not in after.request.content.decode()


def test_requestheaders_refuses_a_body_over_the_limit_before_it_is_read(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_max_body="1k")
    flow = api_flow(b"", "application/json", path="/v1/chat/completions")
    flow.request.headers["content-length"] = "5000"  # headers arrive before the body
    addon.requestheaders(flow)
    assert flow.response is not None and flow.response.status_code == 413


def test_requestheaders_refuses_announced_trailers(addon):
    addon, _ = addon
    flow = api_flow(b"", "application/json", path="/v1/chat/completions", headers={"trailer": "x-note"})
    addon.requestheaders(flow)
    assert flow.response is not None and flow.response.status_code == 400


@pytest.mark.parametrize("streamed", ["stream flag", "chunked"])
def test_requestheaders_closes_a_request_mitmproxy_would_stream(addon, streamed):
    addon, tctx = addon
    tctx.configure(addon, stream_large_bodies="1m")
    flow = api_flow(b"", "application/json", path="/v1/chat/completions")
    if streamed == "stream flag":
        flow.request.stream = True
    else:
        del flow.request.headers["content-length"]
        flow.request.headers["transfer-encoding"] = "chunked"
    addon.requestheaders(flow)
    assert flow.error is not None and flow.error.msg == Error.KILLED_MESSAGE
    assert "stream_large_bodies" in flow.comment


def test_requestheaders_leaves_ordinary_requests_alone(addon):
    addon, tctx = addon
    flow = api_flow(b"{}", "application/json", path="/v1/chat/completions")
    addon.requestheaders(flow)
    assert flow.response is None and flow.error is None


def test_body_size_limit_is_set_when_the_user_did_not(addon):
    _, tctx = addon
    assert int(tctx.options.body_size_limit) >= 64 * 1024**2
