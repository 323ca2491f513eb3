"""The TUI's render functions, drawn on a 100-column console without colour, asserting on the figures."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from rich.console import Console, RenderableType

from addon.cli.views import tui
from addon.operations.dashboard import dashboard
from store.db import open_db
from store.flows import record_flow
from store.models import utcnow


def draw(renderable: RenderableType, width: int = 100, height: int | None = None) -> str:
    """Printed as a Layout region prints it: cut to `height` lines when one is given."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    if height is None:
        console.print(renderable)
    else:
        for line in console.render_lines(renderable, console.options.update(height=height), pad=False):
            console.file.write("".join(segment.text for segment in line) + "\n")
    return console.file.getvalue()  # type: ignore[attr-defined]


def squash(text: str) -> str:
    """Runs of spaces as one, so assertions read the figures, not the column widths."""
    return re.sub(r" +", " ", text)


def data(**overrides: Any) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "now": "2025-03-10T12:00:00",
        "since_seconds": 86400.0,
        "minutes": 10,
        "per_minute": [0, 1, 2, 3, 4, 5, 6, 7, 8, 16],
        "requests": 1234,
        "pii": 567,
        "restored": 540,
        "unknown": 7,
        "refused": 2,
        "errors": 3,
        "by_type": [("EMAIL_ADDRESS", 300), ("PERSON", 200), ("AU_TFN", 67)],
        "by_layer": [("patterns", 367), ("ner", 200)],
        "hosts": [("api.openai.com", 1000), ("api.anthropic.com", 234)],
        "latency": {
            "duration": {"p50": 512.3, "p95": 1500.0, "p99": 2400.7},
            "detect": {"p50": 11.2, "p95": 31.5, "p99": 48.9},
        },
        "active_scopes": 12,
        "recent": [
            {
                "id": 1,
                "time": "2025-03-10T11:59:01",
                "host": "api.openai.com",
                "status": 200,
                "duration_ms": 480.0,
                "detections": {"EMAIL_ADDRESS": 1},
                "pii_count": 1,
                "restored": 1,
                "unknown": 0,
                "error": None,
                "redacted_preview": "write to [EMAIL_7K2Q9]",
            },
            {
                "id": 2,
                "time": "2025-03-10T11:59:30",
                "host": "api.anthropic.com",
                "status": 502,
                "duration_ms": 3.0,
                "detections": {},
                "pii_count": 0,
                "restored": 0,
                "unknown": 0,
                "error": "cannot scan the request",
                "redacted_preview": None,
            },
        ],
    }
    figures.update(overrides)
    return figures


@pytest.mark.parametrize(
    ("values", "height", "expected"),
    [
        ([], 2, ["", ""]),
        ([0, 0], 1, ["  "]),
        ([8], 1, ["█"]),
        ([0, 4, 8], 1, [" ▄█"]),
        ([1, 2], 2, [" █", "██"]),
        ([1, 4], 2, [" █", "▄█"]),
        ([1, 16], 2, [" █", "▁█"]),
    ],
)
def test_spark_rows(values: list[int], height: int, expected: list[str]) -> None:
    assert tui.spark_rows(values, height) == expected


@pytest.mark.parametrize(
    ("count", "peak", "width", "expected"),
    [
        (0, 10, 10, ""),
        (10, 10, 10, "█" * 10),
        (5, 10, 10, "█" * 5),
        (1, 16, 2, "▏"),
        (2, 16, 2, "▎"),
        (8, 16, 2, "█"),
        (1, 64, 2, "▏"),
        (3, 0, 5, ""),
    ],
)
def test_bar(count: int, peak: int, width: int, expected: str) -> None:
    assert tui.bar(count, peak, width) == expected


def test_header_has_the_totals() -> None:
    out = draw(tui.render_header(data()))
    assert "requests 1,234  PII 567  restored 540  unknown 7  refused 2  errors 3  scopes 12" in out
    assert "last 24h" in out and "2025-03-10T12:00:00 UTC" in out


def test_rate_chart_shows_peak_and_span() -> None:
    out = draw(tui.render_rate([0, 1, 2, 3, 16], height=2))
    assert "Requests per minute" in out
    assert "5 min ago" in out and "1 bar = 1 min, peak 16/min" in out and "now" in out
    chart = [line for line in out.splitlines() if "█" in line or "▁" in line]
    assert len(chart) == 2 and chart[0].count("█") == 1  # only the peak reaches the top row


def test_rate_chart_keeps_the_newest_minutes_when_narrow() -> None:
    out = draw(tui.render_rate([9] + [0] * 200 + [4], height=1), width=30)
    assert "26 min ago" in out and "peak 4/min" in out


def test_rate_chart_without_requests_says_so_in_one_line() -> None:
    out = draw(tui.render_rate([0] * 10, height=3), width=60)
    inside = [squash(line.strip("│ ")) for line in out.splitlines()[1:-1]]
    assert [line for line in inside if line] == [
        "no requests in the last 10 min",
        "10 min ago 1 bar = 1 min, peak 0/min now",
    ]


def test_counts_cut_to_their_panel_end_in_plus_n_more() -> None:
    counts = [(f"host-{i}.example", 100 - i) for i in range(9)]
    out = squash(draw(tui.render_counts("Hosts (requests)", counts), width=40, height=6))
    assert "host-0.example 100" in out and "host-2.example 98" in out and "+6 more" in out
    assert "host-3.example" not in out
    everything = squash(draw(tui.render_counts("Hosts (requests)", counts), width=40, height=12))
    assert "host-8.example 92" in everything and "more" not in everything


