"""A local HTTPS mock of the LLM APIs (OpenAI chat + Responses, Anthropic, Gemini) and of example.org.

Every reply echoes the request ("You said: " + the last user text), so whatever placeholders a proxy put
into the request come back in the reply; tool calls get the arguments {"text": <last user text>}.
Streams are cut into 1-3 character pieces so a placeholder is split across events. Tests read
`MockLLM.requests` directly; the server runs in a thread of the test process. A per-event delay comes
from the `x-mock-delay-ms` request header or `MockLLM.event_delay_ms`.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import random
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

EXAMPLE_ORG_GREETING = "hello from example.org"
REPLY_PREFIX = "You said: "
DELAY_HEADER = "x-mock-delay-ms"
CREATED = 1_700_000_000
RESPONSE_IDS = itertools.count(1)


@dataclass
class RecordedRequest:
    """One request as the mock received it (after the proxy)."""

    method: str
    host: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    json: Any = None
    # The proxy's end of the TCP connection: equal for requests sent over one kept-alive connection.
    peer: tuple[str, int] = ("", 0)

    @property
    def route(self) -> str:
        """The path without its query string."""
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass
class Event:
    """One streamed event: the bytes to send in one chunk."""

    data: bytes


@dataclass
class Reply:
    status: int = 200
    content_type: str = "application/json"
    body: bytes = b""
    events: list[Event] | None = None
    headers: dict[str, str] = field(default_factory=dict)


# --- what the request says ---------------------------------------------------------------------------


def _text_of_parts(content: Any, part_types: tuple[str, ...]) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [
            p.get("text", "")
            for p in content
            if isinstance(p, dict) and p.get("type") in part_types and isinstance(p.get("text"), str)
        ]
        return "".join(texts)
    return ""


def last_user_text_openai_chat(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages") or [] if isinstance(m, dict) and m.get("role") == "user"]
    return _text_of_parts(users[-1].get("content"), ("text",)) if users else ""


def last_user_text_openai_responses(body: dict[str, Any]) -> str:
    given = body.get("input")
    if isinstance(given, str):
        return given
    users = [
        item
        for item in given or []
        if isinstance(item, dict) and item.get("role") == "user" and item.get("type", "message") == "message"
    ]
    return _text_of_parts(users[-1].get("content"), ("input_text", "text")) if users else ""


def last_user_text_anthropic(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages") or [] if isinstance(m, dict) and m.get("role") == "user"]
    if not users:
        return ""
    content = users[-1].get("content")
    text = _text_of_parts(content, ("text",))
    if text or not isinstance(content, list):
        return text
    # A turn holding only tool results: echo what the tool returned.
    results = [b.get("content") for b in content if isinstance(b, dict) and b.get("type") == "tool_result"]
    return "".join(_text_of_parts(r, ("text",)) for r in results)


def last_user_text_gemini(body: dict[str, Any]) -> str:
    turns = [c for c in body.get("contents") or [] if isinstance(c, dict) and c.get("role", "user") == "user"]
    if not turns:
        return ""
    parts = turns[-1].get("parts") or []
    return "".join(p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str))


def first_tool_name(tools: Any, default: str = "echo") -> str:
    """The name of the first tool in an OpenAI, Anthropic or Gemini `tools` list."""
    for tool in tools or []:
        if not isinstance(tool, dict):
            continue
        if isinstance(tool.get("function"), dict) and tool["function"].get("name"):
            return str(tool["function"]["name"])
        if tool.get("name"):
            return str(tool["name"])
        declarations = tool.get("functionDeclarations") or tool.get("function_declarations") or []
        if declarations and isinstance(declarations[0], dict) and declarations[0].get("name"):
            return str(declarations[0]["name"])
    return default


def pieces(text: str, seed: int = 7) -> list[str]:
    """Cut `text` into 1-3 character pieces, the same way every time for the same text."""
    rng = random.Random(f"{seed}:{text}")
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, 3)
        out.append(text[i : i + n])
        i += n
    return out


# --- how the APIs answer -----------------------------------------------------------------------------


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _sse(obj: Any, event: str | None = None, sep: bytes = b"\n\n") -> Event:
    head = f"event: {event}\n".encode() if event else b""
    return Event(head + b"data: " + _json(obj) + sep)


def _usage_tokens(text: str) -> int:
    return max(1, len(text) // 4)


def openai_chat_reply(body: dict[str, Any], text: str, user_text: str) -> Reply:
    model = body.get("model", "gpt-mock")
    tools = body.get("tools")
    args = json.dumps({"text": user_text}, ensure_ascii=False)
    call_name = first_tool_name(tools)
    base = {"id": "chatcmpl-mock", "created": CREATED, "model": model, "system_fingerprint": "fp_mock"}
    usage = {"prompt_tokens": 10, "completion_tokens": _usage_tokens(text), "total_tokens": 10}
    if not body.get("stream"):
        message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
        finish = "stop"
        if tools:
            message["content"] = None
            message["tool_calls"] = [
                {"id": "call_mock", "type": "function", "function": {"name": call_name, "arguments": args}}
            ]
            finish = "tool_calls"
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        return Reply(body=_json({**base, "object": "chat.completion", "choices": [choice], "usage": usage}))

    def chunk(delta: dict[str, Any], finish: str | None = None) -> Event:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return _sse({**base, "object": "chat.completion.chunk", "choices": [choice]})

    if tools:
        start = {
            "index": 0,
            "id": "call_mock",
            "type": "function",
            "function": {"name": call_name, "arguments": ""},
        }
        events = [chunk({"role": "assistant", "content": None, "tool_calls": [start]})]
        events += [chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces(args)]
        events.append(chunk({}, "tool_calls"))
    else:
        events = [chunk({"role": "assistant", "content": "", "refusal": None})]
        events += [chunk({"content": p}) for p in pieces(text)]
        events.append(chunk({}, "stop"))
    if (body.get("stream_options") or {}).get("include_usage"):
        events.append(_sse({**base, "object": "chat.completion.chunk", "choices": [], "usage": usage}))
    events.append(Event(b"data: [DONE]\n\n"))
    return Reply(content_type="text/event-stream; charset=utf-8", events=events)


def openai_responses_reply(body: dict[str, Any], text: str) -> Reply:
    model = body.get("model", "gpt-mock")
    item_id = "msg_mock"
    part = {"type": "output_text", "text": text, "annotations": []}
    item = {"id": item_id, "type": "message", "status": "completed", "role": "assistant", "content": [part]}
    usage = {"input_tokens": 10, "output_tokens": _usage_tokens(text), "total_tokens": 10}
    response: dict[str, Any] = {
        # A fresh id per response, as the API gives: clients chain on it with previous_response_id.
        "id": f"resp_mock{next(RESPONSE_IDS)}",
        "object": "response",
        "created_at": CREATED,
        "status": "completed",
        "model": model,
        "output": [item],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage,
    }
    if not body.get("stream"):
        return Reply(body=_json(response))

    seq = iter(range(1_000_000))
    in_progress = {**response, "status": "in_progress", "output": [], "usage": None}

    def event(kind: str, **fields: Any) -> Event:
        return _sse({"type": kind, "sequence_number": next(seq), **fields}, event=kind)

    where = {"item_id": item_id, "output_index": 0, "content_index": 0}
    events = [
        event("response.created", response=in_progress),
        event("response.in_progress", response=in_progress),
        event(
            "response.output_item.added",
            output_index=0,
            item={**item, "status": "in_progress", "content": []},
        ),
        event("response.content_part.added", **where, part={**part, "text": ""}),
    ]
    events += [event("response.output_text.delta", **where, delta=p, logprobs=[]) for p in pieces(text)]
    events += [
        event("response.output_text.done", **where, text=text, logprobs=[]),
        event("response.content_part.done", **where, part=part),
        event("response.output_item.done", output_index=0, item=item),
        event("response.completed", response=response),
    ]
    return Reply(content_type="text/event-stream; charset=utf-8", events=events)


def anthropic_reply(body: dict[str, Any], text: str, user_text: str) -> Reply:
    model = body.get("model", "claude-mock")
    tools = body.get("tools")
    tool_input = {"text": user_text}
    blocks: list[dict[str, Any]] = [{"type": "text", "text": text}]
    if tools:
        blocks.append({"type": "tool_use", "id": "toolu_mock", "name": first_tool_name(tools), "input": tool_input})
    stop = "tool_use" if tools else "end_turn"
    usage = {"input_tokens": 10, "output_tokens": _usage_tokens(text)}
    message = {"id": "msg_mock", "type": "message", "role": "assistant", "model": model}
    if not body.get("stream"):
        full = {**message, "content": blocks, "stop_reason": stop, "stop_sequence": None, "usage": usage}
        return Reply(body=_json(full))

    def event(kind: str, **fields: Any) -> Event:
        return _sse({"type": kind, **fields}, event=kind)

    start = {
        **message,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {**usage, "output_tokens": 1},
    }
    events = [event("message_start", message=start), event("ping")]
    for index, block in enumerate(blocks):
        if block["type"] == "text":
            events.append(event("content_block_start", index=index, content_block={"type": "text", "text": ""}))
            deltas = [{"type": "text_delta", "text": p} for p in pieces(text)]
        else:
            events.append(event("content_block_start", index=index, content_block={**block, "input": {}}))
            deltas = [{"type": "input_json_delta", "partial_json": p} for p in pieces(json.dumps(tool_input))]
        events += [event("content_block_delta", index=index, delta=d) for d in deltas]
        events.append(event("content_block_stop", index=index))
    events += [
        event("message_delta", delta={"stop_reason": stop, "stop_sequence": None}, usage={"output_tokens": 5}),
        event("message_stop"),
    ]
    return Reply(content_type="text/event-stream; charset=utf-8", events=events)


def gemini_reply(body: dict[str, Any], text: str, user_text: str, stream: bool, sse: bool) -> Reply:
    model_version = "gemini-mock"
    usage = {"promptTokenCount": 10, "candidatesTokenCount": _usage_tokens(text), "totalTokenCount": 10}

    def chunk(parts: list[dict[str, Any]], finish: str | None) -> dict[str, Any]:
        candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
        if finish:
            candidate["finishReason"] = finish
        return {"candidates": [candidate], "usageMetadata": usage, "modelVersion": model_version}

    call = []
    if body.get("tools"):
        call = [{"functionCall": {"name": first_tool_name(body["tools"]), "args": {"text": user_text}}}]
    if not stream:
        return Reply(body=_json(chunk([{"text": text}, *call], "STOP")))
    text_pieces = pieces(text)
    chunks = [chunk([{"text": p}], None) for p in text_pieces[:-1]]
    chunks.append(chunk([{"text": text_pieces[-1] if text_pieces else ""}, *call], "STOP"))
    if sse:
        return Reply(content_type="text/event-stream", events=[_sse(c, sep=b"\r\n\r\n") for c in chunks])
    # Without alt=sse Gemini streams one JSON array, an element per chunk.
    events = [Event((b"[" if i == 0 else b",\r\n") + _json(c)) for i, c in enumerate(chunks)]
    events.append(Event(b"]"))
    return Reply(content_type="application/json; charset=UTF-8", events=events)


def example_org_reply(request: RecordedRequest) -> Reply:
    return Reply(content_type="text/plain; charset=utf-8", body=EXAMPLE_ORG_GREETING.encode() + b"\n" + request.body)


def files_reply(request: RecordedRequest) -> Reply:
    """An OpenAI FileObject for whatever was uploaded (the tests read the upload from `requests`)."""
    file = {
        "id": "file-mock",
        "object": "file",
        "bytes": len(request.body),
        "created_at": CREATED,
        "filename": "upload",
        "purpose": "batch",
        "status": "processed",
    }
    return Reply(body=_json(file))


def error_reply(status: int, message: str) -> Reply:
    return Reply(status=status, body=_json({"error": {"type": "mock_error", "message": message}}))


def _decoded_body(raw: bytes, encoding: str | None) -> bytes:
    """The body with its content-encoding undone, so tests can read JSON whatever the proxy sent."""
    encoding = (encoding or "identity").strip().lower()
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    if encoding == "br":
        import brotli

        return bytes(brotli.decompress(raw))
    if encoding == "zstd":
        import zstandard

        return bytes(zstandard.ZstdDecompressor().decompressobj().decompress(raw))
    return raw


def route(request: RecordedRequest, reply_text: str | None) -> Reply:
    """Pick the API by host and path and build its reply."""
    host = request.host.split(":")[0].lower()
    if host == "example.org":
        return example_org_reply(request)
    if request.method != "POST":
        return error_reply(405, f"mock supports POST only, got {request.method}")
    if request.route.endswith("/files"):  # the Files API takes multipart uploads
        return files_reply(request)
    if not isinstance(request.json, dict):
        return error_reply(400, "mock expects a JSON object body")
    body, path = request.json, request.route

    def say(user_text: str) -> str:
        return reply_text if reply_text is not None else REPLY_PREFIX + user_text

    if path.endswith("/chat/completions"):
        user_text = last_user_text_openai_chat(body)
        return openai_chat_reply(body, say(user_text), user_text)
    if path.endswith("/responses"):
        return openai_responses_reply(body, say(last_user_text_openai_responses(body)))
    if path.endswith("/messages"):
        user_text = last_user_text_anthropic(body)
        return anthropic_reply(body, say(user_text), user_text)
    if path.endswith(":generateContent") or path.endswith(":streamGenerateContent"):
        stream = path.endswith(":streamGenerateContent")
        sse = request.query.get("alt") == ["sse"]
        user_text = last_user_text_gemini(body)
        return gemini_reply(body, say(user_text), user_text, stream=stream, sse=sse)
    return Reply(body=_json({"object": "mock.echo", "path": request.path, "body": body}))


# --- the server --------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Idle keep-alive connections end on their own, so no thread outlives a test session by much.
    timeout = 30
    server: _TLSServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: request lines would clutter pytest's output."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _handle(self) -> None:
        raw = self._read_body()
        request = RecordedRequest(
            method=self.command,
            host=self.headers.get("host") or "",
            path=self.path,
            headers=list(self.headers.items()),
            body=raw,
            peer=(str(self.client_address[0]), int(self.client_address[1])),
        )
        try:
            request.json = json.loads(_decoded_body(raw, self.headers.get("content-encoding")))
        except (ValueError, OSError, zlib.error, ImportError):
            request.json = None
        mock = self.server.mock
        mock.record(request)
        reply = route(request, mock.reply_text)
        delay_ms = float(request.header(DELAY_HEADER) or mock.event_delay_ms)
        self._send(reply, delay_ms / 1000)

    def _send(self, reply: Reply, delay_s: float) -> None:
        self.send_response(reply.status)
        self.send_header("content-type", reply.content_type)
        self.send_header("x-request-id", "req_mock")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.events is None:
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.send_header("cache-control", "no-cache")
        self.end_headers()
        for i, event in enumerate(reply.events):
            if i and delay_s > 0:
                time.sleep(delay_s)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event.data), event.data))
            self.wfile.flush()
        # Counted before the last chunk, so a client that sees the whole stream always sees the count.
        self.server.mock.count_completed_stream()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    do_POST = do_GET = do_PUT = do_DELETE = do_PATCH = _handle


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True
    mock: MockLLM

    def __init__(self, mock: MockLLM, context: ssl.SSLContext) -> None:
        self.mock = mock
        self.context = context
        super().__init__(("127.0.0.1", 0), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The TLS handshake runs here, in the connection's own thread, so a slow client blocks nobody.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            with contextlib.suppress(OSError):
                tls.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up mid-stream are normal in these tests."""


@dataclass
class MockLLM:
    """The running mock: `.port`, `.requests` (in arrival order), `.reset()`, `.stop()`."""

    cert_file: Path
    key_file: Path
    requests: list[RecordedRequest] = field(default_factory=list)
    event_delay_ms: float = 0.0
    # When set, every API reply says this instead of echoing the request.
    reply_text: str | None = None
    port: int = 0
    # Streams whose every event has been sent (tests tell a streaming proxy from a buffering one).
    streams_completed: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        context.set_alpn_protocols(["http/1.1"])
        self._server = _TLSServer(self, context)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-llm", daemon=True)
        self._thread.start()

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def count_completed_stream(self) -> None:
        with self._lock:
            self.streams_completed += 1

    def reset(self) -> None:
        """Forget recorded requests and go back to default behaviour."""
        with self._lock:
            self.requests.clear()
            self.streams_completed = 0
        self.event_delay_ms = 0.0
        self.reply_text = None

    def requests_to(self, host: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.host.split(":")[0] == host]

    @property
    def last(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
