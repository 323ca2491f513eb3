"""The one parser and formatter each for durations, sizes and "TYPE×n" counts, and how a scope id is shortened.

Durations are implemented in `store.durations` (the store writes TTLs as text in expiry records and may not
import addon); every face and operation takes them from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from store.durations import DURATION_HINT, duration_seconds, duration_text, parse_duration

__all__ = [
    "DURATION_HINT",
    "SCOPE_CHARS",
    "counts_text",
    "duration_seconds",
    "duration_text",
    "parse_duration",
    "parse_size",
    "short_scope",
]

SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$", re.IGNORECASE)
BYTES = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
SCOPE_CHARS = 12  # enough of a keyed-hash scope id to tell scopes apart on screen


def parse_size(value: str) -> int:
    """'1048576', '512k', '8m', '8MB' -> bytes."""
    match = SIZE.match(value)
    if not match:
        raise ValueError("expected a size like 8m, 512k or a number of bytes")
    return int(float(match.group(1)) * BYTES[match.group(2).lower()])


def counts_text(counts: Mapping[str, int], separator: str = " ") -> str:
    """{'PERSON': 1, 'EMAIL': 2} -> 'EMAIL×2 PERSON×1': busiest first, then by name; '' when empty."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return separator.join(f"{name}×{count}" for name, count in ordered)


def short_scope(scope_id: str | None) -> str:
    """The first SCOPE_CHARS characters of a scope id, '-' for none."""
    return "-" if not scope_id else scope_id[:SCOPE_CHARS]
