"""The request side, run in a worker thread: decode, parse, find PII in every slot, swap in placeholders.

Texts are collected first and scanned in one batch (by a pool of processes or in this one), then replaced.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from addon.bodies import BodyTooLarge, UnsupportedEncoding, decode_body
from addon.detection import TextScanner
from addon.forms import parse_query
from addon.inspection import RedactedText, redact_and_record
from addon.live import LiveSettings, Runtime
from addon.placeholder_service import PendingMappings, PlaceholderService
from addon.providers.base import Provider, Slot
from addon.providers.walk import Rules, walk
from addon.sniff import body_kind
from addon.tenancy import Scope
from addon.uploads import ScanPlan, UnsupportedBody, plan_body, values_plan
from store.mappings import MappingStore, PlaceholderCollision

PREVIEW_CHARS = 160
# inside JSON held in a string nothing is structural: every string is text
EVERY_STRING = Rules()


class RequestRefused(Exception):
    """A request that must not be forwarded; `status` is the HTTP status the client gets.

    4xx when the client's bytes are at fault (a body that does not parse: 400; a coding or format no detector
    reads: 415; too large: 413); 502 only when the proxy's own work fails.
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class RequestOutcome:
    """What redaction did to one request. Holds values only in `mappings` and `texts`, which never leave memory."""

    body: bytes | None  # the new body, or None when the original bytes go out unchanged
    detections: Counter[str] = field(default_factory=Counter)
    layers: Counter[str] = field(default_factory=Counter)
    mappings: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # each of `mappings`' placeholders: its entity type
    # Earlier replies this request resends that the proxy recognised: (provider's text, client's text).
    history_replies: list[tuple[str, str]] = field(default_factory=list)
    replayed: int = 0
    slots: int = 0
    detect_ms: float = 0.0
    scanned: bool = True
    preview: str | None = None
    texts: list[RedactedText] = field(default_factory=list)  # for the operator's content view
    attachments: Counter[str] = field(default_factory=Counter)  # unscanned binary parts by kind
    query: str | None = None  # the new query string, or None when it goes out unchanged

    @property
    def pii_count(self) -> int:
        return sum(self.detections.values())


def redact_json_text(text: str, redact_text: Callable[[str], str], attachments: Counter[str] | None = None) -> str:
    """JSON held in a string (tool-call arguments): redact each string inside it, so no escape is ever split.

    Every string and every key that looks like a value is scanned (no exemptions); base64 binary is counted.
    """
    try:
        document = json.loads(text)
    except ValueError:
        return redact_text(text)
    holder = [document]
    changed = False
    for leaf in walk(holder, EVERY_STRING, attachments):
        value = leaf.get()
        redacted = redact_text(value)
        if redacted != value:
            leaf.set(redacted)
            changed = True
    return json.dumps(holder[0], ensure_ascii=False) if changed else text


