"""`report`, `logs`, `audit` and `top` through click, on a store filled with the store's own functions."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addon.cli import cli
from addon.cli.commands import logs as logs_command
from store.db import open_db
from store.flows import record_flow
from store.models import utcnow
from store.stored_settings import set_setting

# What a user typed; the flow log must only ever hold the placeholders.
VALUES = ("jane.citizen@example.com", "Jane Citizen")


def flow(minutes_ago: float, **fields: Any) -> None:
    defaults: dict[str, Any] = dict(
        host="api.openai.com",
        path="/v1/chat/completions",
        method="POST",
        provider="openai_chat",
        status=200,
        duration_ms=120.0,
        detect_ms=12.0,
        scope_id="a" * 64,
        detections={},
        layers={},
        pii_count=0,
    )
    record_flow(time=utcnow() - timedelta(minutes=minutes_ago), **{**defaults, **fields})


@pytest.fixture
def store() -> None:
    open_db()  # $ANONAMOOSE_DB, set per test by tests/conftest.py
    # In time order, as the proxy writes them: ids 1 (three days ago) to 4 (a minute ago).
    flow(60 * 24 * 3, detections={"CREDIT_CARD": 5}, layers={"patterns": 5}, pii_count=5)
    flow(3, status=413, scope_id=None, error="the request body is over the 8 MiB limit; nothing was sent")
    flow(
        2,
        host="api.anthropic.com",
        path="/v1/messages",
        detections={"PERSON": 2},
        layers={"ner": 2},
        pii_count=2,
        restored=1,
        unknown=1,
        restored_types={"PERSON": 1},
        scope_id="b" * 64,
        redacted_preview="[PERSON_AB12C] and [PERSON_ZZ9QX]",
    )
    flow(
        1,
        detections={"EMAIL_ADDRESS": 1, "PERSON": 1},
        layers={"patterns": 1, "ner": 1},
        pii_count=2,
        restored=2,
        restored_types={"EMAIL_ADDRESS": 1, "PERSON": 1},
        redacted_preview="Email [PERSON_AB12C] at [EMAIL_7K2Q9]",
    )


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    for value in VALUES:
        assert value not in result.output
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


# ---- report ---------------------------------------------------------------------------------------------------


def test_report_table_shows_groups_and_totals(store: None) -> None:
    out = ok("report")
    assert "Anonamoose report by type, last 24h" in out
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:7]]
        for line in out.splitlines()
        if line.startswith("│")
    }
    # requests, PII, restored, unknown, errors: restored counts that type's placeholders, not its flows' totals
    assert rows["PERSON"] == ["2", "3", "2", "0", "0"]
    assert rows["EMAIL_ADDRESS"] == ["1", "1", "1", "0", "0"]
    assert rows["(none)"] == ["1", "0", "0", "1", "1"]
    assert rows["all flows"] == ["3", "4", "3", "1", "1"]
    assert "CREDIT_CARD" not in out
    assert "restored: placeholders of that type put back in replies" in " ".join(out.split())


def test_report_by_layer_does_not_pretend_to_know_restored_per_layer(store: None) -> None:
    out = ok("report", "--by", "layer")
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:7]]
        for line in out.splitlines()
        if line.startswith("│")
    }
    assert rows["ner"] == ["2", "3", "-", "-", "0"] and rows["all flows"] == ["3", "4", "3", "1", "1"]
    assert "not recorded per layer" in " ".join(out.split())


@pytest.mark.parametrize(
    ("args", "key", "expected"),
    [
        (["--by", "host"], "host", {"api.openai.com": (2, 2), "api.anthropic.com": (1, 2)}),
        (["--by", "layer"], "layer", {"ner": (2, 3), "patterns": (1, 1), "(none)": (1, 0)}),
        (["--by", "scope"], "scope", {"a" * 64: (1, 2), "b" * 64: (1, 2), "(none)": (1, 0)}),
        (
            ["--by", "type", "--since", "7d"],
            "type",
            {"CREDIT_CARD": (1, 5), "PERSON": (2, 3), "EMAIL_ADDRESS": (1, 1), "(none)": (1, 0)},
        ),
        (["--by", "host", "--since", "all"], "host", {"api.openai.com": (3, 7), "api.anthropic.com": (1, 2)}),
        (["--since", "90s"], "type", {"PERSON": (1, 1), "EMAIL_ADDRESS": (1, 1)}),
    ],
)
def test_report_json(store: None, args: list[str], key: str, expected: dict) -> None:
    rows = json.loads(ok("report", "--json", *args))
    assert {row[key]: (row["requests"], row["pii"]) for row in rows} == expected
    assert set(rows[0]) >= {"restored", "unknown", "errors", "duration_p50", "duration_p95", "detect_p99"}


def test_report_csv(store: None) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("report", "--csv", "--by", "host"))))
    assert [(r["host"], r["requests"], r["pii"], r["restored"], r["unknown"]) for r in rows] == [
        ("api.openai.com", "2", "2", "2", "0"),
        ("api.anthropic.com", "1", "2", "1", "1"),
    ]
    assert rows[0]["duration_p50"] == "120.0"


def test_report_on_an_empty_store_says_so() -> None:
    open_db()  # an empty database that exists: a missing one is an error (tests/addon/cli/test_cli_missing_db.py)
    assert "(no flows in this period)" in ok("report")
    assert json.loads(ok("report", "--json")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--since", "yesterday"], "is not a period: write a number and a unit, like 90m, 24h"),
        (["report", "--since", "0h"], "is not a period"),
        (["report", "--by", "colour"], "'colour' is not one of 'type', 'layer', 'host', 'scope', 'day'"),
        (["logs", "--since", "3x"], "is not a period"),
        (["logs", "--limit", "0"], "0 is not in the range x>=1"),
        (["audit", "--since", "forever"], "is not a period"),
        (["audit", "--csv"], "No such option '--csv'"),
        (["top", "--svg", "x.svg"], "--svg saves a single frame: add --once"),
    ],
)
def test_bad_arguments_are_refused_with_a_sentence(store: None, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code != 0 and message in result.output


def test_an_unopenable_database_is_reported(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    result = run("report", "--db", str(tmp_path / "dir.db"))
    assert result.exit_code == 1 and "cannot open the database" in result.output


# ---- logs -----------------------------------------------------------------------------------------------------


def test_logs_table_has_types_and_previews_never_values(store: None) -> None:
    out = ok("logs")
    assert "Email [PERSON_AB12C] at [EMAIL_7K2Q9]" in out and "EMAIL_ADDRESS×1 PERSON×1" in out
    assert "refused/failed: the request body is over" in out
    assert out.index("CREDIT_CARD×5") < out.index("PERSON×2") < out.index("EMAIL_ADDRESS×1")  # oldest first


@pytest.mark.parametrize(
    ("args", "expected_ids"),
    [
        ([], [1, 2, 3, 4]),
        (["--limit", "2"], [3, 4]),
        (["--host", "api.anthropic.com"], [3]),
        (["--status", "413"], [2]),
        (["--since", "24h"], [2, 3, 4]),
        (["--host", "api.openai.com", "--since", "150s"], [4]),
    ],
)
def test_logs_json_filters(store: None, args: list[str], expected_ids: list[int]) -> None:
    rows = json.loads(ok("logs", "--json", *args))
    assert [row["id"] for row in rows] == expected_ids


def test_logs_csv_keeps_counts_as_json(store: None) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("logs", "--csv", "--limit", "1"))))
    assert len(rows) == 1 and json.loads(rows[0]["detections"]) == {"EMAIL_ADDRESS": 1, "PERSON": 1}
    assert rows[0]["redacted_preview"] == "Email [PERSON_AB12C] at [EMAIL_7K2Q9]" and rows[0]["pii_count"] == "2"


@pytest.fixture
def arriving(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each wait between polls records one new flow, as a running proxy would."""
    polls: list[int] = []

    def wait(_seconds: float) -> None:
        polls.append(len(polls))
        flow(
            0,
            host="api.openai.com" if len(polls) % 2 else "api.x.ai",
            detections={"PHONE_NUMBER": len(polls)},
            pii_count=len(polls),
            redacted_preview=f"call [PHONE_{len(polls):05d}]",
        )

    monkeypatch.setattr(logs_command, "sleep", wait)
    return polls


