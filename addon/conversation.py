"""Restore only to the conversation that sent it: which placeholders a reply may turn back into values.

A reply restores a placeholder only if the proxy produced it for this conversation: in this request (its
text, or history the client resent), in an earlier reply the proxy recognised in that history, or in an
earlier request of the same conversation. Conversations are known by the session header (the scope then
is the conversation) or by the provider's own chain: `previous_response_id`, `conversation`, thread ids.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import peewee

from addon.bodies import decode_body
from addon.placeholders import Lookup, placeholders_in
from addon.tenancy import Scope
from store import conversations
from store.crypto import Vault
from store.mappings import MappingStore

log = logging.getLogger("anonamoose")

RESTORE_MODES = ("conversation", "scope")
# Provider ids that name a conversation's state upstream: Responses, Conversations, Assistants threads.
CHAIN_ID = re.compile(r"^(?:resp|conv|thread)_[A-Za-z0-9_-]{1,200}$")
# Path segments that name a chain: /v1/threads/{id}/..., /v1/conversations/{id}/..., /v1/responses/{id}.
CHAIN_PATH = re.compile(r"/(?:threads|conversations|responses)/((?:resp|conv|thread)_[A-Za-z0-9_-]{1,200})(?:[/?]|$)")
CHAIN_FIELDS = (b'"previous_response_id"', b'"conversation"')


def parse_restore_mode(value: str) -> str:
    if value not in RESTORE_MODES:
        raise ValueError(f"choose one of {', '.join(RESTORE_MODES)}")
    return value


def _chain_id(value: Any) -> str | None:
    return value if isinstance(value, str) and CHAIN_ID.match(value) else None


def request_chain_ids(path: str, body: bytes, content_encoding: str | None) -> list[str]:
    """The provider ids in a request that continue an earlier conversation (path, `previous_response_id`,
    `conversation`). The body is parsed only when it names one of those fields."""
    ids = [match.group(1) for match in CHAIN_PATH.finditer(path)]
    if not body or "/responses" not in path.split("?", 1)[0]:
        return ids  # only the Responses API names an earlier turn in its body
    try:
        plain = decode_body(body, content_encoding)
    except ValueError:
        return ids
    if not any(name in plain for name in CHAIN_FIELDS):
        return ids
    try:
        document = json.loads(plain)
    except (ValueError, UnicodeDecodeError):
        return ids
    if isinstance(document, dict):
        conversation = document.get("conversation")
        if isinstance(conversation, dict):
            conversation = conversation.get("id")
        ids += [i for i in (_chain_id(document.get("previous_response_id")), _chain_id(conversation)) if i]
    return ids


def reply_chain_ids(document: Any) -> Iterator[str]:
    """Provider ids in a reply or stream event that a later request may continue from."""
    if not isinstance(document, dict):
        return
    for key in ("id", "thread_id", "conversation_id", "previous_response_id"):
        found = _chain_id(document.get(key))
        if found:
            yield found
    for key in ("response", "conversation", "thread"):
        inner = document.get(key)
        found = _chain_id(inner.get("id")) if isinstance(inner, dict) else _chain_id(inner)
        if found:
            yield found


@dataclass
class ConversationState:
    """One flow's conversation: which placeholders its reply may restore, and where to record its own."""

    scope_wide: bool
    links: list[str] = field(default_factory=list)  # keyed hashes of the request's chain ids
    conversation_hash: str | None = None
    earlier: set[str] = field(default_factory=set)  # placeholders of earlier turns of this conversation

    def allowed(self, own: Iterable[str]) -> set[str] | None:
        """The placeholders a reply may restore; None means every one in the scope."""
        return None if self.scope_wide else self.earlier.union(own)


