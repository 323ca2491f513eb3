"""The `anonamoose` command line: thin click faces over the library's operations.

Each module in addon/cli/commands/ lists its click commands in `COMMANDS`. `LAZY_COMMANDS` below names them
with their one-line help, so `anonamoose --help` and `--version` import no command module (and so neither
Presidio, spaCy nor mitmproxy); a command's module is imported when that command runs or shows its own help.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

from . import commands as command_modules

# name -> (module in addon/cli/commands/, the one-line help `anonamoose --help` lists); a test keeps each line
# equal to its command's own short help, and flags a command module missing here.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "allow": ("dictionary", "Manage the allow-list: terms that are never redacted."),
    "api": ("api", "Serve the management API: /api/v1/*, /healthz, /readyz, /metrics (OpenAPI at /docs)."),
    "audit": (
        "audit",
        "Evidence for an audit: detection, dictionary, retention and expiry records, events, counts, "
        "encryption, and coverage of each HIPAA Safe Harbor identifier and GDPR category with its "
        "latest measured recall.",
    ),
    "certs": ("certs", "Create (if missing) and show the proxy's CA certificate and the mapping key."),
    "dict": ("dictionary", "Manage dictionary terms: always redacted, whatever the other layers say."),
    "env": ("env", 'Print the lines to paste into a shell so its clients use the proxy (eval "$(anonamoose env)").'),
    "forget": ("forget", "Erase every mapping of VALUE in every session; prints how many (never the value)."),
    "hydrate": (
        "sessions",
        "Put a session's values back into a text (an argument, --file, or stdin); prints the values.",
    ),
    "logs": (
        "logs",
        "Show the flow log: what was caught in each request (types, counts and placeholders, never values).",
    ),
    "redact": ("redact", "Find the PII in a text and show it redacted (argument, --file, or stdin)."),
    "report": (
        "report",
        "Summarise intercepted traffic: requests, PII caught, restored placeholders, latency percentiles.",
    ),
    "run": ("run", "Start the proxy (arguments after -- go to mitmproxy)."),
    "sessions": ("sessions", "List, inspect, extend and erase sessions (scopes) and their mappings."),
    "settings": ("settings", "Read and change layers, locale, min_score, style and ttl for running proxies."),
    "top": ("top", "Watch the proxy live: requests per minute, PII by type and layer, hosts, latency, recent flows."),
}


def module_commands(module_name: str) -> dict[str, click.Command]:
    """The commands one module of addon/cli/commands/ lists in `COMMANDS`, by name."""
    module = importlib.import_module(f"{command_modules.__name__}.{module_name}")
    return {command.name: command for command in getattr(module, "COMMANDS", ()) if command.name}


def unlisted_modules() -> list[str]:
    """Command modules `LAZY_COMMANDS` does not name: still registered (imported at once), and flagged by a test."""
    listed = {module for module, _ in LAZY_COMMANDS.values()}
    return sorted(m.name for m in pkgutil.iter_modules(command_modules.__path__) if m.name not in listed)


class AnonamooseGroup(click.Group):
    """The command group: imports a command's module only when it is used, and turns a failure any command
    can meet (a store refusal, a database or file error) into one clear error line, not a traceback."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._unlisted: dict[str, click.Command] | None = None

    def _unlisted_commands(self) -> dict[str, click.Command]:
        if self._unlisted is None:
            self._unlisted = {}
            for module_name in unlisted_modules():
                self._unlisted |= module_commands(module_name)
        return self._unlisted

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS, *self._unlisted_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            return module_commands(LAZY_COMMANDS[cmd_name][0]).get(cmd_name)
        return super().get_command(ctx, cmd_name) or self._unlisted_commands().get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The listed commands' help comes from the table, so listing them imports none of their modules.
        unlisted = self._unlisted_commands()
        commands = {name: click.Command(name, help=text) for name, (_, text) in LAZY_COMMANDS.items()}
        commands |= {name: command for name, command in unlisted.items() if not command.hidden}
        limit = formatter.width - 6 - max(len(name) for name in commands)
        with formatter.section("Commands"):
            formatter.write_dl([(name, commands[name].get_short_help_str(limit)) for name in sorted(commands)])

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            line = one_line_error(exc)
            if line is None:
                raise
            raise click.ClickException(" ".join(line.split())) from exc


def one_line_error(exc: Exception) -> str | None:
    """The line a failure any command can meet is shown as; None for the rest (click's own, and bugs)."""
    from store.crypto import KeyFileExposed  # noqa: PLC0415  (only on failure: keeps --help light)
    from store.db import UnsafeDatabase  # noqa: PLC0415

    if isinstance(exc, KeyFileExposed | UnsafeDatabase):
        return str(exc)
    import peewee  # noqa: PLC0415

    if isinstance(exc, peewee.PeeweeException):
        return f"database error: {exc}"
    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):  # click ends a broken pipe quietly
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return None


@click.group(cls=AnonamooseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="anonamoose", prog_name="anonamoose")
def cli() -> None:
    """Anonamoose keeps personal data out of third-party LLM APIs.

    \b
    Examples:
      anonamoose run
      eval "$(anonamoose env)"
      anonamoose redact "Email Priya Raghunathan at priya@example.com"
      anonamoose report --since 7d
      anonamoose COMMAND --help
    """
