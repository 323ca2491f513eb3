"""The coverage table `audit` shows: each Safe Harbor identifier, the layers the code has, the recorded recall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from addon.operations import coverage
from detectors.types import LAYERS, LOCALES

ALL_LAYERS, ALL_LOCALES = list(LAYERS), list(LOCALES)
RESULTS = {
    "blind_test": {
        "date": "2026-12-05T15:00:00+00:00",
        "commit": "abc1234",
        "categories": {"PHONE_NUMBER": {"total": 50, "caught": 40}, "ADDRESS": {"total": 30, "caught": 3}},
    },
    "blind_dev": {
        "date": "2026-12-05T14:00:00+00:00",
        "commit": "abc1230",
        "categories": {"PHONE_NUMBER": {"total": 40, "caught": 40}, "PERSON": {"total": 10, "caught": 9}},
    },
    "fresh": {"date": "d", "commit": "c", "categories": {"US_SSN": {"total": 7, "caught": 7}}},
}


def rows(layers: list[str] = ALL_LAYERS, locales: list[str] = ALL_LOCALES, results: dict | None = None) -> dict:
    table = coverage.coverage(layers, locales, RESULTS if results is None else results)
    return {(r["framework"], r["ref"], r["identifier"]): r for r in table}


def safe_harbor(table: dict, ref: str) -> dict:
    [row] = [r for (framework, r_ref, _), r in table.items() if framework == coverage.SAFE_HARBOR and r_ref == ref]
    return row


def test_every_safe_harbor_identifier_has_one_row_in_order() -> None:
    refs = [i.ref for i in coverage.IDENTIFIERS if i.framework == coverage.SAFE_HARBOR]
    assert refs == list("ABCDEFGHIJKLMNOPQR")
    gdpr = [i.ref for i in coverage.IDENTIFIERS if i.framework == coverage.GDPR]
    assert {"Art. 9", "Art. 10"} <= set(gdpr) and len(gdpr) >= 8


def test_layers_come_from_the_recognizers_in_the_code() -> None:
    emitted = {(e.entity_type, e.layer, e.locale) for e in coverage.emitters()}
    assert ("EMAIL_ADDRESS", "patterns", None) in emitted
    assert ("US_SSN", "patterns", "US") in emitted and ("US_SSN", "patterns", None) not in emitted
    assert ("PERSON", "ner", None) in emitted and ("PERSON", "names", None) in emitted
    assert not any(e == coverage.NOTHING for e, _, _ in emitted)
    ssn = safe_harbor(rows(), "G")
    assert ssn["status"] == "covered" and ssn["layers"] == ["patterns"] and ssn["locales"] == ["US"]
    assert ssn["every_locale"] is False


def test_a_row_no_recognizer_emits_is_not_covered_whatever_the_table_hopes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage, "emitters", lambda: [coverage.Emitter("PERSON", "ner", None)])
    table = rows()
    assert safe_harbor(table, "F")["status"] == "not covered" and safe_harbor(table, "F")["layers"] == []
    assert safe_harbor(table, "A")["status"] == "covered"
    assert safe_harbor(table, "P")["status"] == "not covered" and "nothing detects" in safe_harbor(table, "P")["gap"]


def test_a_needed_type_nobody_emits_makes_the_row_partly_covered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage, "emitters", lambda: [coverage.Emitter("LOCATION", "ner", None)])
    places = safe_harbor(rows(), "B")
    assert places["status"] == "partly" and "no recognizer emits ADDRESS" in places["gap"]
    monkeypatch.setattr(
        coverage,
        "emitters",
        lambda: [coverage.Emitter("LOCATION", "ner", None), coverage.Emitter("ADDRESS", "patterns", None)],
    )
    places = safe_harbor(rows(), "B")
    assert places["status"] == "covered" and places["gap"] is None


def test_switched_off_layers_and_locales_are_said_so() -> None:
    table = rows(layers=["ner", "names"])
    assert safe_harbor(table, "F")["status"] == "switched off" and safe_harbor(table, "F")["layers_on"] == []
    assert safe_harbor(table, "A")["layers_on"] == ["names", "ner"]
    assert safe_harbor(rows(locales=["AU"]), "G")["status"] == "switched off"  # SSNs are US-only


def test_recall_is_the_blind_test_split_when_measured_else_the_next_honest_set() -> None:
    table = rows()
    phones = safe_harbor(table, "D")
    assert phones["recall"]["set"] == "blind_test" and phones["recall"]["tuned_on"] is False
    assert (phones["recall"]["caught"], phones["recall"]["total"]) == (40, 50)
    assert phones["recall"]["commit"] == "abc1234" and phones["recall_by_set"]["blind_dev"]["recall"] == 1.0
    names = safe_harbor(table, "A")
    assert names["recall"]["set"] == "blind_dev" and names["recall"]["tuned_on"] is True
    assert safe_harbor(table, "G")["recall"]["set"] == "fresh"
    assert safe_harbor(table, "O")["recall"] is None and safe_harbor(table, "O")["recall_by_set"] == {}


def test_recall_of_a_row_sums_its_categories() -> None:
    results = {
        "blind_test": {"categories": {"ADDRESS": {"total": 30, "caught": 3}, "POSTCODE": {"total": 20, "caught": 17}}}
    }
    places = safe_harbor(rows(results=results), "B")
    assert (places["recall"]["caught"], places["recall"]["total"]) == (20, 50)
    assert places["recall"]["recall"] == pytest.approx(0.4)


@pytest.mark.parametrize("content", [None, "not json", json.dumps(["a list"]), json.dumps({"sets": 3})])
def test_a_missing_or_broken_record_reads_as_nothing_measured(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "latest_results.json"
    if content is not None:
        path.write_text(content)
    assert coverage.read_results(path) == {}


def test_the_committed_record_is_readable_and_holds_the_blind_dev_split() -> None:
    recorded = coverage.read_results()
    assert "blind_dev" in recorded and recorded["blind_dev"]["categories"]["PERSON"]["total"] > 0
