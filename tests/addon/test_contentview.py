"""The Anonamoose content view, rendered from flows the real addon handled (real detector, real SQLite store)."""

import json

import pytest
from mitmproxy import contentviews
from mitmproxy.test import taddons, tflow, tutils

from addon import marks
from addon.contentview import AnonamooseView, mark_detections
from addon.proxy import Anonamoose
from detectors.types import Detection

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"
USER_TEXT = f"Mail {EMAIL} the receipt for card {CARD}."


def chat_flow(text: str, host: str = "api.openai.com"):
    flow = tflow.tflow()
    flow.request.host, flow.request.port, flow.request.scheme = host, 443, "https"
    flow.request.path, flow.request.method = "/v1/chat/completions", "POST"
    flow.request.headers["content-type"] = "application/json"
    flow.request.headers["authorization"] = "Bearer sk-test-1"
    flow.request.raw_content = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}).encode()
    return flow


def completion(text: str) -> bytes:
    return json.dumps(
        {
            "id": "c1",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        }
    ).encode()


def chunk(text: str) -> bytes:
    return b"data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": text}}]}).encode() + b"\n\n"


@pytest.fixture
def proxy(tmp_path):
    addon = Anonamoose()
    # the view and the commands are the proxy addon's children: loading it loads them
    assert any(isinstance(child, AnonamooseView) for child in addon.addons)
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon
        addon.done()  # drain the flow-log writes before the database closes


def render(flow, message) -> str:
    result = contentviews.prettify_message(message, flow, view_name="Anonamoose")
    assert result.view_name == "Anonamoose" and result.syntax_highlight == "yaml"
    return result.text


def sent_placeholder(flow, prefix: str) -> str:
    sent = json.loads(flow.request.content)["messages"][0]["content"]
    return next(word.strip(".") for word in sent.split() if word.startswith(prefix))


@pytest.mark.parametrize(
    ("text", "detections", "expected"),
    [
        ("no pii here", [], "no pii here"),
        (
            "Email a@b.io now",
            [Detection(6, 12, "EMAIL_ADDRESS", 1.0, "patterns")],
            "Email ⟦a@b.io⟧{EMAIL_ADDRESS/patterns} now",
        ),
        (
            "Ann met Bob",
            [Detection(8, 11, "PERSON", 0.85, "ner"), Detection(0, 3, "PERSON", 0.6, "names")],
            "⟦Ann⟧{PERSON/names} met ⟦Bob⟧{PERSON/ner}",
        ),
        (
            "key sk-abc at end",
            [Detection(4, 10, "API_KEY", 1.0, "secrets"), Detection(6, 10, "X", 0.1, "ner")],
            "key ⟦sk-abc⟧{API_KEY/secrets} at end",
        ),
    ],
)
def test_mark_detections(text, detections, expected):
    assert mark_detections(text, detections) == expected


async def test_request_view_shows_written_beside_sent_with_each_detection(proxy):
    flow = chat_flow(USER_TEXT)
    await proxy.request(flow)
    email_placeholder = sent_placeholder(flow, "[EMAIL_")
    text = render(flow, flow.request)
    assert "2 PII redacted (CREDIT_CARD×1, EMAIL_ADDRESS×1); by layer: patterns×2" in text
    assert f"⟦{EMAIL}⟧{{EMAIL_ADDRESS/patterns}}" in text and f"⟦{CARD}⟧{{CREDIT_CARD/patterns}}" in text
    assert f"Mail {email_placeholder} the receipt" in text  # the sent block
    assert f"{{type: EMAIL_ADDRESS, layer: patterns, score: 1.0, at: 5-25, placeholder: '{email_placeholder}'}}" in text
    assert f'"content": "{USER_TEXT}"' in text  # the request as written, indented JSON
    # The values live only in the view's memory: never in what mitmproxy saves with the flow.
    assert EMAIL not in json.dumps(flow.metadata) and EMAIL not in (flow.comment or "")
    assert flow.marked == marks.REDACTED and "EMAIL_ADDRESS×1" in flow.comment


async def test_view_is_chosen_automatically_for_flows_the_addon_handled(proxy):
    flow = chat_flow(USER_TEXT)
    await proxy.request(flow)
    assert "anonamoose" in contentviews.registry.available_views()
    assert contentviews.prettify_message(flow.request, flow).view_name == "Anonamoose"
    flow.response = tutils.tresp(content=completion("ok"), headers=[(b"content-type", b"application/json")])
    await proxy.response(flow)
    assert contentviews.prettify_message(flow.response, flow).view_name == "Anonamoose"


