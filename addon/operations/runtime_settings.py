"""`settings get|set`: runtime settings held in the store, validated here, read by a running proxy within seconds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from addon.options import parse_style
from addon.units import parse_duration
from detectors.detection_settings import parse_layers, parse_locales, parse_min_score
from detectors.types import DEFAULT_LOCALES, LAYERS, LOCALES
from store import stored_settings as stored


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
