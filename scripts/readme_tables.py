"""The README's generated parts: the anonamoose_* options table (addon/options.py) and the built-in LLM host list
(addon/hosts.py), each between `<!-- BEGIN name -->` and `<!-- END name -->` markers.

    python scripts/readme_tables.py --check    # exit 1 when README.md differs from the code
    python scripts/readme_tables.py --write    # rewrite those parts of README.md in place
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from addon.hosts import BUILT_IN_HOSTS
from addon.options import OPTIONS

README = Path(__file__).resolve().parent.parent / "README.md"

# Defaults that depend on where the proxy runs: written as the rule, with a check that the declared value fits it.
RULE_DEFAULTS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "anonamoose_db": ("`$ANONAMOOSE_DB`, else `./data/anonamoose.db`", lambda default: default == ""),
    "anonamoose_workers": ("one per core", lambda default: isinstance(default, int) and default >= 1),
}


def default_text(name: str, default: Any) -> str:
    """An option's default as the README writes it: true/false, the value in backticks, or `none`."""
    if name in RULE_DEFAULTS:
        text, fits = RULE_DEFAULTS[name]
        if not fits(default):
            raise ValueError(f"{name}'s default {default!r} no longer follows the rule {text!r}")
        return text
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, list | tuple):
        return ", ".join(f"`{item}`" for item in default) or "none"
    return f"`{default}`"


def options_table() -> str:
    rows = ["| option | default | what it does |", "|---|---|---|"]
    for name, _type, default, help_text, *_choices in OPTIONS:
        rows.append(f"| `{name}` | {default_text(name, default)} | {help_text.replace('|', '\\|')} |")
    return "\n".join(rows)


def hosts_list() -> str:
    return ", ".join(f"`{host}`" for host in BUILT_IN_HOSTS)


PARTS: dict[str, Callable[[], str]] = {"options-table": options_table, "hosts-list": hosts_list}


def replacement(body: str) -> Callable[[re.Match[str]], str]:
    """Keeps both markers and puts `body` between them (a function, so backslashes in it stay as written)."""
    return lambda match: match.group(1) + body + "\n" + match.group(2)


def render(readme: str) -> str:
    """The README with every generated part replaced by what the code says now."""
    for name, generate in PARTS.items():
        marker = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.DOTALL)
        if not marker.search(readme):
            raise ValueError(f"README.md has no <!-- BEGIN {name} --> ... <!-- END {name} --> part")
        readme = marker.sub(replacement(generate()), readme)
    return readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 when README.md is out of date")
    action.add_argument("--write", action="store_true", help="rewrite the generated parts of README.md")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if args.write:
        README.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != current:
        print("README.md is out of date: run python scripts/readme_tables.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
