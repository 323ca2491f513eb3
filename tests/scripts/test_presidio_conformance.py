"""Presidio's own recognizer test cases, found by our engine: the acceptance figures of issue 8."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "presidio_conformance.py"
spec = importlib.util.spec_from_file_location("presidio_conformance", SCRIPT)
assert spec and spec.loader
conformance = importlib.util.module_from_spec(spec)
sys.modules["presidio_conformance"] = conformance
spec.loader.exec_module(conformance)


def test_cases_are_well_formed_and_credit_presidio() -> None:
    for group in (*conformance.CORE_GROUPS, *conformance.OTHER_GROUPS, *conformance.INFO_GROUPS):
        cases = conformance.load_cases([group])
        assert cases, group
        for case in cases:
            assert case.spans and all(0 <= s < e <= len(case.text) for s, e in case.spans)
    header = (conformance.CASES_DIR / "universal.json").read_text()
    assert "MIT" in header and "microsoft/presidio" in header


def test_covered_needs_every_alphanumeric_character() -> None:
    assert conformance.covered("a 12-34 b", 2, 7, [(2, 4), (5, 7)])
    assert not conformance.covered("a 12-34 b", 2, 7, [(2, 4)])


def test_every_case_counts_and_weak_ones_are_also_shown_apart() -> None:
    strong = conformance.Case("us", "R", "ssn 078-05-1123", ((4, 15),), 0.6)
    weak = conformance.Case("us", "R", "078051121", ((0, 9),), 0.05)
    tallies = conformance.measure([strong, weak], lambda text: [(0, len(text))] if text.startswith("ssn") else [])
    assert (tallies["counted"].found, tallies["counted"].total) == (1, 2)
    assert (tallies["weak"].found, tallies["weak"].total, tallies["weak"].misses) == (0, 1, [weak])
    assert conformance.failures({"core": tallies, "other": tallies}) != []


@pytest.mark.integration
def test_our_engine_finds_presidios_positive_cases() -> None:
    results = conformance.run()
    core, other = (results[title]["counted"] for title in list(results)[:2])
    assert core.fraction is not None and core.fraction >= conformance.CORE_TARGET
    assert other.fraction is not None and other.fraction >= conformance.OTHER_TARGET
    assert conformance.failures(results) == []
