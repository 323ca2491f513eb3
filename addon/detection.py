"""One detector per process, rebuilt when the settings, the dictionary or the allow-list change in the store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from detectors.detector import Detector
from detectors.engine import build_detector
from detectors.settings import DetectionSettings, parse_layers, parse_locales, parse_min_score
from store import dictionary as store_dictionary
from store import settings as store_settings

# How often a running proxy looks at the store for changes made by the CLI.
CHECK_INTERVAL_S = 2.0


def settings_from_store(base: DetectionSettings) -> DetectionSettings:
    """Apply `anonamoose settings set` values (layers, locale, min_score) over `base`."""
    stored = store_settings.all_settings()
    settings = base
    if "layers" in stored:
        settings = replace(settings, layers=parse_layers(str(stored["layers"])))
    if "locale" in stored:
        settings = replace(settings, locales=parse_locales(str(stored["locale"])))
    if "min_score" in stored:
        settings = replace(settings, min_score=parse_min_score(stored["min_score"]))
    return settings


class DetectorProvider:
    """Hands out the current detector; checks the store at most every few seconds, rebuilds on change."""

    def __init__(
        self,
        base: DetectionSettings,
        use_store_settings: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.base = base
        self.use_store_settings = use_store_settings
        self._clock = clock
        self._lock = threading.Lock()
        self._detector: Detector | None = None
        self._version: tuple[str, ...] | None = None
        self._checked_at = float("-inf")

    def _store_version(self) -> tuple[str, ...]:
        parts = [store_dictionary.dictionary_version(), store_dictionary.allow_version()]
        if self.use_store_settings:
            parts.append(store_settings.settings_version())
        return tuple(parts)

    def get(self) -> Detector:
        with self._lock:
            now = self._clock()
            if self._detector is not None and now - self._checked_at < CHECK_INTERVAL_S:
                return self._detector
            self._checked_at = now
            version = self._store_version()
            if self._detector is None or version != self._version:
                settings = settings_from_store(self.base) if self.use_store_settings else self.base
                self._detector = build_detector(
                    settings,
                    dictionary_terms=store_dictionary.dictionary_terms(),
                    allow_terms=store_dictionary.allow_terms(),
                )
                self._version = version
            return self._detector
