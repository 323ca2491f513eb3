import gzip
import os
import zlib

import brotli
import pytest
import zstandard

from addon.bodies import RATIO_FLOOR, BodyTooLarge, StreamDecoder, UndecodableBody, decode_body

PLAIN = b'{"messages": [{"role": "user", "content": "hello"}]}' * 50


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        (None, PLAIN),
        ("identity", PLAIN),
        ("gzip", gzip.compress(PLAIN)),
        ("deflate", zlib.compress(PLAIN)),
        ("deflate", zlib.compress(PLAIN)[2:-4]),  # raw deflate, as some clients send it
        ("br", brotli.compress(PLAIN)),
        ("zstd", zstandard.ZstdCompressor().compress(PLAIN)),
        ("gzip, br", brotli.compress(gzip.compress(PLAIN))),
    ],
)
def test_decode(encoding, encoded):
    assert decode_body(encoded, encoding) == PLAIN


@pytest.mark.parametrize(("encoding", "data"), [("compress", b"x"), ("gzip", b"not gzip"), ("zstd", b"nope")])
def test_refused(encoding, data):
    with pytest.raises(UndecodableBody):
        decode_body(data, encoding)


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd", "deflate"])
def test_stream_decoder_in_small_pieces(encoding):
    encoded = {
        "gzip": gzip.compress,
        "br": brotli.compress,
        "deflate": zlib.compress,
        "zstd": zstandard.ZstdCompressor().compress,
    }[encoding](PLAIN)
    decoder = StreamDecoder(encoding)
    out = b"".join(decoder.decode(encoded[i : i + 7]) for i in range(0, len(encoded), 7))
    assert out == PLAIN


# ---- bounded decoding: a compression bomb is refused while it inflates, never after -------------------------

BOMB_PLAIN = 32 * 1024**2  # inflates to 32 MiB; the limits below stop it long before


def _bomb(encoding: str) -> bytes:
    zeros = b"\0" * BOMB_PLAIN
    return {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": lambda d: brotli.compress(d, quality=1),
        "zstd": zstandard.ZstdCompressor().compress,
    }[encoding](zeros)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd", "br, gzip"])
def test_a_bomb_is_refused_at_the_limit(encoding):
    data = _bomb(encoding.split(",")[0])
    if encoding == "br, gzip":
        data = gzip.compress(data)
    with pytest.raises(BodyTooLarge, match="limit|inflated"):
        decode_body(data, encoding, limit=8 * 1024**2)


def test_the_ratio_refuses_a_bomb_under_the_size_limit():
    data = zlib.compress(b"\0" * (4 * 1024**2))  # 4 MiB from about 4 KiB: far past 100x
    with pytest.raises(BodyTooLarge, match="inflated more than 100 times"):
        decode_body(data, "deflate", limit=64 * 1024**2)
    assert decode_body(data, "deflate", limit=64 * 1024**2, max_ratio=10_000) == b"\0" * (4 * 1024**2)


def test_small_bodies_may_compress_well_under_the_ratio_floor():
    plain = b'{"a": "' + b"x" * (RATIO_FLOOR - 20) + b'"}'
    assert decode_body(gzip.compress(plain), "gzip", limit=8 * 1024**2) == plain


def test_plain_bodies_over_the_limit_are_refused_too():
    with pytest.raises(BodyTooLarge):
        decode_body(b"x" * 101, None, limit=100)


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(b"ab") + gzip.compress(b"cd")),
        ("zstd", zstandard.ZstdCompressor().compress(b"ab") + zstandard.ZstdCompressor().compress(b"cd")),
    ],
)
def test_every_member_or_frame_is_decoded(encoding, encoded):
    assert decode_body(encoded, encoding, limit=100) == b"abcd"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_truncated_bodies_are_undecodable(encoding):
    whole = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": brotli.compress,
        "zstd": zstandard.ZstdCompressor().compress,
    }[encoding](bytes(range(256)) * 64)
    with pytest.raises(UndecodableBody):
        decode_body(whole[: len(whole) // 2], encoding, limit=1024**2)


def test_large_incompressible_bodies_decode_exactly():
    plain = os.urandom(3 * 1024**2)
    for encoding, encode in (
        ("gzip", gzip.compress),
        ("br", brotli.compress),
        ("deflate", zlib.compress),
        ("zstd", zstandard.ZstdCompressor().compress),
    ):
        assert decode_body(encode(plain), encoding, limit=4 * 1024**2) == plain
