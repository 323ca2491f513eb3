"""TEST ONLY: send every upstream connection mitmproxy opens to the local LLM mock.

Loaded with `mitmdump -s tests/e2e/redirect_upstream.py`; the mock's port comes from the option
`e2e_mock_port` (default: $E2E_MOCK_PORT). It acts like a hosts-file entry plus a port mapping: the TCP
connect for any named host goes to 127.0.0.1:<port>, while mitmproxy keeps the real host everywhere else
(SNI, Host header, `flow.request.host`, `server.address`, connection reuse), so TLS to "api.openai.com"
is verified against the mock's certificate for that name. It works the same for intercepted and
tunnelled (not decrypted) connections, since both are opened by mitmproxy's server connection handler.

Why not rewrite `data.server.address` in `server_connect`: mitmproxy then reports the mock's address as
`flow.request.host` for requests inside a CONNECT tunnel, and it refuses to put the address back once the
connection is open, so flows would not look like real traffic to the addon under test.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
from typing import Any

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy.server_hooks import ServerConnectionHookData

MOCK_HOST = "127.0.0.1"
_REAL_OPEN_CONNECTION = getattr(asyncio.open_connection, "e2e_original", asyncio.open_connection)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def mock_port() -> int:
    return int(ctx.options.e2e_mock_port) if hasattr(ctx.options, "e2e_mock_port") else 0


async def _open_connection_via_mock(host: Any = None, port: Any = None, **kwargs: Any) -> Any:
    # Only names are mapped: there is no DNS here, and IP literals (the mock itself) stay as they are.
    target = mock_port()
    if target and isinstance(host, str) and not _is_ip(host):
        host, port = MOCK_HOST, target
    return await _REAL_OPEN_CONNECTION(host, port, **kwargs)


_open_connection_via_mock.e2e_original = _REAL_OPEN_CONNECTION  # type: ignore[attr-defined]


class RedirectUpstream:
    def load(self, loader: Loader) -> None:
        loader.add_option(
            "e2e_mock_port",
            int,
            int(os.environ.get("E2E_MOCK_PORT", "0")),
            "Port of the local LLM mock every upstream connection is sent to (0: off).",
        )
        # mitmproxy's server connection handler calls asyncio.open_connection(host, port).
        asyncio.open_connection = _open_connection_via_mock

    def done(self) -> None:
        asyncio.open_connection = _REAL_OPEN_CONNECTION

    def server_connect(self, data: ServerConnectionHookData) -> None:
        address = data.server.address
        if mock_port() and address and not _is_ip(address[0]):
            logging.info(f"e2e redirect: {address[0]}:{address[1]} -> {MOCK_HOST}:{mock_port()}")


addons = [RedirectUpstream()]