def test_logs_follow_prints_each_new_flow_once(store: None, arriving: list[int]) -> None:
    out = ok("logs", "--follow", "--json", "--limit", "1", "--max-polls", "3", "--interval", "0")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["id"] for row in rows] == [4, 5, 6, 7] and len(arriving) == 3
    assert [row["pii_count"] for row in rows[1:]] == [1, 2, 3]


def test_logs_follow_keeps_its_filter_and_csv_header(store: None, arriving: list[int]) -> None:
    out = ok("logs", "--follow", "--csv", "--host", "api.x.ai", "--max-polls", "4", "--interval", "0")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["redacted_preview"] for row in rows] == ["call [PHONE_00002]", "call [PHONE_00004]"]
    assert out.count("id,time,") == 1


def test_logs_follow_table_prints_new_rows(store: None, arriving: list[int]) -> None:
    out = ok("logs", "--follow", "--limit", "1", "--max-polls", "2", "--interval", "0")
    assert "call [PHONE_00001]" in out and "call [PHONE_00002]" in out and out.count("Flow log") == 1


# ---- audit ----------------------------------------------------------------------------------------------------


def test_audit_table_is_the_evidence(store: None) -> None:
    set_setting("layers", "dictionary,patterns,secrets")
    out = ok("audit")
    for phrase in (
        "layers on          dictionary, patterns, secrets",
        "layers off         ner, names",
        "locales on         AU, NZ, UK, US",
        "min score          0.5",
        "scope TTL                24h (default)",
        "requests intercepted                   4",
        "PII values replaced                    9",
        "requests refused (fail closed)         1 413×1",
        "AES-256-GCM",
        "ISO 27001 A.8.12",
        "HIPAA 164.514(b)",
    ):
        assert phrase in out, phrase


