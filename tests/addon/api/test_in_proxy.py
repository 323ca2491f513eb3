"""The ApiServer addon under mitmproxy's test context: option checks in configure, the server's life in running/done."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from addon.api.in_proxy import ApiServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def no_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANONAMOOSE_API_TOKEN", raising=False)
    monkeypatch.delenv("ANONAMOOSE_API_READ_TOKEN", raising=False)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.0.0.0:8090", "refusing to serve the API on 0.0.0.0 without a token"),
        ("8090", "is not HOST:PORT"),
        ("127.0.0.1:99999", "is not HOST:PORT"),
    ],
)
def test_configure_refuses_a_bad_or_unprotected_address(value: str, message: str) -> None:
    addon = ApiServer()
    with taddons.context(addon) as tctx, pytest.raises(exceptions.OptionsError, match=message):
        tctx.configure(addon, anonamoose_api=value)


def test_configure_accepts_any_address_with_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANONAMOOSE_API_TOKEN", "a-token-for-the-api")
    addon = ApiServer()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, anonamoose_api="0.0.0.0:8090")


async def test_off_by_default_serves_nothing() -> None:
    addon = ApiServer()
    with taddons.context(addon):
        await addon.running()
        assert addon.task is None
        await addon.done()


async def test_running_serves_the_api_and_done_stops_it(proxy_key: bytes) -> None:
    port = free_port()
    addon = ApiServer()
    with taddons.context(addon) as tctx:
        tctx.configure(addon, anonamoose_api=f"127.0.0.1:{port}")
        await addon.running()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    health = await client.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            assert health.json() == {"status": "ok"}
            ttl = (await client.get("/api/v1/settings")).json()["ttl"]  # no token: loopback callers are admin
            assert ttl["source"] == "default"
        await addon.done()
        assert addon.task is None
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
