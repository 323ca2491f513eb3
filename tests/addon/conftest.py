"""Fixtures for tests of the operations and their CLI faces: the store and key a proxy would have written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from addon import options, proxy
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PlaceholderFactory
from addon.tenancy import Scope
from store.crypto import Vault, load_or_create_key
from store.db import open_db
from store.mappings import MappingStore

Seed = Callable[..., dict[str, str]]


@pytest.fixture(autouse=True)
def in_process_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hook tests detect in-process (anonamoose_workers=0): the pool has its own tests and the e2e suite uses it."""
    patched = [(*o[:2], 0, *o[3:]) if o[0] == "anonamoose_workers" else o for o in options.OPTIONS]
    monkeypatch.setattr(options, "OPTIONS", patched)
    monkeypatch.setattr(proxy, "OPTIONS", patched)


@pytest.fixture
def proxy_key() -> bytes:
    """The key a proxy created in $ANONAMOOSE_CONFDIR (the conftest points it at this test's tmp dir)."""
    open_db()
    return load_or_create_key(Path(os.environ["ANONAMOOSE_CONFDIR"]))


@pytest.fixture
def placeholder_service(proxy_key: bytes) -> PlaceholderService:
    vault = Vault(proxy_key)
    return PlaceholderService(PlaceholderFactory.for_vault(vault), MappingStore(vault), vault)


@pytest.fixture
def seed(placeholder_service: PlaceholderService) -> Seed:
    """`seed(scope_id, [(entity_type, value), ...], ttl=3600)` writes them as the proxy would; value -> placeholder."""

    def write(
        scope_id: str, values: list[tuple[str, str]], ttl: int = 3600, session: str | None = None
    ) -> dict[str, str]:
        scope = Scope(scope_id, f"tenant-of-{scope_id}", session)
        pending = PendingMappings()
        assigned = {value: placeholder_service.assign(scope, kind, value, pending) for kind, value in values}
        placeholder_service.persist(scope, pending, ttl)
        return assigned

    return write
