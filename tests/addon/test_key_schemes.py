"""The placeholder HMAC and the vault use separate HKDF keys, and a database written before that still works."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from addon.conversation import ConversationLookup
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PLACEHOLDER_SUBKEY, PlaceholderFactory, Restorer
from addon.tenancy import Scope
from store.crypto import Vault
from store.db import close_db, open_db
from store.mappings import MappingStore

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_b9b1483.sql"
# The key the fixture was written with, by the code of commit b9b1483 (placeholder HMAC keyed with this key).
LEGACY_KEY = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
LEGACY = {
    "jane.citizen@example.com": "[EMAIL_6HT4W]",
    "Jane Citizen": "[PERSON_GXZHF]",
    "+61 412 345 678": "[PHONE_99PD2]",
}
TYPES = {"jane.citizen@example.com": "EMAIL_ADDRESS", "Jane Citizen": "PERSON", "+61 412 345 678": "PHONE_NUMBER"}


@pytest.fixture
def legacy_db(tmp_path: Path) -> Iterator[tuple[PlaceholderService, Scope]]:
    path = tmp_path / "legacy.db"
    connection = sqlite3.connect(path)
    connection.executescript(FIXTURE.read_text())
    connection.close()
    open_db(path)  # adds the tables the old code did not have
    vault = Vault(LEGACY_KEY)
    scope_id = FIXTURE.read_text().splitlines()[0].rsplit(" ", 1)[1]
    yield (
        PlaceholderService(PlaceholderFactory.for_vault(vault), MappingStore(vault), vault),
        Scope(scope_id, vault.keyed_hash("tenant", "legacy-tenant"), None),
    )
    close_db()


def test_placeholder_key_is_derived_and_differs_from_every_other_key():
    vault = Vault(LEGACY_KEY)
    derived = vault.subkey(PLACEHOLDER_SUBKEY)
    assert derived not in {LEGACY_KEY, vault.subkey("encrypt"), vault.subkey("hash/value")}
    new = next(PlaceholderFactory.for_vault(vault).candidates("s", "EMAIL_ADDRESS", "a@b.c"))
    assert new == next(PlaceholderFactory(derived).candidates("s", "EMAIL_ADDRESS", "a@b.c"))
    assert new != next(PlaceholderFactory(LEGACY_KEY).candidates("s", "EMAIL_ADDRESS", "a@b.c"))


def test_old_placeholders_still_restore(legacy_db):
    service, scope = legacy_db
    lookup = ConversationLookup(service.store, scope.id, {}, allowed=set(LEGACY.values()))
    text = " / ".join(LEGACY.values())
    assert Restorer(lookup).restore(text).text == " / ".join(LEGACY)
    reply = service.store.recall_reply(scope.id, service.vault.keyed_hash("reply", "restored text"))
    assert reply == "provider text [EMAIL_6HT4W]"


def test_a_scope_keeps_its_old_placeholders_and_new_values_get_new_scheme_ones(legacy_db):
    service, scope = legacy_db
    pending = PendingMappings()
    for value, placeholder in LEGACY.items():
        assert service.assign(scope, TYPES[value], value, pending) == placeholder
    new = service.assign(scope, "EMAIL_ADDRESS", "someone.else@example.com", pending)
    service.persist(scope, pending, 3600)
    derived = PlaceholderFactory(service.vault.subkey(PLACEHOLDER_SUBKEY))
    assert new == next(derived.candidates(scope.id, "EMAIL_ADDRESS", "someone.else@example.com"))
    assert service.store.lookup(scope.id, new) == "someone.else@example.com"
    # a scope the old code never saw uses the new scheme throughout
    fresh = Scope("fresh-scope", "t", None)
    assert service.assign(fresh, "EMAIL_ADDRESS", "jane.citizen@example.com", PendingMappings()) == next(
        derived.candidates("fresh-scope", "EMAIL_ADDRESS", "jane.citizen@example.com")
    )
