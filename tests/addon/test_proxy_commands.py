"""The `anonamoose.*` mitmproxy commands, registered through mitmproxy's command manager and called by name."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from mitmproxy import command, exceptions
from mitmproxy.test import taddons, tflow, tutils

from addon.proxy import Anonamoose
from addon.proxy_commands import AnonamooseCommands

EMAIL = "jane.doe@example.com"
CARD = "4111 1111 1111 1111"


def chat_flow(text: str, session: str | None = None):
    flow = tflow.tflow()
    flow.request.host, flow.request.port, flow.request.scheme = "api.openai.com", 443, "https"
    flow.request.path, flow.request.method = "/v1/chat/completions", "POST"
    flow.request.headers["content-type"] = "application/json"
    flow.request.headers["authorization"] = "Bearer sk-test-1"
    if session:
        flow.request.headers["x-anonamoose-session"] = session
    flow.request.raw_content = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}).encode()
    return flow


@pytest.fixture
def proxy(tmp_path):
    addon = Anonamoose()
    assert any(isinstance(child, AnonamooseCommands) for child in addon.addons)
    with taddons.context(addon) as tctx:
        tctx.configure(addon, confdir=str(tmp_path / "conf"), anonamoose_db=str(tmp_path / "m.db"))
        yield addon, tctx.master.commands
        addon.done()  # drain the flow-log writes before the database closes


async def exchange(addon: Anonamoose, text: str, session: str | None = None):
    flow = chat_flow(text, session)
    await addon.request(flow)
    flow.response = tutils.tresp(content=b'{"choices": []}', headers=[(b"content-type", b"application/json")])
    await addon.response(flow)
    return flow


def settle(addon: Anonamoose) -> None:
    """Wait for the flow log writes the hooks queued, so the store holds every flow."""
    addon.executor.shutdown(wait=True)
    addon.executor = ThreadPoolExecutor(max_workers=2)


def test_commands_are_registered_typed_and_documented(proxy):
    _, commands = proxy
    expected = {
        "anonamoose.stats": ([("since", "str")], "data[][]"),
        "anonamoose.forget": ([("value", "str")], "int"),
        "anonamoose.sessions": ([("include_expired", "bool")], "data[][]"),
        "anonamoose.flows": ([], "data[][]"),
        "anonamoose.inspect.clear": ([], "int"),
    }
    for name, (params, returns) in expected.items():
        cmd = commands.commands[name]
        assert [(p.name, command.typename(p.type)) for p in cmd.parameters] == params
        assert command.typename(cmd.return_type) == returns
        assert cmd.help and len(cmd.help) > 30


async def test_stats_counts_requests_pii_and_types(proxy):
    addon, commands = proxy
    await exchange(addon, f"Mail {EMAIL} about card {CARD}")
    await exchange(addon, "Nothing personal here.")
    settle(addon)
    rows = dict(commands.call_strings("anonamoose.stats", ["all"]))
    assert rows["requests"] == "2" and rows["pii"] == "2" and rows["errors"] == "0"
    assert rows["type EMAIL_ADDRESS"] == "1" and rows["type CREDIT_CARD"] == "1"
    assert rows["layer patterns"] == "2"
    assert EMAIL not in json.dumps(rows)


def test_stats_refuses_a_bad_period(proxy):
    _, commands = proxy
    with pytest.raises(exceptions.CommandError, match="Cannot parse since"):
        commands.call_strings("anonamoose.stats", ["yesterday"])


async def test_forget_erases_the_mappings_and_the_views_memory(proxy):
    addon, commands = proxy
    first = await exchange(addon, f"Mail {EMAIL}", session="a")
    await exchange(addon, f"Also {EMAIL.upper()}", session="b")
    other = await exchange(addon, f"Card {CARD}")
    assert commands.call_strings("anonamoose.forget", [EMAIL]) == 2  # one mapping in each session
    assert commands.call_strings("anonamoose.forget", [EMAIL]) == 0
    assert addon.inspections.get(first.id) is None and addon.inspections.get(other.id) is not None
    with pytest.raises(exceptions.CommandError, match="value"):
        commands.call_strings("anonamoose.forget", ["  "])


async def test_sessions_lists_scopes_without_values(proxy):
    addon, commands = proxy
    await exchange(addon, f"Mail {EMAIL} about card {CARD}", session="conv-1")
    header, *rows = commands.call_strings("anonamoose.sessions", [])
    assert header[0] == "id" and len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert len(row["id"]) == 12 and row["session"] == "True" and row["mappings"] == "2"
    assert row["by_type"] == "CREDIT_CARD×1, EMAIL_ADDRESS×1"
    assert EMAIL not in json.dumps(rows)


async def test_flows_lists_what_the_view_can_show_and_clear_drops_it(proxy):
    addon, commands = proxy
    flow = await exchange(addon, f"Mail {EMAIL}")
    header, *rows = commands.call_strings("anonamoose.flows", [])
    assert header == ["flow", "texts", "types"] and rows == [[flow.id, "1", "EMAIL_ADDRESS×1"]]
    assert commands.call_strings("anonamoose.inspect.clear", []) == 1
    assert commands.call_strings("anonamoose.flows", []) == [header]
