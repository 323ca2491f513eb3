"""Runtime settings: validated with the proxy's own parsers, stored in the form the proxy reads back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from addon.detection import settings_from_store
from addon.operations import runtime_settings as ops
from detectors.detection_settings import DetectionSettings
from store import stored_settings as stored
from store.db import open_db


@pytest.fixture(autouse=True)
def store() -> None:
    open_db()


@pytest.mark.parametrize(
    ("key", "value", "kept"),
    [
        ("layers", "patterns", "patterns"),
        ("layers", " Secrets, PATTERNS ", "patterns,secrets"),
        ("layers", "all", "all"),
        ("layers", "dictionary,ner,patterns,names,secrets", "all"),
        ("locale", "au,uk", "AU,UK"),
        ("locale", "ALL", "all"),
        ("min_score", "0.85", 0.85),
        ("min-score", "1", 1.0),
        ("style", "PUA", "pua"),
        ("style", "typed", "typed"),
        ("ttl", "90", 90),
        ("ttl", "30m", 1800),
        ("TTL", "7d", 604_800),
    ],
)
def test_set_setting_keeps_the_canonical_form(key: str, value: str, kept: object) -> None:
    assert ops.set_setting(key, value) == kept
    assert stored.get_setting(ops.setting_key(key)) == kept
    assert ops.get_setting(key) == kept


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("layers", "patterns,regex", "cannot set layers to 'patterns,regex': unknown layer"),
        ("locale", "FR", "cannot set locale to 'FR': unknown locale"),
        ("min_score", "high", "cannot set min_score to 'high': expected a number between 0 and 1"),
        ("min_score", "1.5", "expected a number between 0 and 1"),
        ("min_score", "nan", "expected a number between 0 and 1"),
        ("style", "emoji", "cannot set style to 'emoji': choose one of typed, pua"),
        ("ttl", "soon", "cannot set ttl to 'soon': expected a number of seconds"),
        ("ttl", "0", "at least one second"),
        ("colour", "red", "unknown setting 'colour'; choose from layers, locale, min_score, style, ttl"),
    ],
)
def test_set_setting_refuses_bad_values_with_a_sentence(key: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        ops.set_setting(key, value)
    assert stored.all_settings() == {}


def test_get_settings_lists_every_key_unset_as_none() -> None:
    assert ops.get_settings() == dict.fromkeys(("layers", "locale", "min_score", "style", "ttl"))
    ops.set_setting("style", "pua")
    assert ops.get_settings()["style"] == "pua"


def test_reset_setting() -> None:
    ops.set_setting("ttl", "1h")
    assert ops.reset_setting("ttl") is True
    assert ops.reset_setting("ttl") is False
    assert ops.get_setting("ttl") is None


def test_stored_detection_settings_are_what_the_proxy_applies() -> None:
    base = DetectionSettings()
    ops.set_setting("layers", "patterns,secrets")
    ops.set_setting("locale", "nz")
    ops.set_setting("min_score", "0.7")
    expected = replace(base, layers=frozenset({"patterns", "secrets"}), locales=frozenset({"NZ"}), min_score=0.7)
    assert settings_from_store(base) == expected
