"""Scopes and their placeholder mappings: originals stored encrypted, found by scope and placeholder."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from collections.abc import Mapping as MappingOf
from datetime import datetime, timedelta
from typing import Any

import peewee

from store.crypto import DecryptionError, Vault
from store.db import database, tuple_rows
from store.inserts import cached_sql, dialect, insert_ignoring_conflicts, sql_style, upsert
from store.models import (
    ConversationLink,
    ConversationPlaceholder,
    Mapping,
    ReplyMemory,
    Revision,
    Scope,
    utcnow,
)

log = logging.getLogger(__name__)

# Bound on an IN (...) list, well inside every backend's parameter limit.
LOOKUP_BATCH = 500
# A new mapping row's columns, in the order remember_many gives its values.
MAPPING_COLUMNS = (
    Mapping.scope,
    Mapping.placeholder,
    Mapping.entity_type,
    Mapping.value_hash,
    Mapping.ciphertext,
    Mapping.created,
    Mapping.last_used,
)
MAPPING_KEYS = tuple(field.name for field in MAPPING_COLUMNS)
REPLY_COLUMNS = (ReplyMemory.scope, ReplyMemory.restored_hash, ReplyMemory.provider_text, ReplyMemory.created)
REPLY_KEY = (ReplyMemory.scope, ReplyMemory.restored_hash)
# The revision row every erasure (forget, rm, purge) bumps, so other processes drop what they cached.
ERASURES = "erasures"
# How often a running proxy reads that row: an erasure elsewhere takes effect here within this time.
ERASURE_CHECK_SECONDS = 1.0


class PlaceholderCollision(ValueError):
    """A placeholder is already taken in this scope by a different value."""


def mapping_context(scope_id: str, placeholder: str) -> bytes:
    """Associated data binding a mapping's ciphertext to its scope and placeholder."""
    return b"mapping\x00" + scope_id.encode() + b"\x00" + placeholder.encode()


def reply_context(scope_id: str, restored_hash: str) -> bytes:
    """Associated data binding a remembered reply to its scope and restored-text hash."""
    return b"reply\x00" + scope_id.encode() + b"\x00" + restored_hash.encode()


def note_erasure() -> None:
    """Bump the erasure counter; call inside the transaction that erased something."""
    Revision.insert(name=ERASURES, counter=1).on_conflict(
        conflict_target=[Revision.name], update={Revision.counter: Revision.counter + 1}
    ).execute()


def erasure_count() -> int:
    """How many erasures the store has seen (one indexed read)."""
    return int(Revision.select(Revision.counter).where(Revision.name == ERASURES).scalar() or 0)


def _delete_scopes(where: peewee.Expression) -> int:
    # Children explicitly too: correct even on a backend where foreign keys are not enforced.
    doomed = Scope.select(Scope.id).where(where)
    Mapping.delete().where(Mapping.scope.in_(doomed)).execute()
    ReplyMemory.delete().where(ReplyMemory.scope.in_(doomed)).execute()
    ConversationLink.delete().where(ConversationLink.scope.in_(doomed)).execute()
    ConversationPlaceholder.delete().where(ConversationPlaceholder.scope.in_(doomed)).execute()
    deleted = int(Scope.delete().where(where).execute())
    if deleted:
        note_erasure()
    return deleted


def delete_scope_rows(scope_id: str) -> bool:
    """Erase one scope with its mappings and replies (no key needed); True if it existed.

    Running proxies drop their caches within ERASURE_CHECK_SECONDS.
    """
    with database.atomic():
        return bool(_delete_scopes(Scope.id == scope_id))


def purge_expired_rows(now: datetime | None = None) -> int:
    """Delete every scope expired at `now` (naive UTC, default now) with its mappings; returns scopes."""
    now = now or utcnow()
    with database.atomic():
        return _delete_scopes(Scope.expires_at <= now)


