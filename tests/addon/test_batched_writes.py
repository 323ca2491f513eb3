"""Background writes in batches: items added while a job runs join its next batch; shutdown finishes them all."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from addon import batched_writes
from addon.batched_writes import BatchedWrites


def test_items_added_while_a_batch_is_written_go_in_the_next_batch_of_the_same_job() -> None:
    executor = ThreadPoolExecutor(max_workers=4)
    jobs: list[object] = []
    batches: list[list[int]] = []
    first_started, release = threading.Event(), threading.Event()

    def write(batch: list[int]) -> None:
        batches.append(batch)
        first_started.set()
        release.wait(5)

    def submit(job):  # type: ignore[no-untyped-def]
        jobs.append(job)
        return executor.submit(job)

    writes = BatchedWrites(submit, write)
    writes.add(1)
    assert first_started.wait(5)
    for item in (2, 3, 4):
        writes.add(item)
    release.set()
    executor.shutdown(wait=True)
    assert batches == [[1], [2, 3, 4]]
    assert len(jobs) == 1  # one job at a time: the later items did not start another


def test_a_failed_write_does_not_stop_later_ones_and_a_burst_is_cut_into_batches(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(batched_writes, "MAX_BATCH", 2)
    batches: list[list[int]] = []
    pending: list[object] = []

    def write(batch: list[int]) -> None:
        batches.append(batch)
        if 1 in batch:
            raise RuntimeError("disk full")

    writes = BatchedWrites(pending.append, write)
    for item in range(5):
        writes.add(item)
    assert len(pending) == 1
    pending[0]()  # type: ignore[operator]
    assert batches == [[0, 1], [2, 3], [4]]
    writes.add(9)
    assert len(pending) == 2
