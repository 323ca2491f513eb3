"""`anonamoose run`: mitmdump (or mitmweb) with the addon, in regular, gateway or base-URL (reverse) mode."""

from __future__ import annotations

import ipaddress
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

import addon
from addon.cli.params import confdir_option, file_option
from addon.cli.preflight import check_options, check_port, own_listener, prepare_confdir
from addon.gateway_guard import PROXYAUTH_ENV, WAIVER
from addon.web_ui import WEB_PASSWORD_ENV
from store.crypto import default_confdir

SCRIPT = Path(addon.__file__).resolve().parent / "anonamoose.py"


def mitmproxy_binary(web: bool) -> str:
    name = "mitmweb" if web else "mitmdump"
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise click.ClickException(f"{name} is not installed in this environment; run `make install`")
    return found


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_proxyauth_file(path: Path) -> str:
    """The first line of a file holding proxyauth as mitmproxy takes it (USER:PASS, or @htpasswd-path)."""
    try:
        lines = path.read_text().splitlines()
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--proxyauth-file") from exc
    value = lines[0].strip() if lines else ""
    if not value:
        raise click.BadParameter(f"{path} is empty", param_hint="--proxyauth-file")
    return value


def transparent_mode(mitmproxy_args: tuple[str, ...]) -> bool:
    """Whether the extra mitmproxy arguments select transparent mode (`--mode transparent`, `-m transparent`)."""
    modes = [b for a, b in zip(mitmproxy_args, mitmproxy_args[1:], strict=False) if a in ("--mode", "-m")]
    modes += [a.split("=", 1)[1] for a in mitmproxy_args if a.startswith("--mode=")]
    return any(mode == "transparent" or mode.startswith("transparent@") for mode in modes)


def upstream_host_spec(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="--upstream")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"


def sets_option(mitmproxy_args: tuple[str, ...], name: str) -> bool:
    """Whether the extra mitmproxy arguments `--set NAME=...` themselves (mitmproxy refuses an option set twice)."""
    values = [b for a, b in zip(mitmproxy_args, mitmproxy_args[1:], strict=False) if a == "--set"]
    values += [a.split("=", 1)[1] for a in mitmproxy_args if a.startswith("--set=")]
    return any(value.split("=", 1)[0] == name for value in values)


def console_args(web: bool, quiet: bool, mitmproxy_args: tuple[str, ...]) -> list[str]:
    """Our line per intercepted flow in place of mitmdump's own; with --quiet, neither (mitmproxy's --quiet)."""
    if quiet:
        return ["--quiet"]
    args = [] if sets_option(mitmproxy_args, "anonamoose_console") else ["--set", "anonamoose_console=true"]
    verbose = any(a in ("-v", "--verbose") for a in mitmproxy_args) or sets_option(mitmproxy_args, "flow_detail")
    if not web and not verbose:  # mitmweb has no flow_detail; a user who asked for mitmdump's detail keeps it
        args += ["--set", "flow_detail=0"]
    return args


def build_command(
    port: int,
    listen: str,
    web: bool,
    upstream: str | None,
    proxyauth: str | None,
    confdir: Path,
    extra: tuple[str, ...],
    routed_gateway: bool = False,
    quiet: bool = False,
) -> list[str]:
    command = [
        mitmproxy_binary(web),
        "-s",
        str(SCRIPT),
        "--listen-host",
        listen,
        "--listen-port",
        str(port),
        "--set",
        f"confdir={confdir}",
    ]
    if upstream:
        command += ["--mode", f"reverse:{upstream}", "--set", f"anonamoose_hosts={upstream_host_spec(upstream)}"]
    if proxyauth:
        command += ["--set", f"proxyauth={proxyauth}"]
    if routed_gateway:  # the addon's guard lets a transparent or reverse listener beyond loopback run
        command += ["--set", f"{WAIVER}=true"]
    return command + console_args(web, quiet, extra) + list(extra)


def web_args(web_port: int, open_browser: bool) -> list[str]:
    """mitmweb's UI port, and whether it opens a browser (it prints the UI's URL either way)."""
    return ["--set", f"web_port={web_port}", "--set", f"web_open_browser={str(open_browser).lower()}"]


