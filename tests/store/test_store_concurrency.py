"""Instances racing on one store: first sightings of the same value end with one mapping, never an error.

Each thread stands for a proxy instance (its own MappingStore and database connection), all released at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import peewee
import pytest

from store.crypto import Vault
from store.db import tuple_rows
from store.mappings import MappingStore, PlaceholderCollision
from store.models import Mapping, Scope

KEY = bytes(range(32))
DAY = 86_400
INSTANCES = 3
ROUNDS = 12
VALUES_PER_ROUND = 20


def _race(work: Callable[[int], Any]) -> list[Any]:
    """Run work(i) for every instance at the same moment; returns results or the exceptions raised."""
    barrier = threading.Barrier(INSTANCES)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(INSTANCES) as pool:
        return list(pool.map(run, range(INSTANCES)))


def _entries(vault: Vault, round_no: int) -> list[tuple[str, str, str, str]]:
    values = [f"person{round_no}.{n}@example.com" for n in range(VALUES_PER_ROUND)]
    return [(f"[EMAIL_{round_no}X{n}]", "EMAIL_ADDRESS", vault.keyed_hash("value", v), v) for n, v in enumerate(values)]


def test_concurrent_first_sightings_end_with_one_mapping(store_db: peewee.Database) -> None:
    vault = Vault(KEY)
    stores = [MappingStore(vault, cache_size=0) for _ in range(INSTANCES)]
    for round_no in range(ROUNDS):
        scope_id = f"scope-{round_no}"
        entries = _entries(vault, round_no)

        def first_sighting(i: int, scope_id: str = scope_id, entries: list[Any] = entries) -> dict[str, str]:
            stores[i].ensure_scope(scope_id, "tenant", None, DAY)
            stores[i].remember_many(scope_id, entries)
            return stores[i].lookup_many(scope_id, [e[0] for e in entries])

        results = _race(first_sighting)
        assert not [r for r in results if isinstance(r, Exception)], results
        expected = {placeholder: value for placeholder, _, _, value in entries}
        assert results == [expected] * INSTANCES
    per_placeholder = Mapping.select(Mapping.scope, Mapping.placeholder, peewee.fn.COUNT(Mapping.id)).group_by(
        Mapping.scope, Mapping.placeholder
    )
    counts = [row[2] for row in tuple_rows(per_placeholder)]
    assert len(counts) == ROUNDS * VALUES_PER_ROUND
    assert set(counts) == {1}
    assert Scope.select().count() == ROUNDS


def test_one_value_at_a_time_one_mapping(store_db: peewee.Database) -> None:
    """`remember` (single) racing on the same placeholder and value."""
    vault = Vault(KEY)
    stores = [MappingStore(vault, cache_size=0) for _ in range(INSTANCES)]
    stores[0].ensure_scope("s", "tenant", None, DAY)
    for n in range(ROUNDS):
        value = f"solo{n}@example.com"
        results = _race(
            lambda i, n=n, value=value: stores[i].remember(
                "s", f"[EMAIL_S{n}]", "EMAIL_ADDRESS", vault.keyed_hash("value", value), value
            )
        )
        assert results == [None] * INSTANCES
    assert Mapping.select().count() == ROUNDS


def test_two_values_racing_for_one_placeholder_one_wins_the_other_is_told(store_db: peewee.Database) -> None:
    vault = Vault(KEY)
    stores = [MappingStore(vault, cache_size=0) for _ in range(INSTANCES)]
    stores[0].ensure_scope("s", "tenant", None, DAY)
    for n in range(ROUNDS):
        values = [f"rival{n}.{i}@example.com" for i in range(INSTANCES)]
        placeholder = f"[EMAIL_R{n}]"

        def claim(i: int, values: list[str] = values, placeholder: str = placeholder) -> None:
            stores[i].remember_many(
                "s", [(placeholder, "EMAIL_ADDRESS", vault.keyed_hash("value", values[i]), values[i])]
            )

        results = _race(claim)
        winners = [i for i, r in enumerate(results) if r is None]
        assert len(winners) == 1, results
        assert all(isinstance(r, PlaceholderCollision) for i, r in enumerate(results) if i not in winners), results
        assert stores[0].lookup("s", placeholder) == values[winners[0]]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_settings_and_scopes_from_many_threads_at_once(store_db: peewee.Database) -> None:
    from store.stored_settings import get_setting, set_setting

    results = _race(lambda i: set_setting("style", f"v{i}"))
    assert results == [None] * INSTANCES
    assert get_setting("style") in {f"v{i}" for i in range(INSTANCES)}
