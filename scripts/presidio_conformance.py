#!/usr/bin/env python3
"""How many of Presidio's own recognizer test cases our engine finds.

The cases (tests/detectors/presidio_cases/*.json, copied from presidio-analyzer's parametrised unit tests under
Presidio's MIT licence) hold a text and the spans Presidio's recognizer is expected to return. A case counts as found
when every expected span is covered by our detections (any entity type; separators need not be covered, as in
scripts/evaluate.py). Two figures are measured:

- core: the universal types and AU, UK, US with the default settings (target >= 0.95);
- other countries: every other country's cases with the locale set to `all` (target >= 0.90).

Every parametrised positive case counts, as issue 8 words it. The cases Presidio itself scores below 0.5 (its "weak"
matches: a bare 9-digit passport at 0.05, a postcode at 0.1) are also reported on their own line, for information:
most are a bare value that is the whole text, which our engine finds as a whole-field value (detectors/whole_field.py).
Dates (Presidio's DATE_TIME) are not a type we redact and are reported for information only.

    .venv/bin/python scripts/presidio_conformance.py [--json] [--check] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from detectors.detection_settings import DetectionSettings, parse_locales

CASES_DIR = Path(__file__).resolve().parent.parent / "tests" / "detectors" / "presidio_cases"
CORE_GROUPS = ("universal", "au", "uk", "us")
OTHER_GROUPS = ("other",)
INFO_GROUPS = ("date",)
CORE_TARGET = 0.95
OTHER_TARGET = 0.90
# Presidio's weak matches: below this score its own engine needs context too.
WEAK_SCORE = 0.5


@dataclass(frozen=True)
class Case:
    group: str
    recognizer: str
    text: str
    spans: tuple[tuple[int, int], ...]
    presidio_score: float | None

    @property
    def weak(self) -> bool:
        return self.presidio_score is not None and self.presidio_score < WEAK_SCORE


@dataclass
class Tally:
    found: int = 0
    total: int = 0
    misses: list[Case] = field(default_factory=list)

    def add(self, case: Case, hit: bool) -> None:
        self.total += 1
        if hit:
            self.found += 1
        else:
            self.misses.append(case)

    @property
    def fraction(self) -> float | None:
        return self.found / self.total if self.total else None


def load_cases(groups: Iterable[str], cases_dir: Path = CASES_DIR) -> list[Case]:
    cases = []
    for group in groups:
        data = json.loads((cases_dir / f"{group}.json").read_text(encoding="utf-8"))
        for raw in data["cases"]:
            spans = tuple((int(start), int(end)) for start, end in raw["spans"])
            cases.append(Case(group, raw["recognizer"], raw["text"], spans, raw.get("presidio_score")))
    return cases


def covered(text: str, start: int, end: int, detections: Sequence[tuple[int, int]]) -> bool:
    """Every alphanumeric character of text[start:end] lies inside some detection."""
    return all(any(s <= i < e for s, e in detections) for i in range(start, end) if text[i].isalnum())


def found(case: Case, detect: Callable[[str], Sequence[tuple[int, int]]]) -> bool:
    detections = detect(case.text)
    return all(covered(case.text, start, end, detections) for start, end in case.spans)


def measure(cases: Iterable[Case], detect: Callable[[str], Sequence[tuple[int, int]]]) -> dict[str, Tally]:
    """Tallies: 'counted' (every case: the target's), 'weak' (Presidio's own weak matches among them), one per
    recognizer."""
    tallies: dict[str, Tally] = {"counted": Tally(), "weak": Tally()}
    for case in cases:
        hit = found(case, detect)
        tallies["counted"].add(case, hit)
        if case.weak:
            tallies["weak"].add(case, hit)
        tallies.setdefault(case.recognizer, Tally()).add(case, hit)
    return tallies


def span_detector(settings: DetectionSettings) -> Callable[[str], list[tuple[int, int]]]:
    from detectors.engine import build_detector  # imported late: it loads spaCy

    detector = build_detector(settings)
    return lambda text: [(d.start, d.end) for d in detector.detect(text)]


def run() -> dict[str, dict[str, Tally]]:
    default = span_detector(DetectionSettings())
    everything = span_detector(DetectionSettings(locales=parse_locales("all")))
    return {
        "core (default settings)": measure(load_cases(CORE_GROUPS), default),
        "other countries (locale all)": measure(load_cases(OTHER_GROUPS), everything),
        "dates, for information (default settings)": measure(load_cases(INFO_GROUPS), default),
    }


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render(results: dict[str, dict[str, Tally]], show_misses: bool) -> list[str]:
    lines = []
    for title, tallies in results.items():
        counted, weak = tallies["counted"], tallies["weak"]
        lines.append(f"{title}: {percent(counted.fraction)} ({counted.found}/{counted.total})")
        if weak.total:
            lines.append(f"  of which Presidio's weak matches (< {WEAK_SCORE}): {weak.found}/{weak.total}")
        for name, tally in tallies.items():
            if name not in ("counted", "weak"):
                lines.append(f"  {name:<36} {tally.found:>3}/{tally.total:<3}")
        if show_misses:
            lines += [
                f"    miss [{m.recognizer}]{' (weak)' if m.weak else ''} {m.text!r} {list(m.spans)}"
                for m in counted.misses
            ]
    return lines


def failures(results: dict[str, dict[str, Tally]]) -> list[str]:
    problems = []
    for (title, tallies), target in zip(results.items(), (CORE_TARGET, OTHER_TARGET), strict=False):
        fraction = tallies["counted"].fraction
        if fraction is None or fraction < target:
            problems.append(f"{title}: {percent(fraction)} < {percent(target)}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the targets are met")
    parser.add_argument("--misses", action="store_true", help="list the cases not found (Presidio's test texts)")
    args = parser.parse_args(argv)
    results = run()
    if args.json:
        print(
            json.dumps(
                {
                    title: {name: {"found": t.found, "total": t.total} for name, t in tallies.items()}
                    for title, tallies in results.items()
                },
                indent=2,
            )
        )
    else:
        print("\n".join(render(results, args.misses)))
    problems = failures(results)
    if not args.json:
        print("check: " + ("PASS" if not problems else "FAIL — " + "; ".join(problems)))
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
