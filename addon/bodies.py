"""Request and response bodies: decode any content-encoding we know, refuse the ones we do not.

Request bodies are decoded incrementally under a running cap: a body whose plain bytes would pass `limit`,
or grow more than MAX_RATIO times its encoded size (past the first RATIO_FLOOR bytes), is refused the
moment it does, so a small compression bomb never inflates in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli
import zstandard

KNOWN_ENCODINGS = ("identity", "gzip", "x-gzip", "deflate", "br", "zstd")
# Real request bodies (JSON, text) compress 5-20x; a bomb compresses 1000x and more.
MAX_RATIO = 100
RATIO_FLOOR = 1024**2  # small bodies may compress far better than large ones: the ratio applies above this
OUT_CHUNK = 64 * 1024  # most plain bytes any decoder step yields at once
ZSTD_IN_CHUNK = 256  # zstd has no output cap per call: feed it little at a time (a block yields <= 128 KiB)
ZSTD_MAX_WINDOW = 8 * 1024**2  # RFC 8878 §9.1: HTTP zstd windows are at most 8 MiB


class UndecodableBody(ValueError):
    """The body's content-encoding is unknown or its bytes do not decode."""


class UnsupportedEncoding(UndecodableBody):
    """A content-encoding the proxy does not know: HTTP's 415, not a fault in the bytes."""


class BodyTooLarge(ValueError):
    """The decoded body passed the size limit or the expansion ratio while being decoded."""


def encodings(header: str | None) -> list[str]:
    """The codings applied, in the order they were applied (RFC 9110: listed in application order)."""
    return [part.strip().lower() for part in (header or "").split(",") if part.strip()]


def _pieces(data: bytes, size: int = OUT_CHUNK) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(view), size):
        yield bytes(view[start : start + size])


def _has_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _zlib_steps(chunks: Iterable[bytes], wbits: int | None) -> Iterator[bytes]:
    """gzip (every member) or deflate, with or without the zlib wrapper (wbits None: look at the header)."""
    decoder = None
    finished = False  # deflate holds one stream: bytes after its end are ignored, as zlib.decompress does
    for chunk in chunks:
        data = chunk
        while data and not finished:
            if decoder is None:
                if not data.strip(b"\0"):  # zero padding after a gzip member
                    break
                bits = wbits if wbits is not None else (zlib.MAX_WBITS if _has_zlib_header(data) else -zlib.MAX_WBITS)
                decoder = zlib.decompressobj(bits)
            out = decoder.decompress(data, OUT_CHUNK)
            if out:
                yield out
            data = decoder.unconsumed_tail
            # Output capped with the input used up: zlib may still hold output for this input.
            while not data and len(out) == OUT_CHUNK and not decoder.eof:
                out = decoder.decompress(b"", OUT_CHUNK)
                if out:
                    yield out
            if decoder.eof:
                data, decoder, finished = decoder.unused_data, None, wbits is None
    if decoder is not None:
        raise zlib.error("incomplete or truncated stream")


def _brotli_steps(chunks: Iterable[bytes]) -> Iterator[bytes]:
    decoder = brotli.Decompressor()
    for chunk in chunks:
        out = decoder.process(chunk, output_buffer_limit=OUT_CHUNK)
        while True:
            if out:
                yield out
            if decoder.can_accept_more_data():
                break
            out = decoder.process(b"", output_buffer_limit=OUT_CHUNK)
    while not decoder.is_finished():  # output still held for input already given
        out = decoder.process(b"", output_buffer_limit=OUT_CHUNK)
        if not out:
            break
        yield out
    if not decoder.is_finished():
        raise brotli.error("incomplete or truncated stream")


def _zstd_steps(chunks: Iterable[bytes]) -> Iterator[bytes]:
    decompressor = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    decoder = None
    for chunk in chunks:
        for piece in _pieces(chunk, ZSTD_IN_CHUNK):
            while piece:
                decoder = decoder or decompressor.decompressobj()
                out = decoder.decompress(piece)
                if out:
                    yield out
                piece = b""
                if decoder.eof:  # the next frame starts in what this one left over
                    piece, decoder = decoder.unused_data, None
    if decoder is not None:
        raise zstandard.ZstdError("incomplete or truncated stream")


STEPS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "identity": lambda chunks: iter(chunks),
    "gzip": lambda chunks: _zlib_steps(chunks, 16 + zlib.MAX_WBITS),
    "x-gzip": lambda chunks: _zlib_steps(chunks, 16 + zlib.MAX_WBITS),
    "deflate": lambda chunks: _zlib_steps(chunks, None),
    "br": _brotli_steps,
    "zstd": _zstd_steps,
}


def decode_body(
    data: bytes, content_encoding: str | None, limit: int | None = None, max_ratio: float = MAX_RATIO
) -> bytes:
    """The plain bytes of a body; UndecodableBody for an unknown coding or corrupt data.

    With `limit`, BodyTooLarge as soon as the plain bytes pass `limit` or `max_ratio` times `len(data)`
    (beyond RATIO_FLOOR): memory never holds more than about `limit` plus one chunk.
    """
    codings = encodings(content_encoding)
    chunks: Iterable[bytes] = _pieces(data)
    for coding in reversed(codings):
        step = STEPS.get(coding)
        if step is None:
            raise UnsupportedEncoding(f"unsupported content-encoding {coding!r}")
        chunks = _named_errors(step(chunks), coding)
    ratio_cap = max(RATIO_FLOOR, int(len(data) * max_ratio))
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if limit is not None and len(out) > limit:
            raise BodyTooLarge(f"the decoded body passed the {limit} byte limit")
        if limit is not None and len(out) > ratio_cap:
            raise BodyTooLarge(f"the body inflated more than {max_ratio:g} times its {len(data)} encoded bytes")
    return bytes(out)


def _named_errors(chunks: Iterator[bytes], coding: str) -> Iterator[bytes]:
    """Any decoder error as UndecodableBody naming the coding."""
    try:
        yield from chunks
    except (UndecodableBody, BodyTooLarge):
        raise
    except Exception as exc:
        raise UndecodableBody(f"body does not decode as {coding}: {exc}") from exc


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
