"""Detection on every core: worker processes, each with spaCy and the engine loaded once, scan texts for the parent.

The parent walks bodies, assigns placeholders and persists them (store, key and conversations stay in one process);
workers only turn texts into detections, sent back as plain tuples. A parent-side cache answers texts seen before
(a conversation's history) without a round trip to a worker.

Each worker has its own pipe: the request's thread sends its texts to an idle worker and reads the answer itself,
with no manager or feeder thread in between (a ProcessPoolExecutor costs two more thread wake-ups a request).
Under load, requests waiting for a worker ride along with the job of the one that gets it: one batch for spaCy.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import marshal
import multiprocessing
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from addon.detection import DetectorProvider
from detectors.detection_settings import DetectionSettings
from detectors.detector import PIECE_CHARS
from detectors.nlp import EntityRow, FastSpacyNlpEngine
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
# A request's texts have spaCy run in one idle worker and every other layer in another, side by side, from this
# many characters. Measured on a quiet pool: 40 characters 1.9 ms against 3.0 one worker alone, 300 characters
# 3.7 against 5.8, 2 KB 13.1 against 21.5; shorter texts are a greeting's worth of work either way.
LAYERS_APART_CHARS = 40
# A request waiting for a worker is taken along by the job of one that got one, up to this many characters in all:
# spaCy's batches cost least a message at about 4.5 KB (measured, ms of CPU a message alone → batched: 2 KB texts
# 11.7 → 10.1 in pairs but 11.4 in threes; 650-character texts 4.6 → 3.0 in sevens; 4 KB texts 21.7 → 22.3 in pairs).
JOINED_CHARS = 4_500
PARENT_CHECK_S = 1.0

DetectionRow = tuple[int, int, str, float, str]

_provider: DetectorProvider | None = None  # in a worker process: its detector, rebuilt when the revision moves
_pipe: Connection | None = None  # in a worker process: its pipe, read mid-job by `_detect_awaiting_entities`


class DetectionWorkerDied(Exception):
    """A worker process died while it scanned this request: the request is refused, the pool is replaced."""


def _init_worker(db_url: str, base: DetectionSettings) -> None:
    """In a new worker: open the store (dictionary, allow-list, settings) and load the detector before any job."""
    global _provider
    from addon.quiet import quiet_library_loggers
    from store.db import open_db

    quiet_library_loggers()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch").start()
    open_db(db_url)
    _provider = DetectorProvider(base)
    nlp_engine = _provider.get().analyzer.nlp_engine
    if isinstance(nlp_engine, FastSpacyNlpEngine):
        nlp_engine.learn_known_words()  # before the first request, not in its memory zone
    # The model and word lists live as long as the worker: a full collection walking them took ~40 ms each time.
    gc.freeze()


def _worker_main(conn: Connection, db_url: str, base: DetectionSettings) -> None:
    """A worker process: load, say ready, then answer each job on the pipe until the parent closes it."""
    import signal

    global _pipe
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it closes the pipes
    _pipe = conn
    try:
        _init_worker(db_url, base)
    except BaseException as exc:
        conn.send(("error", _portable(exc)))
        return
    conn.send(("ok", os.getpid()))
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return  # the parent closed the pool, or is gone
        try:
            reply: tuple[str, Any] = ("ok", function(*args))
        except BaseException as exc:  # the parent raises it for the request that asked
            reply = ("error", _portable(exc))
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that does not pickle: the worker lives on, the request fails
            conn.send(("error", RuntimeError(f"the worker's answer could not be sent ({type(exc).__name__})")))


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it pickles, else a RuntimeError naming it."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _exit_with_parent(parent: int) -> None:
    """A worker outlives no parent: after a kill -9 of the proxy its queue never closes, so watch the parent."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def _detect_texts(version: tuple[str, ...], texts: list[str]) -> list[tuple[DetectionRow, ...]]:
    """In a worker: detections of each text for the store revision the parent saw."""
    assert _provider is not None
    detector = _provider.for_version(version)  # built outside the zone: the detector's own words must stay
    detector.cache.max_entries = WORKER_CACHE_ENTRIES
    with detector.memory_zone():
        return [_rows(detections) for detections in detector.detect_each(texts)]


