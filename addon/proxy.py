"""The mitmproxy hooks: redact LLM requests off the event loop, restore their replies, record what happened."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mitmproxy import ctx, exceptions, http

from addon.bodies import UndecodableBody
from addon.conversation import (
    ConversationLookup,
    ConversationService,
    ConversationState,
    history_placeholders,
    request_chain_ids,
)
from addon.detection import DetectorProvider
from addon.inspection import InspectionRegistry
from addon.mapping import PlaceholderService
from addon.options import CHOICES, OPTIONS, ProxySettings, confdir_path, settings_from_options
from addon.pipeline import RequestOutcome, RequestRedactor, RequestRefused
from addon.placeholders import PlaceholderFactory, Restorer
from addon.providers.base import Provider, provider_for
from addon.quiet import quiet_library_loggers
from addon.replies import ReplyRestorer
from addon.scope import Scope, scope_for
from addon.streaming import StreamRewriter, StreamStats, stream_framing
from store import audit_events, retention
from store import flows as flow_log
from store.crypto import Vault, load_or_create_key
from store.db import open_db
from store.mappings import MappingStore

log = logging.getLogger("anonamoose")
META = "anonamoose"
PURGE_INTERVAL_S = 600


@dataclass
class FlowState:
    """What one intercepted flow needs between its hooks; holds values, so it never goes into flow.metadata."""

    provider: Provider
    scope: Scope
    mappings: dict[str, str]
    started: float
    conversation: ConversationState
    history: list[tuple[str, str]] = field(default_factory=list)  # resent replies the proxy recognised
    detect_ms: float = 0.0
    streamed: bool = False
    restored: int = 0
    unknown: int = 0
    replies: dict[str, tuple[str, str]] = field(default_factory=dict)
    chain_ids: list[str] = field(default_factory=list)  # the reply's provider ids a later turn may continue

    def allowed(self) -> set[str] | None:
        """The placeholders this flow's reply may restore, resent replies aside (None: any in the scope)."""
        return self.conversation.allowed(self.mappings)


