"""The placeholder service: one placeholder per value and scope, remembered in the store before use."""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from addon.placeholders import PlaceholderFactory, normalise
from addon.tenancy import Scope
from store.crypto import Vault
from store.mappings import MappingStore

# The memo and the written-mappings set: ~350 B and ~150 B an entry (tracemalloc), ~6 MB and ~2.5 MB when full;
# a miss costs one indexed store read, and the request's values are prefetched in one query anyway.
MEMO_ENTRIES = 8_000
# Scopes whose expiry was pushed recently (one per tenant and session): forgetting one costs one more store write.
SCOPES_TOUCHED_ENTRIES = 10_000
# A scope's expiry is pushed forward at most this often; a TTL of minutes does not need it per request.
SCOPE_TOUCH_SECONDS = 30.0


@dataclass
class PendingMappings:
    """The placeholders one request uses, by placeholder: (entity_type, value_hash, value)."""

    by_placeholder: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Store answers fetched for the whole request at once (PlaceholderService.prefetch): saves a query a value.
    known_placeholders: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    known_owners: dict[str, str | None] = field(default_factory=dict)
    # (entity_type, value) -> value hash, computed once for the request (prefetch, then assign)
    value_hashes: dict[tuple[str, str], str] = field(default_factory=dict)
    # (style, entity_type, value_hash) -> the value's first candidate, derived by prefetch (an HMAC) for assign
    first_candidates: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # Whether this request already checked for erasures elsewhere (prefetch does, for every assign after it)
    erasures_checked: bool = False

    def owner(self, placeholder: str) -> str | None:
        entry = self.by_placeholder.get(placeholder)
        return entry[1] if entry else None

    def values(self) -> dict[str, str]:
        return {placeholder: entry[2] for placeholder, entry in self.by_placeholder.items()}