def _rows(detections: list[Detection]) -> tuple[DetectionRow, ...]:
    """Detections as plain tuples: what crosses the pipe back to the parent."""
    return tuple((d.start, d.end, d.entity_type, d.score, d.layer) for d in detections)


def _entity_rows(version: tuple[str, ...], texts: list[str]) -> list[list[EntityRow]]:
    """In a worker: spaCy's entities of each one-piece text, for another worker's `_detect_awaiting_entities`."""
    assert _provider is not None
    detector = _provider.for_version(version)
    with detector.memory_zone():
        return [detector.entity_rows(t) for t in texts]


def _detect_awaiting_entities(version: tuple[str, ...], texts: list[str]) -> list[tuple[DetectionRow, ...]]:
    """In a worker: `_detect_texts` of one-piece texts while another worker runs spaCy on them; the parent sends
    its entities on this worker's pipe, read once the other layers have run. Exactly one such message is read a
    job, needed or not (texts this worker has cached), so none is left for the next job."""
    assert _provider is not None
    detector = _provider.for_version(version)
    detector.cache.max_entries = WORKER_CACHE_ENTRIES
    received: list[list[list[EntityRow]]] = []

    def entities_of(index: int) -> list[EntityRow]:
        if not received:
            received.append(_receive_entities())
        return received[0][index]

    try:
        with detector.memory_zone():
            return [
                _rows(detector.detect_with_entities(text, functools.partial(entities_of, index)))
                for index, text in enumerate(texts)
            ]
    finally:
        if not received:
            _receive_entities()


def _receive_entities() -> list[list[EntityRow]]:
    assert _pipe is not None
    status, value = _pipe.recv()
    if status == "error":
        raise value
    rows: list[list[EntityRow]] = value
    return rows


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


def _worth_layers_apart(texts: list[str]) -> bool:
    """Texts each detected in one piece, together long enough for spaCy beside the other layers to pay."""
    return all(len(t) <= PIECE_CHARS for t in texts) and sum(len(t) for t in texts) >= LAYERS_APART_CHARS


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: Any, conn: Connection):
        self.process = process
        self.conn = conn

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        self.conn.send((function, args))
        return self.receive()

    def receive(self) -> Any:
        status, value = self.conn.recv()
        if status == "error":
            raise value
        return value


@dataclass(eq=False)
class _Wait:
    """A request waiting for a worker: handed one by the request that frees it, or, when it has texts to join (a
    version), served by a job that another request takes along."""

    version: tuple[str, ...] | None = None
    texts: list[str] = field(default_factory=list)
    woken: threading.Event = field(default_factory=threading.Event)
    worker: _Worker | None = None
    rows: list[tuple[DetectionRow, ...]] | None = None
    error: BaseException | None = None

    def wake(self, worker: _Worker | None = None, error: BaseException | None = None) -> None:
        self.worker, self.error = worker, error
        self.woken.set()


