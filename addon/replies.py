"""Restoring non-streamed replies, and remembering each reply in the form the provider wrote it."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from addon.bodies import decode_body
from addon.conversation import reply_chain_ids
from addon.placeholders import Lookup, Restorer
from addon.providers.base import Provider, Slot, string_leaves
from addon.streaming import json_escape
from store.crypto import Vault
from store.mappings import MappingStore

log = logging.getLogger("anonamoose")


@dataclass
class RestoredReply:
    body: bytes | None  # None: send the original bytes
    restored: int = 0
    unknown: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (provider text, restored) for the view
    chain_ids: list[str] = field(default_factory=list)  # provider ids a later turn may continue from
    restored_placeholders: Counter[str] = field(default_factory=Counter)  # how often each was put back


class ReplyRestorer:
    """Puts values back into a reply through the flow's lookup, which only answers for its conversation."""

    def __init__(self, store: MappingStore, vault: Vault):
        self.store = store
        self.vault = vault

    def restore_response(
        self, raw: bytes, content_encoding: str | None, content_type: str, provider: Provider, lookup: Lookup
    ) -> RestoredReply:
        restorer = Restorer(lookup)
        reply = self._restore_response(raw, content_encoding, content_type, provider, restorer)
        reply.restored_placeholders = restorer.restored_placeholders
        return reply

    def _restore_response(
        self, raw: bytes, content_encoding: str | None, content_type: str, provider: Provider, restorer: Restorer
    ) -> RestoredReply:
        if not raw:
            return RestoredReply(None)
        body = decode_body(raw, content_encoding)
        if "json" in content_type.lower():
            try:
                document = json.loads(body)
            except ValueError:
                return self._restore_json_lines(body, restorer, provider, content_encoding)
            reply = RestoredReply(None, chain_ids=list(reply_chain_ids(document)))
            # Error bodies often quote the request: restore every string in them.
            slots = list(provider.response_slots(document)) or list(string_leaves(document))
            self._restore_slots(slots, restorer, reply)
            if reply.pairs:
                reply.body = json.dumps(document, ensure_ascii=False).encode()
            elif content_encoding:
                reply.body = body
            return reply
        if content_type.lower().startswith("text/"):
            return self._restore_text(body, restorer, content_encoding)
        return RestoredReply(None)

    @staticmethod
    def _restore_slots(slots: Iterable[Slot], restorer: Restorer, reply: RestoredReply) -> None:
        for slot in slots:
            text = slot.get()
            result = restorer.restore(text, json_escape if slot.json_encoded else None)
            reply.restored += result.restored
            reply.unknown += result.unknown
            if result.text != text:
                slot.set(result.text)
                reply.pairs.append((text, result.text))

    def _restore_json_lines(
        self, body: bytes, restorer: Restorer, provider: Provider, content_encoding: str | None
    ) -> RestoredReply:
        """NDJSON (or any JSON-labelled body that is not one document): each line restored as JSON, so a
        value is always written JSON-escaped; a line that does not parse gets the value escaped in place."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return RestoredReply(None)
        reply = RestoredReply(None)
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except ValueError:
                result = restorer.restore(line, json_escape)
                reply.restored += result.restored
                reply.unknown += result.unknown
                if result.text != line:
                    reply.pairs.append((line, result.text))
                    lines[index] = result.text
                continue
            reply.chain_ids += reply_chain_ids(document)
            before = len(reply.pairs)
            holder = [document]
            self._restore_slots(list(provider.response_slots(document)) or list(string_leaves(holder)), restorer, reply)
            if len(reply.pairs) != before:
                ending = "\r" if line.endswith("\r") else ""
                lines[index] = json.dumps(holder[0], ensure_ascii=False) + ending
        if reply.pairs or content_encoding:
            reply.body = "\n".join(lines).encode()
        return reply

    @staticmethod
    def _restore_text(body: bytes, restorer: Restorer, content_encoding: str | None) -> RestoredReply:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return RestoredReply(None)
        result = restorer.restore(text)
        changed = result.text != text
        return RestoredReply(
            result.text.encode() if changed or content_encoding else None,
            result.restored,
            result.unknown,
            [(text, result.text)] if changed else [],
        )

    def remember(self, scope_id: str, pairs: Iterable[tuple[str, str]]) -> None:
        """(provider text, restored text) pairs: the next turn sends the provider's text back as it was."""
        self.remember_many([(scope_id, list(pairs))])

    def remember_many(self, batch: Iterable[tuple[str, list[tuple[str, str]]]]) -> None:
        """`remember` for several replies, (scope_id, pairs) each, in one transaction."""
        batch = list(batch)
        try:
            self.store.remember_replies(
                (scope_id, self.vault.keyed_hash("reply", restored_text), provider_text)
                for scope_id, pairs in batch
                for provider_text, restored_text in pairs
            )
        except Exception as exc:  # losing the memory only costs a re-analysis next turn
            if len(batch) > 1:  # a scope erased meanwhile must not cost the other replies theirs
                for item in batch:
                    self.remember_many([item])
                return
            log.error("anonamoose: remembering a reply failed (%s)", type(exc).__name__)
