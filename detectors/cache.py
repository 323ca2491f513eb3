"""Results cached by text hash: a conversation's history is resent every turn and costs nothing twice."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


class ResultCache[T]:
    """A thread-safe LRU keyed by a hash of the text (the text itself is never kept)."""

    def __init__(self, max_entries: int = 20_000):
        self.max_entries = max_entries
        self._entries: OrderedDict[bytes, T] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, text: str, compute: Callable[[str], T]) -> T:
        key = text_key(text)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            self.misses += 1
        value = compute(text)
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.max_entries:  # also after max_entries was lowered
                self._entries.popitem(last=False)
        return value

    def __contains__(self, text: str) -> bool:
        """Whether a result for the text is cached (the hit and miss counts are left alone)."""
        key = text_key(text)
        with self._lock:
            return key in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