class ConversationService:
    """Resolves and records conversations in the store; every method runs in a worker thread."""

    def __init__(self, store: MappingStore, vault: Vault, mode: str = "conversation"):
        self.store = store
        self.vault = vault
        self.mode = parse_restore_mode(mode)

    def link_hash(self, scope: Scope, chain_id: str) -> str:
        return self.vault.keyed_hash("chain", scope.id, chain_id)

    def resolve(self, scope: Scope, chain_ids: list[str]) -> ConversationState:
        """The conversation a request continues. With a session header the session scope is the conversation."""
        if self.mode == "scope" or scope.session_hash is not None:
            return ConversationState(scope_wide=True)
        state = ConversationState(scope_wide=False, links=[self.link_hash(scope, i) for i in chain_ids])
        if state.links:
            state.conversation_hash = conversations.conversation_of(scope.id, state.links)
            if state.conversation_hash is not None:
                state.earlier = conversations.placeholders_of(scope.id, state.conversation_hash)
        return state

    def record(
        self, scope: Scope, state: ConversationState, reply_ids: Iterable[str], placeholders: Iterable[str], ttl: int
    ) -> None:
        """After a reply: its ids and the request's chain ids lead to this conversation, which now holds
        this turn's placeholders too. Nothing to do without a provider chain."""
        if state.scope_wide:
            return
        links = state.links + [self.link_hash(scope, i) for i in reply_ids]
        if not links:
            return
        conversation_hash = state.conversation_hash or conversations.new_conversation_hash()
        own = set(placeholders) - state.earlier
        try:
            conversations.record(scope.id, conversation_hash, links, own)
        except peewee.IntegrityError:
            # The scope is new (a request without PII never created it) or was purged meanwhile.
            self.store.ensure_scope(scope.id, scope.tenant_hash, scope.session_hash, ttl)
            conversations.record(scope.id, conversation_hash, links, own)


def history_placeholders(replies: Iterable[tuple[str, str]]) -> set[str]:
    """The placeholders restored in earlier replies a request resends: in the provider's text, not in the
    client's (one still there was left as written, so it was never this conversation's)."""
    found: set[str] = set()
    for provider_text, client_text in replies:
        found |= placeholders_in(provider_text) - placeholders_in(client_text)
    return found


class ConversationLookup:
    """Restorer lookup for one flow: the request's own mappings, then the store for allowed placeholders.

    `allowed` None restores anything the scope knows (session scopes, `anonamoose_restore=scope`). The
    placeholders of resent replies (`history`) are found only when a reply quotes one the request does not
    hold, so a history turn pays nothing for them in the usual case.
    """

    def __init__(
        self,
        store: MappingStore,
        scope_id: str,
        known: dict[str, str],
        allowed: set[str] | None,
        history: list[tuple[str, str]] | None = None,
    ):
        self.store = store
        self.scope_id = scope_id
        self.known = known
        self._allowed = allowed
        self._history = history or []

    @property
    def allowed(self) -> set[str] | None:
        if self._allowed is not None and self._history:
            self._allowed = self._allowed | history_placeholders(self._history)
            self._history = []
        return self._allowed

    def __call__(self, placeholders: list[str]) -> dict[str, str]:
        found = {p: self.known[p] for p in placeholders if p in self.known}
        if len(found) == len(placeholders):
            return found
        allowed = self.allowed
        missing = [p for p in placeholders if p not in found and (allowed is None or p in allowed)]
        if missing:
            found.update(self.store.lookup_many(self.scope_id, missing))
        return found

    def needs_store(self) -> bool:
        """Whether anything this lookup may answer lies beyond the request's own mappings."""
        if self._allowed is None or self._history:
            return True
        return any(p not in self.known for p in self._allowed)

    def prefetched(self) -> Lookup:
        """An in-memory lookup holding everything this one could answer: for streams, which run on the
        event loop and must never wait for the store."""
        allowed = self.allowed
        if allowed is None:
            values = self.store.scope_values(self.scope_id)
        else:
            wanted = [p for p in allowed if p not in self.known]
            values = self.store.lookup_many(self.scope_id, wanted) if wanted else {}
        values.update(self.known)
        return lambda placeholders: {p: values[p] for p in placeholders if p in values}
