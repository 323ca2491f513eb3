"""Other mentions of a person already found: "Maricel Dela Cruz wrote: … > Maricel" names her twice.

A name word that is clearly a name (rare in English, not a product or a month) and belongs to a found full name,
or to a lone name found by a cue, is that person wherever else it stands in the same text. One pass over the
text's capitalised words with a set lookup, so the cost is linear.
"""

from __future__ import annotations

from collections.abc import Iterable

from detectors.name_words import NAME_WORD, WordClass, classify, name_word_matches
from detectors.types import Detection

PERSON = "PERSON"
REPEAT_SCORE = 0.7
# A lone word counts as a source only when a cue, not spaCy alone, found it: spaCy's lone words include verbs.
LONE_SOURCE_LAYER = "names"
LONE_SOURCE_SCORE = 0.65
MIN_WORD_CHARS = 3


def _name_words(span: str) -> list[str]:
    return [match.group("title") for match in NAME_WORD.finditer(span) if match.group("title")]


def known_name_words(text: str, detections: Iterable[Detection]) -> frozenset[str]:
    """Words of the people found so far that identify them: rare name words, not "Will" or "Park"."""
    known: set[str] = set()
    for detection in detections:
        if detection.entity_type != PERSON:
            continue
        words = _name_words(text[detection.start : detection.end])
        if len(words) == 1 and (detection.layer != LONE_SOURCE_LAYER or detection.score < LONE_SOURCE_SCORE):
            continue
        known.update(word for word in words if len(word) >= MIN_WORD_CHARS and classify(word) is WordClass.NAME)
    return frozenset(known)


def repeated_names(text: str, detections: list[Detection]) -> list[Detection]:
    """A PERSON detection for every other mention of a found person's name word."""
    known = known_name_words(text, detections)
    if not known:
        return []
    return [
        Detection(match.start(), match.end(), PERSON, REPEAT_SCORE, LONE_SOURCE_LAYER)
        for match in name_word_matches(text)
        if match.group("title") in known
    ]
