"""Which placeholders belong to which conversation, reached through the provider's own ids (hashed).

A conversation is a set of placeholders within a scope. Provider handles on it (a response id, a
conversation id, a thread id) are stored only as keyed hashes and point at the conversation's id.
Rows go with their scope: purged, expired and erased together.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

import peewee

from store.db import database, tuple_rows
from store.models import ConversationLink, ConversationPlaceholder, utcnow

BATCH = 500


def new_conversation_hash() -> str:
    """A fresh conversation id: random, so it says nothing about who or what."""
    return secrets.token_hex(16)


def conversation_of(scope_id: str, link_hashes: Iterable[str]) -> str | None:
    """The conversation the first known link points at, or None if the proxy never saw any of them."""
    wanted = list(dict.fromkeys(link_hashes))
    if not wanted:
        return None
    rows = dict(
        tuple_rows(
            ConversationLink.select(ConversationLink.link_hash, ConversationLink.conversation_hash).where(
                (ConversationLink.scope == scope_id) & ConversationLink.link_hash.in_(wanted)
            )
        )
    )
    return next((rows[link] for link in wanted if link in rows), None)


def placeholders_of(scope_id: str, conversation_hash: str) -> set[str]:
    """Every placeholder produced for this conversation."""
    query = ConversationPlaceholder.select(ConversationPlaceholder.placeholder).where(
        (ConversationPlaceholder.scope == scope_id) & (ConversationPlaceholder.conversation_hash == conversation_hash)
    )
    return {row[0] for row in tuple_rows(query)}


def record(scope_id: str, conversation_hash: str, link_hashes: Iterable[str], placeholders: Iterable[str]) -> None:
    """Point every link at the conversation and add the placeholders to it, in one transaction.

    The scope must exist (the request that produced the placeholders created it).
    """
    now = utcnow()
    links = [
        {"scope": scope_id, "link_hash": link, "conversation_hash": conversation_hash, "created": now}
        for link in dict.fromkeys(link_hashes)
    ]
    rows: list[dict[str, object]] = [
        {"scope": scope_id, "conversation_hash": conversation_hash, "placeholder": placeholder}
        for placeholder in dict.fromkeys(placeholders)
    ]
    with database.atomic():
        for batch in peewee.chunked(links, BATCH // 5):
            ConversationLink.insert_many(batch).on_conflict(
                conflict_target=[ConversationLink.scope, ConversationLink.link_hash],
                update={ConversationLink.conversation_hash: conversation_hash},
            ).execute()
        for batch in peewee.chunked(rows, BATCH // 5):
            ConversationPlaceholder.insert_many(batch).on_conflict_ignore().execute()