class _Generation:
    """The workers started together; when one dies, all of them go and a new generation starts.

    A freed worker goes straight to the request that has waited longest (one thread woken, not every waiting one).
    """

    def __init__(self, workers: list[_Worker]):
        self.workers = workers
        self.pids = sorted(w.process.pid for w in workers)
        self._idle = list(workers)
        self._queue: deque[_Wait] = deque()  # requests waiting for a worker, oldest first
        self._stopped = False
        self._lock = threading.Lock()

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker."""
        return len(self._queue)

    def take(self) -> _Worker:
        """An idle worker, waiting for one; EOFError once the generation has stopped."""
        worker = self.take_or_join(_Wait())
        assert worker is not None  # a wait with no texts is never joined
        return worker

    def take_or_join(self, wait: _Wait) -> _Worker | None:
        """A worker for `wait`, waiting for one; None when another request's job took its texts along (the rows
        are then on `wait`). EOFError once the generation has stopped."""
        with self._lock:
            if self._stopped:
                raise EOFError("the detection workers stopped")
            if self._idle and not self._queue:
                return self._idle.pop()
            self._queue.append(wait)
        wait.woken.wait()
        if wait.error is not None:
            raise wait.error
        return wait.worker

    def take_if_idle(self) -> _Worker | None:
        with self._lock:
            return self._idle.pop() if self._idle and not self._stopped else None

    def give_back(self, worker: _Worker) -> None:
        """A worker done with its job: to the oldest waiting request, else idle."""
        with self._lock:
            wait = self._queue.popleft() if self._queue else None
            if wait is None:
                self._idle.append(worker)
        if wait is not None:
            wait.wake(worker)

    def take_along(self, version: tuple[str, ...], budget: int) -> list[_Wait]:
        """Waiting requests of the same detector version whose texts fit in `budget` characters, oldest first,
        taken out of the queue for a job that is about to run."""
        joined: list[_Wait] = []
        with self._lock:
            for wait in list(self._queue):
                size = sum(len(t) for t in wait.texts)
                if wait.version == version and size <= budget:
                    self._queue.remove(wait)
                    joined.append(wait)
                    budget -= size
        return joined

    def stop(self, wait: bool) -> None:
        with self._lock:
            self._stopped = True
            queued, self._queue = list(self._queue), deque()
        for waiting in queued:
            waiting.wake(error=EOFError("the detection workers stopped"))
        for worker in self.workers:
            worker.conn.close()  # a worker reading its pipe then exits
            if not wait:
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(timeout=10 if wait else 1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)


class DetectionPool:
    """`workers` processes that turn texts into detections; rebuilt when one dies."""

    def __init__(self, workers: int, db_url: str, base: DetectionSettings, cache_entries: int = CACHE_ENTRIES):
        self.workers = workers
        self.db_url = db_url
        self.base = base
        self.versions = DetectorProvider(base)  # only polls the store's revision: the parent loads no spaCy
        self.cache = _Cache(cache_entries)
        self._lock = threading.Lock()
        self._generation: _Generation | None = None
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

    def _ensure_started(self) -> _Generation:
        with self._lock:
            if self._closed:
                raise RuntimeError("the detection pool is closed")
            if self._generation is None:
                self._generation = self._spawn()
                self.pids = self._generation.pids
            return self._generation

    def _spawn(self) -> _Generation:
        # spawn, never fork: the parent runs mitmproxy's event loop and threads.
        context = multiprocessing.get_context("spawn")
        workers: list[_Worker] = []
        try:
            for _ in range(self.workers):
                parent_end, child_end = context.Pipe()
                process = context.Process(
                    target=_worker_main, args=(child_end, self.db_url, self.base), daemon=True, name="anonamoose-worker"
                )
                process.start()
                child_end.close()  # only the worker holds it now: its death closes the pipe for the parent
                workers.append(_Worker(process, parent_end))
            deadline = time.monotonic() + START_TIMEOUT_S
            for worker in workers:  # they load side by side; the pool is ready when every worker is
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise RuntimeError("timed out")
                worker.receive()
        except Exception as exc:
            _Generation(workers).stop(wait=False)
            raise RuntimeError(f"the detection workers did not start ({type(exc).__name__})") from exc
        return _Generation(workers)

    def run_in_worker(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in one worker (a picklable module-level function): for checks of the workers' state."""
        generation = self._ensure_started()
        worker = generation.take()
        try:
            return worker.call(function, *args)
        finally:
            generation.give_back(worker)

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
        generation = self._ensure_started()  # waits for a start (or a replacement) in progress
        by_text = {text: key for key, text in items}
        groups = _chunks([text for _, text in items], self.workers)
        try:
            results = self._run_groups(generation, version, groups)
        except (EOFError, OSError) as exc:  # a worker's pipe closed under this request: the worker died
            self._replace(generation)
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

    @staticmethod
    def _run_groups(
        generation: _Generation, version: tuple[str, ...], groups: list[list[str]]
    ) -> list[list[tuple[DetectionRow, ...]]]:
        """Each group scanned by a worker: one waited for, more only if idle (two requests never wait on each
        other's workers), the groups dealt out in turn over those taken; one group on two idle workers when no other
        request waits for one (`_run_layers_apart`). A request with one group that has to wait for a worker may be
        taken along by another's job instead (`_run_joined`)."""
        wait = _Wait(version, groups[0]) if len(groups) == 1 else _Wait()
        worker = generation.take_or_join(wait)
        if worker is None:
            if wait.rows is not None:
                return [wait.rows]
            wait = _Wait()  # the job that took it along failed: alone now, so only its own text can fail it
            worker = generation.take()
        taken = [worker]
        # Only on a quiet proxy: under load the second worker serves a waiting request instead of idling on spaCy's
        # entities (and two workers freed together would otherwise be taken together again and again).
        apart = len(groups) == 1 and _worth_layers_apart(groups[0]) and not generation.waiting
        while len(taken) < max(len(groups), 2 if apart else 1):
            extra = generation.take_if_idle()
            if extra is None:
                break
            taken.append(extra)
        results: list[list[tuple[DetectionRow, ...]]] = [[] for _ in groups]
        healthy = True
        failure: BaseException | None = None
        try:
            if apart and len(taken) == 2:
                return [DetectionPool._run_layers_apart(taken[0], taken[1], version, groups[0])]
            if len(taken) == 1 and wait.version is not None:
                return [DetectionPool._run_joined(generation, taken[0], version, groups[0])]
            for first in range(0, len(groups), len(taken)):
                batch = list(enumerate(taken))[: len(groups) - first]
                for offset, worker in batch:
                    worker.conn.send((_detect_texts, (version, groups[first + offset])))
                for offset, worker in batch:  # every answer is read, so no pipe keeps one for a later request
                    try:
                        results[first + offset] = worker.receive()
                    except (EOFError, OSError):
                        raise
                    except Exception as exc:  # the worker's own error: raised once the others have answered
                        failure = failure or exc
                if failure is not None:
                    raise failure
        except (EOFError, OSError):
            healthy = False
            raise
        finally:
            if healthy:  # a worker whose pipe failed mid-job never serves again
                for worker in taken:
                    generation.give_back(worker)
        return results

    @staticmethod
    def _run_joined(
        generation: _Generation, worker: _Worker, version: tuple[str, ...], texts: list[str]
    ) -> list[tuple[DetectionRow, ...]]:
        """A request's texts in one worker together with those of requests still waiting for one: spaCy then runs
        over them in one batch (`Detector.detect_each`), and each waiting request gets its rows without a worker."""
        joined = generation.take_along(version, JOINED_CHARS - sum(len(t) for t in texts))
        combined = texts + [text for wait in joined for text in wait.texts]
        try:
            rows: list[tuple[DetectionRow, ...]] = worker.call(_detect_texts, version, combined)
            at = len(texts)
            for wait in joined:
                wait.rows = rows[at : at + len(wait.texts)]
                at += len(wait.texts)
                wait.wake()
            return rows[: len(texts)]
        except (EOFError, OSError) as exc:  # the worker died: they fail with this request
            for wait in joined:
                wait.wake(error=exc)
            raise
        finally:  # any other failure leaves them no rows: each runs alone again, its own text's failure its own
            for wait in joined:
                if not wait.woken.is_set():
                    wait.wake()

    @staticmethod
    def _run_layers_apart(
        nlp_worker: _Worker, other_worker: _Worker, version: tuple[str, ...], texts: list[str]
    ) -> list[tuple[DetectionRow, ...]]:
        """One request's texts on two idle workers side by side: spaCy in one, every other layer in the other, which
        then gets spaCy's entities through the parent and finishes. The same detections, in about spaCy's time."""
        nlp_worker.conn.send((_entity_rows, (version, texts)))
        other_worker.conn.send((_detect_awaiting_entities, (version, texts)))
        entities: tuple[str, Any]
        try:
            entities = ("ok", nlp_worker.receive())
        except (EOFError, OSError):
            raise
        except Exception as exc:  # passed on, so the other worker fails its job too and its pipe stays in step
            entities = ("error", exc)
        other_worker.conn.send(entities)
        rows: list[tuple[DetectionRow, ...]] = other_worker.receive()
        if entities[0] == "error":
            raise entities[1]
        return rows

    def _replace(self, broken: _Generation) -> None:
        """A worker died: every process of the broken generation goes and a new one starts loading."""
        with self._lock:
            if self._generation is not broken:
                return  # another request already replaced it
            log.error("anonamoose: a detection worker died; starting a new pool")
            self._generation = None
        broken.stop(wait=False)
        if not self._closed:
            self.start()  # in the background: this request fails now, the next ones wait for the new workers

    def close(self) -> None:
        with self._lock:
            generation, self._generation = self._generation, None
            self._closed = True
        if generation is not None:
            generation.stop(wait=True)
