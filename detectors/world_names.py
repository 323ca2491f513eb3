"""Given names and surnames of 105 countries (names-dataset, distilled by scripts/build_name_data.py into
detectors/data/), and the one shape only they can find: a lower-case full name in chat text, "john smith".

A lower-case pair is a name when the first word is a known given name and the second a known surname, neither is
a frequent English word (unless a census name more often than a word, as "john" and "smith" are), and neither is
a product, a month or a particle. One regex pass over lower-case word pairs with set lookups: linear.
"""

from __future__ import annotations

import functools
import gzip
import io
from dataclasses import dataclass
from importlib import resources

import regex as re

from detectors.census import census_names, fold_name, is_common_word
from detectors.hashed_words import HashedWords
from detectors.name_recognizer import NameSpanRecognizer
from detectors.name_words import PARTICLES, english_zipf
from detectors.not_names import NOT_NAMES

FIRST_NAMES_FILE = "world_first_names.txt.gz"
SURNAMES_FILE = "world_surnames.txt.gz"
LOWERCASE_PAIR_SCORE = 0.6
# Rarer than this in English, a listed word is a name rather than a word ("ortega" 2.6; "will" 6.2, "rose" 4.6).
WORD_ZIPF = 3.8

# One lower-case word of a name (apostrophes and hyphens inside), not part of an identifier or an address.
WORD = re.compile(r"(?<![\p{L}\p{N}_@./\\#$-])\p{Ll}[\p{Ll}\p{M}'’-]*(?![\p{L}\p{N}_@(]|\.\p{L})")
# A surname this frequent in English is a word first ("read", "will", "young" are above it; "cook" 4.65 is not).
SURNAME_WORD_ZIPF = 5.0
# An unlisted word this rare in English after a given name is a surname from somewhere ("gajdzik", "jäntsch").
UNLISTED_SURNAME_ZIPF = 2.5
MAX_EXTRA_WORDS = 3
SURNAME_FIRST_SCORE = 0.75

_CAP = r"\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*"
# "Okonkwo, Ngozi" opening a line or a labelled value, and closing it: a surname, then the given name(s).
SURNAME_FIRST = re.compile(
    r"(?:^|(?<=[:|\t])[ \t]*)[ \t]*(?P<name>(?P<surname>"
    + _CAP
    + r"),[ ](?P<given>"
    + _CAP
    + r")(?:[ ]"
    + _CAP
    + r")?)"
    r"(?=[ \t]*(?:$|[;|(\t]))",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class WorldNames:
    first_names: HashedWords
    surnames: HashedWords


def _read(filename: str) -> HashedWords:
    raw = resources.files("detectors").joinpath("data", filename).read_bytes()
    return HashedWords(line.rstrip("\n") for line in io.StringIO(gzip.decompress(raw).decode("utf-8")) if line.strip())


@functools.cache
def world_names() -> WorldNames:
    return WorldNames(_read(FIRST_NAMES_FILE), _read(SURNAMES_FILE))


@functools.lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    """A listed given name that is not an everyday English word, product or particle ("john", not "will")."""
    folded = fold_name(word)
    if folded in NOT_NAMES or folded in PARTICLES or len(folded) < 3:
        return False
    census = census_names()
    if folded in census.first_names:
        return not is_common_word(folded)
    return folded in world_names().first_names and english_zipf(folded) < WORD_ZIPF


@functools.lru_cache(maxsize=65536)
def is_surname(word: str) -> bool:
    """A listed surname not too frequent as an English word, or an unlisted word rarer than almost any."""
    folded = fold_name(word)
    if folded in NOT_NAMES or folded in PARTICLES or len(folded) < 2:
        return False
    zipf = english_zipf(folded)
    if folded in world_names().surnames or folded in census_names().surnames:
        return zipf < SURNAME_WORD_ZIPF
    return len(folded) >= 4 and zipf < UNLISTED_SURNAME_ZIPF


@dataclass(frozen=True, slots=True)
class PairSpan:
    start: int
    end: int
    score: float
    reason: str


def find_lowercase_names(text: str) -> list[PairSpan]:
    """Every lower-case "given-name [particles] surname" run in the text ("maurits de gruson")."""
    words = list(WORD.finditer(text))
    spans: list[PairSpan] = []
    index = 0
    while index < len(words):
        first = words[index]
        end = None
        if is_given_name(first.group()):
            last = index
            for following in range(index + 1, min(len(words), index + 1 + MAX_EXTRA_WORDS)):
                if text[words[following - 1].end() : words[following].start()] != " ":
                    break
                word = words[following].group()
                if fold_name(word) in PARTICLES:
                    continue
                if not is_surname(word):
                    break
                last = following
            if last > index:
                end = last
        if end is None:
            index += 1
            continue
        spans.append(PairSpan(first.start(), words[end].end(), LOWERCASE_PAIR_SCORE, "lower-case full name"))
        index = end + 1
    return spans


def find_surname_first(text: str) -> list[PairSpan]:
    """ "Surname, Given" standing alone on a line or after a label: "Patient: Okonkwo, Ngozi"."""
    if ", " not in text:
        return []
    return [
        PairSpan(m.start("name"), m.end("name"), SURNAME_FIRST_SCORE, "surname, given name")
        for m in SURNAME_FIRST.finditer(text)
        if is_given_name(m.group("given").casefold()) and is_surname(m.group("surname").casefold())
    ]


class LowercaseNameRecognizer(NameSpanRecognizer):
    """PERSON names the world lists find: lower-case chat names ("john smith") and "Surname, Given" lines."""

    EXPLANATION_PREFIX = "World name lists"

    def load(self) -> None:
        world_names()  # read the lists now, not on the first request

    def find_spans(self, text: str) -> list[PairSpan]:
        return [*find_lowercase_names(text), *find_surname_first(text)]
