"""What `anonamoose run` checks before it hands over to mitmproxy, so a mistake ends in one line, not a traceback.

mitmproxy reports the same mistakes only after loading the addon (seconds), with a traceback for a bad option
value, and a port hint in its own syntax (`--mode regular@PORT`) rather than ours (`--port`).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Sequence
from pathlib import Path

import click

PREFIX = "anonamoose_"
API_OPTION_PREFIX = "anonamoose_api="


def set_specs(mitmproxy_args: Sequence[str]) -> list[str]:
    """The `NAME=VALUE` specs of `--set NAME=VALUE` and `--set=NAME=VALUE` among mitmproxy's arguments."""
    specs = [b for a, b in zip(mitmproxy_args, mitmproxy_args[1:], strict=False) if a == "--set"]
    return specs + [a.removeprefix("--set=") for a in mitmproxy_args if a.startswith("--set=")]


def check_options(mitmproxy_args: Sequence[str]) -> None:
    """Parse every `--set anonamoose_*` as the addon will (mitmproxy's own type rules, then the addon's parsers)."""
    # anonamoose_api belongs to the API's own addon; `run --api` checks its HOST:PORT (api_arguments).
    specs = [s for s in set_specs(mitmproxy_args) if s.startswith(PREFIX) and not s.startswith(API_OPTION_PREFIX)]
    if not specs:
        return
    # Imported here: only a run that sets an anonamoose_* option pays for loading the addon's option table.
    from mitmproxy import exceptions, optmanager  # noqa: PLC0415

    from addon.options import OPTIONS, settings_from_options  # noqa: PLC0415

    options = optmanager.OptManager()
    for name, typespec, default, help_text, *choices in OPTIONS:
        options.add_option(name, typespec, default, help_text, choices=choices[0] if choices else None)
    try:
        options.set(*specs)
        settings_from_options(options)
    except (exceptions.OptionsError, ValueError) as exc:
        names = ", ".join(sorted(name for name, *_ in OPTIONS))
        hint = f" (the options are {names})" if "Unknown option" in str(exc) else ""
        raise click.ClickException(f"{exc}{hint}") from exc


def own_listener(mitmproxy_args: Sequence[str]) -> bool:
    """Whether the proxy listens where --listen and --port say: a `--mode` of the user's own may listen elsewhere."""
    return not any(a in ("--mode", "-m") or a.startswith("--mode=") for a in mitmproxy_args)


def check_port(host: str, port: int) -> None:
    """Fail in one line, naming --port, when the proxy could not listen on host:port."""
    if not 0 <= port <= 65535:
        raise click.BadParameter(f"{port} is not a port (0-65535)", param_hint="--port")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As mitmproxy's own listener does: a port left in TIME_WAIT by a proxy that just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} on {host or 'every address'} is in use (another proxy?); choose another with --port"
                ) from exc
            raise click.ClickException(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --listen"
            ) from exc


def prepare_confdir(confdir: Path) -> None:
    """Create (or read) the CA and the mapping key in `confdir`; an unusable directory is one line naming it."""
    # Imported here: the CA code loads mitmproxy's certificate module.
    from addon.certs import ensure_ca  # noqa: PLC0415
    from store.crypto import KeyFileExposed, load_or_create_key  # noqa: PLC0415

    try:
        ensure_ca(confdir)
        load_or_create_key(confdir)
    except OSError as exc:
        where = exc.filename or confdir
        raise click.ClickException(f"cannot use {confdir} as the confdir: {exc.strerror or exc} ({where})") from exc
    except KeyFileExposed:
        raise  # the command group shows its own line
    except ValueError as exc:  # a CA or key file that is not what its name says
        raise click.ClickException(f"cannot read the CA or key in {confdir}: {exc}") from exc
