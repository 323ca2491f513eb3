"""The names layer: person names from the public-domain US Census first-name and surname lists.

A capitalised word on a list is a candidate; a first name followed by a surname (or a title followed by a
name) is strong evidence; a lone word is weak, and weaker still when it is also a common English word or
opens a sentence. One regex pass over capitalised words, so the cost is linear in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from detectors.census import COMMON_WORD_ZIPF, census_names, fold_name, is_common_word
from detectors.literal_starts import match_starts, matches_at
from detectors.name_cues import NameCueRecognizer
from detectors.name_forms import NameFormRecognizer
from detectors.name_recognizer import NameSpanRecognizer
from detectors.name_words import follows_product
from detectors.world_names import LowercaseNameRecognizer

__all__ = ["COMMON_WORD_ZIPF", "RECOGNIZERS", "CensusNameRecognizer", "census_names", "fold_name", "is_common_word"]

FULL_NAME_SCORE = 0.85
FIRST_NAME_SCORE = 0.6
SURNAME_SCORE = 0.35
AMBIGUITY_FACTOR = 0.5

_NAME_PART = r"(?:(?:Mc|Mac)[A-Z][a-z]+|[OD]['’][A-Z][a-z]+|[A-Z][a-z]+)"
# A title, a middle initial, or a Title-case word (O'Brien, McDonald, Smith-Jones) that is not part of an
# identifier, a dotted path, an e-mail address or a URL; a possessive 's may follow.
TOKEN = re.compile(
    r"(?<![\w.@/\\$#-])"
    r"(?:(?P<title>(?:Dr|Mr|Mrs|Ms|Mx|Prof|Miss|Sir|Dame)\.?)"
    r"|(?P<initial>[A-Z]\.)"
    r"|(?P<word>" + _NAME_PART + r"(?:-" + _NAME_PART + r")*))"
    r"(?![\w@(-]|\.\w|['’](?!s\b)\w)"
)
# Every TOKEN starts with an ASCII capital (a title, an initial, a name part): it is tried only at those.
_CAPITAL = re.compile(r"[A-Z]")
# Words of one name are separated by a space or two, never by a line break or punctuation.
NAME_GAP = re.compile(r"[ \t]{1,3}")
# What may stand between a sentence's end and its first word: spaces, quotes, brackets, list markers.
_SENTENCE_LEAD = frozenset(" \t\"'“‘([*_>#-•")
_SENTENCE_END = frozenset(".!?\n\r")
SENTENCE_LOOKBACK = 12


# Not frozen: one is made for every capitalised word, and a frozen one takes four times as long to make.
@dataclass(slots=True)
class NameWord:
    start: int
    end: int
    is_first: bool
    is_surname: bool
    is_common: bool


def classify_word(text: str, start: int, end: int) -> NameWord | None:
    """A word on a census list, or None; a hyphenated word counts when every part is on the same list."""
    found = _census_lists(text[start:end])
    return None if found is None else NameWord(start, end, *found)


# A conversation repeats its names every turn, and a text its words: each spelling is looked up once.
@lru_cache(maxsize=16384)
def _census_lists(word: str) -> tuple[bool, bool, bool] | None:
    """(first name?, surname?, common word?) of a word on a census list, or None."""
    names = census_names()
    parts = [fold_name(part) for part in word.split("-")]
    is_first = all(part in names.first_names for part in parts)
    is_surname = all(part in names.surnames for part in parts)
    if not (is_first or is_surname):
        return None
    return is_first, is_surname, all(is_common_word(part) for part in parts)


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the text, a line or a sentence (its capital then says nothing)."""
    position = start - 1
    limit = max(-1, start - 1 - SENTENCE_LOOKBACK)
    while position > limit and text[position] in _SENTENCE_LEAD:
        position -= 1
    if position < 0:
        return True
    return position > limit and text[position] in _SENTENCE_END


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    score: float
    reason: str


def score_words(text: str, words: list[NameWord], opens_run: bool) -> list[NameSpan]:
    """Weak evidence: one span per word, discounted when it is a common word or opens a sentence."""
    spans = []
    for index, word in enumerate(words):
        score, reason = (FIRST_NAME_SCORE, "first name") if word.is_first else (SURNAME_SCORE, "surname")
        if word.is_common:
            score *= AMBIGUITY_FACTOR
        if opens_run and index == 0 and starts_sentence(text, word.start):
            score *= AMBIGUITY_FACTOR
        spans.append(NameSpan(word.start, word.end, score, reason))
    return spans


def score_run(text: str, words: list[NameWord], has_title: bool) -> list[NameSpan]:
    """Adjacent name words (after a title, if any) -> one full-name span, or one weak span per word."""
    if has_title:
        return [NameSpan(words[0].start, words[-1].end, FULL_NAME_SCORE, "title and name")]
    # Words ahead of the full name are not part of it: "Dear Sarah Smith", "Will Sarah Smith attend?".
    lead = 0
    while len(words) - lead >= 2 and (
        not words[lead].is_first
        or (
            lead == 0
            and len(words) >= 3
            and words[0].is_common
            and words[1].is_first
            and starts_sentence(text, words[0].start)
        )
    ):
        lead += 1
    full_name = words[lead:]
    if len(full_name) < 2 or not full_name[-1].is_surname:
        return score_words(text, words, opens_run=True)
    score = FULL_NAME_SCORE
    if all(word.is_common for word in full_name):
        score *= AMBIGUITY_FACTOR
    spans = score_words(text, words[:lead], opens_run=True)
    spans.append(NameSpan(full_name[0].start, full_name[-1].end, score, "first name and surname"))
    return spans


def find_names(text: str) -> list[NameSpan]:
    """Every name span in the text with its score, in order."""
    spans: list[NameSpan] = []
    words: list[NameWord] = []
    has_title = False
    pending_initial: tuple[int, int] | None = None  # a middle initial joins a run only if a name follows
    previous_end = -1

    def close_run() -> None:
        nonlocal words, has_title, pending_initial
        if words:
            spans.extend(score_run(text, words, has_title))
        words, has_title, pending_initial = [], False, None

    for match in matches_at(TOKEN, text, match_starts(_CAPITAL, text)):
        if previous_end < 0 or not NAME_GAP.fullmatch(text, previous_end, match.start()):
            close_run()
        previous_end = match.end()
        if match.group("title"):
            close_run()
            has_title = True
        elif match.group("initial"):
            if (not words and not has_title) or pending_initial:
                close_run()
            else:
                pending_initial = match.span()
        else:
            word = classify_word(text, *match.span("word"))
            # After a product or vendor a census name is a product's name: "Amazon Aurora", "Apple Pages".
            if word is None or (not words and not has_title and follows_product(text, word.start)):
                close_run()
            else:
                words.append(word)
                pending_initial = None
    close_run()
    return spans


class CensusNameRecognizer(NameSpanRecognizer):
    """PERSON names from the US Census name lists, scored by how much a capital letter there tells us."""

    EXPLANATION_PREFIX = "Census name list"

    def load(self) -> None:
        census_names()  # read the lists now, not on the first request

    def find_spans(self, text: str) -> list[NameSpan]:
        return find_names(text)


# The engine instantiates each of these for the "names" layer.
RECOGNIZERS: tuple[type[NameSpanRecognizer], ...] = (
    CensusNameRecognizer,
    NameCueRecognizer,
    NameFormRecognizer,
    LowercaseNameRecognizer,
)
