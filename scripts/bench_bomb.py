"""Bounded decoding, measured: a 1 MB gzip body that inflates to 1 GiB, sent through mitmdump with the addon.

Prints the status the client got, the rise of the mitmdump process's peak RSS (VmHWM in /proc/<pid>/status,
before and after) and whether the next request was served. A benchmark, not a test: `make bench` runs it.
Run alone: `python scripts/bench_bomb.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_proxy import (  # noqa: E402
    CHAT_URL,
    chat_body,
    client_for,
    load_e2e_module,
    start_proxy,
    user,
    wait_ready,
)

INFLATED_BYTES = 1024**3  # what the bomb decompresses to
TARGET_RSS_RISE_MB = 100


def gzip_bomb(size: int = INFLATED_BYTES) -> bytes:
    """`size` zero bytes, gzip-compressed a MiB at a time (about 1 MB on the wire for 1 GiB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1024**2
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


def peak_rss_kb(pid: int) -> int:
    """VmHWM: the process's peak resident set size so far, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc status (Linux only)")


def run() -> dict[str, float]:
    certs = load_e2e_module("certs")
    mock_llm = load_e2e_module("mock_llm")
    bomb = gzip_bomb()
    with tempfile.TemporaryDirectory(prefix="anonamoose-bench-bomb-") as tmp:
        root = Path(tmp)
        ca = certs.make_local_ca(root / "test-ca")
        mock = mock_llm.MockLLM(cert_file=ca.server_cert, key_file=ca.server_key)
        proxy = start_proxy("addon", root / "addon", mock.port, ca.ca_cert, addon=True)
        try:
            wait_ready([proxy])
            with client_for(proxy) as client:
                # one ordinary request first, so the peak before is the proxy's working size
                client.post(CHAT_URL, json=chat_body([user("hello there")])).raise_for_status()
                time.sleep(0.5)
                before = peak_rss_kb(proxy.process.pid)
                started = time.perf_counter()
                refused = client.post(
                    CHAT_URL, content=bomb, headers={"content-type": "application/json", "content-encoding": "gzip"}
                )
                refuse_ms = (time.perf_counter() - started) * 1000
                after = peak_rss_kb(proxy.process.pid)
                upstream_saw_bomb = any(r.body == bomb for r in mock.requests)
                served = client.post(CHAT_URL, json=chat_body([user("and again")]))
        finally:
            proxy.stop()
            mock.stop()
    return {
        "bomb_wire_bytes": float(len(bomb)),
        "bomb_status": float(refused.status_code),
        "bomb_refuse_ms": refuse_ms,
        "bomb_rss_before_mb": before / 1024,
        "bomb_rss_after_mb": after / 1024,
        "bomb_rss_rise_mb": (after - before) / 1024,
        "bomb_forwarded": float(upstream_saw_bomb),
        "next_status": float(served.status_code),
    }


def report(figures: dict[str, float]) -> list[str]:
    f = figures
    verdict = "ok" if f["bomb_status"] == 413 and f["bomb_rss_rise_mb"] < TARGET_RSS_RISE_MB else "MISSED"
    return [
        "bounded decoding (mitmdump -s addon/anonamoose.py; peak RSS = VmHWM of the mitmdump process)",
        f"  gzip bomb: {f['bomb_wire_bytes'] / 1e6:.2f} MB on the wire, {INFLATED_BYTES // 1024**3} GiB inflated: "
        f"status {f['bomb_status']:.0f} in {f['bomb_refuse_ms']:.0f} ms, forwarded upstream: "
        f"{'yes' if f['bomb_forwarded'] else 'no'}",
        f"  peak RSS {f['bomb_rss_before_mb']:.1f} MB -> {f['bomb_rss_after_mb']:.1f} MB: "
        f"rise {f['bomb_rss_rise_mb']:.1f} MB   (target < {TARGET_RSS_RISE_MB} MB) {verdict}",
        f"  next request: status {f['next_status']:.0f}",
    ]


if __name__ == "__main__":
    for line in report(run()):
        print(line, flush=True)
