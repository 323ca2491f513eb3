"""scripts/bench_reports.py runs its queries over the flows it writes and reports each (no timing asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from store import reports

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_reports_script", REPO / "scripts" / "bench_reports.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_the_flows_it_writes_are_what_the_queries_count(tmp_path: Path) -> None:
    from store.db import close_db, open_db

    open_db(str(tmp_path / "bench.db"))
    try:
        bench.write_flows(40)
        total = reports.overall(None)
        by_type = reports.summary(None, "type")
        assert total["requests"] == 40
        assert sum(row["pii"] for row in by_type) == total["pii"] > 0
    finally:
        close_db()


def test_it_reports_every_query() -> None:
    lines = bench.report(bench.run(30))
    assert lines[0].startswith("report queries over 30 flows")
    assert [line.split(":")[0].strip() for line in lines[1:]] == list(bench.QUERIES)
