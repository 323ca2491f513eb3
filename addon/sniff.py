"""What a body or upload part really holds, whatever its label says: JSON, text, a form, multipart or binary."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from mitmproxy.net.http.headers import parse_content_type

# Control characters that never appear in text (tab, newlines, form feed and escape do).
BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
JSON_LINES_TYPES = (
    "application/jsonl",
    "application/x-jsonl",
    "application/x-ndjson",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/json-seq",
)
TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/yaml",
    "application/x-yaml",
    "application/javascript",
    "application/csv",
    "application/sql",
    "application/graphql",
    "application/x-sh",
    "application/toml",
    *JSON_LINES_TYPES,
)
# Kinds of unscanned attachment, by media type prefix or file extension (what `report` counts).
MEDIA_KINDS = (("image/", "image"), ("audio/", "audio"), ("video/", "video"), ("application/pdf", "pdf"))


def media_type(content_type: str) -> str:
    """'Application/JSON; charset=utf-8' -> 'application/json' ('' when absent or unparseable)."""
    parsed = parse_content_type(content_type or "")
    return f"{parsed[0]}/{parsed[1]}" if parsed else ""


def text_of(data: bytes) -> str | None:
    """The body as text when it is UTF-8 without binary control characters, else None."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if BINARY_CHARS.search(text) else text


def json_document(text: str) -> object | None:
    """The JSON object or array `text` holds, else None (a bare number or string is not a document)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def body_kind(content_type: str, data: bytes) -> str:
    """'empty', 'json', 'text', 'form', 'multipart', 'grpc' or 'binary'.

    A JSON or text label is believed (its bytes must then be what it says); any other label, or none,
    is checked against the bytes: JSON or UTF-8 text under octet-stream is scanned as such.
    """
    kind = media_type(content_type)
    if not data.strip():
        return "empty"
    if kind.startswith("multipart/"):
        return "multipart"
    if kind == "application/x-www-form-urlencoded":
        return "form"
    if kind.startswith("application/grpc"):
        return "grpc"
    if kind.startswith(TEXT_TYPES):
        return "text"
    if "json" in kind:
        return "json"
    text = text_of(data)
    if text is None:
        return "binary"
    return "json" if json_document(text) is not None else "text"


def attachment_kind(content_type: str, filename: str | None = None) -> str:
    """'image', 'audio', 'video', 'pdf', the file's extension, or 'binary'."""
    kind = media_type(content_type)
    for prefix, name in MEDIA_KINDS:
        if kind.startswith(prefix):
            return name
    suffix = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    return suffix if suffix.isalnum() and len(suffix) <= 8 else "binary"