class Anonamoose:
    """Keeps PII out of LLM requests and puts it back into the replies."""

    def __init__(self) -> None:
        quiet_library_loggers()
        self.settings: ProxySettings | None = None
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="anonamoose")
        self.flows: dict[str, FlowState] = {}
        self.inspections = InspectionRegistry()  # values for the operator's content view, in memory only
        # Child addons (mitmproxy loads an addon's `addons`): the content view and the anonamoose.* commands.
        from addon.contentview import AnonamooseView
        from addon.proxy_commands import AnonamooseCommands

        self.addons = [AnonamooseView(self.inspections), AnonamooseCommands(self)]
        self._allow_hosts_set: list[str] | None = None

    # ---- options -------------------------------------------------------------------------------------------

    def load(self, loader: Any) -> None:
        for name, typespec, default, help_text in OPTIONS:
            loader.add_option(name, typespec, default, help_text, choices=CHOICES.get(name))

    def configure(self, updated: set[str]) -> None:
        if self.settings is not None and not any(n.startswith("anonamoose_") or n == "confdir" for n in updated):
            self._manage_allow_hosts()
            return
        try:
            settings = settings_from_options(ctx.options)
        except ValueError as exc:
            raise exceptions.OptionsError(str(exc)) from exc
        db_changed = self.settings is not None and settings.db_url != self.settings.db_url
        if db_changed:
            # Connections are per worker thread: let the workers finish before the database is swapped.
            self.executor.shutdown(wait=True)
            self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="anonamoose")
        try:
            open_db(settings.db_url)
            key = load_or_create_key(confdir_path(ctx.options))
            vault = Vault(key)
            self.store = MappingStore(vault)
            self.vault = vault
            factory = PlaceholderFactory.for_vault(vault, settings.style)
            self.placeholders = PlaceholderService(factory, self.store, vault)
            self.detectors = DetectorProvider(settings.detection)
            self.detectors.get()  # load spaCy now, not on the first request
        except Exception as exc:
            raise exceptions.OptionsError(f"Cannot start anonamoose: {exc}") from exc
        self.redactor = RequestRedactor(
            self.detectors, self.placeholders, self.store, settings.max_body_bytes, settings.ttl_seconds
        )
        self.replies = ReplyRestorer(self.store, vault)
        self._note_fail_closed(self.settings, settings)
        if not settings.preview and (self.settings is None or self.settings.preview or db_changed):
            # Previews are a debugging opt-in: with it off, none stays at rest, whoever stored it.
            self.executor.submit(self._scrub_previews)
        self.conversations = ConversationService(self.store, vault, settings.restore)
        self.settings = settings
        self._manage_allow_hosts()

    def _note_fail_closed(self, before: ProxySettings | None, after: ProxySettings) -> None:
        """Log and record in the audit events when fail-closed goes off (or starts off) and when it comes back."""
        if (before is None and after.fail_closed) or (before is not None and before.fail_closed == after.fail_closed):
            return
        if after.fail_closed:
            kind = audit_events.FAIL_CLOSED_ON
            detail = "anonamoose_fail_closed turned back on: requests that cannot be scanned are refused again"
        else:
            kind = audit_events.FAIL_CLOSED_OFF
            detail = (
                f"anonamoose_fail_closed {'turned off at runtime' if before else 'off when the proxy started'}: "
                "requests that cannot be scanned are forwarded unscanned (marked) instead of refused"
            )
        log.warning("anonamoose: %s", detail)
        # Written before configure returns (one insert, only when the option changes): evidence is not queued.
        self._write_event(kind, detail)

    @staticmethod
    def _write_event(kind: str, detail: str) -> None:
        try:
            audit_events.record_event(kind, detail)
        except Exception as exc:
            log.error("anonamoose: writing an audit event failed (%s)", type(exc).__name__)

    @staticmethod
    def _scrub_previews() -> None:
        try:
            blanked = retention.scrub_previews()
        except Exception as exc:
            log.error("anonamoose: blanking stored flow-log previews failed (%s)", type(exc).__name__)
            return
        if blanked:
            log.info("anonamoose: blanked %d stored flow-log preview(s): anonamoose_preview is off", blanked)

    def _manage_allow_hosts(self) -> None:
        """Decrypt only LLM hosts: set allow_hosts from our list unless the user chose allow/ignore hosts."""
        assert self.settings is not None
        current = list(ctx.options.allow_hosts)
        user_chose = (current and current != self._allow_hosts_set) or ctx.options.ignore_hosts
        if user_chose or current == self.settings.hosts.regexes:
            return
        self._allow_hosts_set = list(self.settings.hosts.regexes)
        ctx.options.update(allow_hosts=self._allow_hosts_set)
        if "store_streamed_bodies" in ctx.options:  # keep restored stream bodies for mitmweb
            ctx.options.update(store_streamed_bodies=True)

    # ---- request -------------------------------------------------------------------------------------------

    def _is_llm(self, flow: http.HTTPFlow) -> bool:
        """By the request's host, its Host header or the TLS server name: in transparent mode the host is an IP."""
        if self.settings is None:
            return False
        port = flow.request.port
        names = {flow.request.host, flow.request.pretty_host, flow.server_conn.sni or ""}
        return any(name and self.settings.hosts.matches(name, port) for name in names)

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None or not self._is_llm(flow):
            return
        assert self.settings is not None
        started = time.perf_counter()
        scope = scope_for(flow, self.vault)
        provider = provider_for(flow.request.path)
        flow.metadata[META] = {"provider": provider.name, "scope": scope.id[:12]}
        if flow.request.headers.get("upgrade", "").lower() == "websocket" and self.settings.fail_closed:
            # Realtime APIs speak WebSocket frames, which no adapter reads: refuse rather than pass PII through.
            self._refuse(flow, provider, 502, "WebSocket (realtime) traffic cannot be scanned; nothing was sent")
            return
        raw = flow.request.raw_content or b""
        conversation = self.conversations.resolve(scope, [])  # no chain ids: no store
        try:
            outcome, conversation = await asyncio.get_running_loop().run_in_executor(
                self.executor,
                self._scan,
                raw,
                flow.request.headers.get("content-encoding"),
                flow.request.headers.get("content-type", ""),
                provider,
                scope,
                flow.request.path,
            )
        except RequestRefused as exc:
            self._refuse(flow, provider, exc.status, exc.message)
            return
        except Exception as exc:  # detection or store failure: never forward what we could not scan
            log.error("anonamoose: scanning a request failed (%s)", type(exc).__name__)
            if self.settings.fail_closed or isinstance(exc, UndecodableBody):
                self._refuse(flow, provider, 502, f"cannot scan the request ({type(exc).__name__}); nothing was sent")
                return
            flow.metadata[META]["unscanned"] = True
            flow.marked, flow.comment = ":warning:", "anonamoose: NOT scanned (fail-open), sent as written"
            outcome = None
        if outcome is not None:
            self.inspections.record_request(flow.id, raw, flow.request.headers.get("content-encoding"), outcome.texts)
        if outcome is not None and outcome.body is not None:
            flow.request.headers.pop("content-encoding", None)
            flow.request.content = outcome.body
        flow.request.headers["accept-encoding"] = "identity"
        state = FlowState(provider, scope, outcome.mappings if outcome else {}, started, conversation)
        if outcome is not None:
            state.history = outcome.history_replies
        # The whole request side (decode, parse, detect, assign, persist): what the request waited for.
        state.detect_ms = (time.perf_counter() - started) * 1000
        if outcome is not None:
            flow.metadata[META].update(
                detections=dict(outcome.detections), layers=dict(outcome.layers), pii=outcome.pii_count,
                replayed=outcome.replayed, scanned=outcome.scanned, placeholders=sorted(outcome.mappings),
                detect_ms=round(outcome.detect_ms, 2), redact_ms=round(state.detect_ms, 2),
            )
            if self.settings.preview:  # a local-debugging opt-in: text a detector missed would show here
                flow.metadata[META]["preview"] = outcome.preview
            if outcome.pii_count:
                flow.marked = ":shield:"
                kinds = ", ".join(f"{k}×{v}" for k, v in sorted(outcome.detections.items()))
                flow.comment = f"anonamoose: {outcome.pii_count} PII redacted ({kinds})"
        self.flows[flow.id] = state

    def _scan(
        self, raw: bytes, encoding: str | None, content_type: str, provider: Provider, scope: Scope, path: str
    ) -> tuple[RequestOutcome, ConversationState]:
        """In a worker thread: redact the request, then find the conversation it continues."""
        outcome = self.redactor.redact(raw, encoding, content_type, provider, scope)
        try:
            conversation = self.conversations.resolve(scope, request_chain_ids(path, raw, encoding))
        except Exception as exc:  # the reply then restores only this request's own placeholders
            log.error("anonamoose: finding the request's conversation failed (%s)", type(exc).__name__)
            conversation = self.conversations.resolve(scope, [])
        return outcome, conversation

    def _lookup(self, state: FlowState) -> ConversationLookup:
        return ConversationLookup(self.store, state.scope.id, state.mappings, state.allowed(), state.history)

    def _refuse(self, flow: http.HTTPFlow, provider: Provider, status: int, message: str) -> None:
        body = json.dumps(provider.error_body(status, f"anonamoose: {message}")).encode()
        flow.response = http.Response.make(status, body, {"content-type": "application/json"})
        flow.metadata[META].update(refused=status, error=message)
        flow.marked, flow.comment = ":no_entry:", f"anonamoose: refused ({status}), nothing sent: {message}"
        self._record(flow, None, error=message)

    # ---- response ------------------------------------------------------------------------------------------

    async def responseheaders(self, flow: http.HTTPFlow) -> None:
        state = self.flows.get(flow.id)
        if state is None or flow.response is None:
            return
        framing = stream_framing(flow.response.headers.get("content-type", ""), flow.request.path)
        if framing is None:
            return
        state.streamed = True
        lookup = self._lookup(state)
        try:
            # The stream callable runs on the event loop: everything it may look up is fetched now, off it.
            if lookup.needs_store():
                prefetched = await asyncio.get_running_loop().run_in_executor(self.executor, lookup.prefetched)
            else:
                prefetched = lookup.prefetched()  # the request's own mappings: no store, no wait
        except Exception as exc:  # the stream then restores only this request's own placeholders
            log.error("anonamoose: preparing a stream's lookups failed (%s)", type(exc).__name__)
            known = dict(state.mappings)
            prefetched = lambda placeholders: {p: known[p] for p in placeholders if p in known}  # noqa: E731
        restorer = Restorer(prefetched)
        try:
            rewriter = StreamRewriter(
                state.provider, restorer, framing, flow.response.headers.get("content-encoding"),
                on_finish=lambda stats: self._stream_finished(state, stats),
            )
        except UndecodableBody:
            return  # the client gets placeholders, never a value it did not send
        flow.response.stream = self.inspections.tap(flow.id, rewriter, flow.response.headers.get("content-encoding"))
        flow.response.headers.pop("content-encoding", None)
        flow.response.headers.pop("content-length", None)

    def _stream_finished(self, state: FlowState, stats: StreamStats) -> None:
        state.restored, state.unknown, state.replies = stats.restored, stats.unknown, stats.replies
        state.chain_ids = list(stats.chain_ids)

    async def response(self, flow: http.HTTPFlow) -> None:
        state = self.flows.get(flow.id)
        if state is None or flow.response is None:
            return
        if not state.streamed:
            encoding = flow.response.headers.get("content-encoding")
            self.inspections.record_reply(flow.id, flow.response.raw_content or b"", encoding)
            try:
                result = await asyncio.get_running_loop().run_in_executor(
                    self.executor, self.replies.restore_response, flow.response.raw_content or b"",
                    flow.response.headers.get("content-encoding"), flow.response.headers.get("content-type", ""),
                    state.provider, self._lookup(state),
                )
            except Exception as exc:  # the client then gets placeholders, never values it did not send
                log.error("anonamoose: restoring a reply failed (%s)", type(exc).__name__)
                result = None
            if result is not None:
                if result.body is not None:
                    flow.response.headers.pop("content-encoding", None)
                    flow.response.content = result.body
                state.restored, state.unknown = result.restored, result.unknown
                state.replies = {str(i): pair for i, pair in enumerate(result.pairs)}
                state.chain_ids = result.chain_ids
        await self._record_conversation(state)
        self.inspections.record_reply_texts(flow.id, state.replies.values())
        if state.replies:
            # Off the reply's path: the memory is needed by the next turn, not by this reply.
            self.executor.submit(self.replies.remember, state.scope.id, list(state.replies.values()))
        flow.metadata.setdefault(META, {}).update(
            restored=state.restored, unknown=state.unknown, streamed=state.streamed
        )
        self._record(flow, state)
        self.flows.pop(flow.id, None)

    async def _record_conversation(self, state: FlowState) -> None:
        """Before the reply ends: the next turn may name this reply's id as soon as the client has it."""
        if state.conversation.scope_wide or not (state.conversation.links or state.chain_ids):
            return
        assert self.settings is not None
        try:
            ttl = self.settings.ttl_seconds

            def record() -> None:  # in a worker thread: the history's placeholders cost a regex pass
                own = [*state.mappings, *history_placeholders(state.history)]
                self.conversations.record(state.scope, state.conversation, state.chain_ids, own, ttl)

            await asyncio.get_running_loop().run_in_executor(self.executor, record)
        except Exception as exc:  # the next turn then restores only what it sends itself
            log.error("anonamoose: recording the conversation failed (%s)", type(exc).__name__)

    def error(self, flow: http.HTTPFlow) -> None:
        state = self.flows.pop(flow.id, None)
        if state is not None:
            self._record(flow, state, error=str(flow.error) if flow.error else "error")

    # ---- the flow log --------------------------------------------------------------------------------------

    def _record(self, flow: http.HTTPFlow, state: FlowState | None, error: str | None = None) -> None:
        meta = flow.metadata.get(META, {})
        started = state.started if state else time.perf_counter()
        fields = dict(
            client=flow.client_conn.peername[0] if flow.client_conn.peername else "",
            host=flow.request.pretty_host, path=flow.request.path.split("?", 1)[0], method=flow.request.method,
            provider=meta.get("provider", ""), status=flow.response.status_code if flow.response else 0,
            duration_ms=(time.perf_counter() - started) * 1000, detect_ms=state.detect_ms if state else 0.0,
            streamed=bool(state and state.streamed), scope_id=state.scope.id if state else None,
            detections=json.dumps(meta.get("detections", {})), layers=json.dumps(meta.get("layers", {})),
            pii_count=int(meta.get("pii", 0)), restored=state.restored if state else 0,
            unknown=state.unknown if state else 0, error=error, placeholders=list(meta.get("placeholders", [])),
            # Only with anonamoose_preview on does request text (and so a missed value) reach the disk.
            redacted_preview=meta.get("preview") if self.settings is not None and self.settings.preview else None,
        )
        self.executor.submit(self._write_record, fields)

    @staticmethod
    def _write_record(fields: dict[str, Any]) -> None:
        try:
            flow_log.record_flow(**fields)
        except Exception as exc:
            log.error("anonamoose: writing the flow log failed (%s)", type(exc).__name__)

    def running(self) -> None:
        # Retention: expired scopes, their mappings and old flow-log rows go while the proxy runs, not only on purge.
        self._purger = asyncio.get_running_loop().create_task(self._purge_periodically())

    async def _purge_periodically(self) -> None:
        while True:
            try:
                await asyncio.get_running_loop().run_in_executor(self.executor, self.purge)
            except Exception as exc:
                log.error("anonamoose: purging expired scopes and old flow-log rows failed (%s)", type(exc).__name__)
            await asyncio.sleep(PURGE_INTERVAL_S)

    def purge(self) -> retention.Expiry:
        """Expired scopes and flow-log rows past anonamoose_log_ttl go; an expiry record says so (for `audit`)."""
        assert self.settings is not None
        return retention.purge(
            self.settings.log_ttl_seconds, retention.PROXY, self.redactor.live.get().ttl_seconds,
            purge_scopes=self.store.purge_expired,
        )

    def done(self) -> None:
        purger = getattr(self, "_purger", None)
        if purger is not None:
            purger.cancel()
        self.executor.shutdown(wait=True)
