"""Checks shared by the tests of the held-out and fresh evaluation sets (test_holdout.py, test_fresh.py).

Not a test module: both tests put this folder on sys.path (pytest's importlib mode does not) and import it.
"""

from __future__ import annotations

import base64
import importlib.util
import ipaddress
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EVAL_DIR = REPO / "scripts" / "eval"


def load_script(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


generate = load_script("generate_for_eval_checks", EVAL_DIR / "generate.py")

PARTICLES = {"al", "van", "der", "de"}  # shared by many family names; not names themselves


def name_tokens(people: list[tuple[str, str, str]]) -> set[str]:
    tokens = {token.lower() for person in people for part in person for token in re.split(r"[\s'-]+", part)}
    return tokens - PARTICLES - {""}


def skeleton(record: Any) -> str:
    """The text with every labelled value replaced by its category: what is left is the template."""
    text = record.text
    for span in sorted(record.spans, key=lambda s: s.start, reverse=True):
        text = text[: span.start] + f"«{span.category}»" + text[span.end :]
    return text


def assert_spans_ordered_apart_and_on_word_boundaries(records: Sequence[Any]) -> None:
    for record in records:
        ordered = sorted(record.spans, key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False)), record.id
        for span in record.spans:
            value = record.text[span.start : span.end]
            assert value == value.strip(), record.id
            before = record.text[span.start - 1] if span.start else " "
            after = record.text[span.end] if span.end < len(record.text) else " "
            # a span that starts or ends inside a word would score a cut value
            assert not before.isalnum() and not after.isalnum(), (record.id, span.category)


def assert_generator_reproduces_its_files(generator: ModuleType) -> None:
    dataset = generator.build()
    lines = [json.dumps(row, ensure_ascii=False) for row in dataset.records]
    assert generator.LABELLED_PATH.read_text(encoding="utf-8").splitlines() == lines
    clean_lines = [json.dumps(row, ensure_ascii=False) for row in dataset.clean]
    assert generator.CLEAN_PATH.read_text(encoding="utf-8").splitlines() == clean_lines


def digits_of(value: str) -> str:
    return re.sub(r"\D", "", value)


def jwt_ok(value: str) -> bool:
    parts = value.split(".")
    header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    return len(parts) == 3 and "alg" in header and all(re.fullmatch(r"[\w-]+", p) for p in parts)


def ip_ok(value: str) -> bool:
    ipaddress.ip_address(value)
    return True


# The shape (and checksum where it has one) of each category both sets write the same way; each test adds the
# categories its set writes in its own ways. A span one character short or long fails these.
SHARED_SHAPES: dict[str, Callable[[str], bool]] = {
    "EMAIL_ADDRESS": lambda v: bool(re.fullmatch(r"[\w.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", v)),
    "CREDIT_CARD": lambda v: generate.luhn_valid(v) and 14 <= len(digits_of(v)) <= 16,
    "IBAN_CODE": generate.iban_valid,
    "IP_ADDRESS": ip_ok,
    "URL": lambda v: bool(re.fullmatch(r"https?://\S+[\w/]", v)),
    "VIN": lambda v: len(v) == 17 and generate.vin_check_char(v) == v[8],
    "MEDICAL_RECORD_NUMBER": lambda v: bool(re.fullmatch(r"[A-Z0-9][A-Z0-9-]*\d", v)),
    "LICENCE_NUMBER": lambda v: bool(re.fullmatch(r"[A-Z0-9][A-Z0-9 -]*[A-Z0-9]", v)),
    "AU_TFN": generate.tfn_valid,
    "AU_MEDICARE": lambda v: len(digits_of(v)) == 10 and generate.medicare_check(digits_of(v)[:8]) == digits_of(v)[8],
    "AU_ABN": generate.abn_valid,
    "AU_PASSPORT": lambda v: bool(re.fullmatch(r"[A-Z]{1,2}\d{7}", v)),
    "NZ_IRD": generate.ird_valid,
    "NZ_NHI": lambda v: bool(re.fullmatch(r"[A-Z]{3}\d{4}", v)) and generate.nhi_check(v[:6]) == int(v[6]),
    "NZ_PASSPORT": lambda v: bool(re.fullmatch(r"[A-Z]{2}\d{6}", v)),
    "UK_NINO": lambda v: bool(re.fullmatch(r"[A-Z]{2} ?\d\d ?\d\d ?\d\d ?[A-D]", v)),
    "UK_NHS": lambda v: len(digits_of(v)) == 10 and generate.nhs_check(digits_of(v)[:9]) == int(digits_of(v)[9]),
    "UK_PASSPORT": lambda v: bool(re.fullmatch(r"\d{9}", v)),
    "UK_SORT_CODE": lambda v: bool(re.fullmatch(r"\d\d([- ]?)\d\d\1\d\d", v)),
    "UK_POSTCODE": lambda v: bool(re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", v)),
    "US_SSN": lambda v: bool(re.fullmatch(r"\d{3}([- ]?)\d\d\1\d{4}", v)) and not v.startswith(("000", "666", "9")),
    "API_KEY": lambda v: bool(re.fullmatch(r"[\w.-]{20,}", v)),
    "JWT": jwt_ok,
    "PASSWORD": lambda v: bool(re.fullmatch(r"\S{8,}", v)),
}
