"""Several proxies as one: two real mitmdump instances sharing one PostgreSQL store, one key and one CA.

Instance A keeps the key in its confdir, as a single instance does; B gets a confdir holding a copy of A's CA
and the same key through $ANONAMOOSE_KEY. A client may talk to either; the operator's CLI talks to the store.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openai
import peewee
import pytest

from store.crypto import KEY_FILENAME
from store.db import close_db, open_db, tuple_rows
from store.models import Mapping
from tests.e2e.conftest import eventually

pytestmark = pytest.mark.e2e

MODEL = "gpt-4o-mini"
SESSION = {"x-anonamoose-session": "conversation-1"}
FIRST = (
    "Please email Jane Citizen at jane.citizen@example.com about card 4111 1111 1111 1111; "
    "her mobile is +61 412 345 678."
)
# Well inside the 30 s a proxy may cache a lookup: passing proves an erasure elsewhere dropped the cache.
FORGET_DEADLINE_S = 10.0
# A detector rebuild after `settings set` loads spaCy again.
SETTINGS_DEADLINE_S = 25.0
STARTUP_DEADLINE_S = 60.0
PLACEHOLDER = re.compile(r"\[[A-Z]+_[0-9A-Z]{5,}\]")
ANONAMOOSE_CLI = Path(sys.executable).parent / "anonamoose"


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def sent(request: Any) -> str:
    return str(request.json["messages"][-1]["content"])


def share_ca(source: Path, target: Path) -> None:
    """Copy the proxy CA (not the store key) from one confdir to another."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("mitmproxy-*"):
        shutil.copy2(path, target / path.name)


class Pair:
    """Two instances, their store URL and the environment an operator's CLI needs to reach the same store."""

    def __init__(self, a: Any, b: Any, db_url: str, key: str) -> None:
        self.a, self.b, self.instances = a, b, (a, b)
        self.db_url = db_url
        self.cli_env = {**os.environ, "ANONAMOOSE_DB": db_url, "ANONAMOOSE_KEY": key}

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [str(ANONAMOOSE_CLI), *args], env=self.cli_env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def start_pair(start_proxy: Any, tmp_path: Path, db_url: str) -> Pair:
    a = start_proxy(tmp_path, env={"ANONAMOOSE_DB": db_url})
    key_file = a.confdir / KEY_FILENAME
    # A creates its key while the addon starts, which may finish after mitmdump opened its port.
    eventually(key_file.exists, bool, STARTUP_DEADLINE_S)
    key = key_file.read_text().strip()
    confdir_b = tmp_path / "confdir-b"
    share_ca(a.confdir, confdir_b)
    b = start_proxy(tmp_path, env={"ANONAMOOSE_DB": db_url, "ANONAMOOSE_KEY": key}, confdir=confdir_b)
    assert b.ca_cert.read_bytes() == a.ca_cert.read_bytes()
    assert not (confdir_b / KEY_FILENAME).exists()  # B really uses the key from the environment
    return Pair(a, b, db_url, key)


@pytest.fixture
def pair(start_proxy: Any, tmp_path: Path, new_pg_store: Callable[[], str]) -> Pair:
    return start_pair(start_proxy, tmp_path, new_pg_store())


def ask(client: openai.OpenAI, messages: list[dict[str, str]], stream: bool = False) -> str:
    if stream:
        chunks = client.chat.completions.create(model=MODEL, messages=messages, stream=True)  # type: ignore[call-overload]
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    reply = client.chat.completions.create(model=MODEL, messages=messages)  # type: ignore[arg-type]
    return str(reply.choices[0].message.content)


def test_a_conversation_hopping_between_instances(pair: Pair, mock_llm: Any, openai_client: Any) -> None:
    via_a = openai_client(pair.a, default_headers=SESSION)
    via_b = openai_client(pair.b, default_headers=SESSION)
    first_reply = ask(via_a, [{"role": "user", "content": FIRST}])
    assert first_reply == "You said: " + FIRST
    turn1 = placeholders_in(sent(mock_llm.last))
    assert len(turn1) >= 3
    provider_wrote = "You said: " + sent(mock_llm.last)

    # Turn 2 through B: the same placeholders, and A's reply goes back upstream as the provider wrote it.
    history = [
        {"role": "user", "content": FIRST},
        {"role": "assistant", "content": first_reply},
        {"role": "user", "content": "And again: jane.citizen@example.com"},
    ]
    assert ask(via_b, history) == "You said: And again: jane.citizen@example.com"
    upstream = mock_llm.last.json["messages"]
    assert placeholders_in(upstream[0]["content"]) == turn1
    assert upstream[1]["content"] == provider_wrote
    email = next(p for p in turn1 if p.startswith("[EMAIL_"))
    assert placeholders_in(upstream[2]["content"]) == [email]

    # Replies quoting placeholders only A has seen in a request are restored by B (and A), streamed or not.
    mock_llm.reply_text = f"Done: {' / '.join(turn1)}."
    expected = ask(via_a, [{"role": "user", "content": "summarise"}])
    assert not placeholders_in(expected) and "jane.citizen@example.com" in expected
    assert ask(via_b, [{"role": "user", "content": "summarise"}]) == expected
    assert ask(via_b, [{"role": "user", "content": "summarise"}], stream=True) == expected


