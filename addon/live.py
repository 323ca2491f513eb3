"""The placeholder style and scope TTL in force: the proxy's options, overridden live by `anonamoose settings set`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

from addon.detection import CHECK_INTERVAL_S
from addon.operations.runtime_settings import canonical_style, canonical_ttl
from store import stored_settings as store_settings

log = logging.getLogger("anonamoose")


class Runtime(NamedTuple):
    style: str
    ttl_seconds: int


def runtime_from_store(base: Runtime) -> Runtime:
    """`base` with the stored style and ttl applied; a stored value that does not parse is ignored (logged)."""
    stored = store_settings.all_settings()
    style, ttl = base
    try:
        if stored.get("style") is not None:
            style = canonical_style(stored["style"])
        if stored.get("ttl") is not None:
            ttl = canonical_ttl(stored["ttl"])
    except ValueError as exc:
        log.warning("anonamoose: ignoring a stored style/ttl setting (%s)", exc)
    return Runtime(style, ttl)


class LiveSettings:
    """Hands out the current Runtime; looks at the store at most every few seconds."""

    def __init__(self, base: Runtime, clock: Callable[[], float] = time.monotonic):
        self.base = base
        self._clock = clock
        self._lock = threading.Lock()
        self._current = base
        self._version: str | None = None
        self._checked_at = float("-inf")

    def get(self) -> Runtime:
        with self._lock:
            now = self._clock()
            if now - self._checked_at < CHECK_INTERVAL_S:
                return self._current
            self._checked_at = now
            version = store_settings.settings_version()
            if version != self._version:
                self._current = runtime_from_store(self.base)
                self._version = version
            return self._current
