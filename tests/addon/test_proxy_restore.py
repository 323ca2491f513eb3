"""The hooks restore only to the conversation that sent a placeholder (real detector, real SQLite store)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from mitmproxy.test import taddons, tflow, tutils

from addon.proxy import INLINE_REPLY_BYTES, Anonamoose

EMAIL = "jane.doe@example.com"
PLACEHOLDER = re.compile(r"\[[A-Z]+_[0-9A-Z]{5,}\]")


def api_flow(
    body: dict[str, Any],
    path: str = "/v1/chat/completions",
    headers: dict[str, str] | None = None,
    client: str = "127.0.0.1",
) -> Any:
    flow = tflow.tflow()
    flow.client_conn.peername = (client, 50000)
    flow.request.host, flow.request.port, flow.request.scheme = "api.openai.com", 443, "https"
    flow.request.path, flow.request.method = path, "POST"
    flow.request.headers["content-type"] = "application/json"
    for name, value in (headers if headers is not None else {"authorization": "Bearer sk-test-1"}).items():
        flow.request.headers[name] = value
    flow.request.raw_content = json.dumps(body).encode()
    return flow


def chat(*messages: tuple[str, str], headers: dict[str, str] | None = None, client: str = "127.0.0.1") -> Any:
    body = {"model": "gpt-4o", "messages": [{"role": r, "content": c} for r, c in messages]}
    return api_flow(body, headers=headers, client=client)


def drain(addon: Anonamoose) -> None:
    """Wait for every write the hooks handed to the worker threads (one task may still run on the other)."""
    addon.executor.shutdown(wait=True)
    addon.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="anonamoose")


def sent_placeholders(flow: Any) -> list[str]:
    return PLACEHOLDER.findall(flow.request.content.decode())


def chat_reply(text: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        }
    ).encode()


def responses_reply(text: str, response_id: str) -> bytes:
    return json.dumps(
        {
            "id": response_id,
            "object": "response",
            "status": "completed",
            "output": [
                {
                    "type": "message",
                    "id": "msg_1",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": text, "annotations": []}],
                }
            ],
        }
    ).encode()


async def answer(addon: Anonamoose, flow: Any, body: bytes, content_type: str = "application/json") -> Any:
    flow.response = tutils.tresp(content=body, headers=[(b"content-type", content_type.encode())])
    await addon.responseheaders(flow)
    await addon.response(flow)
    return flow


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"


async def answer_streamed(addon: Anonamoose, flow: Any, text: str) -> str:
    flow.response = tutils.tresp(content=b"", headers=[(b"content-type", b"text/event-stream")])
    await addon.responseheaders(flow)
    assert callable(flow.response.stream)
    wire = sse(
        *(
            {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": p}}]}
            for p in (text[:7], text[7:])
        )
    )
    out = b"".join(flow.response.stream(wire)) + b"".join(flow.response.stream(b""))
    flow.response.content = out
    await addon.response(flow)
    return "".join(
        json.loads(line[6:])["choices"][0]["delta"]["content"]
        for line in out.decode().splitlines()
        if line.startswith("data: {")
    )


@pytest.fixture
def addon(tmp_path):
    addon = Anonamoose()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx
        addon.done()


async def test_a_pasted_placeholder_gets_the_placeholder_back(addon):
    addon, _ = addon
    first = chat(("user", f"mail {EMAIL}"))
    await addon.request(first)
    [email] = sent_placeholders(first)
    await answer(addon, first, chat_reply(f"Sent to {email}."))
    assert json.loads(first.response.content)["choices"][0]["message"]["content"] == f"Sent to {EMAIL}."

    # same tenant, a fresh conversation that merely types the placeholder: plain and streamed
    pasted = chat(("user", f"who is {email}?"))
    await addon.request(pasted)
    await answer(addon, pasted, chat_reply(f"{email} is someone."))
    assert json.loads(pasted.response.content)["choices"][0]["message"]["content"] == f"{email} is someone."
    assert pasted.metadata["anonamoose"]["unknown"] == 1 and pasted.metadata["anonamoose"]["restored"] == 0
    streamed = chat(("user", f"who is {email}?"))
    await addon.request(streamed)
    assert await answer_streamed(addon, streamed, f"{email} is someone.") == f"{email} is someone."
    assert streamed.metadata["anonamoose"]["unknown"] == 1
    # an upstream error body quoting it is held to the same rule
    error = chat(("user", f"who is {email}?"))
    await addon.request(error)
    error_body = json.dumps({"error": {"message": f"bad input near {email}", "type": "invalid_request_error"}})
    await answer(addon, error, error_body.encode())
    assert email in error.response.content.decode() and EMAIL not in error.response.content.decode()


async def test_restore_scope_keeps_scope_wide_restore(addon):
    addon, tctx = addon
    tctx.configure(addon, anonamoose_restore="scope")
    first = chat(("user", f"mail {EMAIL}"))
    await addon.request(first)
    [email] = sent_placeholders(first)
    pasted = chat(("user", f"who is {email}?"))
    await addon.request(pasted)
    assert await answer_streamed(addon, pasted, f"{email} is someone.") == f"{EMAIL} is someone."


async def test_a_session_is_one_conversation(addon):
    addon, _ = addon
    session = {"authorization": "Bearer sk-test-1", "x-anonamoose-session": "case-17"}
    first = chat(("user", f"mail {EMAIL}"), headers=session)
    await addon.request(first)
    [email] = sent_placeholders(first)
    later = chat(("user", "what did I ask?"), headers=dict(session))
    await addon.request(later)
    assert await answer_streamed(addon, later, f"To mail {email}.") == f"To mail {EMAIL}."


async def test_history_the_proxy_recognises_counts_as_this_conversation(addon):
    addon, _ = addon
    first = chat(("user", f"mail {EMAIL}"))
    await addon.request(first)
    [email] = sent_placeholders(first)
    await answer(addon, first, chat_reply(f"Sent to {email}."))
    restored = json.loads(first.response.content)["choices"][0]["message"]["content"]
    drain(addon)  # the reply memory is written off the reply's path
    # the client trimmed its first message: only the assistant's reply carries the value back
    second = chat(("assistant", restored), ("user", "again please"))
    await addon.request(second)
    assert sent_placeholders(second) == [email] and second.metadata["anonamoose"]["replayed"] == 1
    await answer(addon, second, chat_reply(f"Sent again to {email}."))
    assert json.loads(second.response.content)["choices"][0]["message"]["content"] == f"Sent again to {EMAIL}."


async def test_responses_previous_response_id_continues_the_conversation(addon):
    addon, _ = addon
    first = api_flow({"model": "gpt-4o", "input": f"mail {EMAIL}"}, path="/v1/responses")
    await addon.request(first)
    [email] = sent_placeholders(first)
    await answer(addon, first, responses_reply("Noted.", "resp_first1"))

    follow = api_flow(
        {"model": "gpt-4o", "input": "go ahead", "previous_response_id": "resp_first1"}, path="/v1/responses"
    )
    await addon.request(follow)
    await answer(addon, follow, responses_reply(f"Writing to {email}.", "resp_second2"))
    assert json.loads(follow.response.content)["output"][0]["content"][0]["text"] == f"Writing to {EMAIL}."
    # the chain goes on from the second reply; an id the proxy never gave out leads nowhere
    for previous, expected in (("resp_second2", EMAIL), ("resp_never", email)):
        turn = api_flow({"model": "gpt-4o", "input": "and?", "previous_response_id": previous}, path="/v1/responses")
        await addon.request(turn)
        await answer(addon, turn, responses_reply(f"To {email}.", "resp_x" + previous))
        assert json.loads(turn.response.content)["output"][0]["content"][0]["text"] == f"To {expected}."


async def test_assistants_thread_path_is_the_conversation(addon):
    addon, _ = addon
    create = api_flow({"role": "user", "content": f"mail {EMAIL}"}, path="/v1/threads/thread_abc/messages")
    await addon.request(create)
    [email] = sent_placeholders(create)
    await answer(
        addon,
        create,
        json.dumps(
            {
                "id": "msg_1",
                "object": "thread.message",
                "thread_id": "thread_abc",
                "content": [{"type": "text", "text": {"value": email}}],
            }
        ).encode(),
    )
    listing = api_flow({}, path="/v1/threads/thread_abc/messages")
    await addon.request(listing)
    await answer(
        addon,
        listing,
        json.dumps(
            {
                "object": "list",
                "data": [{"content": [{"type": "text", "text": {"value": f"Mail {email}", "annotations": []}}]}],
            }
        ).encode(),
    )
    assert EMAIL in listing.response.content.decode()


async def test_requests_without_credentials_get_a_scope_per_client(addon):
    addon, _ = addon
    flows = [chat(("user", f"mail {EMAIL}"), headers={}, client=ip) for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.1")]
    for flow in flows:
        await addon.request(flow)
    scopes = [flow.metadata["anonamoose"]["scope"] for flow in flows]
    assert scopes[0] != scopes[1] and scopes[0] == scopes[2]
    assert sent_placeholders(flows[0]) != sent_placeholders(flows[1])


@pytest.mark.parametrize("session", [False, True])
async def test_a_stream_never_asks_the_store_once_it_has_started(addon, monkeypatch, session):
    addon, _ = addon
    headers = {"authorization": "Bearer sk-test-1", **({"x-anonamoose-session": "s-9"} if session else {})}
    first = chat(("user", f"mail {EMAIL}"), headers=dict(headers))
    await addon.request(first)
    [email] = sent_placeholders(first)
    await answer(addon, first, chat_reply(f"Sent to {email}."))
    drain(addon)
    # history the proxy recognises (a replayed reply) and, with a session, the whole session's mappings
    restored = json.loads(first.response.content)["choices"][0]["message"]["content"]
    flow = chat(("assistant", restored), ("user", "again"), headers=dict(headers))
    await addon.request(flow)
    flow.response = tutils.tresp(content=b"", headers=[(b"content-type", b"text/event-stream")])
    await addon.responseheaders(flow)

    def no_store(*args, **kwargs):
        raise AssertionError("the store was asked from the stream, on the event loop")

    for name in ("lookup_many", "scope_values", "lookup"):
        monkeypatch.setattr(addon.store, name, no_store)
    wire = sse({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": email}}]})
    out = b"".join(flow.response.stream(wire)) + b"".join(flow.response.stream(b""))
    # a store call would fail the rewriter, which then passes the placeholder through unrestored
    assert EMAIL in out.decode()


def test_restore_option_offers_its_choices_and_refuses_others(addon):
    from mitmproxy import exceptions

    addon, tctx = addon
    assert tctx.options._options["anonamoose_restore"].choices == ("conversation", "scope")
    with pytest.raises(exceptions.OptionsError):
        tctx.configure(addon, anonamoose_restore="tenant")
    assert addon.settings is not None and addon.settings.restore == "conversation"


async def test_the_flow_log_counts_restored_placeholders_by_their_type(addon):
    from store.flows import recent_flows

    addon, _ = addon
    session = {"authorization": "Bearer sk-test-1", "x-anonamoose-session": "case-18"}
    first = chat(("user", f"mail {EMAIL} for Priya Raghunathan"), headers=session)
    await addon.request(first)
    email = next(p for p in sent_placeholders(first) if p.startswith("[EMAIL_"))
    person = next(p for p in sent_placeholders(first) if not p.startswith("[EMAIL_"))
    await answer(addon, first, chat_reply(f"{email}, {email} and {person}; also [EMAIL_ZZZZZ]."))
    # A follow-up with no PII of its own: its streamed reply restores the first turn's email.
    later = chat(("user", "what did I ask?"), headers=dict(session))
    await addon.request(later)
    assert await answer_streamed(addon, later, f"To mail {email}.") == f"To mail {EMAIL}."
    drain(addon)
    newest, oldest = recent_flows(2)
    assert (oldest["restored"], oldest["unknown"]) == (3, 1)
    assert oldest["restored_types"] == {"EMAIL_ADDRESS": 2, "PERSON": 1}
    assert newest["detections"] == {} and newest["restored_types"] == {"EMAIL_ADDRESS": 1}


@pytest.mark.parametrize(
    ("padding", "encoding", "session", "on_the_loop"),
    [
        (0, None, False, True),  # small, plain, the request's own mappings: no store, no thread
        (INLINE_REPLY_BYTES, None, False, False),  # large: a thread
        (0, "gzip", False, False),  # compressed: what it expands to is unknown, a thread
        (0, None, True, False),  # a session restores anything of the scope: the store, a thread
    ],
)
async def test_a_small_plain_reply_needing_no_store_is_restored_on_the_event_loop(
    addon, monkeypatch, padding, encoding, session, on_the_loop
):
    import gzip
    import threading

    addon, _ = addon
    headers = {"authorization": "Bearer sk-test-1", **({"x-anonamoose-session": "s-1"} if session else {})}
    flow = chat(("user", f"mail {EMAIL}"), headers=headers)
    await addon.request(flow)
    [email] = sent_placeholders(flow)
    threads: list[int] = []
    restore = addon.replies.restore_response

    def recording(*args: Any) -> Any:
        threads.append(threading.get_ident())
        return restore(*args)

    monkeypatch.setattr(addon.replies, "restore_response", recording)
    body = chat_reply(f"Sent to {email}." + " " * padding)
    flow.response = tutils.tresp(content=gzip.compress(body) if encoding else body)
    flow.response.headers["content-type"] = "application/json"
    if encoding:
        flow.response.headers["content-encoding"] = encoding
    await addon.responseheaders(flow)
    await addon.response(flow)
    assert (threads == [threading.get_ident()]) is on_the_loop and len(threads) == 1
    assert json.loads(flow.response.content)["choices"][0]["message"]["content"].strip() == f"Sent to {EMAIL}."


async def test_restored_types_of_the_requests_own_placeholders_need_no_store_query(addon, monkeypatch):
    from store.flows import recent_flows

    addon, _ = addon
    asked: list[list[str]] = []
    placeholder_types = addon.store.placeholder_types

    def recording(scope_id: str, placeholders: list[str]) -> dict[str, str]:
        asked.append(placeholders)
        return placeholder_types(scope_id, placeholders)

    monkeypatch.setattr(addon.store, "placeholder_types", recording)
    flow = chat(("user", f"mail {EMAIL} for Priya Raghunathan"))
    await addon.request(flow)
    email = next(p for p in sent_placeholders(flow) if p.startswith("[EMAIL_"))
    person = next(p for p in sent_placeholders(flow) if not p.startswith("[EMAIL_"))
    await answer(addon, flow, chat_reply(f"{email}, {email} and {person}."))
    drain(addon)
    [row] = recent_flows(1)
    assert row["restored_types"] == {"EMAIL_ADDRESS": 2, "PERSON": 1}
    assert asked == []  # the request assigned them: their types were known
