"""Choosing between overlapping detections: layer precedence, then score, then length — without leaking.

The winner of an overlap keeps its type and layer. A loser of the same type widens the winner to cover both; a
loser of another type keeps only the parts no winner covers, so every character any layer found stays covered.
"""

from __future__ import annotations

from detectors.types import LAYER_RANK, Detection


def priority(detection: Detection) -> tuple[int, float, int]:
    return (-LAYER_RANK.get(detection.layer, len(LAYER_RANK)), detection.score, detection.end - detection.start)


def _spanning(detection: Detection, start: int, end: int) -> Detection:
    """The detection moved to start..end (dataclasses.replace, without its field-by-field introspection)."""
    return Detection(start, end, detection.entity_type, detection.score, detection.layer)


def _clusters(detections: list[Detection]) -> list[list[Detection]]:
    """Groups of transitively overlapping detections, in text order."""
    groups: list[list[Detection]] = []
    reach = -1
    for det in sorted(detections, key=lambda d: (d.start, d.end)):
        if groups and det.start < reach:
            groups[-1].append(det)
            reach = max(reach, det.end)
        else:
            groups.append([det])
            reach = det.end
    return groups


def _uncovered(det: Detection, kept: list[Detection], text: str | None) -> list[Detection]:
    pieces = [(det.start, det.end)]
    for other in kept:
        next_pieces = []
        for a, b in pieces:
            if other.end <= a or other.start >= b:
                next_pieces.append((a, b))
                continue
            if a < other.start:
                next_pieces.append((a, other.start))
            if other.end < b:
                next_pieces.append((other.end, b))
        pieces = next_pieces
    result = []
    for a, b in pieces:
        if text is not None:
            while a < b and not text[a].isalnum():
                a += 1
            while b > a and not text[b - 1].isalnum():
                b -= 1
        if b > a:
            result.append(_spanning(det, a, b))
    return result


def _resolve_cluster(cluster: list[Detection], text: str | None) -> list[Detection]:
    if len(cluster) == 1:
        return cluster
    kept: list[Detection] = []
    for det in sorted(cluster, key=priority, reverse=True):
        same = [k for k in kept if k.entity_type == det.entity_type and k.start < det.end and det.start < k.end]
        if same:
            winner = same[0]
            kept[kept.index(winner)] = _spanning(winner, min(winner.start, det.start), max(winner.end, det.end))
            continue
        kept.extend(_uncovered(det, kept, text))
    # A widened winner may now overlap a neighbour: trim the later one.
    kept.sort(key=lambda d: (d.start, -priority(d)[0]))
    final: list[Detection] = []
    for det in kept:
        if final and det.start < final[-1].end:
            if det.end <= final[-1].end:
                continue
            det = _spanning(det, final[-1].end, det.end)
        final.append(det)
    return final


# A whole address wins over the pieces other layers found inside it (a street typed LOCATION, a city typed PERSON).
WHOLE_VALUE_TYPES = frozenset({"ADDRESS"})


def absorb_parts(detections: list[Detection]) -> list[Detection]:
    """Drop detections lying inside an address detection (the dictionary layer's terms always stay)."""
    wholes = [d for d in detections if d.entity_type in WHOLE_VALUE_TYPES]
    if not wholes:
        return detections
    return [
        d
        for d in detections
        if d.entity_type in WHOLE_VALUE_TYPES
        or d.layer == "dictionary"
        or not any(w.start <= d.start and d.end <= w.end for w in wholes)
    ]


def resolve_overlaps(detections: list[Detection], text: str | None = None) -> list[Detection]:
    """Non-overlapping detections in text order that together cover everything the input covered."""
    resolved: list[Detection] = []
    for cluster in _clusters(detections):
        resolved.extend(_resolve_cluster(cluster, text))
    return resolved
