"""PostgreSQL going away: store calls fail (the proxy then fails closed) and work again once it is back."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import peewee
import pytest

from store.crypto import Vault
from store.db import open_db
from store.mappings import MappingStore
from store.stored_settings import get_setting, set_setting

KEY = bytes(range(32))
DAY = 86_400


def _remember(store: MappingStore, vault: Vault, placeholder: str, value: str) -> dict[str, str]:
    store.ensure_scope("s", "tenant", None, DAY)
    store.remember_many("s", [(placeholder, "EMAIL_ADDRESS", vault.keyed_hash("value", value), value)])
    return store.lookup_many("s", [placeholder])


def test_calls_fail_while_the_server_is_down_and_work_when_it_is_back(private_pg_cluster: Any) -> None:
    open_db(private_pg_cluster.url)
    vault = Vault(KEY)
    store = MappingStore(vault, cache_size=0)
    # Two worker threads, each with its own connection, as in the proxy.
    with ThreadPoolExecutor(2) as pool:
        for n in range(4):
            assert pool.submit(_remember, store, vault, f"[EMAIL_A{n}]", f"a{n}@example.com").result()
        set_setting("style", "typed")

        private_pg_cluster.stop()
        with pytest.raises(peewee.OperationalError):
            get_setting("style")
        with pytest.raises((peewee.OperationalError, peewee.InterfaceError)):
            pool.submit(_remember, store, vault, "[EMAIL_B]", "b@example.com").result()

        private_pg_cluster.start()
        assert get_setting("style") == "typed"
        set_setting("style", "pua")
        for n in range(4):
            # Every worker's connection broke; each is replaced on its next use.
            assert pool.submit(_remember, store, vault, f"[EMAIL_C{n}]", f"c{n}@example.com").result() == {
                f"[EMAIL_C{n}]": f"c{n}@example.com"
            }
        assert store.lookup_many("s", ["[EMAIL_A0]", "[EMAIL_B]"]) == {"[EMAIL_A0]": "a0@example.com"}
    assert get_setting("style") == "pua"
