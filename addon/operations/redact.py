"""`redact` as a service: texts in, redacted texts and detections out, offline (nothing is stored).

The CLI's `anonamoose redact` and the API's `POST /api/v1/redact` give the same answer for the same options: the
store's settings apply unless locale, layers or min_score are given; placeholders are derived with the proxy's key.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from addon.detection import DetectorProvider
from addon.placeholders import STYLES
from addon.redaction import LocalPlaceholders, apply_placeholders
from detectors.detection_settings import DetectionSettings, parse_layers, parse_locales, parse_min_score
from detectors.detector import Detector
from detectors.nlp import ModelNotInstalledError
from store.crypto import default_confdir, load_or_create_key

log = logging.getLogger("anonamoose")
# Each distinct option set builds its own detector (a spaCy pipeline): keep the few most recent.
MAX_DETECTORS = 4


@dataclass(frozen=True)
class RedactOptions:
    locale: str | None = None
    layers: str | None = None
    min_score: float | str | None = None
    style: str = "typed"
    regions: bool = False

    @property
    def explicit(self) -> bool:
        """Whether detection options were given (then the store's settings do not apply)."""
        return self.locale is not None or self.layers is not None or self.min_score is not None


def detection_settings(options: RedactOptions) -> DetectionSettings:
    """The settings these options ask for; ValueError with a sentence when one is not valid."""
    settings = DetectionSettings(redact_regions=options.regions)
    if options.locale is not None:
        settings = replace(settings, locales=parse_locales(options.locale))
    if options.layers is not None:
        settings = replace(settings, layers=parse_layers(options.layers))
    if options.min_score is not None:
        try:
            settings = replace(settings, min_score=parse_min_score(options.min_score))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"min_score: {exc}") from exc
    if options.style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}")
    return settings


def redact_text(detector: Detector, placeholders: LocalPlaceholders, text: str) -> dict[str, Any]:
    """{"redacted", "detections" (offsets into `text`), "elapsed_ms"} for one text."""
    started = time.perf_counter()
    detections = detector.detect(text)
    redacted = apply_placeholders(text, detections, placeholders.assign)
    elapsed_ms = (time.perf_counter() - started) * 1000
    return {"redacted": redacted, "detections": [d.as_dict() for d in detections], "elapsed_ms": round(elapsed_ms, 3)}


class Redactor:
    """Redacts texts with detectors kept warm per option set; safe to call from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._providers: OrderedDict[tuple[DetectionSettings, bool], DetectorProvider] = OrderedDict()
        self._key: bytes | None = None
        self.ready = threading.Event()

    def _provider(self, settings: DetectionSettings, use_store: bool) -> DetectorProvider:
        with self._lock:
            provider = self._providers.pop((settings, use_store), None) or DetectorProvider(settings, use_store)
            self._providers[(settings, use_store)] = provider
            while len(self._providers) > MAX_DETECTORS:
                self._providers.popitem(last=False)
            return provider

    def warm(self) -> None:
        """Build the default detector (loads the spaCy model) so the first request does not wait; sets `ready`.

        A failure is logged by type and leaves `ready` unset (readiness probes then say so).
        """
        try:
            self._provider(DetectionSettings(), True).get()
        except ModelNotInstalledError as exc:
            log.error("anonamoose: %s", exc)
            return
        except Exception as exc:  # the type only: a store error's text may quote stored terms
            log.error("anonamoose: the detector could not be built (%s)", type(exc).__name__)
            return
        self.ready.set()

    def redact(self, texts: list[str], options: RedactOptions) -> list[dict[str, Any]]:
        """One {"redacted", "detections", "elapsed_ms"} per text, offsets into the original; ValueError on a bad
        option."""
        settings = detection_settings(options)
        detector = self._provider(settings, not options.explicit).get()
        if self._key is None:
            self._key = load_or_create_key(default_confdir())
        placeholders = LocalPlaceholders(self._key, options.style)
        return [redact_text(detector, placeholders, text) for text in texts]
