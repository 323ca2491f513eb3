"""`anonamoose audit`'s coverage section through click: text and --json, on a recorded result file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli import cli
from addon.operations import coverage
from store.db import open_db
from store.stored_settings import set_setting


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_db()  # $ANONAMOOSE_DB, set per test by tests/conftest.py
    path = tmp_path / "latest_results.json"
    categories = {"PHONE_NUMBER": {"total": 50, "caught": 40}, "PERSON": {"total": 200, "caught": 170}}
    path.write_text(
        json.dumps({"sets": {"blind_test": {"date": "2026-12-05", "commit": "abc", "categories": categories}}})
    )
    monkeypatch.setattr(coverage, "RESULTS_PATH", path)


def audit(*args: str) -> str:
    result = CliRunner().invoke(cli, ["audit", *args], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_audit_text_lists_each_identifier_with_its_layers_and_measured_recall(recorded: None) -> None:
    out = audit()
    assert "Coverage: HIPAA Safe Harbor identifiers and GDPR categories" in out
    lines = {line.split("│")[2].strip(): line for line in out.splitlines() if line.count("│") >= 6}
    assert "80.0% of 50 (blind test)" in lines["Telephone numbers"] and "covered" in lines["Telephone numbers"]
    assert "85.0% of 200 (blind test)" in lines["Names"] and "names, ner" in lines["Names"]
    assert "not covered" in lines["Full-face photographs and comparable images"]
    assert "not measured" in lines["Web URLs"]
    assert out.index("Controls this evidence supports") < out.index("Coverage:")  # a section of its own, after


def test_audit_text_says_when_a_covering_layer_is_switched_off(recorded: None) -> None:
    set_setting("layers", "ner,names")
    lines = [line for line in audit().splitlines() if "Email addresses" in line]
    assert lines and "switched off" in lines[0] and "off: patterns" in lines[0]


def test_audit_json_has_the_coverage_rows(recorded: None) -> None:
    evidence = json.loads(audit("--json"))
    rows = evidence["coverage"]
    hipaa = [r for r in rows if r["framework"] == coverage.SAFE_HARBOR]
    assert [r["ref"] for r in hipaa] == list("ABCDEFGHIJKLMNOPQR")
    phones = next(r for r in hipaa if r["ref"] == "D")
    assert phones["recall"]["set"] == "blind_test" and phones["recall"]["recall"] == pytest.approx(0.8)
    assert phones["layers"] == ["patterns"] and phones["status"] == "covered"
    assert next(r for r in hipaa if r["ref"] == "N")["recall"] is None
