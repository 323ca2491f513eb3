#!/usr/bin/env python3
"""Measure the detection engine against the labelled evaluation set in scripts/eval/.

A labelled value counts as caught only when the union of the detections (any entity type) covers every
alphanumeric character of it; a partial cover is a leak. Clean texts hold no PII, so every detection on them is
a false positive. Output names categories and masked previews only, never a whole value.

    .venv/bin/python scripts/evaluate.py [--json] [--check] [--locale AU,NZ] [--layers patterns,secrets]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from detectors.settings import DetectionSettings, parse_layers, parse_locales

EVAL_DIR = Path(__file__).resolve().parent / "eval"
DEFAULT_LABELLED = EVAL_DIR / "labelled.jsonl"
DEFAULT_CLEAN = EVAL_DIR / "clean.jsonl"

PERSON = "PERSON"
STRUCTURED_RECALL_TARGET = 0.98
PERSON_RECALL_TARGET = 0.90
CLEAN_DETECTIONS_PER_10_TARGET = 1.0


class DetectionLike(Protocol):
    """What scoring reads from a detection (detectors.types.Detection has these and more)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def entity_type(self) -> str: ...

    @property
    def layer(self) -> str: ...


Detect = Callable[[str], Sequence[DetectionLike]]


# ---------------------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledSpan:
    start: int
    end: int
    category: str
    locale: str | None = None  # regional values only: skipped when that locale is switched off


@dataclass(frozen=True)
class LabelledRecord:
    id: str
    kind: str
    text: str
    spans: tuple[LabelledSpan, ...]


@dataclass(frozen=True)
class CleanRecord:
    id: str
    kind: str
    text: str


def read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: not JSON ({e.msg})") from e
    return rows


def load_labelled(path: Path) -> list[LabelledRecord]:
    records = []
    for row in read_jsonl(path):
        text = str(row["text"])
        spans = []
        for raw in row["spans"]:  # type: ignore[attr-defined]
            span = LabelledSpan(int(raw["start"]), int(raw["end"]), str(raw["category"]), raw.get("locale"))
            if not 0 <= span.start < span.end <= len(text):
                raise ValueError(f"record {row['id']}: span {span.start}-{span.end} is outside its text")
            spans.append(span)
        records.append(LabelledRecord(str(row["id"]), str(row["kind"]), text, tuple(spans)))
    return records


def load_clean(path: Path) -> list[CleanRecord]:
    return [CleanRecord(str(row["id"]), str(row["kind"]), str(row["text"])) for row in read_jsonl(path)]


# ---------------------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------------------


