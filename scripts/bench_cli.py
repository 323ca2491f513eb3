"""`anonamoose --help` and `--version` wall time: a fresh process each run, as a user starts it (target <= 0.3 s)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ANONAMOOSE = Path(sys.executable).parent / "anonamoose"
RUNS = 9
TARGET_S = 0.3


def wall_time(command: list[str]) -> float:
    """Median seconds of RUNS fresh processes, after one warm-up run (a cold page cache is not the CLI's doing)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run() -> dict[str, float]:
    return {
        "python_s": wall_time([sys.executable, "-c", "pass"]),
        "help_s": wall_time([str(ANONAMOOSE), "--help"]),
        "version_s": wall_time([str(ANONAMOOSE), "--version"]),
        "report_help_s": wall_time([str(ANONAMOOSE), "report", "--help"]),
    }


def report(figures: dict[str, float]) -> list[str]:
    slowest = max(figures["help_s"], figures["version_s"])
    verdict = "ok" if slowest <= TARGET_S else "MISSED"
    return [
        f"cli start-up (median of {RUNS} fresh processes; `python -c pass` alone: {figures['python_s'] * 1000:.0f} ms)",
        f"  anonamoose --help {figures['help_s'] * 1000:6.0f} ms   --version {figures['version_s'] * 1000:6.0f} ms"
        f"   (target <= {TARGET_S * 1000:.0f} ms) {verdict}",
        f"  anonamoose report --help {figures['report_help_s'] * 1000:6.0f} ms   (imports that one command only)",
    ]


if __name__ == "__main__":
    for line in report(run()):
        print(line)
