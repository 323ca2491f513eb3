"""The blind evaluation set (scripts/eval/blind_*.jsonl): its split by template, its sizes, its spans and values.

This test reads both splits; a person tuning a detector reads neither the test split's files nor its templates.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import faker
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path

import eval_checks as checks  # noqa: E402

evaluate = checks.load_script("evaluate_for_blind", checks.REPO / "scripts" / "evaluate.py")
blind = checks.load_script("generate_blind_script", checks.EVAL_DIR / "generate_blind.py")

SPLITS = blind.SPLITS
ROWS = {s: [json.loads(line) for line in blind.PATHS[s][0].read_text(encoding="utf-8").splitlines()] for s in SPLITS}
CLEAN_ROWS = {
    s: [json.loads(line) for line in blind.PATHS[s][1].read_text(encoding="utf-8").splitlines()] for s in SPLITS
}
RECORDS = {s: evaluate.load_labelled(blind.PATHS[s][0]) for s in SPLITS}
COUNTED = (
    "PERSON",
    "ADDRESS",
    "STREET",
    "LOCATION",
    "POSTCODE",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "EMAIL_ADDRESS",
    "IBAN_CODE",
    "DATE_OF_BIRTH",
    "NATIONAL_ID",
)


def spans(split: str, category: str | None = None) -> list[str]:
    return [
        r["text"][s["start"] : s["end"]]
        for r in ROWS[split]
        for s in r["spans"]
        if category is None or s["category"] == category
    ]


# --- the split --------------------------------------------------------------------------------------------


def test_templates_are_split_by_the_written_down_draw() -> None:
    blind.check_split()  # raises when a template sits in the other half than the draw chose
    test, dev = blind.templates(blind.test_templates), blind.templates(blind.dev_templates)
    assert len(test[0]) + len(dev[0]) >= 40
    assert abs(len(test[0]) - len(dev[0])) <= 1
    names = [t.name for group in test + dev for t in group]
    assert len(names) == len(set(names))


def test_draw_is_a_fixed_function_of_its_seed() -> None:
    names = [f"t{i}" for i in range(10)]
    assert blind.draw_split(names, 3) == blind.draw_split(reversed(names), 3)
    assert len(blind.draw_split(names, 3)) == 5
    assert blind.draw_split(names, 3) != blind.draw_split(names, 4)


@pytest.mark.parametrize("split", SPLITS)
def test_records_come_only_from_their_splits_templates(split: str) -> None:
    labelled, clean = blind.templates(blind.test_templates if split == "test" else blind.dev_templates)
    assert {r["template"] for r in ROWS[split]} == {t.name for t in labelled}
    assert {r["template"] for r in CLEAN_ROWS[split]} == {t.name for t in clean}
    assert all(r["id"].startswith(f"{split}-") for r in ROWS[split] + CLEAN_ROWS[split])


# --- sizes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_is_big_enough_in_every_type_and_locale(split: str) -> None:
    counts = Counter(s.category for r in RECORDS[split] for s in r.spans if not s.optional)
    assert {c: counts[c] for c in COUNTED if counts[c] < blind.MIN_PER_SPLIT} == {}
    assert len(ROWS[split]) >= 600 and len(CLEAN_ROWS[split]) >= 80
    assert len({r["locale"] for r in ROWS[split]}) >= 15
    assert {r["kind"] for r in ROWS[split]} == {"sentence", "json", "code"}


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_has_multi_line_addresses_lowercase_texts_and_optional_countries(split: str) -> None:
    assert sum("\n" in v for v in spans(split, "ADDRESS")) >= 20
    lower = [r for r in ROWS[split] if r["text"] == r["text"].lower()]
    assert len(lower) >= 25 and any(s["category"] == "PERSON" for r in lower for s in r["spans"])
    optional = [s for r in ROWS[split] for s in r["spans"] if s.get("optional")]
    assert optional and {s["category"] for s in optional} == {"COUNTRY"}


# --- spans and values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", SPLITS)
def test_spans_are_ordered_apart_and_on_word_boundaries(split: str) -> None:
    checks.assert_spans_ordered_apart_and_on_word_boundaries(RECORDS[split])


SHAPES = {
    "CREDIT_CARD": lambda v: checks.generate.luhn_valid(v) and 12 <= len(checks.digits_of(v)) <= 19,
    "IBAN_CODE": checks.generate.iban_valid,
    "EMAIL_ADDRESS": checks.SHARED_SHAPES["EMAIL_ADDRESS"],
    "PHONE_NUMBER": lambda v: len(checks.digits_of(v)) >= 7 and bool(re.fullmatch(r"[+(\d][\d ()./x+-]*\d", v)),
    "POSTCODE": lambda v: bool(re.fullmatch(r"[\w -]{3,10}", v)) and any(c.isdigit() for c in v),
    "DATE_OF_BIRTH": lambda v: bool(re.search(r"\b(19|20)\d\d\b", v)),
    "PERSON": lambda v: bool(re.fullmatch(r"[^\W\d_][\w'. -]*[^\W\d_]", v)),
    "ADDRESS": lambda v: len(v) >= 6 and any(c.isalpha() for c in v),  # fr_FR, pt_BR streets may lack a number
    "NATIONAL_ID": lambda v: sum(c.isdigit() for c in v) >= 6,
}


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("category", sorted(SHAPES))
def test_each_span_holds_a_well_formed_value(split: str, category: str) -> None:
    found = spans(split, category)
    assert found
    assert [v[:3] + "…" for v in found if not SHAPES[category](v)] == []


def strings_in(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings_in(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings_in(value)]
    return []


def test_a_json_record_is_json_and_each_span_is_a_whole_string_value() -> None:
    for split in SPLITS:
        for row in (r for r in ROWS[split] if r["kind"] == "json"):
            strings = strings_in(json.loads(row["text"]))
            for s in row["spans"]:
                assert json.loads('"' + row["text"][s["start"] : s["end"]] + '"') in strings, row["id"]


@pytest.mark.parametrize("split", SPLITS)
def test_clean_texts_hold_no_labelled_value(split: str) -> None:
    values = {v for s in SPLITS for v in spans(s) if len(v) >= 8}  # a short surname may be a product's word
    assert [r["id"] for r in CLEAN_ROWS[split] if any(v in r["text"] for v in values)] == []
    assert all("«" not in r["text"] for r in CLEAN_ROWS[split])


@pytest.mark.skipif(faker.VERSION != blind.FAKER_VERSION, reason="faker's data differs between releases")
def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    copy = tmp_path / "eval"
    shutil.copytree(checks.EVAL_DIR, copy, ignore=shutil.ignore_patterns("*.jsonl", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}  # the script sets its own
    subprocess.run([sys.executable, str(copy / "generate_blind.py")], check=True, env=env, capture_output=True)
    for labelled, clean in blind.PATHS.values():
        for path in (labelled, clean):
            assert (copy / path.name).read_bytes() == path.read_bytes(), path.name


def test_split_seed_is_the_first_whose_draw_balances_every_type() -> None:
    per_template: dict[str, Counter[str]] = {}
    for split in SPLITS:
        for row in ROWS[split]:
            counts = per_template.setdefault(row["template"], Counter())
            counts.update(s["category"] for s in row["spans"] if not s.get("optional"))

    def balanced(seed: int) -> bool:
        test = blind.draw_split(per_template, seed)
        halves = (test, set(per_template) - test)
        totals = [sum((per_template[name] for name in half), Counter()) for half in halves]
        return all(total[c] >= blind.MIN_PER_SPLIT for total in totals for c in COUNTED)

    assert balanced(blind.SPLIT_SEED)
    assert not any(balanced(seed) for seed in range(1, blind.SPLIT_SEED))
