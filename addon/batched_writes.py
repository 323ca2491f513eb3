"""Background store writes gathered into batches: one executor job and one transaction for a busy moment's rows."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("anonamoose")
# Rows one transaction takes at most: a burst is written in a few commits, none held open long.
MAX_BATCH = 100


class BatchedWrites[T]:
    """Items added from any thread are written by `write(batch)` in a job given to `submit`, one job at a time.

    While a job runs, new items wait for it and go in its next batch: under load the rows of many requests
    share one job and one commit; alone, an item is written at once. A job waits in the executor like any
    other, so shutting the executor down (wait=True) also finishes every write added before.
    """

    def __init__(self, submit: Callable[[Callable[[], None]], Any], write: Callable[[list[T]], None]):
        self._submit = submit
        self._write = write
        self._items: list[T] = []
        self._scheduled = False
        self._lock = threading.Lock()

    def add(self, item: T) -> None:
        with self._lock:
            self._items.append(item)
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._submit(self._drain)
        except BaseException:
            with self._lock:
                self._scheduled = False
            raise

    def _drain(self) -> None:
        while True:
            with self._lock:
                batch, self._items = self._items[:MAX_BATCH], self._items[MAX_BATCH:]
                if not batch:
                    self._scheduled = False
                    return
            try:
                self._write(batch)
            except Exception as exc:  # `write` reports its own failures; this only keeps the job going
                log.error("anonamoose: a background store write failed (%s)", type(exc).__name__)