class _LookupCache:
    """A small thread-safe LRU of decrypted lookups, each valid until its scope expires or max_age passes.

    max_age bounds how long a value forgotten or purged by another process (the CLI) can still be served.
    """

    def __init__(self, size: int, max_age: timedelta) -> None:
        self._size = size
        self._max_age = max_age
        self._entries: OrderedDict[tuple[str, str], tuple[str, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str], now: datetime) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[1] <= now:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: tuple[str, str], value: str, scope_expires: datetime, now: datetime) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._entries[key] = (value, min(scope_expires, now + self._max_age))
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class MappingStore:
    """Reads and writes placeholder mappings and reply memories; safe to share between threads.

    Call ensure_scope before remembering anything in a scope.
    """

    def __init__(
        self,
        vault: Vault,
        cache_size: int = 4096,
        cache_seconds: float = 30.0,
        check_seconds: float = ERASURE_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vault = vault
        self._cache = _LookupCache(cache_size, timedelta(seconds=cache_seconds))
        self._check_seconds = check_seconds
        self._clock = clock
        self._erasures_lock = threading.Lock()
        self._erasures_seen: int | None = None
        self._erasures_checked_at = float("-inf")

    def erasure_generation(self) -> int:
        """The store's erasure count, read at most every check_seconds; the cache is dropped when it moved.

        Callers that keep their own memo of store state compare it with the last value they saw.
        """
        with self._erasures_lock:
            now = self._clock()
            if self._erasures_seen is not None and now - self._erasures_checked_at < self._check_seconds:
                return self._erasures_seen
            self._erasures_checked_at = now
            count = erasure_count()
            if self._erasures_seen is not None and count != self._erasures_seen:
                self._cache.clear()
            self._erasures_seen = count
            return count

    # Scopes

    def ensure_scope(self, scope_id: str, tenant_hash: str, session_hash: str | None, ttl_seconds: float) -> bool:
        """Create the scope, or mark it seen and extend its expiry to now + ttl; True if it (re)started empty.

        A scope found expired (not yet purged) starts afresh, as if purge had run: old mappings never revive.
        """
        now = utcnow()
        expires = now + timedelta(seconds=ttl_seconds)
        with database.atomic():
            previous = Scope.select(Scope.expires_at).where(Scope.id == scope_id).scalar()
            restarted = previous is not None and previous <= now
            if restarted:
                _delete_scopes(Scope.id == scope_id)
                previous = None
            if previous is None:
                Scope.insert(
                    id=scope_id,
                    tenant_hash=tenant_hash,
                    session_hash=session_hash,
                    created=now,
                    last_seen=now,
                    expires_at=expires,
                ).on_conflict_ignore().execute()  # another instance may create it at the same moment
            else:
                Scope.update(last_seen=now, expires_at=expires).where(Scope.id == scope_id).execute()
        if restarted or (previous is not None and expires < previous):
            # Cached entries would outlive the scope's new start or its shorter expiry.
            self._cache.clear()
        return restarted

    def delete_scope(self, scope_id: str) -> bool:
        """Erase one scope with all its mappings and replies; True if it existed."""
        deleted = delete_scope_rows(scope_id)
        self._cache.clear()
        return deleted

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete every scope expired at `now` (naive UTC, default now) with its mappings; returns scopes."""
        deleted = purge_expired_rows(now)
        self._cache.clear()
        return deleted

    # Mappings

    def placeholder_owner(self, scope_id: str, placeholder: str) -> str | None:
        """The value hash holding `placeholder` in this scope, or None if it is free."""
        return (
            Mapping.select(Mapping.value_hash)
            .where((Mapping.scope == scope_id) & (Mapping.placeholder == placeholder))
            .scalar()
        )

    @staticmethod
    def placeholders_of_value(scope_id: str, entity_type: str, value_hash: str) -> list[str]:
        """The placeholders a value already has in this scope (one per style, at most)."""
        query = Mapping.select(Mapping.placeholder).where(
            (Mapping.value_hash == value_hash) & (Mapping.scope == scope_id) & (Mapping.entity_type == entity_type)
        )
        return [row[0] for row in tuple_rows(query)]

    @staticmethod
    def placeholders_of_values(scope_id: str, value_hashes: list[str]) -> list[tuple[str, str, str]]:
        """(entity_type, value_hash, placeholder) of every mapping of these values in this scope."""
        rows: list[tuple[str, str, str]] = []
        for i in range(0, len(value_hashes), LOOKUP_BATCH):
            query = Mapping.select(Mapping.entity_type, Mapping.value_hash, Mapping.placeholder).where(
                (Mapping.scope == scope_id) & (Mapping.value_hash.in_(value_hashes[i : i + LOOKUP_BATCH]))
            )
            rows += tuple_rows(query)
        return rows

    @staticmethod
    def mappings_of_values_or_placeholders(
        scope_id: str, value_hashes: list[str], placeholders: list[str]
    ) -> list[tuple[str, str, str]]:
        """(entity_type, value_hash, placeholder) of every mapping in this scope of these values or placeholders.

        One query for both questions a request asks before it assigns (its values' placeholders, and who holds
        the placeholders it would give them); batched in two when the lists are long.
        """
        if len(value_hashes) + len(placeholders) > LOOKUP_BATCH:
            found = MappingStore.placeholders_of_values(scope_id, value_hashes)
            for start in range(0, len(placeholders), LOOKUP_BATCH):
                query = Mapping.select(Mapping.entity_type, Mapping.value_hash, Mapping.placeholder).where(
                    (Mapping.scope == scope_id) & Mapping.placeholder.in_(placeholders[start : start + LOOKUP_BATCH])
                )
                found += tuple_rows(query)
            return found
        db = database.obj
        if dialect(db) is not None:
            return _mappings_by_value_or_placeholder(db, scope_id, value_hashes, placeholders)
        # The scope repeated in each branch: SQLite then searches each branch's index (a multi-index OR) instead
        # of walking the whole scope.
        branches = []
        if value_hashes:
            branches.append((Mapping.scope == scope_id) & Mapping.value_hash.in_(value_hashes))
        if placeholders:
            branches.append((Mapping.scope == scope_id) & Mapping.placeholder.in_(placeholders))
        if not branches:
            return []
        where = branches[0] if len(branches) == 1 else (branches[0] | branches[1])
        query = Mapping.select(Mapping.entity_type, Mapping.value_hash, Mapping.placeholder).where(where)
        return tuple_rows(query)

    @staticmethod
    def placeholder_owners(scope_id: str, placeholders: list[str]) -> dict[str, str]:
        """The value hash holding each of these placeholders in this scope (free ones are absent)."""
        return _by_placeholder(scope_id, placeholders, Mapping.value_hash)

    @staticmethod
    def placeholder_types(scope_id: str, placeholders: list[str]) -> dict[str, str]:
        """The entity type of each of these placeholders in this scope (unknown or erased ones are absent)."""
        return _by_placeholder(scope_id, placeholders, Mapping.entity_type)

    def remember(self, scope_id: str, placeholder: str, entity_type: str, value_hash: str, value: str) -> None:
        """Store that `placeholder` stands for `value` in this scope; repeating it only touches last_used.

        PlaceholderCollision if the placeholder already stands for a different value here.
        """
        now = utcnow()
        with database.atomic():
            owner = self.placeholder_owner(scope_id, placeholder)
            if owner is None:
                inserted = (
                    Mapping.insert(
                        scope=scope_id,
                        placeholder=placeholder,
                        entity_type=entity_type,
                        value_hash=value_hash,
                        ciphertext=self._vault.encrypt(value, mapping_context(scope_id, placeholder)),
                        created=now,
                        last_used=now,
                    )
                    .on_conflict_ignore()
                    .as_rowcount()
                    .execute()
                )
                if not inserted:
                    # Another instance stored this placeholder first: fine if for the same value.
                    self._check_owners(scope_id, {placeholder: value_hash})
            elif owner != value_hash:
                raise PlaceholderCollision(f"placeholder {placeholder} already stands for another value here")
            else:
                Mapping.update(last_used=now).where(
                    (Mapping.scope == scope_id) & (Mapping.placeholder == placeholder)
                ).execute()

    def remember_many(self, scope_id: str, entries: Iterable[tuple[str, str, str, str]]) -> None:
        """`remember` for many (placeholder, entity_type, value_hash, value) in one transaction.

        One INSERT adds them all; only when some were already stored does one SELECT check their owners and one
        UPDATE touch them (a request's placeholders are mostly new: the parent remembers what it wrote).
        """
        wanted = {placeholder: (kind, value_hash, value) for placeholder, kind, value_hash, value in entries}
        if not wanted:
            return
        now = utcnow()
        new_rows = [
            (
                scope_id,
                placeholder,
                entity_type,
                value_hash,
                self._vault.encrypt(value, mapping_context(scope_id, placeholder)),
                now,
                now,
            )
            # Sorted: two instances inserting overlapping sets take the rows' locks in one order, never deadlock.
            for placeholder, (entity_type, value_hash, value) in sorted(wanted.items())
        ]
        with database.atomic():
            inserted = 0
            for start in range(0, len(new_rows), LOOKUP_BATCH // 10):
                batch_rows = new_rows[start : start + LOOKUP_BATCH // 10]
                count = insert_ignoring_conflicts(MAPPING_COLUMNS, batch_rows)
                if count is None:  # neither SQLite nor PostgreSQL: peewee writes the statement
                    rows = [dict(zip(MAPPING_KEYS, row, strict=True)) for row in batch_rows]
                    count = int(Mapping.insert_many(rows).on_conflict_ignore().as_rowcount().execute())
                inserted += count
            if inserted == len(new_rows):
                return
            # Some were stored already (by this instance earlier, or another one): fine if for the same values,
            # and then used now. Touching the rows just inserted too changes nothing: their last_used is now.
            self._check_owners(scope_id, {p: entry[1] for p, entry in wanted.items()})
            known = sorted(wanted)
            for start in range(0, len(known), LOOKUP_BATCH):
                Mapping.update(last_used=now).where(
                    (Mapping.scope == scope_id) & Mapping.placeholder.in_(known[start : start + LOOKUP_BATCH])
                ).execute()

    @staticmethod
    def _check_owners(scope_id: str, expected: dict[str, str]) -> None:
        """PlaceholderCollision unless each placeholder is stored for its expected value hash."""
        names = list(expected)
        for start in range(0, len(names), LOOKUP_BATCH):
            rows = Mapping.select(Mapping.placeholder, Mapping.value_hash).where(
                (Mapping.scope == scope_id) & Mapping.placeholder.in_(names[start : start + LOOKUP_BATCH])
            )
            for placeholder, owner in tuple_rows(rows):
                if owner != expected[placeholder]:
                    raise PlaceholderCollision(f"placeholder {placeholder} was just taken by another value here")

    def lookup(self, scope_id: str, placeholder: str) -> str | None:
        """The original behind `placeholder` in this scope; None if unknown or the scope has expired."""
        return self.lookup_many(scope_id, [placeholder]).get(placeholder)

    def lookup_many(self, scope_id: str, placeholders: Iterable[str]) -> dict[str, str]:
        """Originals for those placeholders this (unexpired) scope knows; unknown ones are left out."""
        self.erasure_generation()
        now = utcnow()
        found: dict[str, str] = {}
        missing: list[str] = []
        for placeholder in dict.fromkeys(placeholders):
            cached = self._cache.get((scope_id, placeholder), now)
            if cached is None:
                missing.append(placeholder)
            else:
                found[placeholder] = cached
        for batch in peewee.chunked(missing, LOOKUP_BATCH):
            query = (
                Mapping.select(Mapping.placeholder, Mapping.ciphertext, Scope.expires_at)
                .join(Scope)
                .where((Mapping.scope == scope_id) & Mapping.placeholder.in_(batch) & (Scope.expires_at > now))
            )
            for placeholder, blob, expires_at in tuple_rows(query):
                value = self._open_row(scope_id, placeholder, blob, expires_at, now)
                if value is not None:
                    found[placeholder] = value
        return found

    def scope_values(self, scope_id: str) -> dict[str, str]:
        """Every placeholder this (unexpired) scope knows with its original: a stream's scope-wide lookups."""
        self.erasure_generation()
        now = utcnow()
        found: dict[str, str] = {}
        query = (
            Mapping.select(Mapping.placeholder, Mapping.ciphertext, Scope.expires_at)
            .join(Scope)
            .where((Mapping.scope == scope_id) & (Scope.expires_at > now))
        )
        for placeholder, blob, expires_at in tuple_rows(query):
            value = self._cache.get((scope_id, placeholder), now)
            if value is None:
                value = self._open_row(scope_id, placeholder, blob, expires_at, now)
            if value is not None:
                found[placeholder] = value
        return found

    def _open_row(
        self, scope_id: str, placeholder: str, blob: bytes, expires_at: datetime, now: datetime
    ) -> str | None:
        """A stored mapping's value, decrypted and cached; None when it does not decrypt."""
        try:
            value = self._vault.decrypt(blob, mapping_context(scope_id, placeholder))
        except DecryptionError:
            # Written under another key, or altered: treat as unknown rather than fail the reply.
            log.warning("a stored mapping failed to decrypt (was the key changed?)")
            return None
        self._cache.put((scope_id, placeholder), value, expires_at, now)
        return value

    def forget_value_hash(self, value_hash: str) -> int:
        """Erase every mapping of one value, in every scope; returns how many went."""
        with database.atomic():
            deleted = int(Mapping.delete().where(Mapping.value_hash == value_hash).execute())
            if deleted:
                note_erasure()
        self._cache.clear()
        return deleted

    @staticmethod
    def entity_types() -> list[str]:
        """Every entity type some mapping is stored under."""
        return [row[0] for row in tuple_rows(Mapping.select(Mapping.entity_type).distinct())]

    def forget_values(
        self,
        hash_by_type: MappingOf[str, str],
        placeholders_in: Callable[[str], Iterable[str]] | None = None,
    ) -> tuple[int, int]:
        """Erase the mappings whose (entity_type, value_hash) is in `hash_by_type`, in every scope.

        With `placeholders_in` (text -> the placeholders it quotes), remembered replies quoting an erased
        placeholder go too. Returns (mappings, replies) erased.
        """
        types_by_hash: dict[str, list[str]] = {}
        for entity_type, value_hash in hash_by_type.items():
            types_by_hash.setdefault(value_hash, []).append(entity_type)
        if not types_by_hash:
            return 0, 0
        where = None
        for value_hash, types in types_by_hash.items():
            clause = (Mapping.value_hash == value_hash) & Mapping.entity_type.in_(types)
            where = clause if where is None else where | clause
        assert where is not None
        with database.atomic():
            doomed = tuple_rows(Mapping.select(Mapping.scope, Mapping.placeholder).where(where))
            mappings = int(Mapping.delete().where(where).execute()) if doomed else 0
            replies = self._forget_replies_quoting(doomed, placeholders_in) if doomed and placeholders_in else 0
            if mappings or replies:
                note_erasure()
        self._cache.clear()
        return mappings, replies

    def forget_exact(
        self,
        entity_types: list[str],
        value_hash: str,
        value: str,
        placeholders_in: Callable[[str], Iterable[str]] | None = None,
    ) -> int:
        """Erase the mappings of those types under `value_hash` whose decrypted original is exactly `value`.

        For hashes that several values share (an older, coarser normalisation). Returns how many went.
        """
        with database.atomic():
            rows = tuple_rows(
                Mapping.select(Mapping.scope, Mapping.placeholder, Mapping.ciphertext).where(
                    (Mapping.value_hash == value_hash) & Mapping.entity_type.in_(entity_types)
                )
            )
            doomed = []
            for scope_id, placeholder, blob in rows:
                try:
                    original = self._vault.decrypt(blob, mapping_context(scope_id, placeholder))
                except DecryptionError:
                    continue
                if original == value:
                    doomed.append((scope_id, placeholder))
            if not doomed:
                return 0
            for scope_id, placeholder in doomed:
                Mapping.delete().where((Mapping.scope == scope_id) & (Mapping.placeholder == placeholder)).execute()
            if placeholders_in:
                self._forget_replies_quoting(doomed, placeholders_in)
            note_erasure()
        self._cache.clear()
        return len(doomed)

    def _forget_replies_quoting(
        self, doomed: list[tuple[str, str]], placeholders_in: Callable[[str], Iterable[str]]
    ) -> int:
        by_scope: dict[str, set[str]] = {}
        for scope_id, placeholder in doomed:
            by_scope.setdefault(scope_id, set()).add(placeholder)
        gone = 0
        for scope_id, placeholders in by_scope.items():
            query = ReplyMemory.select(ReplyMemory.restored_hash, ReplyMemory.provider_text).where(
                ReplyMemory.scope == scope_id
            )
            quoting = []
            for restored_hash, blob in tuple_rows(query):
                try:
                    text = self._vault.decrypt(blob, reply_context(scope_id, restored_hash))
                except DecryptionError:
                    continue
                if placeholders.intersection(placeholders_in(text)):
                    quoting.append(restored_hash)
            for batch in peewee.chunked(quoting, LOOKUP_BATCH):
                gone += int(
                    ReplyMemory.delete()
                    .where((ReplyMemory.scope == scope_id) & ReplyMemory.restored_hash.in_(batch))
                    .execute()
                )
        return gone

    # Reply memory

    def remember_reply(self, scope_id: str, restored_hash: str, provider_text: str) -> None:
        """Remember the provider's text for a reply the client received restored (hash of that text)."""
        self.remember_replies([(scope_id, restored_hash, provider_text)])

    def remember_replies(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """`remember_reply` for many (scope_id, restored_hash, provider_text) in one transaction."""
        now = utcnow()
        rows = [
            (scope_id, restored_hash, self._vault.encrypt(provider_text, reply_context(scope_id, restored_hash)))
            for scope_id, restored_hash, provider_text in entries
        ]
        if not rows:
            return
        with database.atomic():
            for scope_id, restored_hash, blob in rows:
                if upsert(REPLY_COLUMNS, (scope_id, restored_hash, blob, now), REPLY_KEY):
                    continue
                ReplyMemory.insert(
                    scope=scope_id, restored_hash=restored_hash, provider_text=blob, created=now
                ).on_conflict(
                    conflict_target=[ReplyMemory.scope, ReplyMemory.restored_hash],
                    update={ReplyMemory.provider_text: blob, ReplyMemory.created: now},
                ).execute()

    def recall_reply(self, scope_id: str, restored_hash: str) -> str | None:
        """The provider's text behind a restored reply in this (unexpired) scope, or None."""
        blob = (
            ReplyMemory.select(ReplyMemory.provider_text)
            .join(Scope)
            .where(
                (ReplyMemory.scope == scope_id)
                & (ReplyMemory.restored_hash == restored_hash)
                & (Scope.expires_at > utcnow())
            )
            .scalar()
        )
        if blob is None:
            return None
        try:
            return self._vault.decrypt(blob, reply_context(scope_id, restored_hash))
        except DecryptionError:
            log.warning("a stored reply failed to decrypt (was the key changed?)")
            return None


def _by_placeholder(scope_id: str, placeholders: list[str], column: peewee.Field) -> dict[str, str]:
    """placeholder -> `column` of its mapping in this scope, looked up in batches the drivers accept."""
    found: dict[str, str] = {}
    db = database.obj
    for i in range(0, len(placeholders), LOOKUP_BATCH):
        batch = placeholders[i : i + LOOKUP_BATCH]
        if dialect(db) is not None:
            found.update(_column_by_placeholder(db, scope_id, batch, column))
            continue
        query = Mapping.select(Mapping.placeholder, column).where(
            (Mapping.scope == scope_id) & (Mapping.placeholder.in_(batch))
        )
        found.update(tuple_rows(query))
    return found


def _column_by_placeholder(
    db: peewee.Database, scope_id: str, placeholders: list[str], column: peewee.Field
) -> list[tuple[str, str]]:
    """One batch of _by_placeholder in SQL text built once per length (SQLite and PostgreSQL)."""
    if not placeholders:
        return []

    def build() -> str:
        q0, q1 = db.quote[0], db.quote[-1]
        marks = ", ".join([db.param] * len(placeholders))
        placeholder = f"{q0}{Mapping.placeholder.column_name}{q1}"
        return (
            f"SELECT {placeholder}, {q0}{column.column_name}{q1} FROM {q0}{Mapping._meta.table_name}{q1} "
            f"WHERE {q0}{Mapping.scope.column_name}{q1} = {db.param} AND {placeholder} IN ({marks})"
        )

    sql = cached_sql(("column-by-placeholder", sql_style(db), column.column_name, len(placeholders)), build)
    return [(str(p), str(v)) for p, v in db.execute_sql(sql, [scope_id, *placeholders]).fetchall()]


def _mappings_by_value_or_placeholder(
    db: peewee.Database, scope_id: str, value_hashes: list[str], placeholders: list[str]
) -> list[tuple[str, str, str]]:
    """mappings_of_values_or_placeholders in SQL text built once per list lengths (SQLite and PostgreSQL)."""
    if not value_hashes and not placeholders:
        return []

    def build() -> str:
        q0, q1 = db.quote[0], db.quote[-1]

        def column(field: peewee.Field) -> str:
            return f"{q0}{field.column_name}{q1}"

        def branch(field: peewee.Field, count: int) -> str:
            marks = ", ".join([db.param] * count)
            return f"({column(Mapping.scope)} = {db.param} AND {column(field)} IN ({marks}))"

        # The scope repeated in each branch: SQLite then searches each branch's index (a multi-index OR)
        # instead of walking the whole scope.
        branches = [branch(Mapping.value_hash, len(value_hashes))] if value_hashes else []
        branches += [branch(Mapping.placeholder, len(placeholders))] if placeholders else []
        columns = ", ".join(column(f) for f in (Mapping.entity_type, Mapping.value_hash, Mapping.placeholder))
        return f"SELECT {columns} FROM {q0}{Mapping._meta.table_name}{q1} WHERE {' OR '.join(branches)}"

    sql = cached_sql(("mappings-by-value-or-placeholder", sql_style(db), len(value_hashes), len(placeholders)), build)
    params: list[Any] = [scope_id, *value_hashes] if value_hashes else []
    params += [scope_id, *placeholders] if placeholders else []
    return [(str(a), str(b), str(c)) for a, b, c in db.execute_sql(sql, params).fetchall()]
