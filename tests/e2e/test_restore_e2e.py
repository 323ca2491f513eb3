"""Restore only to the conversation that sent it: real mitmdump, real SDKs, the TLS mock upstream."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

EMAIL = "jane.citizen@example.com"
MODEL = "gpt-4o-mini"
CLAUDE = "claude-e2e-mock"


def placeholders_in(text: str) -> list[str]:
    return re.findall(r"\[[A-Z]+_[0-9A-Z]{5,}\]", text)


def email_placeholder_sent(mock_llm: Any) -> str:
    return next(p for p in placeholders_in(mock_llm.last.body.decode()) if p.startswith("[EMAIL_"))


def chat(client: Any, text: str, stream: bool = False) -> str:
    messages = [{"role": "user", "content": text}]
    if not stream:
        return client.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content
    chunks = client.chat.completions.create(model=MODEL, messages=messages, stream=True)
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_a_placeholder_pasted_into_a_new_conversation_comes_back_as_written(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any, anthropic_client: Any
) -> None:
    proxy = start_proxy(tmp_path)
    client = openai_client(proxy)
    mock_llm.reply_text = None
    chat(client, f"Please mail {EMAIL} today")
    placeholder = email_placeholder_sent(mock_llm)
    # the client saw the placeholder elsewhere (a provider's dashboard) and pastes it into new conversations
    mock_llm.reply_text = f"{placeholder} belongs to someone."
    for stream in (False, True):
        assert chat(client, f"Who is {placeholder}?", stream=stream) == f"{placeholder} belongs to someone."
    # the same through Anthropic's SDK, within its own tenant
    claude = anthropic_client(proxy)
    mock_llm.reply_text = None
    claude.messages.create(model=CLAUDE, max_tokens=50, messages=[{"role": "user", "content": f"Mail {EMAIL}"}])
    claude_placeholder = email_placeholder_sent(mock_llm)
    mock_llm.reply_text = f"{claude_placeholder} belongs to someone."
    reply = claude.messages.create(model=CLAUDE, max_tokens=50, messages=[{"role": "user", "content": "Who?"}])
    assert reply.content[0].text == f"{claude_placeholder} belongs to someone."
    mock_llm.reply_text = f"{placeholder} belongs to someone."
    # while a request that carries the value itself gets it back
    assert chat(client, f"Write to {EMAIL}", stream=True) == f"{EMAIL} belongs to someone."


def test_turns_of_one_session_restore_each_other(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any
) -> None:
    proxy = start_proxy(tmp_path)
    session = openai_client(proxy, default_headers={"x-anonamoose-session": "ticket-4711"})
    chat(session, f"Customer is {EMAIL}")
    placeholder = email_placeholder_sent(mock_llm)
    mock_llm.reply_text = f"The customer is {placeholder}."
    # a later turn that does not resend the value: the session is the conversation
    for stream in (False, True):
        assert chat(session, "Who is the customer?", stream=stream) == f"The customer is {EMAIL}."
    # the same tenant without the session is another conversation
    assert chat(openai_client(proxy), "Who is the customer?") == f"The customer is {placeholder}."


def test_responses_previous_response_id_restores_the_earlier_turn(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any
) -> None:
    proxy = start_proxy(tmp_path)
    client = openai_client(proxy)
    first = client.responses.create(model=MODEL, input=f"Customer is {EMAIL}")
    placeholder = email_placeholder_sent(mock_llm)
    mock_llm.reply_text = f"Writing to {placeholder}."
    second = client.responses.create(model=MODEL, input="go ahead", previous_response_id=first.id)
    assert second.output_text == f"Writing to {EMAIL}."
    # streamed, chained on the second reply, after a restart (the chain lives in the store)
    proxy.restart()
    stream = client.responses.create(model=MODEL, input="again", previous_response_id=second.id, stream=True)
    text = "".join(e.delta for e in stream if e.type == "response.output_text.delta")
    assert text == f"Writing to {EMAIL}."
    # a conversation the proxy never saw continue from that reply gets the placeholder back
    fresh = client.responses.create(model=MODEL, input="go ahead")
    assert fresh.output_text == f"Writing to {placeholder}."


def test_restore_scope_keeps_the_scope_wide_behaviour(
    start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any
) -> None:
    proxy = start_proxy(tmp_path, extra_args=["--set", "anonamoose_restore=scope"])
    client = openai_client(proxy)
    chat(client, f"Please mail {EMAIL} today")
    placeholder = email_placeholder_sent(mock_llm)
    mock_llm.reply_text = f"{placeholder} belongs to someone."
    for stream in (False, True):
        assert chat(client, f"Who is {placeholder}?", stream=stream) == f"{EMAIL} belongs to someone."
    # still never across tenants
    assert chat(openai_client(proxy, api_key="sk-other"), "Who?") == f"{placeholder} belongs to someone."
