"""Restoring non-streamed replies, and remembering each reply in the form the provider wrote it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from addon.bodies import decode_body
from addon.mapping import FlowLookup
from addon.placeholders import Restorer
from addon.providers.base import Provider, string_leaves
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


class ReplyRestorer:
    """Puts the scope's values back into a reply; only ever the flow's own scope."""

    def __init__(self, store: MappingStore, vault: Vault):
        self.store = store
        self.vault = vault

    def restore_response(
        self,
        raw: bytes,
        content_encoding: str | None,
        content_type: str,
        provider: Provider,
        scope_id: str,
        mappings: dict[str, str],
    ) -> RestoredReply:
        if not raw:
            return RestoredReply(None)
        body = decode_body(raw, content_encoding)
        restorer = Restorer(FlowLookup(self.store, scope_id, mappings))
        if "json" in content_type.lower():
            try:
                document = json.loads(body)
            except ValueError:
                return self._restore_text(body, restorer, content_encoding)
            # Error bodies often quote the request: restore every string in them.
            slots = list(provider.response_slots(document)) or list(string_leaves(document))
            restored = unknown = 0
            pairs = []
            for slot in slots:
                text = slot.get()
                result = restorer.restore(text, json_escape if slot.json_encoded else None)
                restored += result.restored
                unknown += result.unknown
                if result.text != text:
                    slot.set(result.text)
                    pairs.append((text, result.text))
            if pairs:
                return RestoredReply(json.dumps(document, ensure_ascii=False).encode(), restored, unknown, pairs)
            return RestoredReply(body if content_encoding else None, restored, unknown)
        if content_type.lower().startswith("text/"):
            return self._restore_text(body, restorer, content_encoding)
        return RestoredReply(None)

    @staticmethod
    def _restore_text(body: bytes, restorer: Restorer, content_encoding: str | None) -> RestoredReply:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return RestoredReply(None)
        result = restorer.restore(text)
        changed = result.text != text
        return RestoredReply(result.text.encode() if changed or content_encoding else None,
                             result.restored, result.unknown, [(text, result.text)] if changed else [])

    def remember(self, scope_id: str, pairs: Iterable[tuple[str, str]]) -> None:
        """(provider text, restored text) pairs: the next turn sends the provider's text back as it was."""
        try:
            for provider_text, restored_text in pairs:
                self.store.remember_reply(scope_id, self.vault.keyed_hash("reply", restored_text), provider_text)
        except Exception as exc:  # losing the memory only costs a re-analysis next turn
            log.error("anonamoose: remembering a reply failed (%s)", type(exc).__name__)
