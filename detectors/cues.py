"""Cues: the words, labels and column headers that say what a nearby value is.

A cue plus a value of the cue's rough shape is enough to redact (recall first): the recognizers that use this
(phones, postcodes) look for their cue themselves, so the result is scored once, not lifted later by context.
"""

from __future__ import annotations

import re
from functools import lru_cache

from detectors.alternation import word_alternation
from detectors.context import WORD, window_words
from detectors.table_context import TableHeaders, headers_of

# How far back a label may stand: "Phone (mobile, after 5pm): 0412 ..." keeps its cue.
WORDS_BEFORE = 6
WORDS_AFTER = 2
# A short label right before the value, with its colon or full stop: "Ph: ", "T. ", "Tel.", "M:".
_LABEL_GAP = r"[ \t]*[:.#]?[ \t]*(?:\+|\(|\d)"


def phrase_alternation(phrases: tuple[str, ...]) -> str:
    """A case-insensitive regex alternative of the phrases, longest first, their spaces matching any run of blanks."""
    ordered = sorted(phrases, key=len, reverse=True)
    return r"(?i:" + word_alternation(ordered, lambda phrase: re.escape(phrase).replace(r"\ ", r"[ \t]+")) + r")"


@lru_cache(maxsize=64)
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases (a trailing plural 's' allowed), case-insensitive."""
    alternatives = "|".join(sorted((re.escape(w.lower()) for w in words), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s'’.(/-]))(?:{alternatives})s?(?=$|[\s'’.:),/-])")


@lru_cache(maxsize=64)
def label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Short labels that only count right before the value ("Ph: ", "T: ")."""
    alternatives = "|".join(sorted((re.escape(label) for label in labels), key=len, reverse=True))
    return re.compile(rf"(?i:(?<![\w])(?:{alternatives}){_LABEL_GAP})$")


class CueFinder:
    """Answers "is there a cue for this span?" for one text; builds its table lookup only when first asked."""

    def __init__(self, text: str, words: tuple[str, ...], labels: tuple[str, ...] = ()):
        self.text = text
        self.words = word_pattern(words)
        self.labels = label_pattern(labels) if labels else None
        self._tables: TableHeaders | None = None

    def near(self, start: int, end: int, before: int = WORDS_BEFORE, after: int = WORDS_AFTER) -> bool:
        if self.labels is not None and self.labels.search(self.text[max(0, start - 12) : start + 1]):
            return True
        words = window_words(self.text, start, end, before, after)
        if self.words.search(" ".join(words)):
            return True
        if self._tables is None:
            self._tables = headers_of(self.text)
        header = " ".join(WORD.findall(self._tables.header_words(start).lower().replace("_", " ")))
        return bool(header) and self.words.search(header) is not None
