#!/usr/bin/env python3
"""Measure the detection engine against the labelled evaluation set in scripts/eval/.

A labelled value counts as caught only when the union of the detections (any entity type) covers every
alphanumeric character of it; a partial cover is a leak. Clean texts hold no PII, so every detection on them is
a false positive. Precision is the share of detections on labelled texts that overlap a labelled span of any
type. A span marked optional (a country in the blind set: Safe Harbor leaves countries and states alone; states
appear only inside whole addresses there) is not counted for recall, and a detection on it is no false
positive. F2 weighs recall four times as much as precision (recall first).
Output names categories and masked previews only, never a whole value.

    .venv/bin/python scripts/evaluate.py [--json] [--check] [--locale AU,NZ] [--layers patterns,secrets]
    .venv/bin/python scripts/evaluate.py --blind --split dev     # the blind set's dev split: tune on this
    .venv/bin/python scripts/evaluate.py --suite --check --record  # `make eval`: blind test, blind dev, the older sets
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from detectors.detection_settings import DetectionSettings, parse_layers, parse_locales

EVAL_DIR = Path(__file__).resolve().parent / "eval"
DEFAULT_LABELLED = EVAL_DIR / "labelled.jsonl"
DEFAULT_CLEAN = EVAL_DIR / "clean.jsonl"

RESULTS_PATH = EVAL_DIR / "latest_results.json"

PERSON = "PERSON"
STRUCTURED_RECALL_TARGET = 0.98
PERSON_RECALL_TARGET = 0.90
CLEAN_DETECTIONS_PER_10_TARGET = 1.0
# the blind set's targets (issue 8): overall recall, recall of every type with enough values, precision
BLIND_RECALL_TARGET = 0.85
BLIND_TYPE_RECALL_TARGET = 0.80
BLIND_TYPE_MIN_VALUES = 20
PRECISION_TARGET = 0.85


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
    optional: bool = False  # no PII (a country): not counted for recall, no false positive when detected


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
            span = LabelledSpan(
                int(raw["start"]), int(raw["end"]), str(raw["category"]), raw.get("locale"), bool(raw.get("optional"))
            )
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
class TypePrecision:
    entity_type: str  # as the detector typed it
    detections: int  # on labelled texts
    hits: int  # of them overlapping a labelled span

    @property
    def precision(self) -> float | None:
        return self.hits / self.detections if self.detections else None


def f_beta(precision: float | None, recall: float | None, beta: float = 2.0) -> float | None:
    """F2 by default: recall weighs beta² = 4 times as much as precision."""
    if precision is None or recall is None:
        return None
    if precision == 0 and recall == 0:
        return 0.0
    return (1 + beta**2) * precision * recall / (beta**2 * precision + recall)


@dataclass(frozen=True)
class Report:
    categories: tuple[CategoryScore, ...]
    misses: tuple[Miss, ...]
    false_positives: tuple[FalsePositive, ...]
    clean_texts: int
    skipped: int  # values of locales that were switched off
    by_type: tuple[TypePrecision, ...] = ()  # detections on labelled texts, per detected entity type

    @property
    def overall(self) -> CategoryScore:
        return CategoryScore("all", sum(c.total for c in self.categories), sum(c.caught for c in self.categories))

    @property
    def labelled_detections(self) -> int:
        return sum(t.detections for t in self.by_type)

    @property
    def precision(self) -> float | None:
        hits = sum(t.hits for t in self.by_type)
        return hits / self.labelled_detections if self.labelled_detections else None

    @property
    def f2(self) -> float | None:
        return f_beta(self.precision, self.overall.recall)

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

    def blind_failures(self) -> list[str]:
        """The blind set's acceptance: overall recall, every type with enough values, precision, clean rate."""
        problems = []
        overall = self.overall
        if overall.recall is None:
            problems.append("no values were scored")
        elif overall.recall < BLIND_RECALL_TARGET:
            problems.append(f"overall recall {overall.recall:.3f} < {BLIND_RECALL_TARGET}")
        for c in self.categories:
            if c.total >= BLIND_TYPE_MIN_VALUES and c.recall is not None and c.recall < BLIND_TYPE_RECALL_TARGET:
                problems.append(f"{c.category} recall {c.recall:.3f} < {BLIND_TYPE_RECALL_TARGET}")
        if self.precision is not None and self.precision < PRECISION_TARGET:
            problems.append(f"precision {self.precision:.3f} < {PRECISION_TARGET}")
        problems += [p for p in self.failures() if "clean texts" in p]
        return problems

    def as_dict(self) -> dict[str, object]:
        def recall(score: CategoryScore) -> dict[str, object]:
            return {"total": score.total, "caught": score.caught, "recall": score.recall}

        return {
            "structured": recall(self.structured),
            "person": recall(self.person),
            "overall": recall(self.overall),
            "precision": self.precision,
            "f2": self.f2,
            "labelled_detections": self.labelled_detections,
            "precision_by_detected_type": {
                t.entity_type: {"detections": t.detections, "hits": t.hits, "precision": t.precision}
                for t in self.by_type
            },
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
    typed: dict[str, list[int]] = {}  # entity type -> [detections, hits] on labelled texts
    for record in records:
        counted = [s for s in record.spans if not s.optional]
        spans = [s for s in counted if s.locale is None or locales is None or s.locale in locales]
        skipped += len(counted) - len(spans)
        if not spans:
            continue
        detections = list(detect(record.text))
        for det in detections:
            # any labelled span counts as a hit: optional ones and those of switched-off locales too
            hit = any(det.start < s.end and s.start < det.end for s in record.spans)
            counts = typed.setdefault(det.entity_type, [0, 0])
            counts[0] += 1
            counts[1] += hit
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
    by_type = tuple(TypePrecision(t, n, hits) for t, (n, hits) in sorted(typed.items()))
    return Report(categories, tuple(misses), tuple(false_positives), clean_texts, skipped, by_type)


# ---------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render_text(report: Report, timings: dict[str, float], blind: bool = False, list_misses: bool = True) -> str:
    """The report as lines; `blind` applies the blind set's acceptance, `list_misses` False counts misses only."""
    structured, person, overall = report.structured, report.person, report.overall
    rate = report.clean_rate_per_10
    if blind:
        lines = [
            f"overall recall     {percent(overall.recall):>7}  ({overall.caught}/{overall.total}, "
            f"target {percent(BLIND_RECALL_TARGET)}; each type with {BLIND_TYPE_MIN_VALUES}+ values "
            f"{percent(BLIND_TYPE_RECALL_TARGET)})",
        ]
    else:
        lines = [
            f"structured recall  {percent(structured.recall):>7}  ({structured.caught}/{structured.total}, "
            f"target {percent(STRUCTURED_RECALL_TARGET)})",
            f"person recall      {percent(person.recall):>7}  ({person.caught}/{person.total}, "
            f"target {percent(PERSON_RECALL_TARGET)})",
        ]
    lines += [
        f"precision          {percent(report.precision):>7}  ({report.labelled_detections} detections on "
        f"labelled texts" + (f", target {percent(PRECISION_TARGET)})" if blind else ")"),
        f"F2                 {percent(report.f2):>7}",
        f"clean detections   {report.clean_detections} on {report.clean_texts} texts = "
        f"{'n/a' if rate is None else f'{rate:.2f}'} per 10 (target <= {CLEAN_DETECTIONS_PER_10_TARGET:g})",
    ]
    if report.skipped:
        lines.append(f"skipped            {report.skipped} values of locales switched off")
    lines += ["", "recall per category:"]
    lines += [f"  {c.category:<24} {percent(c.recall):>7}  {c.caught}/{c.total}" for c in report.categories]
    if report.by_type:
        lines += ["", "precision per detected type:"]
        lines += [f"  {t.entity_type:<24} {percent(t.precision):>7}  {t.hits}/{t.detections}" for t in report.by_type]
    if report.misses and list_misses:
        lines += ["", f"misses ({len(report.misses)}):"]
        lines += [
            f"  {m.record_id:<18} {m.category:<24} {m.preview:<8}"
            + (f" partial {m.covered}/{m.needed}" if m.covered else "")
            for m in report.misses
        ]
    elif report.misses:
        lines += ["", f"misses: {len(report.misses)} (not listed for this set)"]
    if report.false_positives and list_misses:
        lines += ["", f"false positives on clean texts ({report.clean_detections}):"]
        lines += [
            f"  {fp.record_id:<18} {fp.entity_type:<24} {fp.layer:<10} {fp.preview}" for fp in report.false_positives
        ]
    lines += ["", "time: " + ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.items())]
    failures = report.blind_failures() if blind else report.failures()
    lines.append("check: " + ("PASS" if not failures else "FAIL — " + "; ".join(failures)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# The sets, and the record of the latest results
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalSet:
    name: str
    labelled: Path
    clean: Path
    blind: bool = False  # judged by the blind set's acceptance (overall and per-type recall, precision)
    list_misses: bool = True  # False for the blind test split: nobody reads its misses one by one


BLIND_SETS = {
    split: EvalSet(
        f"blind_{split}",
        EVAL_DIR / f"blind_{split}_labelled.jsonl",
        EVAL_DIR / f"blind_{split}_clean.jsonl",
        blind=True,
        list_misses=split == "dev",
    )
    for split in ("test", "dev")  # the test split first: it is the honest figure
}
OLDER_SETS = (
    EvalSet("tuning", DEFAULT_LABELLED, DEFAULT_CLEAN),
    EvalSet("holdout", EVAL_DIR / "holdout_labelled.jsonl", EVAL_DIR / "holdout_clean.jsonl"),
    EvalSet("fresh", EVAL_DIR / "fresh_labelled.jsonl", EVAL_DIR / "fresh_clean.jsonl"),
)


def named_set(labelled: Path, clean: Path) -> EvalSet:
    """The known set these files are, or a custom one."""
    for known in (*BLIND_SETS.values(), *OLDER_SETS):
        if known.labelled.resolve() == labelled.resolve() and known.clean.resolve() == clean.resolve():
            return known
    return EvalSet("custom", labelled, clean)


def current_commit() -> str:
    """The checked-out commit, marked dirty when the work tree has changes; 'unknown' outside git."""
    repo = EVAL_DIR.parents[1]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.decode().strip() + ("-dirty" if status.stdout.strip() else "")


def result_entry(report: Report, blind: bool, settings: dict[str, str], when: str, commit: str) -> dict[str, object]:
    """What the record keeps of one set's report: figures only, never a value or a record id."""
    return {
        "date": when,
        "commit": commit,
        "settings": settings,
        "overall": {"total": report.overall.total, "caught": report.overall.caught, "recall": report.overall.recall},
        "precision": report.precision,
        "f2": report.f2,
        "clean_per_10_texts": report.clean_rate_per_10,
        "categories": {
            c.category: {"total": c.total, "caught": c.caught, "recall": c.recall} for c in report.categories
        },
        "failures": report.blind_failures() if blind else report.failures(),
    }


def record_results(path: Path, entries: dict[str, dict[str, object]]) -> None:
    """Merge these sets' entries into the record; sets not measured this time keep their older entry."""
    recorded: dict[str, object] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    sets = recorded.get("sets") if isinstance(recorded.get("sets"), dict) else {}
    assert isinstance(sets, dict)
    sets.update(entries)
    order = [s.name for s in (*BLIND_SETS.values(), *OLDER_SETS)]
    ordered = dict(sorted(sets.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
    path.write_text(
        json.dumps({"written_by": "scripts/evaluate.py --record", "sets": ordered}, indent=2) + "\n",
        encoding="utf-8",
    )


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
    parser.add_argument("--blind", action="store_true", help="the blind set instead: its test split, then dev")
    parser.add_argument("--split", choices=("test", "dev", "both"), default="both", help="which blind split(s)")
    parser.add_argument("--suite", action="store_true", help="the blind set (--split), then the three older sets")
    parser.add_argument("--record", action="store_true", help="merge the figures into --results")
    parser.add_argument("--results", type=Path, default=RESULTS_PATH, help="the record --record writes")
    args = parser.parse_args(argv)
    try:
        settings = DetectionSettings(layers=parse_layers(args.layers), locales=parse_locales(args.locale))
    except ValueError as e:
        parser.error(str(e))
    return args, settings


def chosen_sets(args: argparse.Namespace) -> list[EvalSet]:
    if not (args.blind or args.suite):
        return [named_set(args.labelled, args.clean)]
    splits = ("test", "dev") if args.split == "both" else (args.split,)
    return [BLIND_SETS[split] for split in splits] + (list(OLDER_SETS) if args.suite else [])


def main(argv: Sequence[str] | None = None, build: Callable[[DetectionSettings], Detect] = build_engine_detect) -> int:
    args, settings = parse_args(argv)
    sets = chosen_sets(args)
    loaded = [(s, load_labelled(s.labelled), load_clean(s.clean)) for s in sets]

    started = time.perf_counter()
    detect = build(settings)
    built = time.perf_counter()

    when, commit = datetime.now(UTC).isoformat(timespec="seconds"), current_commit()
    settings_used = {"locale": args.locale, "layers": args.layers}
    outputs: dict[str, dict[str, object]] = {}
    entries: dict[str, dict[str, object]] = {}
    failed = False
    for eval_set, records, clean in loaded:
        texts = 0

        def counted(text: str) -> Sequence[DetectionLike]:
            nonlocal texts
            texts += 1
            return detect(text)

        began = time.perf_counter()
        report = score(records, clean, counted, settings.locales)
        finished = time.perf_counter()
        timings = {"build": built - started, "detect": finished - began, "per text": (finished - began) / (texts or 1)}
        failures = report.blind_failures() if eval_set.blind else report.failures()
        failed = failed or bool(failures)
        entries[eval_set.name] = result_entry(report, eval_set.blind, settings_used, when, commit)
        if args.json:
            as_dict = report.as_dict()
            as_dict["failures"] = failures
            if not eval_set.list_misses:
                as_dict["misses"] = len(report.misses)
                as_dict["false_positives"] = len(report.false_positives)
            outputs[eval_set.name] = {**as_dict, "seconds": timings}
        else:
            if len(sets) > 1:
                print(f"== {eval_set.name}: {eval_set.labelled.name}, {eval_set.clean.name} ==")
            print(render_text(report, timings, blind=eval_set.blind, list_misses=eval_set.list_misses))
            if len(sets) > 1:
                print()

    if args.json:
        print(json.dumps(next(iter(outputs.values())) if len(sets) == 1 else {"sets": outputs}, indent=2))
    if args.record:
        record_results(args.results, entries)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
