"""MappingStore against a real SQLite file: encryption at rest, scopes, expiry, forget, threads, replies."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import peewee
import pytest

from store.crypto import Vault, load_or_create_key
from store.db import close_db, open_db
from store.mappings import MappingStore, PlaceholderCollision
from store.models import Mapping, ReplyMemory, Scope, utcnow

KEY = bytes(range(32))
DAY = 86_400


@pytest.fixture
def vault() -> Vault:
    return Vault(KEY)


@pytest.fixture
def store(store_db: peewee.Database, vault: Vault) -> MappingStore:
    return MappingStore(vault)


def _value_hash(vault: Vault, value: str) -> str:
    return vault.keyed_hash("value", value.casefold())


def _remember(store: MappingStore, vault: Vault, scope: str, placeholder: str, value: str) -> None:
    store.remember(scope, placeholder, "EMAIL_ADDRESS", _value_hash(vault, value), value)


def _expire(scope_id: str) -> None:
    Scope.update(expires_at=utcnow() - timedelta(seconds=1)).where(Scope.id == scope_id).execute()


def test_remember_and_lookup(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    _remember(store, vault, "s1", "[EMAIL_2]", "bob@example.com")
    assert store.lookup("s1", "[EMAIL_1]") == "alice@example.com"
    assert store.lookup("s1", "[EMAIL_9]") is None
    assert store.lookup_many("s1", ["[EMAIL_1]", "[EMAIL_2]", "[EMAIL_9]", "[EMAIL_1]"]) == {
        "[EMAIL_1]": "alice@example.com",
        "[EMAIL_2]": "bob@example.com",
    }
    assert store.placeholder_owner("s1", "[EMAIL_1]") == _value_hash(vault, "alice@example.com")
    assert store.placeholder_owner("s1", "[EMAIL_9]") is None


def test_values_are_encrypted_at_rest(store: MappingStore, vault: Vault, db_path: Path) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    store.remember_reply("s1", "h", "provider says alice@example.com")
    raw = db_path.read_bytes() + db_path.with_name(db_path.name + "-wal").read_bytes()
    assert b"alice@example.com" not in raw


def test_remember_is_idempotent_and_refuses_collisions(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    for _ in range(3):
        _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    assert Mapping.select().count() == 1
    with pytest.raises(PlaceholderCollision):
        _remember(store, vault, "s1", "[EMAIL_1]", "mallory@example.com")
    assert store.lookup("s1", "[EMAIL_1]") == "alice@example.com"


def test_remember_needs_its_scope(store: MappingStore, vault: Vault) -> None:
    with pytest.raises(peewee.IntegrityError):
        _remember(store, vault, "never-ensured", "[EMAIL_1]", "alice@example.com")


def test_scopes_never_share_mappings(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("tenant-a", "ta", None, DAY)
    store.ensure_scope("tenant-b", "tb", None, DAY)
    _remember(store, vault, "tenant-a", "[EMAIL_1]", "alice@example.com")
    assert store.lookup("tenant-b", "[EMAIL_1]") is None
    _remember(store, vault, "tenant-b", "[EMAIL_1]", "bob@example.com")  # same placeholder, other scope
    assert store.lookup("tenant-a", "[EMAIL_1]") == "alice@example.com"
    assert store.lookup("tenant-b", "[EMAIL_1]") == "bob@example.com"


def test_ciphertext_moved_to_another_scope_does_not_decrypt(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("a", "ta", None, DAY)
    store.ensure_scope("b", "tb", None, DAY)
    _remember(store, vault, "a", "[EMAIL_1]", "alice@example.com")
    _remember(store, vault, "b", "[EMAIL_1]", "bob@example.com")
    stolen = Mapping.get((Mapping.scope == "a") & (Mapping.placeholder == "[EMAIL_1]")).ciphertext
    Mapping.update(ciphertext=stolen).where(Mapping.scope == "b").execute()
    assert MappingStore(vault).lookup("b", "[EMAIL_1]") is None


def test_mappings_survive_a_restart(db_path: Path, tmp_path: Path) -> None:
    confdir = tmp_path / "certs"
    open_db(db_path)
    try:
        first = Vault(load_or_create_key(confdir))
        MappingStore(first).ensure_scope("s1", "t1", "sess", DAY)
        _remember(MappingStore(first), first, "s1", "[EMAIL_1]", "alice@example.com")
        MappingStore(first).remember_reply("s1", "restored", "provider text")
    finally:
        close_db()

    open_db(db_path)
    try:
        again = Vault(load_or_create_key(confdir))
        restarted = MappingStore(again)
        assert restarted.lookup("s1", "[EMAIL_1]") == "alice@example.com"
        assert restarted.recall_reply("s1", "restored") == "provider text"
        # Another key (a lost key file) reads nothing back.
        assert MappingStore(Vault(bytes(32))).lookup("s1", "[EMAIL_1]") is None
    finally:
        close_db()


def test_ensure_scope_extends_expiry(store: MappingStore) -> None:
    store.ensure_scope("s1", "t1", None, 60)
    first = Scope.get_by_id("s1")
    store.ensure_scope("s1", "t1", None, DAY)
    second = Scope.get_by_id("s1")
    assert second.expires_at > first.expires_at + timedelta(seconds=DAY - 120)
    assert second.last_seen >= first.last_seen
    assert second.created == first.created
    assert Scope.select().count() == 1


def test_expired_scope_reads_nothing(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    store.remember_reply("s1", "h", "provider text")
    _expire("s1")
    fresh = MappingStore(vault)  # no cached entries
    assert fresh.lookup("s1", "[EMAIL_1]") is None
    assert fresh.lookup_many("s1", ["[EMAIL_1]"]) == {}
    assert fresh.recall_reply("s1", "h") is None


def test_expired_scope_starts_afresh_when_seen_again(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    assert store.lookup("s1", "[EMAIL_1]") == "alice@example.com"  # now cached
    _expire("s1")
    store.ensure_scope("s1", "t1", None, DAY)
    assert store.lookup("s1", "[EMAIL_1]") is None
    assert Mapping.select().count() == 0


def test_purge_expired(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("short", "t1", None, 60)
    store.ensure_scope("long", "t2", None, DAY)
    for scope in ("short", "long"):
        _remember(store, vault, scope, "[EMAIL_1]", "alice@example.com")
        store.remember_reply(scope, "h", "text")
    assert store.lookup("short", "[EMAIL_1]") == "alice@example.com"  # cached before the purge

    assert store.purge_expired(now=utcnow() + timedelta(seconds=3600)) == 1
    assert [s.id for s in Scope.select()] == ["long"]
    assert [m.scope_id for m in Mapping.select()] == ["long"]
    assert [r.scope_id for r in ReplyMemory.select()] == ["long"]
    assert store.lookup("short", "[EMAIL_1]") is None
    assert store.lookup("long", "[EMAIL_1]") == "alice@example.com"
    assert store.purge_expired() == 0


def test_foreign_keys_cascade(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    store.remember_reply("s1", "h", "text")
    Scope.delete().where(Scope.id == "s1").execute()
    assert (Mapping.select().count(), ReplyMemory.select().count()) == (0, 0)


def test_delete_scope(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    assert store.lookup("s1", "[EMAIL_1]") == "alice@example.com"
    assert store.delete_scope("s1") is True
    assert store.delete_scope("s1") is False
    assert store.lookup("s1", "[EMAIL_1]") is None


def test_forget_value_across_scopes(store: MappingStore, vault: Vault) -> None:
    for scope in ("a", "b", "c"):
        store.ensure_scope(scope, f"t-{scope}", None, DAY)
        _remember(store, vault, scope, f"[EMAIL_{scope}]", "Alice@Example.com")
        _remember(store, vault, scope, "[EMAIL_keep]", "bob@example.com")
    assert store.lookup("a", "[EMAIL_a]") == "Alice@Example.com"  # cached before forgetting

    assert store.forget_value_hash(_value_hash(vault, "alice@example.com")) == 3
    assert all(store.lookup(scope, f"[EMAIL_{scope}]") is None for scope in ("a", "b", "c"))
    assert all(store.lookup(scope, "[EMAIL_keep]") == "bob@example.com" for scope in ("a", "b", "c"))
    assert store.forget_value_hash(_value_hash(vault, "alice@example.com")) == 0


def test_reply_memory(store: MappingStore) -> None:
    store.ensure_scope("a", "ta", None, DAY)
    store.ensure_scope("b", "tb", None, DAY)
    store.remember_reply("a", "restored-1", "Hello [PERSON_1]")
    assert store.recall_reply("a", "restored-1") == "Hello [PERSON_1]"
    assert store.recall_reply("a", "restored-2") is None
    assert store.recall_reply("b", "restored-1") is None
    store.remember_reply("a", "restored-1", "Hello [PERSON_1]!")  # the newer text wins
    assert store.recall_reply("a", "restored-1") == "Hello [PERSON_1]!"
    assert ReplyMemory.select().count() == 1


def test_reply_memories_of_several_scopes_in_one_call(store: MappingStore) -> None:
    store.ensure_scope("a", "ta", None, DAY)
    store.ensure_scope("b", "tb", None, DAY)
    store.remember_reply("a", "r1", "old text")
    store.remember_replies([("a", "r1", "Hello [PERSON_1]"), ("a", "r2", "Bye"), ("b", "r1", "Hi [EMAIL_1]")])
    assert store.recall_reply("a", "r1") == "Hello [PERSON_1]"  # the newer text wins here too
    assert (store.recall_reply("a", "r2"), store.recall_reply("b", "r1")) == ("Bye", "Hi [EMAIL_1]")
    assert ReplyMemory.select().count() == 3
    store.remember_replies([])
    assert ReplyMemory.select().count() == 3


def test_four_threads_remember_and_lookup(store: MappingStore, vault: Vault) -> None:
    scopes = [f"scope-{i}" for i in range(4)]
    for scope in scopes:
        store.ensure_scope(scope, scope, None, DAY)

    def work(worker: int) -> list[tuple[str, str, str | None]]:
        results = []
        for i in range(60):
            scope = scopes[(worker + i) % 4]
            # Every worker also writes the placeholders the others write: concurrent identical upserts.
            value = f"user{i}@example.com"
            placeholder = f"[EMAIL_{i}]"
            _remember(store, vault, scope, placeholder, value)
            store.ensure_scope(scope, scope, None, DAY)
            results.append((scope, value, store.lookup(scope, placeholder)))
            store.lookup_many(scope, [placeholder, "[EMAIL_missing]"])
        return results

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = [row for rows in pool.map(work, range(4)) for row in rows]

    assert all(found == value for _, value, found in outcomes)
    assert Mapping.select().count() == 4 * 60
    fresh = MappingStore(vault)
    for scope in scopes:
        found = fresh.lookup_many(scope, [f"[EMAIL_{i}]" for i in range(60)])
        assert found == {f"[EMAIL_{i}]": f"user{i}@example.com" for i in range(60)}


def test_another_process_sees_writes(store: MappingStore, vault: Vault, db_path: Path) -> None:
    # A second connection outside peewee (another process's view) reads the committed rows.
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_1]", "alice@example.com")
    with sqlite3.connect(db_path) as other:
        assert other.execute("SELECT placeholder, scope_id FROM mapping").fetchall() == [("[EMAIL_1]", "s1")]
    other.close()


def test_remember_many_in_one_go(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_0]", "zed@example.com")
    entries = [
        (f"[EMAIL_{i}]", "EMAIL_ADDRESS", _value_hash(vault, v), v)
        for i, v in enumerate(["zed@example.com", *(f"u{n}@example.com" for n in range(1, 1200))])
    ]
    store.remember_many("s1", entries)
    store.remember_many("s1", entries)  # idempotent
    assert Mapping.select().count() == 1200
    assert store.lookup_many("s1", ["[EMAIL_0]", "[EMAIL_1199]"]) == {
        "[EMAIL_0]": "zed@example.com",
        "[EMAIL_1199]": "u1199@example.com",
    }
    clash = [
        ("[EMAIL_5]", "EMAIL_ADDRESS", _value_hash(vault, "mallory@example.com"), "mallory@example.com"),
        ("[EMAIL_NEW]", "EMAIL_ADDRESS", _value_hash(vault, "new@example.com"), "new@example.com"),
    ]
    with pytest.raises(PlaceholderCollision):
        store.remember_many("s1", clash)
    # the whole batch is refused: nothing of it was written
    assert store.lookup("s1", "[EMAIL_NEW]") is None
    assert store.lookup("s1", "[EMAIL_5]") == "u5@example.com"


def test_remember_many_touches_the_mappings_already_stored(store: MappingStore, vault: Vault) -> None:
    store.ensure_scope("s1", "t1", None, DAY)
    _remember(store, vault, "s1", "[EMAIL_0]", "zed@example.com")
    long_ago = utcnow() - timedelta(days=3)
    Mapping.update(last_used=long_ago, created=long_ago).execute()
    store.remember_many(
        "s1",
        [
            ("[EMAIL_0]", "EMAIL_ADDRESS", _value_hash(vault, "zed@example.com"), "zed@example.com"),
            ("[EMAIL_1]", "EMAIL_ADDRESS", _value_hash(vault, "amy@example.com"), "amy@example.com"),
        ],
    )
    rows = {m.placeholder: m for m in Mapping.select()}
    assert rows["[EMAIL_0]"].created == long_ago and rows["[EMAIL_0]"].last_used > long_ago
    assert store.lookup_many("s1", ["[EMAIL_0]", "[EMAIL_1]"]) == {
        "[EMAIL_0]": "zed@example.com",
        "[EMAIL_1]": "amy@example.com",
    }


@pytest.mark.parametrize("batch", [500, 2])
def test_mappings_of_values_or_placeholders(store: MappingStore, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("store.mappings.LOOKUP_BATCH", batch)  # 2: the long-list path, in two queries
    store.ensure_scope("s", "t", None, DAY)
    store.ensure_scope("other", "t", None, DAY)
    store.remember("s", "[EMAIL_A]", "EMAIL_ADDRESS", "h1", "a@example.com")
    store.remember("s", "[PERSON_B]", "PERSON", "h2", "Ann Lee")
    store.remember("s", "[PERSON_C]", "PERSON", "h3", "Cy")
    store.remember("other", "[PERSON_D]", "PERSON", "h1", "x")
    rows = store.mappings_of_values_or_placeholders("s", ["h1", "h9"], ["[PERSON_C]", "[PERSON_D]"])
    assert sorted(rows) == [("EMAIL_ADDRESS", "h1", "[EMAIL_A]"), ("PERSON", "h3", "[PERSON_C]")]
    assert store.mappings_of_values_or_placeholders("s", [], ["[PERSON_B]"]) == [("PERSON", "h2", "[PERSON_B]")]
    assert store.mappings_of_values_or_placeholders("s", ["h2"], []) == [("PERSON", "h2", "[PERSON_B]")]
    assert store.mappings_of_values_or_placeholders("s", [], []) == []


def test_a_requests_lookups_search_indexes_not_the_whole_scope(store: MappingStore, db_path: Path) -> None:
    """SQLite without statistics would walk every mapping of the scope for each request's values."""
    import store.db as store_db

    statements: list[tuple[str, object]] = []
    database = store_db.current_db()
    assert database is not None
    execute_sql = database.execute_sql

    def capture(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
        statements.append((sql, params))
        return execute_sql(sql, params, *args, **kwargs)

    database.execute_sql = capture  # type: ignore[method-assign]
    try:
        store.mappings_of_values_or_placeholders("s", ["h1", "h2"], ["[P_1]"])
        store.placeholders_of_values("s", ["h1"])
        store.placeholders_of_value("s", "PERSON", "h1")
    finally:
        del database.execute_sql
    with sqlite3.connect(db_path) as other:
        for sql, params in statements:
            plan = " ".join(row[-1] for row in other.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert "value_hash=?" in plan or "placeholder=?" in plan, plan
            assert "SCAN" not in plan, plan
    other.close()


def test_batched_lookups_answer_as_the_single_ones(store: MappingStore) -> None:
    scope_id = "s-batch"
    store.ensure_scope(scope_id, "t1", None, DAY)
    store.remember(scope_id, "[EMAIL_AAAAA]", "EMAIL_ADDRESS", "h1", "a@example.com")
    store.remember(scope_id, "[PERSON_BBBBB]", "PERSON", "h2", "Ann Lee")
    rows = store.placeholders_of_values(scope_id, ["h1", "h2", "h3"])
    assert sorted(rows) == [("EMAIL_ADDRESS", "h1", "[EMAIL_AAAAA]"), ("PERSON", "h2", "[PERSON_BBBBB]")]
    assert store.placeholders_of_values(scope_id, ["h1"]) == [("EMAIL_ADDRESS", "h1", "[EMAIL_AAAAA]")]
    owners = store.placeholder_owners(scope_id, ["[EMAIL_AAAAA]", "[PERSON_BBBBB]", "[PHONE_CCCCC]"])
    assert owners == {"[EMAIL_AAAAA]": "h1", "[PERSON_BBBBB]": "h2"}
    assert store.placeholder_owners("another-scope", ["[EMAIL_AAAAA]"]) == {}
    assert store.placeholders_of_value(scope_id, "PERSON", "h2") == ["[PERSON_BBBBB]"]