def test_concurrent_first_sightings_through_both_instances(pair: Pair, mock_llm: Any, openai_client: Any) -> None:
    clients = [openai_client(proxy, default_headers=SESSION) for proxy in pair.instances]
    rounds = 6
    texts = [
        f"Round {n}: write to person.{n}@example.org or call +61 412 345 {n:03d} before noon." for n in range(rounds)
    ]
    barrier = threading.Barrier(len(clients))

    def send(i: int, text: str) -> str:
        barrier.wait()
        return ask(clients[i], [{"role": "user", "content": text}])

    with ThreadPoolExecutor(len(clients)) as pool:
        for text in texts:
            replies = list(pool.map(send, range(len(clients)), [text] * len(clients)))
            assert replies == ["You said: " + text] * len(clients)  # no error, restored on both
    by_round: dict[str, set[str]] = {}
    for request in mock_llm.requests:
        wire = sent(request)
        assert "@example.org" not in wire
        by_round.setdefault(wire.split(":", 1)[0], set()).add(wire)
    assert len(by_round) == rounds
    assert all(len(wires) == 1 for wires in by_round.values()), by_round  # identical placeholders on both

    open_db(pair.db_url)
    try:
        per_value = Mapping.select(Mapping.value_hash, Mapping.entity_type, peewee.fn.COUNT(Mapping.id)).group_by(
            Mapping.scope, Mapping.value_hash, Mapping.entity_type
        )
        counts = [row[2] for row in tuple_rows(per_value)]
    finally:
        close_db()
    assert len(counts) >= 2 * rounds
    assert set(counts) == {1}  # one mapping per value, however many instances saw it first


def test_forget_and_settings_from_the_cli_reach_every_instance(pair: Pair, mock_llm: Any, openai_client: Any) -> None:
    clients = [openai_client(proxy, default_headers=SESSION) for proxy in pair.instances]
    ask(clients[0], [{"role": "user", "content": "Please mail jane.citizen@example.com today"}])
    placeholder = placeholders_in(sent(mock_llm.last))[0]
    mock_llm.reply_text = f"Writing to {placeholder} now."
    for client in clients:
        # Restored from the store, which each instance now caches.
        assert ask(client, [{"role": "user", "content": "go ahead"}]) == "Writing to jane.citizen@example.com now."

    assert json.loads(pair.cli("forget", "JANE.CITIZEN@example.com", "--yes", "--json")) == {"forgotten": 1}
    for client in clients:
        eventually(
            lambda client=client: ask(client, [{"role": "user", "content": "go ahead"}]),
            lambda text: text == f"Writing to {placeholder} now.",
            FORGET_DEADLINE_S,
        )

    mock_llm.reply_text = None
    pair.cli("settings", "set", "style", "pua")
    for client in clients:
        eventually(
            lambda client=client: (ask(client, [{"role": "user", "content": "mail ann@example.com"}]), mock_llm.last),
            lambda result: "\ue000" in sent(result[1]),
            SETTINGS_DEADLINE_S,
        )


def test_a_database_outage_fails_closed_and_recovers(
    start_proxy: Any, tmp_path: Path, private_pg_cluster: Any, mock_llm: Any, openai_client: Any
) -> None:
    # The option this time (the environment still names a SQLite file): it wins.
    proxy = start_proxy(tmp_path, extra_args=["--set", f"anonamoose_db={private_pg_cluster.url}"])
    client = openai_client(proxy)
    assert ask(client, [{"role": "user", "content": FIRST}]) == "You said: " + FIRST

    private_pg_cluster.stop()
    forwarded = len(mock_llm.requests)
    # Values never seen before: their placeholders cannot be stored, so nothing may be sent.
    for text in ("mail bob@example.com", "call Dave Smith on +61 413 555 123"):
        with pytest.raises(openai.APIStatusError) as refused:
            ask(client, [{"role": "user", "content": text}])
        assert refused.value.status_code == 502
        assert refused.value.body["message"].startswith("anonamoose: cannot scan the request")  # type: ignore[index]
    assert len(mock_llm.requests) == forwarded  # nothing left the proxy
    assert proxy.running

    private_pg_cluster.start()
    text = "Write to carol@example.com please"
    reply = eventually(
        lambda: _reply_or_status(client, text), lambda result: result == "You said: " + text, FORGET_DEADLINE_S
    )
    assert reply == "You said: " + text
    assert "carol@example.com" not in sent(mock_llm.last)


def _reply_or_status(client: openai.OpenAI, text: str) -> str | int:
    try:
        return ask(client, [{"role": "user", "content": text}])
    except openai.APIStatusError as exc:
        return exc.status_code
