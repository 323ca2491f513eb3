"""The gateway guard: which listen addresses and modes need proxyauth, and the addon refusing to configure."""

from __future__ import annotations

import pytest
from mitmproxy import exceptions
from mitmproxy.addons.proxyauth import ProxyAuth
from mitmproxy.addons.proxyserver import Proxyserver
from mitmproxy.test import taddons

from addon.gateway_guard import client_allowed, guard_problem, is_loopback_host, listeners
from addon.proxy import Anonamoose


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("", False),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("gateway.lan", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    ("listen_host", "modes", "refused"),
    [
        ("127.0.0.1", ["regular"], False),
        ("0.0.0.0", ["regular"], True),
        ("::", ["regular"], True),
        ("", ["regular"], True),  # mitmproxy's empty listen host is every interface
        ("127.0.0.1", ["regular@0.0.0.0:8080"], True),
        ("127.0.0.1", ["regular@8081"], False),
        ("127.0.0.1", ["regular", "socks5@0.0.0.0:1080"], True),
        ("127.0.0.1", ["upstream:http://corp-proxy:3128@0.0.0.0:8080"], True),
        ("0.0.0.0", ["local"], False),  # captures this machine's own traffic: no listener
        ("", ["transparent"], True),
        ("", ["wireguard"], True),
        ("127.0.0.1", ["reverse:https://api.openai.com@0.0.0.0:9000"], True),
        ("127.0.0.1", ["transparent", "wireguard@127.0.0.1:51820"], False),
    ],
)
def test_listeners_beyond_loopback_need_proxyauth(listen_host, modes, refused):
    problem = guard_problem(listen_host, modes, None, waiver=False)
    assert (problem is not None) is refused
    if refused:
        assert "beyond loopback" in problem and "proxyauth" in problem
    assert guard_problem(listen_host, modes, "alice:s3cret", waiver=False) is None


def test_proxyauth_any_is_no_authentication():
    assert guard_problem("0.0.0.0", ["regular"], "any", waiver=False) is not None


@pytest.mark.parametrize(
    ("modes", "refused"),
    [
        (["transparent"], False),
        (["wireguard"], False),
        (["reverse:https://api.openai.com"], False),
        (["regular"], True),  # clients can send proxy credentials: the waiver never covers it
        (["transparent", "socks5@0.0.0.0:1080"], True),
    ],
)
def test_the_routed_gateway_waiver_covers_only_modes_that_cannot_authenticate(modes, refused):
    assert (guard_problem("0.0.0.0", modes, None, waiver=True) is not None) is refused


def test_listeners_are_mitmproxys_own_reading_of_the_modes():
    found = listeners("127.0.0.1", ["regular", "transparent@0.0.0.0:8081", "local"])
    assert [(item.mode, item.host) for item in found] == [("regular", "127.0.0.1"), ("transparent", "0.0.0.0")]
    with pytest.raises(ValueError):
        listeners("", ["nonsense-mode"])


@pytest.fixture
def context(tmp_path, monkeypatch):
    monkeypatch.delenv("ANONAMOOSE_PROXYAUTH", raising=False)
    addon = Anonamoose()
    with taddons.context(Proxyserver(), ProxyAuth(), addon) as tctx:
        yield addon, tctx, {"confdir": str(tmp_path / "conf"), "anonamoose_db": str(tmp_path / "m.db")}
        addon.done()


def test_the_addon_binds_mitmproxys_default_to_loopback(context):
    addon, tctx, base = context
    tctx.configure(addon, **base)
    assert tctx.options.listen_host == "127.0.0.1"


@pytest.mark.parametrize(
    "options",
    [
        {"listen_host": "0.0.0.0"},
        {"mode": ["regular@0.0.0.0:8080"]},
        {"listen_host": "::"},
        {"mode": ["transparent@0.0.0.0:8080"]},
    ],
)
def test_the_addon_refuses_to_configure_an_open_listener(context, options):
    addon, tctx, base = context
    with pytest.raises(exceptions.OptionsError, match="beyond loopback"):
        tctx.configure(addon, **base, **options)


def test_a_running_proxy_refuses_to_be_opened_later(context):
    addon, tctx, base = context
    tctx.configure(addon, **base)
    with pytest.raises(exceptions.OptionsError, match="beyond loopback"):
        tctx.configure(addon, listen_host="0.0.0.0")


def test_proxyauth_lets_it_listen_beyond_loopback(context):
    addon, tctx, base = context
    tctx.configure(addon, **base, listen_host="0.0.0.0", proxyauth="alice:s3cret")
    assert addon.settings is not None


def test_proxyauth_from_the_environment(context, monkeypatch):
    addon, tctx, base = context
    monkeypatch.setenv("ANONAMOOSE_PROXYAUTH", "alice:s3cret")
    tctx.configure(addon, **base, listen_host="0.0.0.0")
    assert tctx.options.proxyauth == "alice:s3cret"


def test_the_waiver_is_an_option(context):
    addon, tctx, base = context
    tctx.configure(addon, **base, mode=["transparent"], listen_host="0.0.0.0", anonamoose_unauthenticated_gateway=True)
    assert addon.settings is not None


@pytest.mark.parametrize(
    ("peer", "mode", "proxyauth", "waiver", "allowed"),
    [
        ("127.0.0.1", "regular", None, False, True),
        ("::ffff:127.0.0.1", "regular", None, False, True),  # a dual-stack socket's view of loopback
        ("::1", "regular", None, False, True),
        ("192.168.1.20", "regular", None, False, False),
        ("192.168.1.20", "regular", "alice:s3cret", False, True),
        ("192.168.1.20", "regular", "any", False, False),
        ("192.168.1.20", "transparent", None, False, False),
        ("192.168.1.20", "transparent", None, True, True),
        ("192.168.1.20", "regular", None, True, False),
    ],
)
def test_each_connection_is_checked_too(peer, mode, proxyauth, waiver, allowed):
    assert client_allowed(peer, mode, proxyauth, waiver) is allowed


def test_a_client_from_beyond_loopback_is_closed_without_proxyauth(context):
    from mitmproxy.proxy.mode_specs import ProxyMode
    from mitmproxy.test import tflow

    addon, tctx, base = context
    tctx.configure(addon, **base)
    remote = tflow.tclient_conn()
    remote.peername = ("192.168.1.20", 50000)
    remote.proxy_mode = ProxyMode.parse("regular")
    addon.client_connected(remote)
    assert remote.error and "proxyauth" in remote.error
    local = tflow.tclient_conn()
    local.peername = ("127.0.0.1", 50001)
    local.proxy_mode = ProxyMode.parse("regular")
    addon.client_connected(local)
    assert not local.error
