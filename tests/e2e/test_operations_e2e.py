"""Operations against a running proxy: forget, settings and sessions from the CLI take effect without a restart."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from addon.cli import cli
from tests.e2e.conftest import eventually

pytestmark = pytest.mark.e2e

MODEL = "gpt-4o-mini"
EMAIL = "jane.citizen@example.com"
NAME = "Jane Citizen"
# Generous: the proxy looks at the store every 1-2 s; a detector rebuild loads spaCy again.
DEADLINE_S = 25.0
# Well inside the 30 s a proxy may cache a lookup: passing proves the erasure dropped the cache.
FORGET_DEADLINE_S = 10.0


@pytest.fixture
def proxy(start_proxy: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A running proxy; this test process's CLI points at its database and key, as an operator's would."""
    proxy = start_proxy(tmp_path)
    monkeypatch.setenv("ANONAMOOSE_DB", proxy.env["ANONAMOOSE_DB"])
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(proxy.confdir))
    return proxy


def anonamoose(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def ask(client: Any, text: str) -> str:
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": text}])
    return str(reply.choices[0].message.content)


def sent(mock_llm: Any) -> str:
    return str(mock_llm.last.json["messages"][0]["content"])


def test_forget_stops_a_running_proxy_restoring_the_placeholder(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    # One conversation (the session header), so a later turn may restore what an earlier one sent.
    client = openai_client(proxy, default_headers={"x-anonamoose-session": "case-1"})
    ask(client, f"Please mail {EMAIL} today")
    placeholder = re.findall(r"\[EMAIL_[0-9A-Z]+\]", sent(mock_llm))[0]
    mock_llm.reply_text = f"Writing to {placeholder} now."
    # Restored from the store (the request does not hold the value), which the proxy now caches.
    assert ask(client, "go ahead") == f"Writing to {EMAIL} now."
    listed = anonamoose("sessions", "list", "--json").output
    assert EMAIL not in listed
    (scope,) = json.loads(listed)
    assert scope["by_type"] == {"EMAIL_ADDRESS": 1}

    forgotten = anonamoose("forget", EMAIL.upper(), "--yes").output
    assert forgotten == "forgot 1 mapping(s)\n"

    reply = eventually(
        lambda: ask(client, "go ahead"), lambda text: text != f"Writing to {EMAIL} now.", FORGET_DEADLINE_S
    )
    assert reply == f"Writing to {placeholder} now."
    assert json.loads(anonamoose("sessions", "list", "--json").output)[0]["mappings"] == 0


def test_settings_change_what_a_running_proxy_detects(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    client = openai_client(proxy)
    text = f"Please ask {NAME} to reply to {EMAIL} today."
    assert ask(client, text) == f"You said: {text}"
    assert NAME not in sent(mock_llm) and "[PERSON_" in sent(mock_llm) and EMAIL not in sent(mock_llm)

    anonamoose("settings", "set", "layers", "patterns")

    def person_passes() -> bool:
        ask(client, text)
        return NAME in sent(mock_llm)

    eventually(person_passes, bool, DEADLINE_S)
    assert EMAIL not in sent(mock_llm) and "[EMAIL_" in sent(mock_llm)

    listed = anonamoose("sessions", "list", "--json").output
    assert NAME not in listed and EMAIL not in listed
    (scope,) = json.loads(listed)
    assert scope["by_type"] == {"EMAIL_ADDRESS": 1, "PERSON": 1} and scope["mappings"] == 2
    assert json.loads(anonamoose("sessions", "show", scope["id"][:8], "--json").output)["requests"] >= 2


def test_style_and_ttl_settings_reach_a_running_proxy(proxy: Any, mock_llm: Any, openai_client: Any) -> None:
    client = openai_client(proxy)
    text = f"Please mail {EMAIL} today"
    ask(client, text)
    assert "[EMAIL_" in sent(mock_llm)

    anonamoose("settings", "set", "style", "pua")
    anonamoose("settings", "set", "ttl", "1h")

    eventually(lambda: (ask(client, text), sent(mock_llm))[1], lambda wire: "\ue000" in wire, DEADLINE_S)
    assert EMAIL not in sent(mock_llm)
    assert ask(client, text) == f"You said: {text}"  # pua placeholders are restored too
    (scope,) = json.loads(anonamoose("sessions", "list", "--json").output)
    expires = datetime.fromisoformat(scope["expires"].rstrip("Z"))
    last_seen = datetime.fromisoformat(scope["last_seen"].rstrip("Z"))
    assert expires - last_seen == timedelta(hours=1)
