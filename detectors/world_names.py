"""Given names and surnames of 105 countries (names-dataset, distilled by scripts/build_name_data.py into
detectors/data/), and the one shape only they can find: a lower-case full name in chat text, "john smith".

A lower-case pair is a name when the first word is a known given name and the second a known surname, neither is
a frequent English word (unless a census name more often than a word, as "john" and "smith" are), and neither is
a product, a month or a particle. One regex pass over lower-case word pairs with set lookups: linear.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources

import regex as re

from detectors.census import census_names, fold_name, is_common_word
from detectors.name_recognizer import NameSpanRecognizer
from detectors.name_words import PARTICLES, english_zipf
from detectors.not_names import NOT_NAMES

FIRST_NAMES_FILE = "world_first_names.txt.gz"
SURNAMES_FILE = "world_surnames.txt.gz"
LOWERCASE_PAIR_SCORE = 0.6
# Rarer than this in English, a listed word is a name rather than a word ("ortega" 2.6; "will" 6.2, "rose" 4.6).
WORD_ZIPF = 3.8

PAIR = re.compile(
    r"(?<![\p{L}\p{N}_@./\\#$-])(?P<first>\p{Ll}[\p{Ll}\p{M}'’]+)[ ](?P<last>\p{Ll}[\p{Ll}\p{M}'’-]+)"
    r"(?![\p{L}\p{N}_@(]|\.\p{L}|-\p{L})"
)


@dataclass(frozen=True, slots=True)
class WorldNames:
    first_names: frozenset[str]
    surnames: frozenset[str]


def _read(filename: str) -> frozenset[str]:
    raw = resources.files("detectors").joinpath("data", filename).read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


@functools.cache
def world_names() -> WorldNames:
    return WorldNames(_read(FIRST_NAMES_FILE), _read(SURNAMES_FILE))


@functools.lru_cache(maxsize=65536)
def _plain_name(word: str, first: bool) -> bool:
    """A listed given name (first) or surname that is not an everyday English word, product or particle."""
    folded = fold_name(word)
    if folded in NOT_NAMES or folded in PARTICLES or len(folded) < 3:
        return False
    names = world_names()
    census = census_names()
    listed = folded in (names.first_names if first else names.surnames) or folded in (
        census.first_names if first else census.surnames
    )
    if not listed:
        return False
    on_census = folded in census.first_names or folded in census.surnames
    if on_census:
        return not is_common_word(folded)
    return english_zipf(folded) < WORD_ZIPF


@dataclass(frozen=True, slots=True)
class PairSpan:
    start: int
    end: int
    score: float
    reason: str


def find_lowercase_names(text: str) -> list[PairSpan]:
    """Every lower-case "given-name surname" pair in the text."""
    spans: list[PairSpan] = []
    for match in PAIR.finditer(text, overlapped=True):
        if _plain_name(match.group("first"), True) and _plain_name(match.group("last"), False):
            if spans and match.start() < spans[-1].end:
                continue
            spans.append(PairSpan(match.start(), match.end(), LOWERCASE_PAIR_SCORE, "lower-case full name"))
    return spans


class LowercaseNameRecognizer(NameSpanRecognizer):
    """PERSON names written in lower case, as chat messages do: a known given name, then a known surname."""

    EXPLANATION_PREFIX = "World name lists"

    def load(self) -> None:
        world_names()  # read the lists now, not on the first request

    def find_spans(self, text: str) -> list[PairSpan]:
        if not any(ch.islower() for ch in text[:1]) and " " not in text:
            return []
        return find_lowercase_names(text)
