"""The mitmproxy hooks: redact LLM requests off the event loop, restore their replies, record what happened."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mitmproxy import ctx, exceptions, http
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.utils import human

from addon import heap
from addon.batched_writes import BatchedWrites
from addon.bodies import UndecodableBody
from addon.console_line import flow_line
from addon.conversation import (
    ConversationLookup,
    ConversationService,
    ConversationState,
    history_placeholders,
    request_chain_ids,
)
from addon.detection import DetectorProvider, LocalScanner, TextScanner
from addon.forms import split_query
from addon.gateway_guard import PROXYAUTH_ENV, WAIVER, client_allowed, guard_problem, is_loopback_host
from addon.inspection import InspectionRegistry
from addon.marks import ATTACHMENTS, REDACTED, REFUSED, UNSCANNED
from addon.options import OPTIONS, ProxySettings, confdir_path, settings_from_options
from addon.pipeline import RequestOutcome, RequestRedactor, RequestRefused
from addon.placeholder_service import PlaceholderService
from addon.placeholders import PlaceholderFactory, Restorer
from addon.providers.base import Provider, provider_for
from addon.quiet import quiet_library_loggers
from addon.replies import ReplyRestorer
from addon.streaming import StreamRewriter, StreamStats, stream_framing
from addon.tenancy import Scope, scope_for
from addon.workers import DetectionPool, DetectionWorkerDied
from store import audit_events, retention
from store import flows as flow_log
from store.crypto import Vault, load_or_create_key
from store.db import open_db
from store.mappings import MappingStore

log = logging.getLogger("anonamoose")
META = "anonamoose"
PURGE_INTERVAL_S = 600
GUARDED_OPTIONS = frozenset({"listen_host", "mode", "proxyauth", WAIVER})
# mitmproxy's body_size_limit when the user set none: room for large replies, yet a request body is cut off
# (by mitmproxy, before it is held in memory) far below what would hurt; the addon's own 413 comes first.
BODY_SIZE_LIMIT_FLOOR = 64 * 1024**2
# Replies up to this size are restored on the event loop when no store look-up is needed: ~0.07 ms for 2 KB,
# ~0.75 ms at most (32 KB); two thread hand-offs cost more than a small restore.
INLINE_REPLY_BYTES = 32 * 1024


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
    restored_placeholders: Counter[str] = field(default_factory=Counter)  # each one's restorations
    replies: dict[str, tuple[str, str]] = field(default_factory=dict)
    chain_ids: list[str] = field(default_factory=list)  # the reply's provider ids a later turn may continue
    types: dict[str, str] = field(default_factory=dict)  # the request's own placeholders: their entity types

    def allowed(self) -> set[str] | None:
        """The placeholders this flow's reply may restore, resent replies aside (None: any in the scope)."""
        return self.conversation.allowed(self.mappings)


class FlowWrite(NamedTuple):
    """One flow-log row waiting for its batch, with what its restored placeholders need to be counted by type."""

    fields: dict[str, Any]
    restored: dict[str, int]  # placeholder -> times the reply restored it
    own_types: dict[str, str]  # the entity types of those the request itself assigned, known without the store


def _stream_large_bodies() -> int | None:
    value = ctx.options.stream_large_bodies if "stream_large_bodies" in ctx.options else None
    return human.parse_size(value) if value else None


def would_stream(flow: http.HTTPFlow, stream_limit: int | None) -> bool:
    """Whether mitmproxy streams this request body upstream as it arrives, before the `request` hook."""
    if flow.request.stream:  # stream_large_bodies and a content-length over it
        return True
    # No length (chunked, or HTTP/2 without content-length): mitmproxy switches to streaming once the buffered
    # body passes stream_large_bodies.
    has_body = flow.request.method.upper() not in ("GET", "HEAD", "OPTIONS")
    return stream_limit is not None and has_body and "content-length" not in flow.request.headers


def unscannable_transfer(flow: http.HTTPFlow, max_body: int) -> tuple[int, str] | None:
    """(status, reason) for a request that is over the size limit or whose trailers would leave unscanned."""
    length = flow.request.headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > max_body:
        return 413, f"request body of {int(length)} bytes is over the {max_body} byte limit; nothing was sent"
    if "trailer" in flow.request.headers:
        return 400, "requests that announce trailers cannot be scanned; nothing was sent"
    return None


