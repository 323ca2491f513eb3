"""Request and response bodies: decode any content-encoding we know, refuse the ones we do not."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import brotli
import zstandard

KNOWN_ENCODINGS = ("identity", "gzip", "x-gzip", "deflate", "br", "zstd")


class UndecodableBody(ValueError):
    """The body's content-encoding is unknown or its bytes do not decode."""


def encodings(header: str | None) -> list[str]:
    """The codings applied, in the order they were applied (RFC 9110: listed in application order)."""
    return [part.strip().lower() for part in (header or "").split(",") if part.strip()]


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:  # some servers send raw deflate without the zlib wrapper
        return zlib.decompress(data, -zlib.MAX_WBITS)


def _zstd(data: bytes) -> bytes:
    # Frames without a content size in the header need the streaming reader.
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "identity": lambda data: data,
    "gzip": lambda data: zlib.decompress(data, 16 + zlib.MAX_WBITS),
    "x-gzip": lambda data: zlib.decompress(data, 16 + zlib.MAX_WBITS),
    "deflate": _inflate,
    "br": brotli.decompress,
    "zstd": _zstd,
}


def decode_body(data: bytes, content_encoding: str | None) -> bytes:
    """The plain bytes of a body; UndecodableBody for an unknown coding or corrupt data."""
    for coding in reversed(encodings(content_encoding)):
        decoder = DECODERS.get(coding)
        if decoder is None:
            raise UndecodableBody(f"unsupported content-encoding {coding!r}")
        try:
            data = decoder(data)
        except Exception as exc:
            raise UndecodableBody(f"body does not decode as {coding}: {exc}") from exc
    return data


class StreamDecoder:
    """Incremental decoding of a streamed response that arrives content-encoded despite `identity`."""

    def __init__(self, content_encoding: str | None):
        self._steps: list[Callable[[bytes], bytes]] = []
        for coding in reversed(encodings(content_encoding)):
            if coding == "identity":
                continue
            if coding in ("gzip", "x-gzip"):
                self._steps.append(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress)
            elif coding == "deflate":
                self._steps.append(zlib.decompressobj().decompress)
            elif coding == "br":
                self._steps.append(brotli.Decompressor().process)
            elif coding == "zstd":
                self._steps.append(zstandard.ZstdDecompressor().decompressobj().decompress)
            else:
                raise UndecodableBody(f"unsupported content-encoding {coding!r}")

    def decode(self, chunk: bytes) -> bytes:
        for step in self._steps:
            chunk = step(chunk) if chunk else chunk
        return chunk
