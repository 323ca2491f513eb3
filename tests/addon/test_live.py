"""Style and TTL read live from the store by a running proxy, at most every few seconds."""

from __future__ import annotations

import pytest

from addon.detection import CHECK_INTERVAL_S
from addon.live import LiveSettings, Runtime, runtime_from_store
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PUA_OPEN
from addon.tenancy import Scope
from store import stored_settings as stored
from store.db import open_db

BASE = Runtime("typed", 3600)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def store() -> None:
    open_db()


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, BASE),
        ({"style": "pua"}, Runtime("pua", 3600)),
        ({"ttl": 60}, Runtime("typed", 60)),
        ({"ttl": "2h", "style": "typed"}, Runtime("typed", 7200)),
        ({"style": "emoji"}, BASE),  # written around the CLI: ignored, never fatal
    ],
)
def test_runtime_from_store(settings: dict[str, object], expected: Runtime) -> None:
    for key, value in settings.items():
        stored.set_setting(key, value)
    assert runtime_from_store(BASE) == expected


def test_live_settings_follow_the_store_within_the_check_interval() -> None:
    clock = Clock()
    live = LiveSettings(BASE, clock=clock)
    assert live.get() == BASE
    stored.set_setting("style", "pua")
    stored.set_setting("ttl", 120)
    clock.now += CHECK_INTERVAL_S / 2
    assert live.get() == BASE  # not looked at yet
    clock.now += CHECK_INTERVAL_S
    assert live.get() == Runtime("pua", 120)
    stored.delete_setting("style")
    clock.now += CHECK_INTERVAL_S
    assert live.get() == Runtime("typed", 120)


def test_placeholder_style_chosen_per_call(placeholder_service: PlaceholderService) -> None:
    scope = Scope("scope-one", "tenant", None)
    pending = PendingMappings()
    typed = placeholder_service.assign(scope, "EMAIL_ADDRESS", "jane@example.com", pending)
    pua = placeholder_service.assign(scope, "EMAIL_ADDRESS", "jane@example.com", pending, "pua")
    assert typed.startswith("[EMAIL_") and pua.startswith(PUA_OPEN)
    assert placeholder_service.assign(scope, "EMAIL_ADDRESS", "jane@example.com", pending, "typed") == typed
    assert placeholder_service.factory.style == "typed"
