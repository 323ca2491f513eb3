"""A large, read-only set of words kept as sorted 64-bit hashes: about 8 bytes a word instead of about 70.

The shipped place and name lists hold some 460,000 words; as Python strings in sets they cost ~50 MB in every
worker process. Membership is a binary search; a false match needs two words sharing a 64-bit hash.
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Iterable


def word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


class HashedWords:
    """`word in words` for a fixed set of words, without keeping the words."""

    def __init__(self, words: Iterable[str]):
        self._hashes = array("q", sorted({word_hash(word) for word in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        wanted = word_hash(word)
        index = bisect.bisect_left(self._hashes, wanted)
        return index < len(self._hashes) and self._hashes[index] == wanted

    def __len__(self) -> int:
        return len(self._hashes)