def restores_on_the_loop(raw: bytes, encoding: str | None, lookup: ConversationLookup) -> bool:
    """Whether a reply is restored on the event loop: small, not compressed (its size is then what is restored)
    and answered by the request's own mappings, so no store look-up; any other goes to a thread."""
    plain = not encoding or encoding.strip().lower() == "identity"
    return plain and len(raw) <= INLINE_REPLY_BYTES and not lookup.needs_store()


def _threads(workers: int) -> int:
    """Threads that decode, walk and persist: enough to keep every worker process busy while others wait on it."""
    return max(2, 2 * workers + 2)


def _restored_types(types: dict[str, str], restored: dict[str, int]) -> dict[str, int]:
    """{entity_type: placeholders of that type restored}; one erased meanwhile is left out (its type is gone)."""
    counts: Counter[str] = Counter()
    for placeholder, times in restored.items():
        if placeholder in types:
            counts[types[placeholder]] += times
    return dict(counts)


class Anonamoose:
    """Keeps PII out of LLM requests and puts it back into the replies."""

    def __init__(self) -> None:
        quiet_library_loggers()
        self.settings: ProxySettings | None = None
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="anonamoose")
        # Flow-log rows and reply memories are written in batches, off every request's path.
        self._flow_writes: BatchedWrites[FlowWrite] = BatchedWrites(
            lambda job: self.executor.submit(job), self._write_records
        )
        self._reply_writes: BatchedWrites[tuple[str, list[tuple[str, str]]]] = BatchedWrites(
            lambda job: self.executor.submit(job), lambda batch: self.replies.remember_many(batch)
        )
        self.scanner: TextScanner | None = None
        self._scanner_key: tuple[Any, ...] | None = None
        self.flows: dict[str, FlowState] = {}
        self.inspections = InspectionRegistry()  # values for the operator's content view, in memory only
        # Child addons (mitmproxy loads an addon's `addons`): the content view, the anonamoose.* commands, mitmweb.
        from addon.contentview import AnonamooseView
        from addon.proxy_commands import AnonamooseCommands
        from addon.web_ui import WebUi

        self.addons = [AnonamooseView(self.inspections), AnonamooseCommands(self), WebUi()]
        self._allow_hosts_set: list[str] | None = None
        self._listen_host_set: str | None = None
        self._refused_start = False  # the gateway guard stopped the start: stay inert until mitmproxy exits
        self._body_size_limit_set: str | None = None

    # ---- options -------------------------------------------------------------------------------------------

    def load(self, loader: Any) -> None:
        for name, typespec, default, help_text, *choices in OPTIONS:
            loader.add_option(name, typespec, default, help_text, choices=choices[0] if choices else None)

    def configure(self, updated: set[str]) -> None:
        if self._refused_start:
            return
        if self.settings is None or updated & GUARDED_OPTIONS:
            self._guard_listeners()
        if self.settings is not None and not any(n.startswith("anonamoose_") or n == "confdir" for n in updated):
            self._manage_allow_hosts()
            return
        try:
            settings = settings_from_options(ctx.options)
        except ValueError as exc:
            raise exceptions.OptionsError(str(exc)) from exc
        db_changed = self.settings is not None and settings.db_url != self.settings.db_url
        threads_changed = self.settings is None or settings.workers != self.settings.workers
        if db_changed or threads_changed:
            # Connections are per worker thread: let the threads finish before the database is swapped.
            self.executor.shutdown(wait=True)
            self.executor = ThreadPoolExecutor(max_workers=_threads(settings.workers), thread_name_prefix="anonamoose")
        try:
            open_db(settings.db_url)
            key = load_or_create_key(confdir_path(ctx.options))
            vault = Vault(key)
            self.store = MappingStore(vault)
            self.vault = vault
            factory = PlaceholderFactory.for_vault(vault, settings.style)
            self.placeholders = PlaceholderService(factory, self.store, vault)
            self._start_scanner(settings)
        except Exception as exc:
            raise exceptions.OptionsError(f"Cannot start anonamoose: {exc}") from exc
        assert self.scanner is not None
        self.redactor = RequestRedactor(
            self.scanner, self.placeholders, self.store, settings.max_body_bytes, settings.ttl_seconds
        )
        self.replies = ReplyRestorer(self.store, vault)
        self._note_fail_closed(self.settings, settings)
        if not settings.preview and (self.settings is None or self.settings.preview or db_changed):
            # Previews are a debugging opt-in: with it off, none stays at rest, whoever stored it.
            self.executor.submit(self._scrub_previews)
        self.conversations = ConversationService(self.store, vault, settings.restore)
        self.settings = settings
        self._manage_allow_hosts()
        self._manage_body_size_limit()

    def _start_scanner(self, settings: ProxySettings) -> None:
        """Detection in worker processes (or in this one), loaded before the proxy serves; kept while unchanged."""
        key = (settings.workers, settings.db_url, settings.detection)
        if self.scanner is not None and key == self._scanner_key:
            return
        if self.scanner is not None:
            self.scanner.close()
            self.scanner = None
        scanner: TextScanner
        if settings.workers > 1:
            scanner = DetectionPool(settings.workers, settings.db_url, settings.detection)
        else:
            scanner = LocalScanner(DetectorProvider(settings.detection))
        scanner.start()
        self.scanner, self._scanner_key = scanner, key

    def _guard_listeners(self) -> None:
        """Refuse to run as an open relay: see addon/gateway_guard.py."""
        options = ctx.options
        secret = os.environ.get(PROXYAUTH_ENV, "").strip()
        if secret and "proxyauth" in options and not options.proxyauth:
            options.update(proxyauth=secret)  # from the environment: never on a command line that `ps` shows
        modes = list(getattr(options, "mode", ["regular"]))
        proxyauth = getattr(options, "proxyauth", None)
        # A failed start rolls every option back, ours too: bind to loopback again then, unless authenticated.
        rolled_back = self._listen_host_set is not None and not proxyauth
        if "listen_host" in options and not options.listen_host and (self._listen_host_set is None or rolled_back):
            # mitmproxy's default is every interface: bind to loopback unless the user chose an address.
            self._listen_host_set = "127.0.0.1"
            options.update(listen_host=self._listen_host_set)
        waiver = bool(getattr(options, WAIVER, False))
        try:
            problem = guard_problem(getattr(options, "listen_host", ""), modes, proxyauth, waiver)
        except ValueError as exc:
            raise exceptions.OptionsError(f"Cannot parse mode option {modes}: {exc}") from exc
        if problem:
            if self.settings is None and "server" in options and options.server:
                # At start-up: mitmproxy would listen until it notices the error and exits; never let it.
                self._refused_start = True
                options.update(server=False)
            raise exceptions.OptionsError(problem)

    def _manage_body_size_limit(self) -> None:
        """Unless the user set body_size_limit, bound what mitmproxy buffers of any request it decrypts."""
        assert self.settings is not None
        if "body_size_limit" not in ctx.options:
            return
        wanted = str(max(BODY_SIZE_LIMIT_FLOOR, 4 * self.settings.max_body_bytes))
        if ctx.options.body_size_limit in (None, self._body_size_limit_set) and ctx.options.body_size_limit != wanted:
            self._body_size_limit_set = wanted
            ctx.options.update(body_size_limit=wanted)

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

    def client_connected(self, client: Any) -> None:
        # mitmproxy may already listen while it notices the refused start and exits: serve no one meanwhile.
        if self._refused_start:
            client.error = "anonamoose refused to start (gateway guard)"
            return
        # mitmproxy binds before a script addon loads: a listener opened too wide still serves loopback only.
        peer = client.peername[0] if client.peername else ""
        mode = getattr(client.proxy_mode, "type_name", "regular")
        proxyauth = getattr(ctx.options, "proxyauth", None)
        if not client_allowed(peer, mode, proxyauth, bool(getattr(ctx.options, WAIVER, False))):
            client.error = "anonamoose: a client beyond loopback needs proxyauth"
            log.warning("anonamoose: refused a %s client from beyond loopback (no proxyauth)", mode)

    async def _rebind_to_loopback(self) -> None:
        """If mitmproxy bound every interface before the addon chose loopback for it, bind again on loopback."""
        server = ctx.master.addons.get("proxyserver") if self._listen_host_set else None
        if server is None or all(is_loopback_host(host) for host, *_ in server.listen_addrs()):
            return
        modes = [ProxyMode.parse(spec) for spec in ctx.options.mode]
        await server.servers.update([])
        await server.servers.update(modes)

    # ---- request -------------------------------------------------------------------------------------------

    def _is_llm(self, flow: http.HTTPFlow) -> bool:
        """By the request's host, its Host header or the TLS server name: in transparent mode the host is an IP."""
        if self.settings is None:
            return False
        port, matches = flow.request.port, self.settings.hosts.matches
        if flow.request.host and matches(flow.request.host, port):
            return True
        sni = flow.server_conn.sni
        if sni and matches(sni, port):
            return True
        # Last: pretty_host parses the Host header, a cost every request paid though the host mostly decides.
        pretty_host = flow.request.pretty_host
        return bool(pretty_host) and matches(pretty_host, port)

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        """Refuse what would leave before the `request` hook: a streamed body, a body over the size, trailers."""
        if flow.response is not None or not self._is_llm(flow):
            return
        assert self.settings is not None
        if would_stream(flow, _stream_large_bodies()):
            # mitmproxy cannot answer a request it streams: close it, so nothing is sent (and say why).
            reason = "its body would be streamed upstream unscanned (stream_large_bodies); nothing was sent"
            log.warning("anonamoose: closed a request to %s: %s", flow.request.pretty_host, reason)
            flow.metadata[META] = {"provider": provider_for(flow.request.path).name, "closed": True, "error": reason}
            flow.marked, flow.comment = REFUSED, f"anonamoose: closed, {reason}"
            flow.kill()
            self._record(flow, None, error=reason)
            return
        problem = unscannable_transfer(flow, self.settings.max_body_bytes)
        if problem is not None:
            status, message = problem
            provider = provider_for(flow.request.path)
            flow.metadata[META] = {"provider": provider.name}
            self._refuse(flow, provider, status, message)

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
        if flow.request.trailers:  # mitmproxy sends request trailers after this hook, unscanned
            self._refuse(flow, provider, 400, "requests with trailers cannot be scanned; nothing was sent")
            return
        raw = flow.request.raw_content or b""
        conversation = self.conversations.resolve(scope, [])  # no chain ids: no store
        path, query = split_query(flow.request.path)
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
                query,
            )
        except RequestRefused as exc:
            self._refuse(flow, provider, exc.status, exc.message)
            return
        except Exception as exc:  # detection or store failure: never forward what we could not scan
            log.error("anonamoose: scanning a request failed (%s)", type(exc).__name__)
            if self.settings.fail_closed or isinstance(exc, UndecodableBody):
                reason = str(exc) if isinstance(exc, DetectionWorkerDied) else type(exc).__name__
                self._refuse(flow, provider, 502, f"cannot scan the request ({reason}); nothing was sent")
                return
            flow.metadata[META]["unscanned"] = True
            flow.marked, flow.comment = UNSCANNED, "anonamoose: NOT scanned (fail-open), sent as written"
            outcome = None
        if outcome is not None:
            self.inspections.record_request(flow.id, raw, flow.request.headers.get("content-encoding"), outcome.texts)
        if outcome is not None and outcome.attachments and self.settings.attachments == "refuse":
            kinds = ", ".join(sorted(outcome.attachments))
            self._refuse(
                flow,
                provider,
                415,
                f"the request carries attachments that cannot be scanned ({kinds}) "
                f"and anonamoose_attachments is refuse; nothing was sent",
            )
            return
        if outcome is not None and outcome.body is not None:
            flow.request.headers.pop("content-encoding", None)
            flow.request.content = outcome.body
        if outcome is not None and outcome.query is not None:
            flow.request.path = f"{path}?{outcome.query}"
        flow.request.headers["accept-encoding"] = "identity"
        state = FlowState(provider, scope, outcome.mappings if outcome else {}, started, conversation)
        if outcome is not None:
            state.history = outcome.history_replies
            state.types = outcome.types
        # The whole request side (decode, parse, detect, assign, persist): what the request waited for.
        state.detect_ms = (time.perf_counter() - started) * 1000
        if outcome is not None:
            flow.metadata[META].update(
                detections=dict(outcome.detections),
                layers=dict(outcome.layers),
                pii=outcome.pii_count,
                replayed=outcome.replayed,
                scanned=outcome.scanned,
                placeholders=sorted(outcome.mappings),
                detect_ms=round(outcome.detect_ms, 2),
                redact_ms=round(state.detect_ms, 2),
            )
            if self.settings.preview:  # a local-debugging opt-in: text a detector missed would show here
                flow.metadata[META]["preview"] = outcome.preview
            if outcome.pii_count:
                flow.marked = REDACTED
                kinds = ", ".join(f"{k}×{v}" for k, v in sorted(outcome.detections.items()))
                flow.comment = f"anonamoose: {outcome.pii_count} PII redacted ({kinds})"
            if outcome.attachments:
                # Forwarded unscanned (policy pass): never unmarked.
                flow.metadata[META]["attachments"] = dict(outcome.attachments)
                count = sum(outcome.attachments.values())
                kinds = ", ".join(f"{k}×{v}" for k, v in sorted(outcome.attachments.items()))
                flow.marked = ATTACHMENTS
                note = f"anonamoose: {count} attachment(s) forwarded unscanned ({kinds})"
                flow.comment = f"{flow.comment}; {note}" if flow.comment else note
        self.flows[flow.id] = state

    def _scan(
        self,
        raw: bytes,
        encoding: str | None,
        content_type: str,
        provider: Provider,
        scope: Scope,
        path: str,
        query: str,
    ) -> tuple[RequestOutcome, ConversationState]:
        """In a worker thread: redact the request (body and query values), then find the conversation it continues."""
        outcome = self.redactor.redact(raw, encoding, content_type, provider, scope, query)
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
        flow.marked, flow.comment = REFUSED, f"anonamoose: refused ({status}), nothing sent: {message}"
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
        state.restored_placeholders = restorer.restored_placeholders  # filled as the stream is restored
        try:
            rewriter = StreamRewriter(
                state.provider,
                restorer,
                framing,
                flow.response.headers.get("content-encoding"),
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
            raw = flow.response.raw_content or b""
            self.inspections.record_reply(flow.id, raw, encoding)
            lookup = self._lookup(state)
            args = (raw, encoding, flow.response.headers.get("content-type", ""), state.provider, lookup)
            try:
                if restores_on_the_loop(raw, encoding, lookup):
                    result = self.replies.restore_response(*args)
                else:
                    result = await asyncio.get_running_loop().run_in_executor(
                        self.executor, self.replies.restore_response, *args
                    )
            except Exception as exc:  # the client then gets placeholders, never values it did not send
                log.error("anonamoose: restoring a reply failed (%s)", type(exc).__name__)
                result = None
            if result is not None:
                if result.body is not None:
                    flow.response.headers.pop("content-encoding", None)
                    flow.response.content = result.body
                state.restored, state.unknown = result.restored, result.unknown
                state.restored_placeholders = result.restored_placeholders
                state.replies = {str(i): pair for i, pair in enumerate(result.pairs)}
                state.chain_ids = result.chain_ids
        await self._record_conversation(state)
        self.inspections.record_reply_texts(flow.id, state.replies.values())
        if state.replies:
            # Off the reply's path: the memory is needed by the next turn, not by this reply.
            self._reply_writes.add((state.scope.id, list(state.replies.values())))
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
        duration_ms = (time.perf_counter() - started) * 1000
        meta["ms"] = round(duration_ms, 1)
        if self.settings is not None and self.settings.console:
            status = flow.response.status_code if flow.response else None
            log.info(
                flow_line(flow.request.pretty_host, status, meta, error), extra={"client": flow.client_conn.peername}
            )
        fields = dict(
            client=flow.client_conn.peername[0] if flow.client_conn.peername else "",
            host=flow.request.pretty_host,
            path=flow.request.path.split("?", 1)[0],
            method=flow.request.method,
            provider=meta.get("provider", ""),
            status=flow.response.status_code if flow.response else 0,
            duration_ms=duration_ms,
            detect_ms=state.detect_ms if state else 0.0,
            streamed=bool(state and state.streamed),
            scope_id=state.scope.id if state else None,
            detections=json.dumps(meta.get("detections", {})),
            layers=json.dumps(meta.get("layers", {})),
            pii_count=int(meta.get("pii", 0)),
            restored=state.restored if state else 0,
            unknown=state.unknown if state else 0,
            error=error,
            placeholders=list(meta.get("placeholders", [])),
            # Only with anonamoose_preview on does request text (and so a missed value) reach the disk.
            redacted_preview=meta.get("preview") if self.settings is not None and self.settings.preview else None,
            attachments=sum(meta.get("attachments", {}).values()),
        )
        restored = dict(state.restored_placeholders) if state else {}
        own_types = {p: state.types[p] for p in restored if p in state.types} if state else {}
        self._flow_writes.add(FlowWrite(fields, restored, own_types))

    def _write_records(self, batch: list[FlowWrite]) -> None:
        """In a worker thread: the restored placeholders counted by their entity type, then the rows, in one go."""
        try:
            types = self._placeholder_types(batch)
            for item in batch:
                known = {**types.get(item.fields["scope_id"], {}), **item.own_types}
                item.fields["restored_types"] = _restored_types(known, item.restored)
            flow_log.record_flows(item.fields for item in batch)
        except Exception as exc:
            log.error("anonamoose: writing the flow log failed (%s)", type(exc).__name__)
            if len(batch) > 1:  # one bad row must not cost the others theirs
                for item in batch:
                    self._write_records([item])

    def _placeholder_types(self, batch: list[FlowWrite]) -> dict[str, dict[str, str]]:
        """{scope: {placeholder: entity_type}} of the placeholders the batch's replies restored whose type the
        request did not already know (earlier turns', a session's): a query a scope, none when there are none."""
        wanted: dict[str, set[str]] = {}
        for item in batch:
            unknown = [p for p in item.restored if p not in item.own_types]
            if item.fields["scope_id"] and unknown:
                wanted.setdefault(item.fields["scope_id"], set()).update(unknown)
        return {scope: self.store.placeholder_types(scope, sorted(names)) for scope, names in wanted.items()}

    async def running(self) -> None:
        # Retention: expired scopes, their mappings and old flow-log rows go while the proxy runs, not only on purge.
        self._purger = asyncio.get_running_loop().create_task(self._purge_periodically())
        self._trimmer = asyncio.get_running_loop().create_task(self._trim_heap_periodically())
        await self._rebind_to_loopback()

    async def _purge_periodically(self) -> None:
        while True:
            try:
                await asyncio.get_running_loop().run_in_executor(self.executor, self.purge)
            except Exception as exc:
                log.error("anonamoose: purging expired scopes and old flow-log rows failed (%s)", type(exc).__name__)
            await asyncio.sleep(PURGE_INTERVAL_S)

    async def _trim_heap_periodically(self) -> None:
        while True:
            await asyncio.sleep(heap.TRIM_INTERVAL_S)
            await asyncio.get_running_loop().run_in_executor(self.executor, heap.trim_heap)

    def purge(self) -> retention.Expiry:
        """Expired scopes and flow-log rows past anonamoose_log_ttl go; an expiry record says so (for `audit`)."""
        assert self.settings is not None
        return retention.purge(
            self.settings.log_ttl_seconds,
            retention.PROXY,
            self.redactor.live.get().ttl_seconds,
            purge_scopes=self.store.purge_expired,
        )

    def done(self) -> None:
        for task in (getattr(self, "_purger", None), getattr(self, "_trimmer", None)):
            if task is not None:
                task.cancel()
        self.executor.shutdown(wait=True)
        if self.scanner is not None:
            self.scanner.close()
            self.scanner = None
