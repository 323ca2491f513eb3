"""A large, read-only set of words kept as sorted 64-bit hashes: about 8 bytes a word instead of about 70.

The shipped place and name lists hold some 460,000 words; as Python strings in sets they cost ~50 MB in every
worker process. Membership is a binary search; a false match needs two words sharing a 64-bit hash.

The hash is Python's own string hash (SipHash, cached on the string object): a look-up costs a tenth of a
cryptographic digest's. It is seeded per process, so a set is only ever read in the process that built it.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable
from typing import NoReturn


def word_hash(word: str) -> int:
    return hash(word)


class HashedWords:
    """`word in words` for a fixed set of words, without keeping the words."""

    def __init__(self, words: Iterable[str]):
        self._hashes = array("q", sorted({word_hash(word) for word in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        wanted = hash(word)
        hashes = self._hashes
        index = bisect.bisect_left(hashes, wanted)
        return index < len(hashes) and hashes[index] == wanted

    def __len__(self) -> int:
        return len(self._hashes)

    def __reduce__(self) -> NoReturn:
        # another process seeds the string hash differently: every look-up there would miss
        raise TypeError("HashedWords holds this process's string hashes: build it in the process that reads it")