class RequestRedactor:
    """Turns a request body into its redacted form; raises RequestRefused when it cannot be scanned."""

    def __init__(
        self,
        scanner: TextScanner,
        placeholders: PlaceholderService,
        store: MappingStore,
        max_body_bytes: int,
        ttl_seconds: int,
        live: LiveSettings | None = None,
    ):
        self.scanner = scanner
        self.placeholders = placeholders
        self.store = store
        self.max_body_bytes = max_body_bytes
        self.ttl_seconds = ttl_seconds
        # Style and TTL: these options, unless `anonamoose settings set` changed them in the store.
        self.live = live or LiveSettings(Runtime(placeholders.factory.style, ttl_seconds))

    def redact(
        self,
        raw: bytes,
        content_encoding: str | None,
        content_type: str,
        provider: Provider,
        scope: Scope,
        query: str = "",
    ) -> RequestOutcome:
        """The redacted body (and `query`, a request path's query string); RequestRefused when unscannable."""
        try:
            return self._redact(raw, content_encoding, content_type, provider, scope, query)
        except PlaceholderCollision:
            # Another instance gave a placeholder to another value a moment ago: assign again, seeing its choice.
            self.placeholders.forget_memo()
            return self._redact(raw, content_encoding, content_type, provider, scope, query)

    def _redact(
        self, raw: bytes, content_encoding: str | None, content_type: str, provider: Provider, scope: Scope, query: str
    ) -> RequestOutcome:
        if len(raw) > self.max_body_bytes:
            raise RequestRefused(413, f"request body of {len(raw)} bytes is over the {self.max_body_bytes} byte limit")
        try:
            body = decode_body(raw, content_encoding, limit=self.max_body_bytes)
        except BodyTooLarge as exc:
            raise RequestRefused(413, f"request body refused while decoding: {exc}") from exc
        except UnsupportedEncoding as exc:
            raise RequestRefused(415, f"cannot scan the request: {exc}") from exc
        except ValueError as exc:  # corrupt bytes under a coding we know: the client's error
            raise RequestRefused(400, f"cannot scan the request: {exc}") from exc
        outcome = self._redact_body(body, bool(content_encoding), content_type, provider, scope)
        if query:
            self._redact_query(query, outcome, scope)
        return outcome

    def _redact_body(
        self, body: bytes, encoded: bool, content_type: str, provider: Provider, scope: Scope
    ) -> RequestOutcome:
        kind = body_kind(content_type, body)
        if kind == "empty":
            # No bytes, no PII: forwarded as sent. SDKs label bodiless GETs and DELETEs application/json, and a
            # POST that needs a body gets the provider's own, more precise, error.
            return RequestOutcome(body=body if encoded else None, scanned=False)
        document = None
        if kind in ("json", "text"):  # a provider request under a text label is still the provider's JSON
            try:
                document = json.loads(body)
            except (ValueError, UnicodeDecodeError) as exc:
                if kind == "json":  # the client's error, not a gateway's: 400 in the provider's shape
                    raise RequestRefused(400, f"invalid request: the JSON body does not parse: {exc}") from exc
        if isinstance(document, dict | list | str):
            root = [document]  # a bare JSON string is text too: give it a parent to be rewritten in
            outcome = self._redact_document(root, provider, scope)
            if outcome.pii_count or outcome.replayed:
                outcome.body = json.dumps(root[0], ensure_ascii=False, separators=(",", ":")).encode()
            elif encoded:
                outcome.body = body
            return outcome
        # Uploads, forms, text and binary: planned by what the bytes hold, whatever the label says.
        try:
            plan = plan_body(content_type, body)
        except UnsupportedBody as exc:
            raise RequestRefused(415, f"cannot scan the request: {exc}") from exc
        except ValueError as exc:  # a form, multipart or text body its bytes do not match: the client's error
            raise RequestRefused(400, f"cannot scan the request: {exc}") from exc
        outcome = self._redact_plan(plan, scope)
        outcome.scanned = bool(plan.slots)
        if outcome.body is None and encoded:
            outcome.body = body
        return outcome

    def _redact_plan(self, plan: ScanPlan, scope: Scope) -> RequestOutcome:
        outcome = self._redact_slots(plan.slots, [], scope) if plan.slots else RequestOutcome(body=None)
        outcome.attachments.update(plan.attachments)
        try:
            outcome.body = plan.rebuild()
        except ValueError as exc:
            raise RequestRefused(502, f"cannot scan the request: {exc}") from exc
        return outcome

    def _redact_query(self, query: str, outcome: RequestOutcome, scope: Scope) -> None:
        """Query values join the body's outcome: the same counts, mappings and content view."""
        try:
            plan = values_plan(parse_query("?" + query))
        except ValueError as exc:
            raise RequestRefused(400, f"cannot scan the request's query string: {exc}") from exc
        if not plan.slots:
            return
        extra = self._redact_plan(plan, scope)
        outcome.detections.update(extra.detections)
        outcome.layers.update(extra.layers)
        outcome.mappings.update(extra.mappings)
        outcome.types.update(extra.types)
        outcome.texts.extend(extra.texts)
        outcome.detect_ms += extra.detect_ms
        outcome.preview = outcome.preview or extra.preview
        outcome.query = extra.body.decode() if extra.body is not None else None

    def _redact_document(self, root: list[Any], provider: Provider, scope: Scope) -> RequestOutcome:
        document = root[0]
        if isinstance(document, str):
            slots, attachments = [Slot(root, 0)], Counter[str]()
        else:
            slots, attachments = provider.scan(document)
        assistant = list(provider.assistant_slots(document))
        outcome = self._redact_slots(slots, assistant, scope)
        outcome.attachments.update(attachments)
        return outcome

    @staticmethod
    def _texts_to_scan(slots: list[Slot], replayed_ids: set[tuple[int, Any]]) -> list[str]:
        """Every distinct text the redaction pass will scan (strings inside JSON-in-a-string too), in order."""
        texts: dict[str, None] = {}

        def collect(text: str) -> str:
            if text and not text.isspace():
                texts[text] = None
            return text

        for slot in slots:
            if (id(slot.parent), slot.key) in replayed_ids:
                continue
            if slot.json_encoded:
                redact_json_text(slot.get(), collect)
            else:
                collect(slot.get())
        return list(texts)

    def _redact_slots(self, slots: list[Slot], assistant: list[Slot], scope: Scope) -> RequestOutcome:
        outcome = RequestOutcome(body=None, slots=len(slots))
        # Text the provider wrote in an earlier turn goes back exactly as it wrote it.
        replayed_ids = set()
        for slot in assistant:
            text = slot.get()
            original = self.store.recall_reply(scope.id, self.placeholders.vault.keyed_hash("reply", text))
            if original is not None:
                slot.set(original)
                outcome.history_replies.append((original, text))
                replayed_ids.add((id(slot.parent), slot.key))
                outcome.replayed += 1
        runtime = self.live.get()
        pending = PendingMappings()
        started = time.perf_counter()
        texts = self._texts_to_scan(slots, replayed_ids)
        found = dict(zip(texts, self.scanner.detect_many(texts), strict=True)) if texts else {}
        values = [(d.entity_type, text[d.start : d.end]) for text, dets in found.items() for d in dets]
        if values:
            self.placeholders.prefetch(scope, values, pending, runtime.style)

        def assign(entity_type: str, value: str) -> str:
            return self.placeholders.assign(scope, entity_type, value, pending, runtime.style)

        def redact_text(text: str) -> str:
            detections = found.get(text)
            if detections is None:  # blank, or not met by the collecting pass
                detections = [] if not text or text.isspace() else self.scanner.detect_many([text])[0]
            for det in detections:
                outcome.detections[det.entity_type] += 1
                outcome.layers[det.layer] += 1
            if not detections:
                return text
            redacted, record = redact_and_record(text, detections, assign)
            outcome.texts.append(record)
            return redacted

        for slot in slots:
            if (id(slot.parent), slot.key) in replayed_ids:
                continue
            text = slot.get()
            if slot.json_encoded:
                redacted = redact_json_text(text, redact_text, outcome.attachments)
            else:
                redacted = redact_text(text)
            if redacted != text:
                slot.set(redacted)
                outcome.preview = redacted[:PREVIEW_CHARS]
        outcome.detect_ms = (time.perf_counter() - started) * 1000
        if pending.by_placeholder:
            self.placeholders.persist(scope, pending, runtime.ttl_seconds)
        outcome.mappings = pending.values()
        outcome.types = {placeholder: entry[0] for placeholder, entry in pending.by_placeholder.items()}
        return outcome
