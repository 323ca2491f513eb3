"""The detection pool: real worker processes with the real spaCy model, against the in-process detector."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from addon import detection, workers
from addon.detection import DetectorProvider, LocalScanner
from addon.workers import DetectionPool, DetectionWorkerDied, _chunks
from detectors.detection_settings import DetectionSettings
from detectors.types import Detection
from store import dictionary as store_dictionary
from store.db import open_db

TEXTS = [
    "Hi, I'm Maria Gonzalez, email maria.gonzalez@example.org, phone +61 412 345 678.",
    "",
    "   ",
    "Nothing personal here: the build failed on step three.",
    "Card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD.",
    "Hi, I'm Maria Gonzalez, email maria.gonzalez@example.org, phone +61 412 345 678.",  # repeated: cached
]


def prose(n: int, tag: str) -> str:
    return " ".join(
        f"Paragraph {i} ({tag}): John Smith of 12 King Street wrote to jsmith{i}@example.com." for i in range(n)
    )


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("pool") / "anonamoose.db")


@pytest.fixture(scope="module")
def pool(db_url: str) -> Iterator[DetectionPool]:
    open_db(db_url)
    pool = DetectionPool(2, db_url, DetectionSettings())
    pool.start(wait=True)
    yield pool
    pool.close()


def local(db_url: str) -> LocalScanner:
    open_db(db_url)
    return LocalScanner(DetectorProvider(DetectionSettings()))


def test_pool_results_equal_the_in_process_detector(pool: DetectionPool, db_url: str) -> None:
    open_db(db_url)
    assert len(pool.pids) == 2 and os.getpid() not in pool.pids
    expected = local(db_url).detect_many(TEXTS)
    assert pool.detect_many(TEXTS) == expected
    assert any(expected)  # the texts do hold PII
    assert pool.detect_many(TEXTS) == expected  # now from the parent's cache


def test_an_answer_that_does_not_pickle_fails_its_call_and_the_worker_lives_on(pool: DetectionPool) -> None:
    before = list(pool.pids)
    with pytest.raises(RuntimeError, match="could not be sent"):
        pool.run_in_worker(threading.Lock)  # a lock object cannot cross the pipe
    assert pool.run_in_worker(gc.get_freeze_count) > 10_000
    assert pool.pids == before


def test_workers_freeze_what_they_loaded(pool: DetectionPool) -> None:
    """The model and word lists are frozen out of the collector, so full collections skip them."""
    frozen = pool.run_in_worker(gc.get_freeze_count)
    assert frozen > 10_000


def test_a_long_batch_is_split_over_the_workers_and_kept_in_order(pool: DetectionPool, db_url: str) -> None:
    open_db(db_url)
    texts = [prose(20, f"t{i}") for i in range(6)]
    assert len(_chunks(texts, 2)) == 2
    assert pool.detect_many(texts) == local(db_url).detect_many(texts)


def test_a_dictionary_term_added_in_the_store_reaches_the_workers(
    pool: DetectionPool, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detection, "CHECK_INTERVAL_S", 0.0)  # look at the store on every request
    open_db(db_url)
    text = "The Bluewhale rollout starts Monday."
    assert not pool.detect_many([text])[0]
    store_dictionary.add_term("Bluewhale", "PROJECT")
    found = pool.detect_many([text])[0]
    assert [(d.start, d.end, d.layer) for d in found] == [(4, 13, "dictionary")]


def test_spacy_in_one_worker_beside_the_other_layers_in_the_other_finds_the_same(
    pool: DetectionPool, db_url: str
) -> None:
    open_db(db_url)
    texts = [prose(16, f"apart{i}") for i in range(3)] + ["Ring Dr Aroha Ngata on 021 555 0199 about the claim. " * 20]
    assert all(workers._worth_layers_apart([t]) for t in texts)
    generation = pool._ensure_started()
    first, second = generation.take(), generation.take()
    try:
        version = pool.versions.current_version()
        whole = first.call(workers._detect_texts, version, texts)
        apart = DetectionPool._run_layers_apart(first, second, version, texts)
        assert apart == whole and all(whole)
        # Again: the layers' worker has these cached and never needs the entities; it still reads them off its pipe.
        assert DetectionPool._run_layers_apart(second, first, version, texts) == whole
        assert second.call(workers._detect_texts, version, texts[:1]) == whole[:1]
    finally:
        generation.give_back(first)
        generation.give_back(second)
    expected = local(db_url).detect_many(texts[:1] + [texts[1][::-1]])
    assert pool.detect_many(texts[:1] + [texts[1][::-1]]) == expected  # through the pool, both workers idle


def test_a_failure_in_the_spacy_worker_fails_the_request_and_keeps_both_pipes_in_step(pool: DetectionPool) -> None:
    generation = pool._ensure_started()
    first, second = generation.take(), generation.take()
    try:
        version = pool.versions.current_version()
        too_long = "word " * 4_000  # more than one piece: neither job takes it
        with pytest.raises(AssertionError):
            DetectionPool._run_layers_apart(first, second, version, [too_long])
        assert first.call(workers._detect_texts, version, ["Email maria@example.org"])[0]
        assert second.call(workers._detect_texts, version, ["Email maria@example.org"])[0]
    finally:
        generation.give_back(first)
        generation.give_back(second)


@pytest.fixture
def doomed_pool(db_url: str) -> Iterator[DetectionPool]:
    """A pool of its own, for tests that kill its workers."""
    open_db(db_url)
    pool = DetectionPool(2, db_url, DetectionSettings())
    pool.start(wait=True)
    yield pool
    pool.close()


def scan_then_kill_every_worker(pool: DetectionPool, texts: list[str]) -> list[object]:
    """Each text scanned in its own thread; every worker is killed while they are in flight: each one's outcome."""
    before = list(pool.pids)
    outcomes: list[object] = []

    def scan(text: str) -> None:
        try:
            outcomes.append(pool.detect_many([text]))
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            outcomes.append(exc)

    threads = [threading.Thread(target=scan, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    threading.Event().wait(0.5)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_a_killed_worker_fails_its_request_and_is_replaced(doomed_pool: DetectionPool, db_url: str) -> None:
    before = list(doomed_pool.pids)
    errors = scan_then_kill_every_worker(doomed_pool, [prose(1500, "killed")])  # in flight when the workers die
    assert len(errors) == 1 and isinstance(errors[0], DetectionWorkerDied)
    assert "replaced" in str(errors[0])
    text = "Write to ana.silva@example.com today."
    assert doomed_pool.detect_many([text]) == local(db_url).detect_many([text])  # waits for the new workers
    assert set(doomed_pool.pids).isdisjoint(before) and len(doomed_pool.pids) == 2


def test_requests_waiting_for_a_worker_when_the_workers_die_fail_too_and_none_hangs(doomed_pool: DetectionPool) -> None:
    texts = [prose(1500, f"queued{i}") for i in range(4)]  # two in flight, two waiting for a worker
    outcomes = scan_then_kill_every_worker(doomed_pool, texts)
    died = [o for o in outcomes if isinstance(o, DetectionWorkerDied)]
    assert len(outcomes) == 4 and len(died) >= 2
    assert all(isinstance(o, (DetectionWorkerDied, list)) for o in outcomes)


def rows_of(detections: list[Detection]) -> tuple[tuple[int, int, str, float, str], ...]:
    return tuple((d.start, d.end, d.entity_type, d.score, d.layer) for d in detections)


def queued(generation: workers._Generation, count: int) -> None:
    deadline = time.monotonic() + 30
    while generation.waiting < count:
        assert time.monotonic() < deadline, "the requests never queued"
        time.sleep(0.01)


def test_requests_waiting_for_a_worker_are_taken_along_by_the_job_of_one_that_got_one(
    pool: DetectionPool, db_url: str
) -> None:
    open_db(db_url)
    texts = [prose(4, f"along{i}") for i in range(4)]
    expected = [rows_of(found) for found in local(db_url).detect_many(texts)]
    generation = pool._ensure_started()
    version = pool.versions.current_version()
    first, second = generation.take(), generation.take()  # every worker busy: the requests below wait
    waits = [
        workers._Wait(version, [texts[1]]),
        workers._Wait(version, [texts[2]]),
        workers._Wait(("old",), [texts[3]]),
    ]
    handed: dict[int, workers._Worker | None] = {}
    threads = [
        threading.Thread(target=lambda i=i, w=w: handed.update({i: generation.take_or_join(w)}))
        for i, w in enumerate(waits)
    ]
    try:
        for count, thread in enumerate(threads, start=1):
            thread.start()
            queued(generation, count)  # in this order: oldest first
        own = DetectionPool._run_joined(generation, first, version, [texts[0]])
        assert own == [expected[0]]
        threads[0].join(30), threads[1].join(30)
        assert handed == {0: None, 1: None}  # served without a worker
        assert waits[0].rows == [expected[1]] and waits[1].rows == [expected[2]]
        assert generation.waiting == 1  # another detector version is never taken along
        generation.give_back(first)
        threads[2].join(30)
        assert handed[2] is first and waits[2].rows is None  # the freed worker went straight to it
    finally:
        generation.give_back(handed.get(2) or first)
        generation.give_back(second)


class _FailingWorker:
    def __init__(self, error: BaseException):
        self.error = error
        self.texts: list[str] = []

    def call(self, function: object, version: object, texts: list[str]) -> object:
        self.texts.extend(texts)
        raise self.error


@pytest.mark.parametrize("error", [ValueError("a bug on one text"), EOFError()])
def test_a_failed_job_sends_the_requests_it_took_along_on_alone_unless_its_worker_died(error: BaseException) -> None:
    generation = workers._Generation([])
    version = ("v",)
    waits = [workers._Wait(version, ["a text"]), workers._Wait(version, ["another"])]
    generation._queue.extend(waits)
    with pytest.raises(type(error)):
        DetectionPool._run_joined(generation, _FailingWorker(error), version, ["mine"])  # type: ignore[arg-type]
    assert all(w.woken.is_set() and w.rows is None and w.worker is None for w in waits)
    died = isinstance(error, EOFError)
    assert all((w.error is error) == died for w in waits)  # a dead worker fails them; a bug sends them on alone


def test_waiting_requests_are_taken_along_oldest_first_within_the_budget() -> None:
    generation = workers._Generation([])
    version = ("v",)
    sizes = [2_000, 3_500, 1_500, 900]
    waits = [workers._Wait(version, ["x" * size]) for size in sizes] + [workers._Wait(None)]
    generation._queue.extend(waits)
    assert generation.take_along(version, 4_000) == [waits[0], waits[2]]
    assert list(generation._queue) == [waits[1], waits[3], waits[4]]  # a wait with no version is never taken


def test_a_request_taken_along_by_a_failed_job_is_scanned_alone(pool: DetectionPool, db_url: str) -> None:
    open_db(db_url)
    text = prose(3, "alone")
    generation = pool._ensure_started()
    first = generation.take()
    second = generation.take()
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(pool.detect_many([text])))
    thread.start()
    try:
        queued(generation, 1)
        failing = _FailingWorker(ValueError("boom"))
        with pytest.raises(ValueError):
            DetectionPool._run_joined(generation, failing, pool.versions.current_version(), ["x"])  # type: ignore[arg-type]
        assert failing.texts == ["x", text]  # it was taken along, and the job failed under it
    finally:
        generation.give_back(first)
        thread.join(60)
        generation.give_back(second)
    assert outcome == [local(db_url).detect_many([text])]
