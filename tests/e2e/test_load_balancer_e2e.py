"""Two instances on one PostgreSQL behind HAProxy in TCP mode: the client sees one proxy, turns land on both.

Each new connection goes to the next instance (round robin), so a client per turn hops between them; the mitmdump
logs show which instance served what. Placeholders are identical whichever instance redacts, and replies are
restored by either.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from store.crypto import KEY_FILENAME

pytestmark = pytest.mark.e2e

MODEL = "gpt-4o-mini"
SESSION = {"x-anonamoose-session": "behind-the-balancer"}
FIRST = "Please ring Priya Raman on +61 412 345 678 or mail priya.raman@example.com about invoice 4471."
PLACEHOLDER = re.compile(r"\[[A-Z_]+_[0-9A-Z]{5,}\]")
CHAT_PATH = "/v1/chat/completions"
KEY_DEADLINE_S = 60.0


@dataclass
class Gateway:
    """What a client is configured with: the balancer's address and the instances' shared CA."""

    url: str
    ca_cert: Path


def sent(request: Any) -> str:
    return str(request.json["messages"][-1]["content"])


def served(proxy: Any) -> int:
    return proxy.log_text().count(CHAT_PATH)


def test_a_conversation_through_haproxy_hops_between_instances(
    start_proxy: Any,
    tmp_path: Path,
    new_pg_store: Callable[[], str],
    load_balancer: Any,
    mock_llm: Any,
    openai_client: Any,
) -> None:
    db_url = new_pg_store()
    a = start_proxy(tmp_path, env={"ANONAMOOSE_DB": db_url})
    key_file = a.confdir / KEY_FILENAME
    deadline = time.monotonic() + KEY_DEADLINE_S
    while not key_file.exists():  # A creates its key while the addon loads, after mitmdump opened its port
        assert time.monotonic() < deadline, "instance A wrote no key"
        time.sleep(0.1)
    key = key_file.read_text().strip()
    confdir_b = tmp_path / "confdir-b"
    confdir_b.mkdir()
    for path in a.confdir.glob("mitmproxy-*"):  # the CA is shared; the key comes through the environment
        shutil.copy2(path, confdir_b / path.name)
    b = start_proxy(tmp_path, env={"ANONAMOOSE_DB": db_url, "ANONAMOOSE_KEY": key}, confdir=confdir_b)
    gateway = Gateway(load_balancer([a, b]).url, a.ca_cert)

    def ask(messages: list[dict[str, str]], stream: bool = False) -> str:
        client = openai_client(gateway, default_headers=SESSION)  # a new connection: the next instance
        if stream:
            chunks = client.chat.completions.create(model=MODEL, messages=messages, stream=True)  # type: ignore[call-overload]
            return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        return str(client.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content)  # type: ignore[arg-type]

    first_reply = ask([{"role": "user", "content": FIRST}])
    assert first_reply == "You said: " + FIRST
    turn1 = PLACEHOLDER.findall(sent(mock_llm.last))
    assert len(turn1) >= 2 and "priya.raman@example.com" not in sent(mock_llm.last)
    history = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": first_reply},
        {"role": "user", "content": "Again: priya.raman@example.com"},
    ]
    assert ask(history) == "You said: Again: priya.raman@example.com"
    upstream = mock_llm.last.json["messages"]
    assert PLACEHOLDER.findall(upstream[0]["content"]) == turn1
    email = next(p for p in turn1 if p.startswith("[EMAIL"))
    assert PLACEHOLDER.findall(upstream[2]["content"]) == [email]

    # Replies naming the placeholders are restored whichever instance carries them, streamed or not.
    mock_llm.reply_text = f"Done: {' / '.join(turn1)}."
    replies = {ask([{"role": "user", "content": "summarise"}], stream=n % 2 == 1) for n in range(4)}
    assert len(replies) == 1
    restored = replies.pop()
    assert "priya.raman@example.com" in restored and not PLACEHOLDER.findall(restored)

    # The same first sightings, many at once through the balancer: no error, one placeholder per value.
    mock_llm.reply_text = None
    texts = [f"Ticket {n}: contact ops.{n}@example.org or +61 413 555 {n:03d}." for n in range(6)]
    before = len(mock_llm.requests)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda t: ask([{"role": "user", "content": t}]), texts * 2))
    assert results == ["You said: " + t for t in texts * 2]
    wires: dict[str, set[str]] = {}
    for request in mock_llm.requests[before:]:
        wire = sent(request)
        assert "@example.org" not in wire
        wires.setdefault(wire.split(":", 1)[0], set()).add(wire)
    assert len(wires) == len(texts) and all(len(w) == 1 for w in wires.values())

    assert served(a) >= 3 and served(b) >= 3  # the turns really landed on both instances
