"""One detector per process, rebuilt when the settings, the dictionary or the allow-list change in the store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from detectors.detection_settings import DetectionSettings, parse_layers, parse_locales, parse_min_score
from detectors.detector import Detector
from detectors.engine import build_detector
from detectors.types import Detection
from store import dictionary as store_dictionary
from store import stored_settings as store_settings

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

    def current_version(self) -> tuple[str, ...]:
        """The store's detection revision, read at most every few seconds; builds nothing (for the pool's parent)."""
        with self._lock:
            now = self._clock()
            if self._version is None or now - self._checked_at >= CHECK_INTERVAL_S:
                self._checked_at = now
                self._version = self._store_version()
            return self._version

    def get(self) -> Detector:
        with self._lock:
            now = self._clock()
            if self._detector is not None and now - self._checked_at < CHECK_INTERVAL_S:
                return self._detector
            self._checked_at = now
            version = self._store_version()
            if self._detector is None or version != self._version:
                self._detector = self._build()
                self._version = version
            return self._detector

    def for_version(self, version: tuple[str, ...]) -> Detector:
        """The detector for the revision the caller saw (a pool worker): rebuilt from the store when it moved."""
        with self._lock:
            if self._detector is None or version != self._version:
                self._detector = self._build()
                self._version = version
            return self._detector

    def _build(self) -> Detector:
        settings = settings_from_store(self.base) if self.use_store_settings else self.base
        return build_detector(
            settings,
            dictionary_terms=store_dictionary.dictionary_terms(),
            allow_terms=store_dictionary.allow_terms(),
        )


class TextScanner(Protocol):
    """Turns texts into detections: in this process (LocalScanner) or in worker processes (addon/workers.py)."""

    def start(self) -> None: ...

    def detect_many(self, texts: list[str]) -> list[list[Detection]]: ...

    def close(self) -> None: ...


class LocalScanner:
    """Detection in this process (anonamoose_workers 0 or 1): the detector's own cache keeps history free."""

    def __init__(self, detectors: DetectorProvider):
        self.detectors = detectors

    def start(self) -> None:
        self.detectors.get()  # load spaCy now, not on the first request

    def detect_many(self, texts: list[str]) -> list[list[Detection]]:
        detector = self.detectors.get()
        return [detector.detect(text) for text in texts]

    def close(self) -> None:
        pass
