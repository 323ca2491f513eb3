import gzip
import zlib

import brotli
import pytest
import zstandard

from addon.bodies import StreamDecoder, UndecodableBody, decode_body

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
    encoded = {"gzip": gzip.compress, "br": brotli.compress, "deflate": zlib.compress,
               "zstd": zstandard.ZstdCompressor().compress}[encoding](PLAIN)
    decoder = StreamDecoder(encoding)
    out = b"".join(decoder.decode(encoded[i : i + 7]) for i in range(0, len(encoded), 7))
    assert out == PLAIN
