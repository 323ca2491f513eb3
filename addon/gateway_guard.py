"""The gateway guard: never listen beyond loopback without proxy authentication, however the proxy was started.

Checked in the addon's `configure`, so it holds for `anonamoose run`, `mitmdump -s` and `mitmweb` alike, and for
every way an address can be given: `--listen-host`, `--set listen_host`, `--mode MODE@HOST:PORT`, or a mode
that listens on every interface by default (an empty listen host).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from mitmproxy.proxy.mode_specs import ProxyMode

# Modes whose clients can send proxy credentials: beyond loopback they always need proxyauth.
AUTHENTICATING_MODES = frozenset({"regular", "upstream", "socks5"})
# Modes reached by routing (or holding their own keys) whose clients cannot send proxy credentials: beyond
# loopback they need proxyauth or the operator's explicit anonamoose_unauthenticated_gateway.
ROUTED_MODES = frozenset({"transparent", "wireguard", "reverse", "dns", "tun"})
# Modes that capture this machine's own traffic and open no listening socket.
LOCAL_MODES = frozenset({"local"})
WAIVER = "anonamoose_unauthenticated_gateway"
PROXYAUTH_ENV = "ANONAMOOSE_PROXYAUTH"  # proxyauth from the environment, never on a command line `ps` shows


@dataclass(frozen=True)
class Listener:
    mode: str  # the mode's name, e.g. "regular"
    spec: str  # the mode spec as given
    host: str  # "" means every interface


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost`; an empty host (every interface), 0.0.0.0, :: and names are not."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1, as dual-stack sockets report peers
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def listeners(listen_host: str, modes: Sequence[str]) -> list[Listener]:
    """Every address the proxy will listen on, one per mode; ValueError for a mode spec mitmproxy refuses."""
    found = []
    for spec in modes or ["regular"]:
        mode = ProxyMode.parse(spec)
        if mode.type_name in LOCAL_MODES:
            continue
        found.append(Listener(mode.type_name, spec, mode.listen_host(listen_host or None)))
    return found


def client_allowed(peer_host: str, mode: str, proxyauth: str | None, waiver: bool) -> bool:
    """Whether a client connection may be served: from loopback, or proxyauth set, or a waived routed mode.

    Checked per connection as well as at start-up, so a listener bound before the addon loaded serves no one else.
    """
    if proxyauth and proxyauth.strip().lower() != "any":
        return True
    return is_loopback_host(peer_host) or (mode in ROUTED_MODES and waiver) or mode in LOCAL_MODES


def guard_problem(listen_host: str, modes: Sequence[str], proxyauth: str | None, waiver: bool) -> str | None:
    """Why the proxy must not start with these options (one sentence), or None when it may."""
    if proxyauth and proxyauth.strip().lower() != "any":  # `any` accepts any credentials: no authentication
        return None
    for listener in listeners(listen_host, modes):
        if is_loopback_host(listener.host):
            continue
        if listener.mode in ROUTED_MODES and waiver:
            continue
        where = f"{listener.host}" if listener.host else "every interface"
        hint = (
            f", or set {WAIVER}=true for a routed gateway whose clients cannot authenticate"
            if listener.mode in ROUTED_MODES
            else ""
        )
        return (
            f"anonamoose will not start: mode {listener.spec!r} would listen on {where}, beyond loopback, without "
            f"proxy authentication; set proxyauth (anonamoose run --proxyauth-file PATH, or ANONAMOOSE_PROXYAUTH) "
            f"or listen on 127.0.0.1{hint}."
        )
    return None
