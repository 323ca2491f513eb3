"""The held-out evaluation set (scripts/eval/holdout_*.jsonl): its minimums, its spans, its checksums, and that it
shares nothing with the tuning set (scripts/eval/labelled.jsonl) but its format."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path

import eval_checks as checks  # noqa: E402

evaluate = checks.load_script("evaluate_for_holdout", checks.REPO / "scripts" / "evaluate.py")
generate = checks.load_script("generate_for_holdout", checks.EVAL_DIR / "generate.py")
holdout = checks.load_script("generate_holdout_script", checks.EVAL_DIR / "generate_holdout.py")

RECORDS = evaluate.load_labelled(holdout.LABELLED_PATH)
CLEAN = evaluate.load_clean(holdout.CLEAN_PATH)
TUNING_RECORDS = evaluate.load_labelled(evaluate.DEFAULT_LABELLED)
TUNING_CLEAN = evaluate.load_clean(evaluate.DEFAULT_CLEAN)
SPANS = [(r, s) for r in RECORDS for s in r.spans]


def values(category: str | None = None) -> list[str]:
    return [r.text[s.start : s.end] for r, s in SPANS if category is None or s.category == category]


# --- minimums ---------------------------------------------------------------------------------------------


def test_covers_every_category_of_the_tuning_set_with_enough_values() -> None:
    categories = {s.category for _, s in SPANS}
    assert categories == {s.category for r in TUNING_RECORDS for s in r.spans}
    assert len(SPANS) >= 250
    assert {c: n for c in categories if (n := len(values(c))) < 4} == {}
    assert {r.kind for r in RECORDS} == {"sentence", "json", "code"}


def test_has_enough_people_and_clean_texts() -> None:
    assert len(values("PERSON")) >= 80
    assert len({full for full, _, _ in holdout.PEOPLE}) >= 60
    assert len(set(values("PERSON"))) >= 60
    assert len(CLEAN) >= 50


def test_every_person_in_the_pool_appears() -> None:
    written = set(values("PERSON"))
    assert [person[0] for person in holdout.PEOPLE if not written & set(person)] == []


# --- different material from the tuning set ---------------------------------------------------------------


def test_uses_another_seed_and_none_of_the_tuning_names() -> None:
    assert holdout.SEED != generate.SEED
    assert checks.name_tokens(holdout.PEOPLE) & checks.name_tokens(generate.PEOPLE) == set()


def test_shares_no_value_with_the_tuning_set() -> None:
    tuning_values = {r.text[s.start : s.end] for r in TUNING_RECORDS for s in r.spans}
    assert set(values()) & tuning_values == set()


def test_shares_no_template_or_clean_text_with_the_tuning_set() -> None:
    assert {checks.skeleton(r) for r in RECORDS} & {checks.skeleton(r) for r in TUNING_RECORDS} == set()
    assert {c.text for c in CLEAN} & {c.text for c in TUNING_CLEAN} == set()


def test_ids_are_unique_and_apart_from_the_tuning_ids() -> None:
    ids = [r.id for r in RECORDS] + [c.id for c in CLEAN]
    assert len(ids) == len(set(ids))
    assert set(ids) & ({r.id for r in TUNING_RECORDS} | {c.id for c in TUNING_CLEAN}) == set()


# --- clean texts hold nothing the labelled set calls PII ------------------------------------------------------


def test_clean_texts_hold_no_pool_name_and_no_labelled_value() -> None:
    words = {w.lower() for c in CLEAN for w in re.findall(r"[^\W\d_]+", c.text)}
    assert words & checks.name_tokens(holdout.PEOPLE) == set()
    leaked = [(c.id, evaluate.mask(v)) for c in CLEAN for v in set(values()) if len(v) > 3 and v in c.text]
    assert leaked == []
    assert [c.id for c in CLEAN if re.search(r"https?://", c.text)] == []  # this set labels every URL as PII


# --- spans cover exactly their value ------------------------------------------------------------------------


def test_spans_are_ordered_apart_and_on_word_boundaries() -> None:
    checks.assert_spans_ordered_apart_and_on_word_boundaries(RECORDS)


def nz_bank_ok(value: str) -> bool:
    _bank, branch, account, _suffix = value.replace(" ", "-").split("-")
    return bool(generate.nz_bank_valid(branch, account))


PERSON_NAMES = {part for person in holdout.PEOPLE for part in person}

# Each category's shape (and checksum where it has one): a span one character short or long fails these.
SHAPES: dict[str, Callable[[str], bool]] = {
    **checks.SHARED_SHAPES,
    "PERSON": lambda v: v in PERSON_NAMES,
    "MAC_ADDRESS": lambda v: bool(
        re.fullmatch(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|([0-9a-f]{4}\.){2}[0-9a-f]{4}", v)
    ),
    "DATE_OF_BIRTH": lambda v: bool(re.search(r"\b(19|20)\d\d$|^(19|20)\d\d-", v)),
    "PHONE_NUMBER": lambda v: bool(re.fullmatch(r"[+(0-9][0-9 ().-]*\d", v)) and 9 <= len(checks.digits_of(v)) <= 13,
    "AU_BANK_ACCOUNT": lambda v: bool(re.fullmatch(r"(\d{3}-\d{3} )?\d{6,9}", v)),
    "NZ_BANK_ACCOUNT": nz_bank_ok,
    "UK_DRIVING_LICENCE": lambda v: bool(re.fullmatch(r"[A-Z9]{5}\d[0156]\d[0-3]\d\d[A-Z9]{2}9[A-Z]{2}", v)),
    "PRIVATE_KEY": lambda v: bool(re.fullmatch(r"-----BEGIN ([A-Z ]+)-----.+-----END \1-----", v, re.DOTALL)),
}


def test_every_category_has_a_shape_check() -> None:
    assert {s.category for _, s in SPANS} == set(SHAPES)


@pytest.mark.parametrize("category", sorted(SHAPES))
def test_each_span_holds_exactly_a_well_formed_value(category: str) -> None:
    found = values(category)
    assert found
    assert [evaluate.mask(v) for v in found if not SHAPES[category](v)] == []


@pytest.mark.parametrize(
    ("category", "bad"),
    [
        ("CREDIT_CARD", "6011 8241 2626 4553"),
        ("IBAN_CODE", "ES98 0182 4982 6663 1531 5109"),
        ("VIN", "JN1TANT31KW443538"),
        ("UK_NHS", "454 202 8705"),
        ("NZ_NHI", "SGD6358"),
        ("AU_TFN", "766 949 015"),
        ("PERSON", "Gregory Pembrok"),
        ("UK_SORT_CODE", "09-10 35"),
    ],
)
def test_shape_checks_refuse_a_broken_value(category: str, bad: str) -> None:
    assert not SHAPES[category](bad)


@pytest.mark.parametrize(
    ("first10", "expected"),
    [("0021000418", "4"), ("0200051332", "5")],  # ES91 2100 0418 4502 0005 1332
)
def test_spanish_check_digit_matches_the_published_example(first10: str, expected: str) -> None:
    assert holdout.spanish_check_digit(first10) == expected


def test_national_checks_match_published_examples() -> None:
    assert holdout.norwegian_check("8601111794") == "7"  # NO93 8601 1117 947
    assert holdout.polish_sort_check("1090101") == "4"  # PL61 1090 1014 0000 0712 1981 2874


# --- the committed files are what the generator writes ------------------------------------------------------


def test_generator_reproduces_the_committed_files() -> None:
    checks.assert_generator_reproduces_its_files(holdout)
