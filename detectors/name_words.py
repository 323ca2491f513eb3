"""What a capitalised word says about being part of a person's name, in any script with case (Unicode).

Each word gets a class: NAME (on the census lists, or rare in English: "Mokoena", "Yılmaz"), COMMON_NAME (a
census name that is also everyday English: "Will", "Grace"), WORD (everyday English, not a name), PARTICLE
("de", "van", "Te", "bin" inside a name) or STOP (calendar words, tech products: never a name). Lookups are
cached, so classifying every capitalised word of a text stays linear.
"""

from __future__ import annotations

import enum
import functools
import itertools

import regex as re
from wordfreq import zipf_frequency

from detectors.census import census_names, fold_name, is_common_word
from detectors.not_names import CALENDAR_WORDS, GROUP_WORDS, ORGANISATION_WORDS, TECH_WORDS, TITLES, words_of


class WordClass(enum.Enum):
    NAME = "name"
    COMMON_NAME = "common name"
    WORD = "word"
    PARTICLE = "particle"
    STOP = "stop"


# Zipf 4.0 = once per 100,000 English words: rarer words that are capitalised are likely proper nouns.
COMMON_ZIPF = 4.0
# Without a cue, only clearly rare words count ("Liu" 3.7 is a census name; "Chrome" 3.9 and "Stripe" 3.5 not).
RARE_ZIPF = 3.5
# Two rare words with no cue: at least one must be very rare, or both census names ("Raspberry Pi" is neither).
VERY_RARE_ZIPF = 3.0

# Lower-case or Title-case joiners inside a name: Ludwig van Beethoven, Ngaire Te Awa, Omar bin Said.
PARTICLES = words_of("de da das dos du del della der den di van von ter ten te la le bin binti ibn bint al el y st")

# One name word: Title-case letters of any cased script, with Mc/Mac/O'/D' prefixes and hyphenated parts
# (O'Brien, McDonald, Al-Farsi, Ji-woo, Petrović, Yılmaz), or a lower-case particle.
_TITLE_PART = r"(?:(?:Mc|Mac)(?=\p{Lu})|[ODL]['’](?=\p{Lu}))?\p{Lu}[\p{Ll}\p{M}]+(?:['’](?!s\b)[\p{Ll}\p{M}]+)*"
_LOWER_PARTICLE = r"(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")"
NAME_WORD = re.compile(
    r"(?<![\p{L}\p{M}\p{N}_.@/\\$#&%+`-])"
    r"(?:(?P<title>" + _TITLE_PART + r"(?:-(?:" + _TITLE_PART + r"|\p{Ll}+))*)|(?P<particle>" + _LOWER_PARTICLE + r"))"
    # not an identifier, a call, a dotted path, an address or a contraction; a possessive 's may follow
    r"(?![\p{L}\p{M}\p{N}_@(]|\.[\p{L}\p{N}]|['’](?!s\b)\p{L}|-\p{L})"
)
# The last text scanned for name words and its matches: the cue finder and the coreference pass read the same text.
_LAST_SCAN: tuple[str, list[re.Match[str]]] | None = None


def name_word_matches(text: str) -> list[re.Match[str]]:
    """NAME_WORD's matches in the text, in order; those of the last text asked for are kept for the next reader."""
    global _LAST_SCAN
    last = _LAST_SCAN
    if last is not None and last[0] is text:
        return last[1]
    found = list(NAME_WORD.finditer(text))
    _LAST_SCAN = (text, found)
    return found


# Don't, Isn't, We'll: a capitalised contraction is English, not a name like Fa'afetai or N'Golo.
CONTRACTION = re.compile(r"['’](?:t|ll|re|ve|d|m)$")
# Words of one name are separated by one space (two for hand-aligned text), never by a line break.
NAME_GAP = re.compile(r"[ \t]{1,2}")
# What NAME_GAP matches in full, as a set: a look-up per word costs less than a regex call.
NAME_GAPS = frozenset("".join(blanks) for length in (1, 2) for blanks in itertools.product(" \t", repeat=length))


# Never a name, even when on the census lists ("May", "Dr", "Team"); tech words are checked against first names.
_NEVER_NAMES = CALENDAR_WORDS | GROUP_WORDS | ORGANISATION_WORDS | TITLES