def mask(value: str) -> str:
    """At most the first two characters (fewer for short values), so output can go into notes."""
    return value[: min(2, len(value) // 3)] + "***"


def coverage(text: str, start: int, end: int, detections: Iterable[DetectionLike]) -> tuple[int, int]:
    """(alphanumeric characters of text[start:end] covered by any detection, alphanumeric characters in it)."""
    covered = [False] * (end - start)
    for det in detections:
        for i in range(max(det.start, start), min(det.end, end)):
            covered[i - start] = True
    # separators (spaces, dashes, dots) carry nothing; a value with none of its characters alphanumeric is
    # judged on all of them
    wanted = [i for i, ch in enumerate(text[start:end]) if ch.isalnum()] or list(range(end - start))
    return sum(covered[i] for i in wanted), len(wanted)


@dataclass(frozen=True)
class CategoryScore:
    category: str
    total: int
    caught: int

    @property
    def recall(self) -> float | None:
        return self.caught / self.total if self.total else None


@dataclass(frozen=True)
class Miss:
    record_id: str
    category: str
    preview: str
    covered: int  # alphanumeric characters covered; > 0 means a partial cover
    needed: int


@dataclass(frozen=True)
class FalsePositive:
    record_id: str
    entity_type: str
    layer: str
    preview: str


@dataclass(frozen=True)
class Report:
    categories: tuple[CategoryScore, ...]
    misses: tuple[Miss, ...]
    false_positives: tuple[FalsePositive, ...]
    clean_texts: int
    skipped: int  # values of locales that were switched off

    def _sum(self, person: bool) -> CategoryScore:
        chosen = [c for c in self.categories if (c.category == PERSON) == person]
        name = PERSON if person else "structured"
        return CategoryScore(name, sum(c.total for c in chosen), sum(c.caught for c in chosen))

    @property
    def structured(self) -> CategoryScore:
        return self._sum(person=False)

    @property
    def person(self) -> CategoryScore:
        return self._sum(person=True)

    @property
    def clean_detections(self) -> int:
        return len(self.false_positives)

    @property
    def clean_rate_per_10(self) -> float | None:
        return 10 * self.clean_detections / self.clean_texts if self.clean_texts else None

    def failures(self) -> list[str]:
        """Why the acceptance criteria are not met; empty when they are. Nothing measured is a failure."""
        problems = []
        for score, target in ((self.structured, STRUCTURED_RECALL_TARGET), (self.person, PERSON_RECALL_TARGET)):
            if score.recall is None:
                problems.append(f"no {score.category} values were scored")
            elif score.recall < target:
                problems.append(f"{score.category} recall {score.recall:.3f} < {target}")
        rate = self.clean_rate_per_10
        if rate is None:
            problems.append("no clean texts were scored")
        elif rate > CLEAN_DETECTIONS_PER_10_TARGET:
            problems.append(f"{rate:.2f} detections per 10 clean texts > {CLEAN_DETECTIONS_PER_10_TARGET}")
        return problems

    def as_dict(self) -> dict[str, object]:
        def recall(score: CategoryScore) -> dict[str, object]:
            return {"total": score.total, "caught": score.caught, "recall": score.recall}

        return {
            "structured": recall(self.structured),
            "person": recall(self.person),
            "categories": {c.category: recall(c) for c in self.categories},
            "clean": {
                "texts": self.clean_texts,
                "detections": self.clean_detections,
                "per_10_texts": self.clean_rate_per_10,
            },
            "skipped": self.skipped,
            "misses": [vars(m) for m in self.misses],
            "false_positives": [vars(fp) for fp in self.false_positives],
            "failures": self.failures(),
        }


def score(
    records: Iterable[LabelledRecord],
    clean: Iterable[CleanRecord],
    detect: Detect,
    locales: frozenset[str] | None = None,
) -> Report:
    """Run `detect` over every text and score it. `locales` (None = all) drops values of other locales."""
    totals: dict[str, int] = {}
    caught: dict[str, int] = {}
    misses: list[Miss] = []
    skipped = 0
    for record in records:
        spans = [s for s in record.spans if s.locale is None or locales is None or s.locale in locales]
        skipped += len(record.spans) - len(spans)
        if not spans:
            continue
        detections = list(detect(record.text))
        for span in spans:
            totals[span.category] = totals.get(span.category, 0) + 1
            covered, needed = coverage(record.text, span.start, span.end, detections)
            if covered == needed:
                caught[span.category] = caught.get(span.category, 0) + 1
            else:
                preview = mask(record.text[span.start : span.end])
                misses.append(Miss(record.id, span.category, preview, covered, needed))
    false_positives: list[FalsePositive] = []
    clean_texts = 0
    for item in clean:
        clean_texts += 1
        for det in detect(item.text):
            preview = mask(item.text[det.start : det.end])
            false_positives.append(FalsePositive(item.id, det.entity_type, det.layer, preview))
    categories = tuple(CategoryScore(c, totals[c], caught.get(c, 0)) for c in sorted(totals))
    return Report(categories, tuple(misses), tuple(false_positives), clean_texts, skipped)


# ---------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render_text(report: Report, timings: dict[str, float]) -> str:
    structured, person = report.structured, report.person
    rate = report.clean_rate_per_10
    lines = [
        f"structured recall  {percent(structured.recall):>7}  ({structured.caught}/{structured.total}, "
        f"target {percent(STRUCTURED_RECALL_TARGET)})",
        f"person recall      {percent(person.recall):>7}  ({person.caught}/{person.total}, "
        f"target {percent(PERSON_RECALL_TARGET)})",
        f"clean detections   {report.clean_detections} on {report.clean_texts} texts = "
        f"{'n/a' if rate is None else f'{rate:.2f}'} per 10 (target <= {CLEAN_DETECTIONS_PER_10_TARGET:g})",
    ]
    if report.skipped:
        lines.append(f"skipped            {report.skipped} values of locales switched off")
    lines += ["", "per category:"]
    lines += [f"  {c.category:<24} {percent(c.recall):>7}  {c.caught}/{c.total}" for c in report.categories]
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}):"]
        lines += [
            f"  {m.record_id:<18} {m.category:<24} {m.preview:<8}"
            + (f" partial {m.covered}/{m.needed}" if m.covered else "")
            for m in report.misses
        ]
    if report.false_positives:
        lines += ["", f"false positives on clean texts ({report.clean_detections}):"]
        lines += [
            f"  {fp.record_id:<18} {fp.entity_type:<24} {fp.layer:<10} {fp.preview}" for fp in report.false_positives
        ]
    lines += ["", "time: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.items())]
    failures = report.failures()
    lines.append("check: " + ("PASS" if not failures else "FAIL — " + "; ".join(failures)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------


def build_engine_detect(settings: DetectionSettings) -> Detect:
    from detectors.engine import build_detector  # imported late: it loads spaCy

    return build_detector(settings).detect


def parse_args(argv: Sequence[str] | None) -> tuple[argparse.Namespace, DetectionSettings]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the acceptance criteria are met")
    parser.add_argument("--locale", default="default", help="'default', 'all' or a comma list of country codes")
    parser.add_argument("--layers", default="all", help="'all' or a comma list of detection layers")
    parser.add_argument("--labelled", type=Path, default=DEFAULT_LABELLED, help="labelled set (JSONL)")
    parser.add_argument("--clean", type=Path, default=DEFAULT_CLEAN, help="clean set (JSONL)")
    args = parser.parse_args(argv)
    try:
        settings = DetectionSettings(layers=parse_layers(args.layers), locales=parse_locales(args.locale))
    except ValueError as e:
        parser.error(str(e))
    return args, settings


def main(argv: Sequence[str] | None = None, build: Callable[[DetectionSettings], Detect] = build_engine_detect) -> int:
    args, settings = parse_args(argv)
    records, clean = load_labelled(args.labelled), load_clean(args.clean)

    started = time.perf_counter()
    detect = build(settings)
    built = time.perf_counter()
    texts = 0

    def counted(text: str) -> Sequence[DetectionLike]:
        nonlocal texts
        texts += 1
        return detect(text)

    report = score(records, clean, counted, settings.locales)
    finished = time.perf_counter()
    timings = {
        "build": built - started,
        "detect": finished - built,
        "per text": (finished - built) / texts if texts else 0.0,
    }

    if args.json:
        print(json.dumps({**report.as_dict(), "seconds": timings}, indent=2))
    else:
        print(render_text(report, timings))
    return 1 if args.check and report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
