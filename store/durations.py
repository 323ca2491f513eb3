"""Durations as text: '90', '30m', '24h', '7d', '2w' to seconds, and seconds back to the shortest such text.

The one parser and formatter for every duration Anonamoose reads or writes. It lives in the store, the lowest
layer that needs it (expiry records keep TTLs as text like '30d'); faces use it through `addon.units`.
"""

from __future__ import annotations

import re

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DURATION_HINT = "expected a number of seconds or a duration like 30m, 24h, 7d"


def duration_seconds(value: str, unit_required: bool = False) -> float:
    """'90', '30m', '1.5h', '7d', ' 2w ' -> seconds (unit letters in either case); ValueError otherwise.

    With `unit_required`, a bare number is refused too (a period on the command line says its unit).
    """
    match = DURATION.match(str(value))
    if not match or (unit_required and not match.group(2)):
        raise ValueError(DURATION_HINT)
    return float(match.group(1)) * SECONDS[match.group(2).lower()]


def parse_duration(value: str) -> int:
    """'90', '30m', '24h', '7d' -> whole seconds."""
    return int(duration_seconds(value))


def duration_text(seconds: int) -> str:
    """604800 -> '7d', 86400 -> '24h', 5400 -> '90m': the largest unit that divides it (days from two)."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0 and (unit != "d" or seconds >= 2 * size):
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
