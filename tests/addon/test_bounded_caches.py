"""Every in-process cache of the request path holds at its bound however many distinct texts and values pass."""

from __future__ import annotations

from pathlib import Path

from addon import placeholder_service
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PlaceholderFactory
from addon.tenancy import Scope
from addon.workers import _Cache, _key
from detectors.cache import ResultCache
from store.crypto import Vault
from store.db import close_db, open_db
from store.mappings import MappingStore

VERSION = ("d1", "a1", "s1")


def test_the_pools_text_cache_holds_its_bound_and_keeps_the_newest() -> None:
    cache = _Cache(max_entries=50)
    cache.get(VERSION, b"")  # the first look-up sets the revision the entries belong to
    for i in range(400):
        cache.put(VERSION, _key(f"text {i}"), ((0, 4, "PERSON", 0.85, "ner"),))
        assert len(cache) <= 50
    assert len(cache) == 50
    assert cache.get(VERSION, _key("text 399")) == ((0, 4, "PERSON", 0.85, "ner"),)
    assert cache.get(VERSION, _key("text 349")) is None  # the oldest went first


def test_the_pools_text_cache_gives_back_the_rows_it_was_given() -> None:
    cache = _Cache(max_entries=10)
    cache.get(VERSION, b"")
    rows = (
        (0, 17, "EMAIL_ADDRESS", 1.0, "patterns"),
        (20, 1_000_000, "PERSON", 0.85, "ner"),
        (3, 4, "X_\u00e9", 0.5, "d"),
    )
    cache.put(VERSION, _key("t"), rows)
    assert cache.get(VERSION, _key("t")) == rows
    cache.put(VERSION, _key("none"), ())
    assert cache.get(VERSION, _key("none")) == ()  # nothing found is an answer too, not a miss
    assert cache.get(("d2", "a1", "s1"), _key("t")) is None  # another store revision: nothing cached holds


def test_the_detectors_piece_cache_holds_a_lowered_bound() -> None:
    cache = ResultCache[int](max_entries=100)
    for i in range(100):
        cache.get_or_compute(f"piece {i}", len)
    cache.max_entries = 10  # as a pool worker sets it
    for i in range(300):
        cache.get_or_compute(f"other {i}", len)
        assert len(cache._entries) <= 100
    assert len(cache._entries) == 10


def test_the_placeholder_services_memories_hold_their_bounds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(placeholder_service, "MEMO_ENTRIES", 20)
    monkeypatch.setattr(placeholder_service, "SCOPES_TOUCHED_ENTRIES", 5)
    open_db(tmp_path / "m.db")
    vault = Vault(bytes(range(32)))
    service = PlaceholderService(PlaceholderFactory.for_vault(vault), MappingStore(vault), vault)
    for s in range(12):
        scope = Scope(f"scope{s}", "tenant", f"session{s}")
        pending = PendingMappings()
        for v in range(10):
            service.assign(scope, "EMAIL_ADDRESS", f"user{s}.{v}@example.com", pending)
        service.persist(scope, pending, 600)
        assert len(service._memo) <= 20 and len(service._persisted) <= 20 and len(service._scopes_touched) <= 5
    assert (len(service._memo), len(service._persisted), len(service._scopes_touched)) == (20, 20, 5)
    # what was evicted is still right: the store answers, the same placeholder comes back
    first = Scope("scope0", "tenant", "session0")
    again = PendingMappings()
    placeholder = service.assign(first, "EMAIL_ADDRESS", "user0.0@example.com", again)
    assert service.store.lookup("scope0", placeholder) == "user0.0@example.com"
    close_db()
