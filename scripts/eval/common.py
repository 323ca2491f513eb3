"""What the three evaluation-set generators share: values, the record builder, person slots and the JSONL writer.

Only format and composition live here; each generator keeps its own seed, people, templates and checksums.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

SLOT = re.compile(r"«(\w+)»")
KINDS = ("sentence", "json", "code")
B62 = string.ascii_letters + string.digits
B64URL = B62 + "-_"
HEX = "0123456789abcdef"


@dataclass(frozen=True)
class Value:
    category: str
    text: str
    locale: str | None = None


def grouped(digits: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(digits[pos : pos + size])
        pos += size
    assert pos == len(digits), (digits, sizes)
    return sep.join(out)


class SeededGen:
    """Every value is drawn from one seeded RNG, in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def digits(self, n: int, first: str = string.digits) -> str:
        return self.rng.choice(first) + "".join(self.rng.choice(string.digits) for _ in range(n - 1))

    def chars(self, n: int, alphabet: str) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))


class DataSet:
    """Labelled records (text plus spans) and clean texts; every span is asserted to cover exactly its value."""

    def __init__(self) -> None:
        self.records: list[dict[str, object]] = []
        self.clean: list[dict[str, object]] = []
        self._ids: set[str] = set()

    def _claim(self, record_id: str, kind: str) -> None:
        assert record_id not in self._ids, record_id
        assert kind in KINDS, record_id
        self._ids.add(record_id)

    def add(self, record_id: str, kind: str, template: str, slots: Mapping[str, Value]) -> None:
        self._claim(record_id, kind)
        pieces = SLOT.split(template)
        assert set(pieces[1::2]) == set(slots), (record_id, set(slots) ^ set(pieces[1::2]))
        text, spans = "", []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                text += piece
                continue
            value, start = slots[piece], len(text)
            text += value.text
            assert text[start:] == value.text, record_id
            span: dict[str, object] = {"start": start, "end": len(text), "category": value.category}
            if value.locale:
                span["locale"] = value.locale
            spans.append(span)
        assert spans, record_id
        if kind == "json":
            json.loads(text)  # a JSON record must really be JSON
        self.records.append({"id": record_id, "kind": kind, "text": text, "spans": spans})

    def add_record(
        self, record_id: str, kind: str, text: str, spans: list[dict[str, object]], extra: Mapping[str, object]
    ) -> None:
        """An assembled record: each span must sit on its value's edges (no surrounding space)."""
        self._claim(record_id, kind)
        for span in spans:
            start, end = span["start"], span["end"]
            assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text), record_id
            assert text[start:end] == text[start:end].strip(), record_id
        self.records.append({"id": record_id, "kind": kind, "text": text, "spans": spans, **extra})

    def add_clean(self, record_id: str, kind: str, text: str) -> None:
        self._claim(record_id, kind)
        assert "«" not in text, record_id
        if kind == "json":
            json.loads(text)
        self.clean.append({"id": record_id, "kind": kind, "text": text})


def fill(ds: DataSet, prefix: str, templates: list[tuple[str, str]], make: Callable[[int], Value]) -> None:
    """One record per template, each with a fresh value in slot «v»."""
    for index, (kind, template) in enumerate(templates):
        ds.add(f"{prefix}-{index + 1:02d}", kind, template, {"v": make(index)})


def person_slots(template: str, people: Iterator[tuple[str, str, str]]) -> dict[str, Value]:
    """«pN» full name, «pNf» given name alone, «pNl» family name after a title: one person drawn per N."""
    numbers = sorted({int(m) for m in re.findall(r"«p(\d+)[fl]?»", template)})
    slots: dict[str, Value] = {}
    for number in numbers:
        full, given, family = next(people)
        slots.update(
            {
                f"p{number}": Value("PERSON", full),
                f"p{number}f": Value("PERSON", given),
                f"p{number}l": Value("PERSON", family),
            }
        )
    return {name: value for name, value in slots.items() if f"«{name}»" in template}


def add_person_templates(
    ds: DataSet, prefix: str, templates: list[tuple[str, str]], people: Iterator[tuple[str, str, str]]
) -> None:
    """One record per template, its person slots filled from the pool in turn."""
    for index, (kind, template) in enumerate(templates):
        ds.add(f"{prefix}-{index + 1:02d}", kind, template, person_slots(template, people))


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_dataset(ds: DataSet, labelled_path: Path, clean_path: Path) -> None:
    """Write both files and print counts only (never a value)."""
    write_jsonl(labelled_path, ds.records)
    write_jsonl(clean_path, ds.clean)
    categories: dict[str, int] = {}
    for record in ds.records:
        for span in record["spans"]:  # type: ignore[attr-defined]
            categories[span["category"]] = categories.get(span["category"], 0) + 1
    total = sum(categories.values())
    print(
        f"labelled: {len(ds.records)} texts, {total} values ({categories.get('PERSON', 0)} PERSON) "
        f"in {len(categories)} categories; clean: {len(ds.clean)} texts"
    )