def test_audit_json_over_a_longer_period(store: None) -> None:
    evidence = json.loads(ok("audit", "--json", "--since", "30d"))
    assert evidence["activity"]["pii_by_type"] == {"CREDIT_CARD": 5, "PERSON": 3, "EMAIL_ADDRESS": 1}
    assert evidence["activity"]["pii_by_layer"] == {"patterns": 6, "ner": 3}
    assert evidence["activity"]["refused_by_status"] == {"413": 1}
    assert evidence["detection"]["min_score"] == 0.5 and evidence["retention"]["ttl"] == "24h"
    assert evidence["encryption"]["key_file"].endswith("confdir/anonamoose.key")


# ---- top ------------------------------------------------------------------------------------------------------


def test_top_once_renders_the_figures(store: None) -> None:
    out = ok("top", "--once", "--width", "100")
    assert "requests 3  PII 4  restored 3  unknown 1  refused 1  errors 1" in out
    assert "Email [PERSON_AB12C]" in out and "EMAIL_ADDRESS×1" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_top_once_saves_an_svg(store: None, tmp_path: Path) -> None:
    target = tmp_path / "tui.svg"
    ok("top", "--once", "--width", "100", "--svg", str(target))
    svg = target.read_text()
    assert svg.startswith("<svg") and "PII&#160;by&#160;type" in svg


def test_top_reports_an_unwritable_svg(store: None, tmp_path: Path) -> None:
    result = run("top", "--once", "--svg", str(tmp_path / "missing" / "tui.svg"))
    assert result.exit_code == 1 and "cannot write" in result.output
