"""`forget VALUE`: erase every mapping of one value in every scope, and the remembered replies quoting it."""

from __future__ import annotations

from addon.operations.context import ensure_store, store_vault
from addon.placeholders import EXACT_TYPES, PLACEHOLDER_PATTERN, canonical, legacy_normalise, normalise
from store.crypto import Vault
from store.mappings import MappingStore


def placeholders_in(text: str) -> set[str]:
    """The placeholders a text quotes, in the form the factory wrote them (however a model mangled them)."""
    return {canonical(match) for match in PLACEHOLDER_PATTERN.finditer(text)}


def value_hashes(value: str, entity_types: list[str], vault: Vault) -> dict[str, str]:
    """entity_type -> the value's hash as the proxy would have stored it under that type."""
    return {entity_type: vault.keyed_hash("value", normalise(entity_type, value)) for entity_type in entity_types}


def forget(value: str, vault: Vault | None = None) -> int:
    """Erase every mapping of `value` in every scope; returns how many mappings went (0 if none).

    The value may have been stored under any entity type, each normalising it its own way, so every type
    in the store is tried. Replies remembered for replay that quote an erased placeholder go too. A running
    proxy stops restoring the erased placeholders within a second or two.
    """
    ensure_store()
    if not value.strip():
        raise ValueError("give the value to forget")
    entity_types = MappingStore.entity_types()
    if not entity_types:
        return 0  # nothing stored, so nothing to match: no key needed
    vault = vault or store_vault()
    store = MappingStore(vault, cache_size=0)
    mappings, _replies = store.forget_values(value_hashes(value, entity_types, vault), placeholders_in)
    # Earlier versions case-folded secrets before hashing: their rows are found by that hash, then compared
    # exactly once decrypted, so "Tr0ub4dor&3" never takes "tr0ub4dor&3" with it.
    secret_types = [t for t in entity_types if t in EXACT_TYPES]
    if secret_types:
        legacy_hash = vault.keyed_hash("value", legacy_normalise(value))
        mappings += store.forget_exact(secret_types, legacy_hash, value, placeholders_in)
    return mappings
