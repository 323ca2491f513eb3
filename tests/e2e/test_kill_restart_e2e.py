"""kill -9 of a proxy in the middle of a stream, then a restart on the same store: no committed mapping is lost.

A mapping is committed before its request leaves the proxy; the crash takes the stream with it, and the restarted
instance restores the placeholder the provider saw in a later reply of the same session.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from addon.options import default_workers

pytestmark = pytest.mark.e2e

MODEL = "gpt-4o-mini"
SESSION = {"x-anonamoose-session": "crash-1"}
EMAIL = "tomas.novak@example.net"
TEXT = f"Tell Tomas Novak ({EMAIL}, +44 7700 900123) that the order shipped, in several sentences please."
PLACEHOLDER = re.compile(r"\[[A-Z_]+_[0-9A-Z]{5,}\]")
GONE_DEADLINE_S = 15.0


def children(pid: int) -> set[int]:
    """The direct children of a process (its detection workers and multiprocessing's helper)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_9_mid_stream_then_restart_loses_no_mapping(
    backend: str, start_proxy: Any, tmp_path: Path, mock_llm: Any, openai_client: Any, request: Any
) -> None:
    env = {"ANONAMOOSE_DB": request.getfixturevalue("new_pg_store")()} if backend == "postgresql" else {}
    proxy = start_proxy(tmp_path, env=env)
    client = openai_client(proxy, default_headers=SESSION)
    stream = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "user", "content": TEXT}],
        stream=True,
        extra_headers={"x-mock-delay-ms": "400"},  # the upstream is slow: the kill lands mid-stream
    )
    got = ""
    chunks = iter(stream)
    while not got:
        chunk = next(chunks)
        got += "".join(c.delta.content or "" for c in chunk.choices)
    wire = str(mock_llm.last.json["messages"][-1]["content"])
    assert EMAIL not in wire
    placeholders = PLACEHOLDER.findall(wire)
    assert len(placeholders) >= 2
    pid = proxy.pid
    assert pid is not None
    workers = children(pid)
    if default_workers() > 1:  # anonamoose_workers defaults to one process per core
        assert len(workers) >= default_workers()

    proxy.kill()
    with pytest.raises((httpx.HTTPError, openai.APIError)):
        for _ in chunks:  # the stream dies with the proxy
            pass
    # No worker outlives the proxy it served.
    deadline = time.monotonic() + GONE_DEADLINE_S
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if alive(w)]

    proxy.start()
    client = openai_client(proxy, default_headers=SESSION)
    mock_llm.reply_text = f"Done, I wrote to {' and '.join(placeholders)}."
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "confirm"}])
    restored = str(reply.choices[0].message.content)
    assert EMAIL in restored
    assert not PLACEHOLDER.findall(restored)
