"""PlaceholderService's memo does not outlive an erasure made by another process."""

from __future__ import annotations

from collections.abc import Callable

from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.tenancy import Scope
from store.crypto import Vault
from store.db import open_db
from store.mappings import ERASURE_CHECK_SECONDS, MappingStore

KEY = bytes(range(32))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CrowdedFactory:
    """Every value wants [X_1] first, so later values take [X_2], [X_3]...: collisions on demand."""

    style = "typed"

    def assign(
        self, scope_id: str, entity_type: str, value: str, owner: Callable[[str], str | None], value_hash: str
    ) -> str:
        for n in range(1, 10):
            candidate = f"[X_{n}]"
            if owner(candidate) in (None, value_hash):
                return candidate
        raise AssertionError("no free placeholder")


def use(service: PlaceholderService, scope: Scope, value: str) -> str:
    pending = PendingMappings()
    placeholder = service.assign(scope, "PERSON", value, pending)
    service.persist(scope, pending, 3600)
    return placeholder


def test_memo_dropped_after_a_forget_elsewhere() -> None:
    open_db()
    vault = Vault(KEY)
    clock = Clock()
    proxy = PlaceholderService(CrowdedFactory(), MappingStore(vault, clock=clock), vault)  # type: ignore[arg-type]
    cli = MappingStore(vault)
    scope = Scope("s1", "tenant", None)
    assert use(proxy, scope, "alice") == "[X_1]"
    assert use(proxy, scope, "bob") == "[X_2]"  # memoised
    cli.forget_value_hash(proxy.value_hash("PERSON", "bob"))
    clock.now += ERASURE_CHECK_SECONDS
    assert use(proxy, scope, "carol") == "[X_2]"  # bob's old placeholder is free again
    # A stale memo would hand bob [X_2] again, now carol's, and the request would fail with a collision.
    assert use(proxy, scope, "bob") == "[X_3]"
