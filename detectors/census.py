"""The US Census first-name and surname lists (shipped in the `names` package) and the common-word test.

Shared by the census names layer and the cue-based name recognizer; read once per process.
"""

from __future__ import annotations

import functools
import math
import statistics
from dataclasses import dataclass
from importlib import resources

from wordfreq import zipf_frequency

FIRST_NAME_FILES = ("dist.male.first", "dist.female.first")
SURNAME_FILE = "dist.all.last"


# Zipf 4.0 = once per 100,000 English words: "grace", "hope", "young" are above it.
COMMON_WORD_ZIPF = 4.0
# Names travel between languages, English words do not: how much more often a word is written in English
# than in these languages (median) tells "will", "hope", "brown" (> 0.8) from "peter", "sarah" (< 0.5).
OTHER_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")
ENGLISH_EXCESS_WORD = 0.7
ENGLISH_EXCESS_MIXED = 0.56
# log10(census % of people with the name) - English zipf: how far the name's popularity falls short of how
# often the word is written ("david" -4.8, "mark" -5.1, "will" -8.2). Far short: a word, not a name.
NAME_SHARE_WORD = -6.4
NAME_SHARE_MIXED = -5.0
# Census frequencies are printed to three decimals: the rarest names read 0.000.
CENSUS_FLOOR_PERCENT = 0.0005


@dataclass(frozen=True, slots=True)
class CensusNames:
    first_names: frozenset[str]
    surnames: frozenset[str]
    percent_of_people: dict[str, float]  # the larger of the first-name and surname share, by folded name


def _read_census(filename: str) -> dict[str, float]:
    """NAME FREQ CUMFREQ RANK per line -> {folded name: FREQ}."""
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    frequencies: dict[str, float] = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2:
            frequencies[fields[0].casefold()] = float(fields[1])
    return frequencies


@functools.cache
def census_names() -> CensusNames:
    """The census lists shipped inside the `names` package, read once per process."""
    first: dict[str, float] = {}
    for filename in FIRST_NAME_FILES:
        for name, percent in _read_census(filename).items():
            first[name] = max(percent, first.get(name, 0.0))
    last = _read_census(SURNAME_FILE)
    shares = dict(last)
    for name, percent in first.items():
        shares[name] = max(percent, shares.get(name, 0.0))
    return CensusNames(frozenset(first), frozenset(last), shares)


def fold_name(word: str) -> str:
    """O'Brien -> obrien, the census spelling."""
    return word.replace("'", "").replace("’", "").casefold()


@functools.lru_cache(maxsize=65536)
def is_common_word(folded: str) -> bool:
    """True when the word is frequent English and more often a word than a name ("will", "grace", "brown")."""
    zipf = zipf_frequency(folded, "en")
    if zipf < COMMON_WORD_ZIPF:
        return False
    excess = zipf - statistics.median(zipf_frequency(folded, lang, wordlist="small") for lang in OTHER_LANGUAGES)
    percent = census_names().percent_of_people.get(folded, 0.0)
    name_share = math.log10(max(percent, CENSUS_FLOOR_PERCENT)) - zipf
    return (
        excess >= ENGLISH_EXCESS_WORD
        or name_share < NAME_SHARE_WORD
        or (excess >= ENGLISH_EXCESS_MIXED and name_share < NAME_SHARE_MIXED)
    )
