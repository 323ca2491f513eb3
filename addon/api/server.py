"""Serving the app with uvicorn: `anonamoose api` runs it in its own process; the proxy addon on its loop."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from addon.api.auth import Tokens, check_listen

DEFAULT_LISTEN = "127.0.0.1:8090"


def parse_listen(value: str) -> tuple[str, int]:
    """'127.0.0.1:8090', '[::1]:8090' or ':8090' (loopback) -> (host, port); ValueError otherwise."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{value!r} is not HOST:PORT (e.g. {DEFAULT_LISTEN})")
    return host.strip("[]") or "127.0.0.1", int(port)


def server_config(app: FastAPI, listen: str, tokens: Tokens) -> uvicorn.Config:
    """A uvicorn config for `listen`; ValueError (one line) if it is beyond loopback without a token.

    uvicorn's access log is off: a query string may hold a dictionary term.
    """
    host, port = parse_listen(listen)
    check_listen(host, tokens)
    return uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning", lifespan="on")
