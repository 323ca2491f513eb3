"""A scope that expired but was not purged yet starts afresh when reused, and keeps every new mapping."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from addon import placeholder_service
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PlaceholderFactory
from addon.tenancy import Scope
from store.crypto import Vault
from store.db import close_db, open_db
from store.mappings import MappingStore
from store.models import Scope as ScopeRow
from store.models import utcnow

KEY = bytes(range(32))
TTL = 60


def test_an_expired_scope_reused_before_the_purge_loses_no_new_mappings(tmp_path: Path, monkeypatch) -> None:
    open_db(tmp_path / "m.db")
    now = [1000.0]
    monkeypatch.setattr(placeholder_service.time, "monotonic", lambda: now[0])
    vault = Vault(KEY)
    service = PlaceholderService(PlaceholderFactory.for_vault(vault), MappingStore(vault), vault)
    scope = Scope("s1", "tenant", None)
    pending = PendingMappings()
    placeholder = service.assign(scope, "EMAIL_ADDRESS", "ann@example.com", pending)
    service.persist(scope, pending, TTL)
    # the TTL passes with no request; the periodic purge has not run yet
    ScopeRow.update(expires_at=utcnow() - timedelta(seconds=1)).where(ScopeRow.id == "s1").execute()
    now[0] += TTL + 1
    again = PendingMappings()
    assert service.assign(scope, "EMAIL_ADDRESS", "ann@example.com", again) == placeholder
    service.persist(scope, again, TTL)
    assert service.store.lookup("s1", placeholder) == "ann@example.com"
    close_db()
