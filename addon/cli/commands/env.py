"""`anonamoose env`: the environment lines a developer pastes so their clients use the proxy and trust its CA."""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

import click

import addon
from addon.certs import ensure_ca, write_bundle
from addon.cli.params import confdir_option, file_option
from store.crypto import default_confdir

SHELLS = ("bash", "zsh", "fish", "powershell")
NO_PROXY = "localhost,127.0.0.1,::1"
BUNDLE_NAME = "ca-bundle.pem"
NODE_BOOTSTRAP = Path(addon.__file__).resolve().parent / "node" / "proxy-bootstrap.cjs"


@dataclass(frozen=True)
class Assignment:
    """One environment variable; `append` adds the value to what the variable already holds (space-separated)."""

    name: str
    value: str
    append: bool = False


def proxy_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host and not host.startswith("[") else f"http://{host}:{port}"


def node_require(path: Path) -> str:
    # NODE_OPTIONS has its own quoting: double quotes keep a path with spaces in one piece.
    text = str(path)
    return f'--require "{text}"' if any(c in text for c in ' "\\') else f"--require {text}"


def client_environment(
    url: str, bundle: Path, ca_cert: Path, node_bootstrap: Path = NODE_BOOTSTRAP
) -> list[Assignment]:
    """What Python (httpx, requests), curl and Node need to send their traffic through the proxy at `url`."""
    proxies = [Assignment(name, url) for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")]
    return [
        *proxies,
        Assignment("NO_PROXY", NO_PROXY),
        Assignment("no_proxy", NO_PROXY),
        # The bundle keeps the public roots, so hosts that are only tunnelled still verify.
        Assignment("SSL_CERT_FILE", str(bundle)),
        Assignment("REQUESTS_CA_BUNDLE", str(bundle)),
        Assignment("CURL_CA_BUNDLE", str(bundle)),
        # Node adds this file to its own roots rather than replacing them.
        Assignment("NODE_EXTRA_CA_CERTS", str(ca_cert)),
        # Node >= 24 (and 22.21) honours the proxy variables natively when asked; older Node needs the bootstrap.
        Assignment("NODE_USE_ENV_PROXY", "1"),
        Assignment("NODE_OPTIONS", node_require(node_bootstrap), append=True),
    ]


def fish_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def powershell_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def render_line(assignment: Assignment, shell: str) -> str:
    """One assignment in `shell`'s syntax, values quoted for it."""
    name, value = assignment.name, assignment.value
    if shell in ("bash", "zsh"):
        prefix = f'"${{{name}:+${name} }}"' if assignment.append else ""
        return f"export {name}={prefix}{shlex.quote(value)}"
    if shell == "fish":
        if assignment.append:
            return f'set -gx {name} (string trim -- "${name} "{fish_quote(value)})'
        return f"set -gx {name} {fish_quote(value)}"
    if shell == "powershell":
        if assignment.append:
            return f'$env:{name} = ("$env:{name} " + {powershell_quote(value)}).Trim()'
        return f"$env:{name} = {powershell_quote(value)}"
    raise ValueError(f"unknown shell {shell!r}; choose one of {', '.join(SHELLS)}")


def render_environment(assignments: list[Assignment], shell: str, url: str) -> str:
    header = f"# Anonamoose: send HTTP(S) clients through {url} and trust its CA ({shell})"
    return "\n".join([header, *(render_line(a, shell) for a in assignments)]) + "\n"


def default_shell() -> str:
    name = Path(os.environ.get("SHELL", "")).name
    return {"pwsh": "powershell"}.get(name, name) if name in (*SHELLS, "pwsh") else "bash"


@click.command(name="env")
@click.option(
    "--shell", type=click.Choice(SHELLS), default=None, help="Syntax of the lines [default: from $SHELL, else bash]."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Host the proxy listens on.")
@click.option("--port", type=int, default=8080, show_default=True, help="Port the proxy listens on.")
@confdir_option
@file_option("--bundle", "bundle_path", help=f"Where to write the combined CA bundle [default: CONFDIR/{BUNDLE_NAME}].")
@click.option("--json", "as_json", is_flag=True, help="Print the variables as a JSON object.")
def env(shell: str | None, host: str, port: int, confdir: Path | None, bundle_path: Path | None, as_json: bool) -> None:
    """Print the lines to paste into a shell so its clients use the proxy (eval "$(anonamoose env)").

    \b
    Examples:
      eval "$(anonamoose env)"
      anonamoose env --shell fish | source
      anonamoose env --port 3128 --json
    """
    confdir = (confdir or default_confdir()).resolve()
    info = ensure_ca(confdir)
    bundle = write_bundle((bundle_path or confdir / BUNDLE_NAME).resolve(), info.cert_path)
    url = proxy_url(host, port)
    assignments = client_environment(url, bundle.path, info.cert_path)
    if as_json:
        click.echo(json.dumps({a.name: a.value for a in assignments}))
        return
    click.echo(render_environment(assignments, shell or default_shell(), url), nl=False)


COMMANDS = [env]
