"""`settings get|set`: runtime settings held in the store, validated here, read by a running proxy within seconds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from addon.options import parse_style
from addon.units import parse_duration
from detectors.detection_settings import parse_layers, parse_locales, parse_min_score
from detectors.types import DEFAULT_LOCALES, LAYERS, LOCALES
from store import stored_settings as stored
from store.crypto import default_confdir


def canonical_layers(value: Any) -> str:
    chosen = parse_layers(str(value))
    return "all" if chosen == frozenset(LAYERS) else ",".join(layer for layer in LAYERS if layer in chosen)


def canonical_locale(value: Any) -> str:
    chosen = parse_locales(str(value))
    if chosen == frozenset(LOCALES):
        return "all"
    return "default" if chosen == frozenset(DEFAULT_LOCALES) else ",".join(loc for loc in LOCALES if loc in chosen)


def canonical_min_score(value: Any) -> float:
    try:
        return parse_min_score(value)
    except (TypeError, ValueError) as exc:
        raise ValueError("expected a number between 0 and 1") from exc


def canonical_style(value: Any) -> str:
    return parse_style(str(value).strip().lower())


def canonical_ttl(value: Any) -> int:
    """Seconds, from a number or a duration like 30m, 24h, 7d."""
    seconds = parse_duration(str(value))
    if seconds < 1:
        raise ValueError("a scope must live at least one second")
    return seconds


# Each key a user may set, and the function that validates a value into the form the store keeps.
SETTINGS: dict[str, Callable[[Any], Any]] = {
    "layers": canonical_layers,
    "locale": canonical_locale,
    "min_score": canonical_min_score,
    "style": canonical_style,
    "ttl": canonical_ttl,
}


def setting_key(key: str) -> str:
    """A known key (min-score and min_score alike); ValueError naming the known ones otherwise."""
    name = key.strip().lower().replace("-", "_")
    if name not in SETTINGS:
        raise ValueError(f"unknown setting {key!r}; choose from {', '.join(SETTINGS)}")
    return name


def parse_setting(key: str, value: Any) -> Any:
    """The value the store keeps for `key`; ValueError with a sentence when it is not valid."""
    name = setting_key(key)
    try:
        return SETTINGS[name](value)
    except ValueError as exc:
        raise ValueError(f"cannot set {name} to {value!r}: {exc}") from exc


def get_settings() -> dict[str, Any]:
    """Every known setting: the stored value, or None where the proxy's own option applies."""
    values = stored.all_settings()
    return {name: values.get(name) for name in SETTINGS}


# Where a value in force comes from, as `settings get` shows it.
STORE, OPTION, DEFAULT = "store", "option", "default"
# mitmproxy reads these from its confdir when it starts, after the command line's --set options.
CONFIG_FILES = ("config.yaml", "config.yml")


def option_name(key: str) -> str:
    """The proxy option a setting overrides: ttl -> anonamoose_ttl."""
    return f"anonamoose_{setting_key(key)}"


def option_default(key: str) -> Any:
    """The proxy option's default, in the form the store keeps (ttl in seconds, min_score a number)."""
    from addon.options import OPTIONS  # the proxy's own declarations: one source for the defaults

    name = option_name(key)
    default = next(option[2] for option in OPTIONS if option[0] == name)
    return SETTINGS[setting_key(key)](default)


def configured_options(confdir: Path | None = None) -> dict[str, Any]:
    """The anonamoose_* options in the confdir's config.yaml (the later file wins), as mitmproxy reads them."""
    from ruamel.yaml import YAML, YAMLError  # only `settings get` reads YAML

    found: dict[str, Any] = {}
    for name in CONFIG_FILES:
        path = (confdir or default_confdir()) / name
        try:
            document = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError):
            continue  # absent or unreadable: mitmproxy would refuse to start on the latter, nothing applies
        if isinstance(document, dict):
            found.update({k: v for k, v in document.items() if str(k).startswith("anonamoose_")})
    return found


def effective_setting(
    key: str, stored_values: dict[str, Any] | None = None, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """{"value", "source", "option"}: the stored value where one is set (and parses), else the proxy's option
    where the confdir's config.yaml sets it, else the option's default.

    A proxy applies a stored value over its own options within seconds. A proxy started with
    `--set anonamoose_KEY=...` uses that where the store has none: the CLI cannot see a command line.
    """
    name = setting_key(key)
    values = stored.all_settings() if stored_values is None else stored_values
    configured = configured_options() if options is None else options
    for source, candidate in ((STORE, values.get(name)), (OPTION, configured.get(option_name(name)))):
        if candidate is not None:
            try:
                return {"value": SETTINGS[name](candidate), "source": source, "option": option_name(name)}
            except ValueError:
                pass  # a proxy ignores a stored value that no longer parses (addon/live.py), and so do we
    return {"value": option_default(name), "source": DEFAULT, "option": option_name(name)}


def effective_settings() -> dict[str, dict[str, Any]]:
    """Every setting in force: value, where it comes from (store, option or default) and the proxy option."""
    values, options = stored.all_settings(), configured_options()
    return {name: effective_setting(name, values, options) for name in SETTINGS}


def get_setting(key: str) -> Any:
    """One setting's stored value, or None where the proxy's own option applies."""
    return stored.get_setting(setting_key(key))


def set_setting(key: str, value: Any) -> Any:
    """Validate and store a setting; returns the value as stored. A running proxy picks it up within seconds."""
    name = setting_key(key)
    parsed = parse_setting(name, value)
    stored.set_setting(name, parsed)
    return parsed


def reset_setting(key: str) -> bool:
    """Remove a stored setting so the proxy's own option applies again; True if it was set."""
    return stored.delete_setting(setting_key(key))