async def test_flows_the_addon_never_handled_keep_mitmproxy_s_own_view(proxy):
    flow = chat_flow(USER_TEXT, host="example.com")
    await proxy.request(flow)
    assert contentviews.prettify_message(flow.request, flow).view_name == "JSON"


def test_the_view_declines_flows_that_are_not_http(proxy):
    from mitmproxy.contentviews import Metadata

    from addon.contentview import AnonamooseContentview

    tcp = tflow.ttcpflow()
    tcp.metadata["anonamoose"] = {}
    view = next(v for v in proxy.addons if isinstance(v, AnonamooseView)).view
    assert isinstance(view, AnonamooseContentview)
    assert view.render_priority(b"data", Metadata(flow=tcp)) < 0


async def test_reply_view_shows_the_reply_before_and_after_restoring(proxy):
    flow = chat_flow(USER_TEXT)
    await proxy.request(flow)
    placeholder = sent_placeholder(flow, "[EMAIL_")
    flow.response = tutils.tresp(
        content=completion(f"Sent to {placeholder}."), headers=[(b"content-type", b"application/json")]
    )
    await proxy.responseheaders(flow)
    await proxy.response(flow)
    text = render(flow, flow.response)
    assert "reply: 1 placeholder(s) restored, 0 unknown left as they are" in text
    assert f"from provider: |-\n    Sent to {placeholder}.\n  to client: |-\n    Sent to {EMAIL}." in text
    assert f'"content": "Sent to {placeholder}."' in text  # the provider's body
    assert f'"content": "Sent to {EMAIL}."' in text  # what the client got


async def test_streamed_reply_view_shows_the_stream_before_and_after(proxy):
    flow = chat_flow(USER_TEXT)
    await proxy.request(flow)
    placeholder = sent_placeholder(flow, "[EMAIL_")
    flow.response = tutils.tresp(content=b"", headers=[(b"content-type", b"text/event-stream")])
    await proxy.responseheaders(flow)
    assert callable(flow.response.stream)
    upstream = [chunk("Sent to "), chunk(placeholder[:5]), chunk(placeholder[5:] + "."), b"data: [DONE]\n\n", b""]
    out = b""
    for data in upstream:
        result = flow.response.stream(data)
        out += result if isinstance(result, bytes) else b"".join(result)
    flow.response.content = out  # what store_streamed_bodies keeps: the restored stream
    await proxy.response(flow)
    text = render(flow, flow.response)
    assert "streamed reply: 1 placeholder(s) restored" in text
    assert f"from provider: |-\n    Sent to {placeholder}.\n  to client: |-\n    Sent to {EMAIL}." in text
    assert placeholder[:5] in text.split("reply from provider")[1].split("reply to client")[0]
    assert EMAIL in text.split("reply to client")[1]


async def test_refused_flow_is_marked_apart_and_the_view_says_why(proxy):
    flow = chat_flow(USER_TEXT)
    flow.request.raw_content = b"{not json"
    await proxy.request(flow)
    assert flow.response.status_code == 400
    assert flow.marked == marks.REFUSED and flow.comment.startswith("anonamoose: refused (400)")
    assert "refused with 400, nothing was sent" in render(flow, flow.request)


async def test_a_flow_the_addon_never_saw_says_so(proxy):
    flow = chat_flow(USER_TEXT, host="example.com")
    await proxy.request(flow)
    text = render(flow, flow.request)
    assert "none in memory" in text and EMAIL not in text


async def test_only_the_last_flows_are_kept(proxy):
    proxy.inspections.max_flows = 1
    first, second = chat_flow(USER_TEXT), chat_flow(f"Also {EMAIL}")
    await proxy.request(first)
    await proxy.request(second)
    assert "none in memory" in render(first, first.request)
    assert f"Also ⟦{EMAIL}⟧" in render(second, second.request)


def test_the_summary_says_attachments_went_out_unscanned_and_closed_flows_sent_nothing():
    from addon.contentview import request_summary

    assert request_summary({"attachments": {"image": 2}, "pii": 1}).startswith(
        "attachments forwarded unscanned (image×2)"
    )
    assert request_summary({"closed": True, "error": "streamed"}) == "closed, nothing was sent: streamed"
