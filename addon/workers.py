"""Detection on every core: worker processes, each with spaCy and the engine loaded once, scan texts for the parent.

The parent walks bodies, assigns placeholders and persists them (store, key and conversations stay in one process);
workers only turn texts into detections, sent back as plain tuples. A parent-side cache answers texts seen before
(a conversation's history) without a round trip to a worker.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import marshal
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from addon.detection import DetectorProvider
from detectors.detection_settings import DetectionSettings
from detectors.types import Detection

log = logging.getLogger("anonamoose")
# spaCy and the engine load in every worker at once: on a loaded machine that takes a while.
START_TIMEOUT_S = 300.0
# The parent's cache of whole texts: ~330 B an entry with four detections (measured with tracemalloc), ~2.6 MB
# full: the history of ~200 long conversations (40 messages each), resent every turn and so kept by the LRU.
CACHE_ENTRIES = 8_000
# A worker's own cache of pieces sits behind the parent's, which already answers every text seen again: kept small.
WORKER_CACHE_ENTRIES = 1_000
# A request's texts are split over the workers only when there is enough of them to be worth the round trips.
SPLIT_CHARS = 8_000
PARENT_CHECK_S = 1.0

DetectionRow = tuple[int, int, str, float, str]

_provider: DetectorProvider | None = None  # in a worker process: its detector, rebuilt when the revision moves


class DetectionWorkerDied(Exception):
    """A worker process died while it scanned this request: the request is refused, the pool is replaced."""


def _init_worker(db_url: str, base: DetectionSettings, barrier: Any) -> None:
    """In a new worker: open the store (dictionary, allow-list, settings) and load the detector before any job."""
    global _provider
    from addon.quiet import quiet_library_loggers
    from store.db import open_db

    quiet_library_loggers()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()
    open_db(db_url)
    _provider = DetectorProvider(base)
    _provider.get()
    # The model and word lists live as long as the worker: a full collection walking them took ~40 ms each time.
    gc.freeze()
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(START_TIMEOUT_S)  # the pool is ready when every worker is


def _exit_with_parent(parent: int) -> None:
    """A worker outlives no parent: after a kill -9 of the proxy its queue never closes, so watch the parent."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def _ready() -> int:
    return os.getpid()


def _detect_texts(version: tuple[str, ...], texts: list[str]) -> list[tuple[DetectionRow, ...]]:
    """In a worker: detections of each text for the store revision the parent saw."""
    assert _provider is not None
    detector = _provider.for_version(version)  # built outside the zone: the detector's own words must stay
    detector.cache.max_entries = WORKER_CACHE_ENTRIES
    with detector.memory_zone():
        return [tuple((d.start, d.end, d.entity_type, d.score, d.layer) for d in detector.detect(t)) for t in texts]


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