def api_arguments(listen: str, token_file: Path | None, read_token_file: Path | None) -> list[str]:
    """`--set anonamoose_api=HOST:PORT`; tokens from files go to the child's environment, never its argv."""
    from addon.api import auth
    from addon.api.server import parse_listen

    for path, name, hint in (
        (token_file, auth.ADMIN_ENV, "--api-token-file"),
        (read_token_file, auth.READ_ENV, "--api-read-token-file"),
    ):
        if path is not None:
            try:
                os.environ[name] = auth.read_token_file(path)
            except auth.TokenError as exc:
                raise click.BadParameter(str(exc), param_hint=hint) from exc
    try:
        auth.check_listen(parse_listen(listen)[0], auth.Tokens.load())
    except (auth.TokenError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    return ["--set", f"anonamoose_api={listen}"]


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=int, default=8080, show_default=True, help="Port to listen on.")
@click.option(
    "--listen",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; beyond loopback (gateway mode) needs --proxyauth.",
)
@click.option("--web", is_flag=True, help="Run mitmweb (the browser UI) instead of mitmdump; prints the UI's URL.")
@click.option("--web-port", type=int, default=8081, show_default=True, help="With --web: the UI's port.")
@click.option(
    "--web-password",
    metavar="PASSWORD",
    default=None,
    help=f"With --web: a fixed UI password (plain or an argon2 hash) instead of a new token each start; "
    f"mitmweb gets it from ${WEB_PASSWORD_ENV} (or set that yourself), never on its command line.",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="With --web: open the UI in a browser where one is available.",
)
@click.option(
    "--upstream",
    metavar="URL",
    default=None,
    help="Base-URL mode: serve URL's API on this port (e.g. https://api.openai.com).",
)
@click.option(
    "--proxyauth",
    metavar="USER:PASS|@htpasswd",
    default=None,
    help="Require proxy authentication (mitmproxy's proxyauth option; visible in `ps`).",
)
@file_option(
    "--proxyauth-file", help=f"Read proxyauth from this file's first line, kept out of `ps` (or set ${PROXYAUTH_ENV})."
)
@confdir_option
@click.option(
    "--quiet", "-q", is_flag=True, help="No line per intercepted flow; mitmproxy logs errors only (its own --quiet)."
)
@click.option(
    "--api",
    "api_listen",
    metavar="HOST:PORT",
    default=None,
    help="Also serve the management API on HOST:PORT, in the proxy process (see `anonamoose api`).",
)
@file_option("--api-token-file", help="The API's admin token from this file [default: $ANONAMOOSE_API_TOKEN].")
@file_option(
    "--api-read-token-file", help="The API's read-only token from this file [default: $ANONAMOOSE_API_READ_TOKEN]."
)
@click.argument("mitmproxy_args", nargs=-1, type=click.UNPROCESSED)
def run(
    port: int,
    listen: str,
    web: bool,
    web_port: int,
    web_password: str | None,
    open_browser: bool,
    upstream: str | None,
    proxyauth: str | None,
    proxyauth_file: Path | None,
    confdir: Path | None,
    quiet: bool,
    api_listen: str | None,
    api_token_file: Path | None,
    api_read_token_file: Path | None,
    mitmproxy_args: tuple[str, ...],
) -> None:
    """Start the proxy (arguments after -- go to mitmproxy).

    Each intercepted flow prints one line: host, status, PII types×counts, placeholders restored and ms, never a
    value (--quiet for none).

    \b
    Examples:
      anonamoose run
      anonamoose run --port 3128 --web
      anonamoose run --web --no-open --web-port 9090
      anonamoose run --upstream https://api.openai.com --port 8000
      anonamoose run --listen 0.0.0.0 --proxyauth-file proxyauth.txt
      anonamoose run --api 127.0.0.1:8090
      anonamoose run -- --set anonamoose_style=pua
    """
    if web_password is not None and not web:
        raise click.UsageError("--web-password is for mitmweb's UI: add --web")
    if web_password:
        os.environ[WEB_PASSWORD_ENV] = web_password  # the child reads it; never in its argv
    if api_listen is not None:
        mitmproxy_args = (*api_arguments(api_listen, api_token_file, api_read_token_file), *mitmproxy_args)
    if proxyauth_file is not None:
        # The child inherits it from the environment (readable by this user only), never from argv.
        os.environ[PROXYAUTH_ENV] = read_proxyauth_file(proxyauth_file)
    authenticated = bool(proxyauth or os.environ.get(PROXYAUTH_ENV, "").strip())
    # Reverse and transparent modes only reach the hosts they serve or were routed to: no open relay.
    routed = bool(upstream) or transparent_mode(mitmproxy_args)
    if not is_loopback(listen) and not authenticated and not routed:
        raise click.UsageError(
            f"listening on {listen} would open the proxy to the network: add --proxyauth USER:PASS or "
            f"--proxyauth-file PATH (gateway mode)"
        )
    check_options(mitmproxy_args)
    if own_listener(mitmproxy_args):
        check_port(listen, port)
    confdir = (confdir or default_confdir()).resolve()
    prepare_confdir(confdir)
    routed_gateway = routed and not is_loopback(listen) and not authenticated
    extra = (*web_args(web_port, open_browser), *mitmproxy_args) if web else mitmproxy_args
    command = build_command(port, listen, web, upstream, proxyauth, confdir, extra, routed_gateway, quiet)
    click.echo(
        f"anonamoose: {'mitmweb' if web else 'mitmdump'} on {listen}:{port}"
        + (f", serving {upstream}" if upstream else "")
        + f"; CA in {confdir}"
        + ("; the UI's URL follows once it listens" if web else ""),
        err=True,
    )
    os.execv(command[0], command)


COMMANDS = [run]
