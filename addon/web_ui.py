"""mitmweb for the operator: the UI's address printed once it listens, its password taken from the environment.

`anonamoose run --web --web-password` passes the password in $ANONAMOOSE_WEB_PASSWORD, never on a command line
that `ps` shows. Without one, mitmweb makes a new token on every start; the printed URL holds it.
"""

from __future__ import annotations

import logging
import os

from mitmproxy import ctx

log = logging.getLogger("anonamoose")
WEB_PASSWORD_ENV = "ANONAMOOSE_WEB_PASSWORD"
# mitmweb's default flow-list columns; the addon adds "comment" (what it redacted or refused) unless the user chose.
MITMWEB_COLUMNS = ["tls", "icon", "path", "method", "status", "size", "time"]


def ui_line(web_url: str, password_set: bool) -> str:
    """The line `anonamoose run --web` shows: where the UI is and how to get in."""
    if password_set:  # mitmproxy never prints a password: the URL holds none
        return f"anonamoose: mitmweb UI at {web_url} (log in with the web password, or add ?token=<password>)"
    return f"anonamoose: mitmweb UI at {web_url} (the token changes on every start; --web-password fixes one)"


class WebUi:
    """A child addon of Anonamoose; inert under mitmdump, which has no web_* options."""

    def configure(self, updated: set[str]) -> None:
        if "web_password" not in ctx.options:
            return
        secret = os.environ.get(WEB_PASSWORD_ENV, "").strip()
        if secret and not ctx.options.web_password:
            ctx.options.update(web_password=secret)
        if "web_columns" in ctx.options and list(ctx.options.web_columns) == MITMWEB_COLUMNS:
            ctx.options.update(web_columns=[*MITMWEB_COLUMNS, "comment"])

    def running(self) -> None:
        web_url = getattr(ctx.master, "web_url", None)  # mitmweb's master only, after its server listens
        if isinstance(web_url, str):
            log.info(ui_line(web_url, bool(ctx.options.web_password)))