@functools.lru_cache(maxsize=65536)
def english_zipf(folded: str) -> float:
    return zipf_frequency(folded, "en")


@functools.lru_cache(maxsize=65536)
def classify(word: str) -> WordClass:
    """The class of one capitalised (or particle) word; hyphenated words by their most telling part."""
    folded = word.casefold()
    if folded in PARTICLES:
        return WordClass.PARTICLE
    if CONTRACTION.search(folded):
        return WordClass.WORD
    census = census_names()
    raw_parts = [part for part in word.split("-") if part]
    parts = [fold_name(part.casefold()) for part in raw_parts]
    # "Min-jun", "Ji-woo": a lower-case part after a hyphen is a syllable of a given name, not a month or a product.
    syllables = [index > 0 and raw.islower() for index, raw in enumerate(raw_parts)]
    listed = [part for part, syllable in zip(parts, syllables, strict=True) if not syllable]
    if any(
        part in CALENDAR_WORDS or part in GROUP_WORDS or part in ORGANISATION_WORDS or part in TITLES for part in listed
    ):
        return WordClass.STOP
    # "Ruby", "Julia", "Claude" are products and first names: the name wins.
    if any(part in TECH_WORDS and part not in census.first_names for part in listed):
        return WordClass.STOP
    if len(parts) > 1:
        # Smith-Jones, Al-Farsi, Ji-woo: a name when any part is one; Follow-up, Read-only: words.
        classes = [
            _syllable_class(part) if syllable else classify(part.capitalize())
            for part, syllable in zip(parts, syllables, strict=True)
        ]
        if WordClass.NAME in classes:
            return WordClass.NAME
        if all(cls is WordClass.WORD for cls in classes):
            return WordClass.WORD
        return WordClass.COMMON_NAME if WordClass.COMMON_NAME in classes else WordClass.WORD
    folded = parts[0] if parts else folded
    on_census = folded in census.first_names or folded in census.surnames
    if on_census:
        return WordClass.COMMON_NAME if is_common_word(folded) else WordClass.NAME
    return WordClass.NAME if english_zipf(folded) < COMMON_ZIPF else WordClass.WORD


def _syllable_class(part: str) -> WordClass:
    """A lower-case part after a hyphen: a name syllable unless it is an everyday word ("up", "only", "in")."""
    return WordClass.NAME if english_zipf(part) < COMMON_ZIPF else WordClass.WORD


@functools.lru_cache(maxsize=65536)
def is_census_name(word: str) -> bool:
    """On the census first-name or surname list (every part of a hyphenated name)."""
    census = census_names()
    parts = [part for part in fold_name(word.casefold()).split("-") if part]
    return bool(parts) and all(part in census.first_names or part in census.surnames for part in parts)


def is_first_name(word: str) -> bool:
    """On the census first-name list."""
    return fold_name(word.casefold()) in census_names().first_names


@functools.lru_cache(maxsize=65536)
def is_rare_name(word: str) -> bool:
    """A NAME that is also clearly rare in English (or a census name): enough without any cue."""
    if classify(word) is not WordClass.NAME:
        return False
    if is_census_name(word):
        return True
    parts = [part for part in fold_name(word.casefold()).split("-") if part]
    return min(english_zipf(part) for part in parts) < RARE_ZIPF


@functools.lru_cache(maxsize=16384)
def is_very_rare(word: str) -> bool:
    """Rarer than almost any English word (zipf < 3.0): "Mokoena", "Iyer", not "Raspberry" or "Atlas"."""
    parts = [part for part in fold_name(word.casefold()).split("-") if part]
    return bool(parts) and min(english_zipf(part) for part in parts) < VERY_RARE_ZIPF


# The capitalised word right before a position, one or two spaces back: "Amazon" before "Aurora".
_WORD_BEFORE = re.compile(r"(?<=(?<![\p{L}\p{N}_.@/-])(?P<word>\p{Lu}[\p{L}\p{N}]{0,30})[ \t]{1,2})")


def follows_product(text: str, start: int) -> bool:
    """Whether a tech product or vendor stands right before `start`: "Amazon Aurora", "Google Chrome"."""
    match = _WORD_BEFORE.match(text, start)
    return match is not None and match.group("word").casefold() in TECH_WORDS