class _Cache:
    """A bounded LRU of detections keyed by a hash of the text (the text itself is never kept).

    Rows are kept marshalled: one bytes object an entry instead of a tuple, ints, a float and two strings a row
    (~870 B down to ~330 B for four detections); a hit unmarshals them in a microsecond or two."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self.version: tuple[str, ...] | None = None
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version: tuple[str, ...], key: bytes) -> tuple[DetectionRow, ...] | None:
        with self._lock:
            if version != self.version:  # settings or dictionary changed: nothing cached still holds
                self._entries.clear()
                self.version = version
                return None
            packed = self._entries.get(key)
            if packed is None:
                return None
            self._entries.move_to_end(key)
        rows: tuple[DetectionRow, ...] = marshal.loads(packed)
        return rows

    def put(self, version: tuple[str, ...], key: bytes, rows: tuple[DetectionRow, ...]) -> None:
        with self._lock:
            if version != self.version:
                return
            self._entries[key] = marshal.dumps(rows)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _chunks(texts: list[str], count: int) -> list[list[str]]:
    """Split texts into at most `count` groups of about equal length, in order."""
    total = sum(len(t) for t in texts)
    if count <= 1 or len(texts) <= 1 or total < SPLIT_CHARS:
        return [texts]
    share = total / count
    groups: list[list[str]] = [[]]
    filled = 0
    for text in texts:
        if groups[-1] and filled >= share * len(groups) and len(groups) < count:
            groups.append([])
        groups[-1].append(text)
        filled += len(text)
    return groups


class DetectionPool:
    """`workers` processes that turn texts into detections; rebuilt when one dies."""

    def __init__(self, workers: int, db_url: str, base: DetectionSettings, cache_entries: int = CACHE_ENTRIES):
        self.workers = workers
        self.db_url = db_url
        self.base = base
        self.versions = DetectorProvider(base)  # only polls the store's revision: the parent loads no spaCy
        self.cache = _Cache(cache_entries)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False
        self.pids: list[int] = []

    def start(self, wait: bool = False) -> None:
        """Start the workers (each loads its detector); in the background unless `wait`.

        mitmproxy loads a script after it opens its port: warming in the background keeps the event loop serving
        (tunnels, other flows) meanwhile, and a request that comes early waits in its thread for the workers.
        """
        if wait:
            self._ensure_started()
            return
        threading.Thread(target=self._start_in_background, daemon=True, name="anonamoose-pool-start").start()

    def _start_in_background(self) -> None:
        try:
            self._ensure_started()
        except Exception as exc:  # requests then try again, and fail closed if they cannot
            log.error("anonamoose: the detection workers did not start (%s)", exc)

    def _ensure_started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise RuntimeError("the detection pool is closed")
            if self._executor is None:
                self._executor = self._spawn()
            return self._executor

    def _spawn(self) -> ProcessPoolExecutor:
        # spawn, never fork: the parent runs mitmproxy's event loop and threads.
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(self.workers)
        executor = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker, initargs=(self.db_url, self.base, barrier)
        )
        # Each submit with no idle worker starts one more process, so every worker starts now.
        futures = [executor.submit(_ready) for _ in range(self.workers)]
        done, _ = wait_futures(futures, timeout=START_TIMEOUT_S)
        if len(done) < len(futures) or any(f.exception() for f in done):
            executor.shutdown(wait=False, cancel_futures=True)
            raise RuntimeError("the detection workers did not start")
        self.pids = sorted(p.pid for p in executor._processes.values() if p.pid is not None)
        return executor

    def detect_many(self, texts: list[str]) -> list[list[Detection]]:
        version = self.versions.current_version()
        keys = [_key(t) for t in texts]
        found: dict[bytes, tuple[DetectionRow, ...]] = {}
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key in found or key in missing:
                continue
            rows = self.cache.get(version, key)
            if rows is None:
                missing[key] = text
            else:
                found[key] = rows
        if missing:
            found.update(self._scan(version, list(missing.items())))
        return [[Detection(*row) for row in found[key]] for key in keys]

    def _scan(self, version: tuple[str, ...], items: list[tuple[bytes, str]]) -> dict[bytes, tuple[DetectionRow, ...]]:
        executor = self._ensure_started()  # waits for a start (or a replacement) in progress
        by_text = {text: key for key, text in items}
        groups = _chunks([text for _, text in items], self.workers)
        try:
            futures: list[Future[list[tuple[DetectionRow, ...]]]] = [
                executor.submit(_detect_texts, version, group) for group in groups
            ]
            results = [future.result() for future in futures]
        except BrokenProcessPool as exc:
            self._replace(executor)
            raise DetectionWorkerDied(
                "a detection worker died while scanning this request (it has been replaced)"
            ) from exc
        out: dict[bytes, tuple[DetectionRow, ...]] = {}
        for group, rows_list in zip(groups, results, strict=True):
            for text, rows in zip(group, rows_list, strict=True):
                key = by_text[text]
                out[key] = rows
                self.cache.put(version, key, rows)
        return out

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A worker died: every process of the broken pool goes and a new pool starts loading."""
        with self._lock:
            if self._executor is not broken:
                return  # another request already replaced it
            log.error("anonamoose: a detection worker died; starting a new pool")
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if not self._closed:
            self.start()  # in the background: this request fails now, the next ones wait for the new workers

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
            self._closed = True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
