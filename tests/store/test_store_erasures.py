"""The erasure counter: a running proxy's caches do not outlive a forget, rm or purge done by another process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import peewee
import pytest

from store.crypto import Vault
from store.mappings import ERASURE_CHECK_SECONDS, MappingStore, erasure_count
from store.models import Scope, utcnow

KEY = bytes(range(32))
DAY = 86_400


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def vault() -> Vault:
    return Vault(KEY)


def seed(store: MappingStore, vault: Vault, scope_id: str, placeholder: str, value: str) -> str:
    value_hash = vault.keyed_hash("value", value)
    store.ensure_scope(scope_id, "tenant", None, DAY)
    store.remember(scope_id, placeholder, "EMAIL_ADDRESS", value_hash, value)
    return value_hash


def expire(scope_id: str) -> None:
    Scope.update(expires_at=utcnow() - timedelta(seconds=1)).where(Scope.id == scope_id).execute()


ERASURES: list[tuple[str, Callable[[MappingStore, str], object], int]] = [
    ("forget a stored value", lambda s, h: s.forget_value_hash(h), 1),
    ("forget an unknown value", lambda s, h: s.forget_value_hash("not-a-hash"), 0),
    ("remove the scope", lambda s, h: s.delete_scope("s1"), 1),
    ("remove an unknown scope", lambda s, h: s.delete_scope("nope"), 0),
    ("purge with nothing expired", lambda s, h: s.purge_expired(), 0),
    ("purge an expired scope", lambda s, h: (expire("s1"), s.purge_expired()), 1),
    ("use an expired scope again", lambda s, h: (expire("s1"), s.ensure_scope("s1", "tenant", None, DAY)), 1),
    ("remember another value", lambda s, h: s.remember("s1", "[EMAIL_2]", "EMAIL_ADDRESS", "h2", "b@x.io"), 0),
]


@pytest.mark.parametrize(("action", "bumps"), [(a, b) for _, a, b in ERASURES], ids=[n for n, _, _ in ERASURES])
def test_what_counts_as_an_erasure(
    store_db: peewee.Database, vault: Vault, action: Callable[[MappingStore, str], object], bumps: int
) -> None:
    store = MappingStore(vault)
    value_hash = seed(store, vault, "s1", "[EMAIL_1]", "a@x.io")
    before = erasure_count()
    action(store, value_hash)
    assert erasure_count() == before + bumps


@pytest.mark.parametrize("erase", ["forget", "rm", "purge"])
def test_a_proxys_cache_is_dropped_after_another_process_erases(
    store_db: peewee.Database, vault: Vault, erase: str
) -> None:
    clock = Clock()
    proxy = MappingStore(vault, clock=clock)
    cli = MappingStore(vault)
    value_hash = seed(proxy, vault, "s1", "[EMAIL_1]", "a@x.io")
    assert proxy.lookup("s1", "[EMAIL_1]") == "a@x.io"  # now cached for up to 30 s
    if erase == "forget":
        cli.forget_value_hash(value_hash)
    elif erase == "rm":
        cli.delete_scope("s1")
    else:
        Scope.update(expires_at=utcnow() + timedelta(seconds=60)).where(Scope.id == "s1").execute()
        cli.purge_expired(now=utcnow() + timedelta(seconds=120))
    clock.now += ERASURE_CHECK_SECONDS / 2
    assert proxy.lookup("s1", "[EMAIL_1]") == "a@x.io"  # the bound: not yet looked at
    clock.now += ERASURE_CHECK_SECONDS
    assert proxy.lookup("s1", "[EMAIL_1]") is None
