import dataclasses

import pytest

from detectors import overlaps
from detectors.overlaps import resolve_overlaps
from detectors.types import Detection


def d(start, end, entity="PERSON", score=0.8, layer="ner"):
    return Detection(start, end, entity, score, layer)


@pytest.mark.parametrize(
    ("detections", "expected"),
    [
        # no overlap: kept, in text order
        ([d(10, 14), d(0, 4)], [d(0, 4), d(10, 14)]),
        # layer precedence beats score: the dictionary wins over a higher-scored pattern
        (
            [d(0, 10, "EMAIL_ADDRESS", 1.0, "patterns"), d(0, 10, "CUSTOM", 0.9, "dictionary")],
            [d(0, 10, "CUSTOM", 0.9, "dictionary")],
        ),
        # same layer: higher score wins
        (
            [d(0, 10, "URL", 0.6, "patterns"), d(0, 10, "EMAIL_ADDRESS", 1.0, "patterns")],
            [d(0, 10, "EMAIL_ADDRESS", 1.0, "patterns")],
        ),
        # same layer and score: longer wins
        ([d(0, 4, "A", 0.5, "patterns"), d(0, 8, "B", 0.5, "patterns")], [d(0, 8, "B", 0.5, "patterns")]),
        # same type across layers: the winner widens to cover both (no half-name leaks)
        ([d(0, 4, "PERSON", 0.85, "ner"), d(0, 10, "PERSON", 0.85, "names")], [d(0, 10, "PERSON", 0.85, "ner")]),
    ],
)
def test_resolution(detections, expected):
    assert resolve_overlaps(detections) == expected


def test_loser_of_another_type_keeps_its_uncovered_part():
    text = "https://x.io/?u=ann@x.io&id=99"
    url = d(0, len(text), "URL", 0.6, "patterns")
    email = d(16, 24, "EMAIL_ADDRESS", 1.0, "patterns")
    resolved = resolve_overlaps([url, email], text)
    covered = set()
    for det in resolved:
        covered.update(range(det.start, det.end))
    # every alphanumeric character any layer found is still covered, and nothing overlaps
    assert all(i in covered for i in range(len(text)) if text[i].isalnum())
    spans = sorted((r.start, r.end) for r in resolved)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert email in resolved


def test_chain_of_overlaps_is_one_cluster():
    resolved = resolve_overlaps(
        [d(0, 5, "A", 0.9, "patterns"), d(4, 9, "B", 0.5, "patterns"), d(8, 12, "C", 0.9, "patterns")]
    )
    assert [r.entity_type for r in resolved] == ["A", "B", "C"]
    assert resolved[1].start >= 5 and resolved[1].end <= 8


def test_a_moved_detection_keeps_every_other_field() -> None:
    """overlaps._spanning builds a Detection field by field: a new field must be carried there too."""
    assert [field.name for field in dataclasses.fields(Detection)] == ["start", "end", "entity_type", "score", "layer"]
    moved = overlaps._spanning(Detection(1, 5, "PERSON", 0.7, "names"), 2, 9)
    assert moved == dataclasses.replace(Detection(1, 5, "PERSON", 0.7, "names"), start=2, end=9)
