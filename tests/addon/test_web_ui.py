"""The mitmweb child addon with mitmproxy's test helpers and mitmweb's own WebAuth addon."""

import pytest
from mitmproxy.test import taddons
from mitmproxy.tools.web.webaddons import WebAddon, WebAuth

from addon.web_ui import MITMWEB_COLUMNS, WEB_PASSWORD_ENV, WebUi, ui_line


def test_the_password_from_the_environment_becomes_web_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WEB_PASSWORD_ENV, " pw-from-env ")
    auth, ui = WebAuth(), WebUi()
    with taddons.context(WebAddon(), auth, ui) as tctx:
        tctx.configure(ui)
        assert tctx.options.web_password == "pw-from-env"
        assert auth.is_valid_password("pw-from-env")


def test_a_web_password_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WEB_PASSWORD_ENV, "pw-from-env")
    ui = WebUi()
    with taddons.context(WebAddon(), WebAuth(), ui) as tctx:
        tctx.configure(ui, web_password="chosen")
        assert tctx.options.web_password == "chosen"


def test_without_the_environment_mitmweb_keeps_its_own_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WEB_PASSWORD_ENV, raising=False)
    ui = WebUi()
    with taddons.context(WebAddon(), WebAuth(), ui) as tctx:
        tctx.configure(ui)
        assert tctx.options.web_password == ""


def test_under_mitmdump_it_is_inert(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WEB_PASSWORD_ENV, "pw")
    ui = WebUi()
    with taddons.context(ui) as tctx:
        tctx.configure(ui)  # no web_password option: nothing to set
        ui.running()  # no web_url: nothing to print
        assert "web_password" not in tctx.options


def test_the_printed_line_holds_the_token_url_but_never_a_chosen_password() -> None:
    assert "http://127.0.0.1:8081/?token=abc (the token changes" in ui_line("http://127.0.0.1:8081/?token=abc", False)
    line = ui_line("http://127.0.0.1:8081/", True)
    assert line.startswith("anonamoose: mitmweb UI at http://127.0.0.1:8081/ (log in with the web password")


def test_the_flow_list_shows_the_addon_s_comments_unless_the_user_chose_columns() -> None:
    ui = WebUi()
    with taddons.context(WebAddon(), WebAuth(), ui) as tctx:
        assert list(tctx.options.web_columns) == MITMWEB_COLUMNS  # mitmweb's own default, as the addon knows it
        tctx.configure(ui)
        assert list(tctx.options.web_columns) == [*MITMWEB_COLUMNS, "comment"]
        tctx.configure(ui, web_columns=["path", "status"])
        assert list(tctx.options.web_columns) == ["path", "status"]
