"""Restore only to the conversation that sent it: the lookup rules, chain ids, and the conversation store."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from addon.conversation import (
    ConversationLookup,
    ConversationService,
    ConversationState,
    history_placeholders,
    parse_restore_mode,
    reply_chain_ids,
    request_chain_ids,
)
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.placeholders import PlaceholderFactory, Restorer
from addon.tenancy import Scope
from store.crypto import Vault
from store.db import close_db, open_db
from store.mappings import MappingStore
from store.models import ConversationLink, ConversationPlaceholder, utcnow
from store.models import Scope as ScopeRow

KEY = bytes(range(32))
TTL = 3600


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[PlaceholderService, MappingStore, Vault]]:
    open_db(tmp_path / "m.db")
    vault = Vault(KEY)
    store = MappingStore(vault)
    yield PlaceholderService(PlaceholderFactory.for_vault(vault), store, vault), store, vault
    close_db()


def write(service: PlaceholderService, scope: Scope, *values: tuple[str, str]) -> dict[str, str]:
    """value -> placeholder, persisted as a request would."""
    pending = PendingMappings()
    assigned = {value: service.assign(scope, kind, value, pending) for kind, value in values}
    service.persist(scope, pending, TTL)
    return assigned


TENANT = Scope("scope-a", "tenant-a", None)
SESSION = Scope("scope-a-s1", "tenant-a", "session-1")


# ---- the lookup ------------------------------------------------------------------------------------------


def test_a_placeholder_the_scope_knows_but_this_conversation_did_not_produce_stays(parts):
    service, store, _ = parts
    earlier = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"))["ann@example.com"]
    own = write(service, TENANT, ("PERSON", "Bob Stone"))["Bob Stone"]
    lookup = ConversationLookup(store, TENANT.id, {own: "Bob Stone"}, allowed={own})
    result = Restorer(lookup).restore(f"{own} wrote to {earlier}.")
    assert result.text == f"Bob Stone wrote to {earlier}."
    assert (result.restored, result.unknown) == (1, 1)


def test_allowed_placeholders_come_from_the_store_and_none_means_the_whole_scope(parts):
    service, store, _ = parts
    earlier = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"))["ann@example.com"]
    for allowed in ({earlier}, None):
        lookup = ConversationLookup(store, TENANT.id, {}, allowed=allowed)
        assert Restorer(lookup).restore(f"to {earlier}").text == "to ann@example.com"
    # another scope's lookup never reaches it, whatever it is allowed
    other = ConversationLookup(store, "scope-b", {}, allowed=None)
    assert Restorer(other).restore(f"to {earlier}").text == f"to {earlier}"


def test_prefetched_lookup_answers_like_the_lookup_without_the_store(parts):
    service, store, _ = parts
    values = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"), ("PERSON", "Bob Stone"))
    email, person = values["ann@example.com"], values["Bob Stone"]
    for allowed in ({email}, None):
        lookup = ConversationLookup(store, TENANT.id, {"[PHONE_AAAAA]": "+1 555 0100"}, allowed=allowed)
        prefetched = lookup.prefetched()
        wanted = [email, person, "[PHONE_AAAAA]", "[EMAIL_ZZZZZ]"]
        assert prefetched(wanted) == lookup(wanted)
    store.delete_scope(TENANT.id)
    # everything it answers was fetched before: the store is no longer asked
    assert prefetched([email]) == {email: "ann@example.com"}


def test_restore_mode_is_parsed():
    assert parse_restore_mode("scope") == "scope"
    with pytest.raises(ValueError, match="conversation, scope"):
        parse_restore_mode("tenant")


# ---- which ids continue a conversation -------------------------------------------------------------------


def test_request_chain_ids_from_the_path_and_the_body():
    assert request_chain_ids("/v1/threads/thread_abc123/runs", b"", None) == ["thread_abc123"]
    chat = json.dumps({"messages": [], "previous_response_id": "resp_1"}).encode()
    assert request_chain_ids("/v1/chat/completions", chat, None) == []
    assert request_chain_ids("/v1/conversations/conv_9/items?limit=5", b"", None) == ["conv_9"]
    assert request_chain_ids("/v1/responses/resp_42", b"", None) == ["resp_42"]
    body = json.dumps({"model": "m", "input": "hi", "previous_response_id": "resp_1"}).encode()
    assert request_chain_ids("/v1/responses", body, None) == ["resp_1"]
    assert request_chain_ids("/v1/responses", gzip.compress(body), "gzip") == ["resp_1"]
    for conversation in ("conv_7", {"id": "conv_7"}):
        body = json.dumps({"input": "hi", "conversation": conversation}).encode()
        assert request_chain_ids("/v1/responses", body, None) == ["conv_7"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"messages": [{"role": "user", "content": "previous_response_id"}]}',
        b'{"previous_response_id": "chatcmpl-1"}',  # not a chain id
        b'{"previous_response_id": ["resp_1"]}',
        b'not json, but names "previous_response_id"',
        b"\x1f\x8b broken gzip",
    ],
)
def test_request_chain_ids_ignore_what_is_not_a_chain(body):
    assert request_chain_ids("/v1/responses", body, "gzip" if body.startswith(b"\x1f") else None) == []


def test_reply_chain_ids_of_responses_threads_and_runs():
    assert list(reply_chain_ids({"id": "resp_1", "object": "response"})) == ["resp_1"]
    assert list(reply_chain_ids({"type": "response.created", "response": {"id": "resp_2"}})) == ["resp_2"]
    assert list(reply_chain_ids({"id": "run_1", "object": "thread.run", "thread_id": "thread_3"})) == ["thread_3"]
    assert list(reply_chain_ids({"id": "resp_4", "conversation": {"id": "conv_5"}})) == ["resp_4", "conv_5"]
    assert list(reply_chain_ids({"id": "chatcmpl-1", "object": "chat.completion"})) == []
    assert list(reply_chain_ids(["resp_1"])) == []


# ---- the conversation store ------------------------------------------------------------------------------


def test_a_reply_id_leads_the_next_turn_to_the_earlier_placeholders(parts):
    service, store, vault = parts
    conversations = ConversationService(store, vault)
    turn1 = conversations.resolve(TENANT, [])
    assert not turn1.scope_wide and turn1.earlier == set()
    email = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"))["ann@example.com"]
    conversations.record(TENANT, turn1, ["resp_1"], [email], TTL)

    turn2 = conversations.resolve(TENANT, ["resp_1"])
    assert turn2.earlier == {email} and turn2.allowed([]) == {email}
    person = write(service, TENANT, ("PERSON", "Bob Stone"))["Bob Stone"]
    conversations.record(TENANT, turn2, ["resp_2"], [person], TTL)

    # a third turn chained on the second reaches both; a restarted service reads the same rows
    again = ConversationService(MappingStore(vault), vault)
    assert again.resolve(TENANT, ["resp_2"]).earlier == {email, person}
    assert again.resolve(TENANT, ["resp_unknown"]).earlier == set()
    # another tenant naming the same response id reaches nothing
    assert again.resolve(Scope("scope-b", "tenant-b", None), ["resp_2"]).earlier == set()


def test_ids_are_stored_only_as_keyed_hashes(parts):
    _, store, vault = parts
    conversations = ConversationService(store, vault)
    conversations.record(TENANT, conversations.resolve(TENANT, ["conv_secret_name"]), ["resp_77"], ["[X_1]"], TTL)
    stored = [row.link_hash for row in ConversationLink.select()]
    assert len(stored) == 2 and not any("conv_secret_name" in h or "resp_77" in h for h in stored)


def test_a_session_scope_or_scope_mode_restores_scope_wide(parts):
    _, store, vault = parts
    assert ConversationService(store, vault).resolve(SESSION, ["resp_1"]).scope_wide
    assert ConversationService(store, vault, "scope").resolve(TENANT, []).scope_wide
    assert ConversationState(scope_wide=True).allowed(["[X_1]"]) is None


def test_conversation_rows_go_with_their_scope(parts):
    service, store, vault = parts
    conversations = ConversationService(store, vault)
    email = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"))["ann@example.com"]
    conversations.record(TENANT, conversations.resolve(TENANT, []), ["resp_1"], [email], TTL)
    assert ConversationLink.select().count() == 1 and ConversationPlaceholder.select().count() == 1
    ScopeRow.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    assert store.purge_expired() == 1
    assert ConversationLink.select().count() == 0 and ConversationPlaceholder.select().count() == 0


def test_recording_for_a_scope_that_holds_nothing_yet_creates_it(parts):
    _, store, vault = parts
    conversations = ConversationService(store, vault)
    fresh = Scope("scope-new", "tenant-new", None)
    conversations.record(fresh, conversations.resolve(fresh, []), ["resp_9"], [], TTL)
    assert ScopeRow.get_by_id("scope-new").tenant_hash == "tenant-new"
    assert conversations.resolve(fresh, ["resp_9"]).conversation_hash is not None


def test_a_lookup_needs_the_store_only_beyond_the_request_own_mappings(parts):
    _, store, _ = parts
    own = {"[EMAIL_AAAAA]": "a@b.c"}
    assert not ConversationLookup(store, "s", own, allowed={"[EMAIL_AAAAA]"}).needs_store()
    assert ConversationLookup(store, "s", own, allowed={"[EMAIL_AAAAA]", "[PERSON_BBBBB]"}).needs_store()
    assert ConversationLookup(store, "s", own, allowed=None).needs_store()


def test_resent_replies_allow_only_the_placeholders_they_had_restored(parts):
    service, store, _ = parts
    values = write(service, TENANT, ("EMAIL_ADDRESS", "ann@example.com"), ("PERSON", "Bob Stone"))
    email, person = values["ann@example.com"], values["Bob Stone"]
    # the earlier reply restored the email; the person placeholder went to the client as written
    history = [(f"Mail {email} and {person}", f"Mail ann@example.com and {person}")]
    assert history_placeholders(history) == {email}
    lookup = ConversationLookup(store, TENANT.id, {}, allowed=set(), history=history)
    assert lookup.needs_store()
    assert Restorer(lookup).restore(f"{email} / {person}").text == f"ann@example.com / {person}"
    assert lookup.prefetched()([email, person]) == {email: "ann@example.com"}