class PlaceholderService:
    """Assigns placeholders (deterministic, collision-safe) and persists each one before the request leaves."""

    def __init__(self, factory: PlaceholderFactory, store: MappingStore, vault: Vault):
        self.factory = factory
        self.store = store
        self.vault = vault
        self._factories = {factory.style: factory}
        self._memo: OrderedDict[tuple[str, str, str, str], str] = OrderedDict()
        self._memo_erasures: int | None = None
        # (scope, placeholder) written by this process, and when each scope's expiry was last extended
        self._persisted: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._scopes_touched: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def _factory(self, style: str | None) -> PlaceholderFactory:
        """The factory for a style chosen live (`settings set style`): the same key, another format."""
        if style is None or style == self.factory.style:
            return self.factory
        with self._lock:
            factory = self._factories.get(style)
            if factory is None:
                factory = copy.copy(self.factory)
                factory.style = style
                self._factories[style] = factory
            return factory

    def _drop_memo_after_erasure(self) -> None:
        # A memo must not outlive a forget/rm/purge done by another process: the store says when one happened.
        erasures = self.store.erasure_generation()
        with self._lock:
            if erasures != self._memo_erasures:
                self._memo.clear()
                self._persisted.clear()
                self._scopes_touched.clear()
                self._memo_erasures = erasures

    def value_hash(self, entity_type: str, value: str) -> str:
        """Scope-independent, so `forget VALUE` finds a value's mappings in every scope."""
        return self.vault.keyed_hash("value", normalise(entity_type, value))

    def prefetch(
        self, scope: Scope, values: list[tuple[str, str]], pending: PendingMappings, style: str | None = None
    ) -> None:
        """Look up, in one query, what `assign` would ask the store value by value for these (type, value)s."""
        factory = self._factory(style)
        self._drop_memo_after_erasure()
        pending.erasures_checked = True
        hashed: list[tuple[str, str, str]] = []
        for entity_type, value in values:
            value_hash = pending.value_hashes.get((entity_type, value))
            if value_hash is None:
                value_hash = pending.value_hashes[(entity_type, value)] = self.value_hash(entity_type, value)
            hashed.append((entity_type, value_hash, value))
        wanted: dict[tuple[str, str], str] = {}
        with self._lock:  # once for the request, not once a value
            for entity_type, value_hash, value in hashed:
                if (scope.id, factory.style, entity_type, value_hash) not in self._memo:
                    wanted[(entity_type, value_hash)] = value
        if not wanted:
            return
        hashes = sorted({value_hash for _, value_hash in wanted})
        # Each value's first placeholder, asked for in the same query: where the value has none yet, it is
        # the one `assign` tries first, and it must know who (if anyone) holds it.
        candidates = {
            key: next(iter(factory.candidates(scope.id, key[0], normalise(key[0], value))))
            for key, value in wanted.items()
        }
        known: dict[tuple[str, str], list[str]] = {key: [] for key in wanted}
        holders: dict[str, str] = {}
        wanted_candidates = set(candidates.values())
        rows = self.store.mappings_of_values_or_placeholders(scope.id, hashes, sorted(wanted_candidates))
        for entity_type, value_hash, placeholder in rows:
            if (entity_type, value_hash) in known:
                known[(entity_type, value_hash)].append(placeholder)
            if placeholder in wanted_candidates:
                holders[placeholder] = value_hash
        pending.known_placeholders.update(known)
        for (entity_type, value_hash), candidate in candidates.items():
            pending.first_candidates[(factory.style, entity_type, value_hash)] = candidate
        first = [candidates[key] for key in wanted if not any(factory.writes(p, key[0]) for p in known[key])]
        if first:
            pending.known_owners.update({candidate: holders.get(candidate) for candidate in first})

    def assign(
        self, scope: Scope, entity_type: str, value: str, pending: PendingMappings, style: str | None = None
    ) -> str:
        """The value's placeholder in this scope (in `style`, default the factory's), added to `pending`."""
        factory = self._factory(style)
        if not pending.erasures_checked:
            self._drop_memo_after_erasure()
        value_hash = pending.value_hashes.get((entity_type, value))
        if value_hash is None:
            value_hash = pending.value_hashes[(entity_type, value)] = self.value_hash(entity_type, value)
        memo_key = (scope.id, factory.style, entity_type, value_hash)
        with self._lock:
            placeholder = self._memo.get(memo_key)
        if placeholder is None:
            # The value's placeholder already in this scope, whichever key derived it (databases written before
            # the HKDF placeholder key keep their placeholders), else a fresh derivation.
            existing = pending.known_placeholders.get((entity_type, value_hash))
            if existing is None:
                existing = self.store.placeholders_of_value(scope.id, entity_type, value_hash)
            placeholder = next((p for p in existing if factory.writes(p, entity_type)), None)
            if placeholder is None:

                def owner(candidate: str) -> str | None:
                    if pending.owner(candidate):
                        return pending.owner(candidate)
                    if candidate in pending.known_owners:
                        return pending.known_owners[candidate]
                    return self.store.placeholder_owner(scope.id, candidate)

                first = pending.first_candidates.get((factory.style, entity_type, value_hash))
                if first is not None and owner(first) in (None, value_hash):
                    placeholder = first  # what factory.assign would try first, without deriving it again
                else:
                    placeholder = factory.assign(scope.id, entity_type, value, owner, value_hash)
            with self._lock:
                self._memo[memo_key] = placeholder
                if len(self._memo) > MEMO_ENTRIES:
                    self._memo.popitem(last=False)
        pending.by_placeholder[placeholder] = (entity_type, value_hash, value)
        return placeholder

    def persist(self, scope: Scope, pending: PendingMappings, ttl_seconds: int) -> None:
        """Write the scope and every mapping the request uses; raises if the store fails.

        Mappings this process already wrote are not written again (a conversation's history resends the
        same values every turn) until an erasure elsewhere makes the store the only truth again.
        """
        self._drop_memo_after_erasure()
        now = time.monotonic()
        with self._lock:
            touched = self._scopes_touched.get(scope.id)
        touch_every = min(SCOPE_TOUCH_SECONDS, ttl_seconds / 4)
        if touched is None or now - touched[0] > touch_every or touched[1] != ttl_seconds:
            restarted = self.store.ensure_scope(scope.id, scope.tenant_hash, scope.session_hash, ttl_seconds)
            with self._lock:
                self._scopes_touched[scope.id] = (now, ttl_seconds)
                self._scopes_touched.move_to_end(scope.id)
                while len(self._scopes_touched) > SCOPES_TOUCHED_ENTRIES:
                    self._scopes_touched.popitem(last=False)
                if restarted:
                    # The scope had expired and starts empty: what this process wrote into it is gone.
                    for key in [key for key in self._persisted if key[0] == scope.id]:
                        del self._persisted[key]
        with self._lock:
            fresh = [
                (placeholder, entity_type, value_hash, value)
                for placeholder, (entity_type, value_hash, value) in pending.by_placeholder.items()
                if (scope.id, placeholder) not in self._persisted
            ]
        self.store.remember_many(scope.id, fresh)
        with self._lock:
            for placeholder, *_ in fresh:
                self._persisted[(scope.id, placeholder)] = None
            while len(self._persisted) > MEMO_ENTRIES:
                self._persisted.popitem(last=False)

    def forget_memo(self) -> None:
        with self._lock:
            self._memo.clear()
            self._persisted.clear()
            self._scopes_touched.clear()
