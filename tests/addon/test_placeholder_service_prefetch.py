"""PlaceholderService.prefetch hands assign each value's first candidate: derived once, collisions still seen."""

from __future__ import annotations

from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PlaceholderFactory
from addon.tenancy import Scope
from store.crypto import Vault
from store.db import open_db
from store.mappings import MappingStore

KEY = bytes(range(32))
SCOPE = Scope("s1", "tenant", None)


class CountingFactory(PlaceholderFactory):
    """The real derivation, counting its HMACs."""

    def __init__(self, key: bytes, style: str = "typed") -> None:
        super().__init__(key, style)
        self.digests = 0

    def _digest(self, scope_id: str, entity_type: str, normalised_value: str) -> bytes:
        self.digests += 1
        return super()._digest(scope_id, entity_type, normalised_value)


def service() -> tuple[PlaceholderService, CountingFactory, MappingStore]:
    open_db()
    vault = Vault(KEY)
    factory = CountingFactory(vault.subkey("placeholder"))
    store = MappingStore(vault)
    return PlaceholderService(factory, store, vault), factory, store


def assign_all(svc: PlaceholderService, values: list[tuple[str, str]]) -> list[str]:
    pending = PendingMappings()
    svc.prefetch(SCOPE, values, pending)
    placeholders = [svc.assign(SCOPE, kind, value, pending) for kind, value in values]
    svc.persist(SCOPE, pending, 3600)
    return placeholders


def test_a_fresh_value_is_derived_once_and_gets_what_the_factory_gives_it() -> None:
    svc, factory, _ = service()
    values = [("EMAIL_ADDRESS", "ann@example.com"), ("PERSON", "Ann Lee"), ("EMAIL_ADDRESS", "ann@example.com")]
    placeholders = assign_all(svc, values)
    assert factory.digests == 2  # one HMAC a distinct value: prefetch's, reused by assign
    expected = PlaceholderFactory(factory._key)
    assert placeholders == [
        next(expected.candidates(SCOPE.id, kind, value.lower() if kind == "EMAIL_ADDRESS" else "ann lee"))
        for kind, value in values
    ]


def test_a_first_candidate_held_by_another_value_is_passed_over() -> None:
    svc, factory, store = service()
    first = next(factory.candidates(SCOPE.id, "PERSON", "ann lee"))
    store.ensure_scope(SCOPE.id, SCOPE.tenant_hash, None, 3600)
    store.remember_many(SCOPE.id, [(first, "PERSON", "another value's hash", "Bob Stone")])
    [placeholder] = assign_all(svc, [("PERSON", "Ann Lee")])
    candidates = list(factory.candidates(SCOPE.id, "PERSON", "ann lee"))
    assert placeholder == candidates[1] != first
    assert store.lookup_many(SCOPE.id, [first, placeholder]) == {first: "Bob Stone", placeholder: "Ann Lee"}
