"""`make bench`: every speed target, measured against its baseline in the same run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli  # noqa: E402
import bench_detection  # noqa: E402


def main() -> None:
    for line in bench_cli.report(bench_cli.run()):
        print(line, flush=True)
    for line in bench_detection.report(bench_detection.run()):
        print(line, flush=True)
    import bench_reports  # noqa: PLC0415

    for line in bench_reports.report(bench_reports.run()):
        print(line, flush=True)
    try:
        import bench_proxy  # noqa: PLC0415
    except ImportError:
        return
    for line in bench_proxy.report(bench_proxy.run()):
        print(line, flush=True)
    import bench_scale  # noqa: PLC0415

    for line in bench_scale.run_all():
        print(line, flush=True)
    import bench_bomb  # noqa: PLC0415

    for line in bench_bomb.report(bench_bomb.run()):
        print(line, flush=True)


if __name__ == "__main__":
    main()