def test_recent_flows_cut_to_their_panel_say_how_many_older_ones_are_hidden() -> None:
    rows = [{**data()["recent"][0], "id": i, "time": f"2025-03-10T11:{i:02d}:00"} for i in range(10)]
    out = draw(tui.render_recent(rows), height=8)
    assert "11:09:00" in out and "11:07:00" in out and "11:06:00" not in out
    assert "+7 more" in out
    assert "more" not in draw(tui.render_recent(rows), height=14)


@pytest.mark.parametrize(
    ("title", "counts", "expected"),
    [
        (
            "PII by type",
            [("EMAIL_ADDRESS", 300), ("PERSON", 150)],
            ["EMAIL_ADDRESS 300 ██████████ ", "PERSON 150 █████ "],
        ),
        ("Hosts (requests)", [("api.openai.com", 1000)], ["api.openai.com 1,000 ██████████"]),
        ("PII by layer", [], ["none yet"]),
    ],
)
def test_counts_panels(title: str, counts: list[tuple[str, int]], expected: list[str]) -> None:
    out = squash(draw(tui.render_counts(title, counts), width=40))
    assert title in out
    for text in expected:
        assert text in out


def test_latency_panel() -> None:
    out = squash(draw(tui.render_latency(data()["latency"]), width=40))
    assert "ms p50 p95 p99" in out and "request 512 1500 2401" in out and "detect 11.2 31.5 48.9" in out


def test_recent_flows_newest_first_with_previews() -> None:
    out = draw(tui.render_recent(data()["recent"]))
    assert out.index("11:59:30") < out.index("11:59:01")
    assert "write to [EMAIL_7K2Q9]" in out and "EMAIL_ADDRESS×1" in out
    assert "refused/failed: cannot scan" in out and "502" in out
    assert "no flows yet" in draw(tui.render_recent([]))


def test_the_whole_frame_is_100_columns_with_every_panel() -> None:
    out = draw(tui.render_once(data()))
    lines = out.splitlines()
    assert len(lines) == tui.frame_height(data()) and max(len(line) for line in lines) == 100
    for title in ("Requests per minute", "PII by type", "PII by layer", "Hosts (requests)", "Latency", "Recent flows"):
        assert title in out
    flat = squash(out)
    assert "EMAIL_ADDRESS 300" in flat and "patterns 367" in flat and "api.openai.com 1,000" in flat


def test_the_frame_renders_the_store_it_is_pointed_at() -> None:
    open_db()  # $ANONAMOOSE_DB from tests/conftest.py
    now = utcnow()
    record_flow(
        time=now - timedelta(minutes=2),
        host="api.openai.com",
        status=200,
        duration_ms=200.0,
        detections={"PERSON": 2, "EMAIL_ADDRESS": 1},
        layers={"ner": 2, "patterns": 1},
        pii_count=3,
        restored=3,
        redacted_preview="hi [PERSON_AAAAA]",
    )
    record_flow(time=now - timedelta(minutes=1), host="api.anthropic.com", status=413, error="too large")
    out = squash(draw(tui.render_once(dashboard())))
    assert "requests 2 PII 3 restored 3 unknown 0 refused 1 errors 1" in out
    assert "PERSON 2 ██████████" in out and "ner 2 ██████████" in out and "api.anthropic.c" in out
    assert "hi [PERSON_AAAAA]" in out and "peak 1/min" in out


def test_the_live_screen_counts_what_its_height_leaves_out() -> None:
    hosts = [(f"h{i}.example", 100 - i) for i in range(10)]
    layers = [("patterns", 3), ("ner", 2), ("names", 1), ("secrets", 1), ("dictionary", 1)]
    recent = [{**data()["recent"][0], "id": i, "time": f"2025-03-10T11:{i:02d}:00"} for i in range(12)]
    console = Console(file=io.StringIO(), width=100, height=30, color_system=None)
    console.print(tui.render_dashboard(data(hosts=hosts, by_layer=layers, recent=recent)))
    out = squash(console.file.getvalue())  # type: ignore[attr-defined]
    assert "h3.example 97" in out and "h4.example" not in out and "+6 more" in out
    assert "11:04:00" in out and "11:03:00" not in out and "+4 more" in out
    assert "dictionary 1" in out


def test_an_empty_store_leaves_no_blank_panel() -> None:
    empty = data(
        per_minute=[0] * 10,
        requests=0,
        pii=0,
        restored=0,
        unknown=0,
        refused=0,
        errors=0,
        by_type=[],
        by_layer=[],
        hosts=[],
        recent=[],
        latency={"duration": dict.fromkeys(("p50", "p95", "p99")), "detect": dict.fromkeys(("p50", "p95", "p99"))},
    )
    out = draw(tui.render_once(empty))
    panels = re.findall(r"╭─ ([^─]+?) ─", out)
    assert len(panels) == 7  # header, rate, latency, type, layer, hosts, recent: none of them without a line
    assert out.count("none yet") == 3 and "no requests in the last" in out and "no flows yet" in out


def test_live_loop_redraws_from_the_store_until_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[int] = []

    def fetch() -> dict[str, Any]:
        fetched.append(len(fetched))
        return data(requests=1000 + len(fetched))

    def wait(_seconds: float) -> None:
        if len(fetched) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(tui.time, "sleep", wait)
    console = Console(file=io.StringIO(), width=100, height=40, color_system=None, force_terminal=True)
    tui.run_live(fetch, 0.0, console)
    assert len(fetched) == 3
    assert "requests 1,003" in console.file.getvalue()  # type: ignore[attr-defined]
