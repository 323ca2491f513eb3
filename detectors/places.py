"""Cities, towns, suburbs and counties the NER misses, from the shipped GeoNames list, typed LOCATION.

A capitalised word run that names a place is a candidate. It is taken on its own when it cannot be much else (not
a person's name on the census lists, not a frequent English word unless a large city, not a product or a month);
otherwise it needs a place cue before it ("lives in", "based in", "near") or a region, country or postcode after
it ("Sydney, Australia", "Springfield, IL"). Countries and US states are Safe Harbor's "state" level and stay
unredacted unless the settings turn regions on. One regex pass over capitalised words with set lookups: linear.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex as re
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from detectors.address_words import NAME_PARTICLES, REGION_CODES
from detectors.census import census_names, fold_name, is_common_word
from detectors.gazetteer import fold_place, gazetteer, is_large
from detectors.literal_starts import finditer_near
from detectors.name_cues import starts_sentence
from detectors.name_words import english_zipf
from detectors.not_names import NOT_NAMES
from detectors.results import tagged_result
from detectors.types import LayerTagged

ENTITY = "LOCATION"
PLACE_SCORE = 0.75
CUED_SCORE = 0.85
# A frequent English word ("Reading", "Invoice", "Mobile") is a place on its own only when the city is large.
COMMON_ZIPF = 3.5
# Names of several words are looser: "Green Valley" needs every word this frequent to need a cue.
COMMON_WORDS_ZIPF = 4.0
# A sentence's first word is capitalised anyway: alone there it must be rarer than this.
SENTENCE_START_ZIPF = 3.0
MAX_WORDS = 5

_L = r"[\p{L}\p{M}]"
# A capitalised word (never all capitals: "DOB", "NSW" are codes) or a particle inside a name.
TOKEN = re.compile(
    r"(?<![\p{L}\p{N}_@./\\#$-])(?:\p{Lu}[\p{Ll}\p{M}]"
    + _L
    + r"*(?:['’-]\p{L}"
    + _L
    + r"*)*\.?"
    + (r"|(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r"))")
    + r"(?![\p{L}\p{N}_@(]|\.\p{L}|-\p{L})"
)
GAP = re.compile(r"[ ]")
_CAPITAL = re.compile(r"\p{Lu}")


def place_tokens(text: str) -> list[re.Match[str]]:
    """TOKEN's matches a place's run can hold, as `TOKEN.finditer(text)` finds them: every capitalised word, and every
    word one space after one of those (a particle, "Rio de Janeiro"). A run starts at a capital and goes on over
    words one space apart, so the other particles (lower case, never a run's start or end) change nothing; TOKEN is
    tried at capitals, which the regex module finds fast, not at every position."""
    found: list[re.Match[str]] = []
    resume = 0
    for capital in _CAPITAL.finditer(text):
        if capital.start() < resume or (token := TOKEN.match(text, capital.start())) is None:
            continue
        found.append(token)
        resume = token.end()
        while text.startswith(" ", resume) and (token := TOKEN.match(text, resume + 1)) is not None:
            found.append(token)
            resume = token.end()
    return found


# Words before a place: "lives in", "based in", "near", "moved to", "a suburb of".
PLACE_CUE_BEFORE = re.compile(
    r"(?<=(?<![\p{L}])(?i:in|near|around|outside|based in|located in|lives in|live in|living in|born in|moved to|"
    r"moving to|relocated to|grew up in|city of|town of|suburb of|village of|county of|visiting|flew to|"
    r"drove to|travelled to|traveled to|arrived in|headed to|heading to|city|town|suburb|hometown|"
    r"city:|town:|suburb:|location:|place of birth:|birthplace:)[ \t]+)"
)
_REGION_CODE = r"(?:" + "|".join(sorted(REGION_CODES, key=len, reverse=True)) + r")(?![\p{L}\p{N}])"
# After a place: ", Australia", ", IL", " NSW 2000", ", 75002".
PLACE_CONTEXT_AFTER = re.compile(
    r",?[ \t]+(?:"
    + _REGION_CODE
    + r"|\d{4,5}(?![\p{N}\p{L}/-])|(?P<region>\p{Lu}"
    + _L
    + r"+(?:[ ]\p{Lu}"
    + _L
    + r"+){0,2}))"
)


# Where someone lives or comes from: what follows is a place even when the list does not know it, or it is
# written in lower case ("i live in port karenmouth now", "She has moved to Townsendview.").
RESIDENCE_CUE = re.compile(
    r"(?<![\p{L}])(?i:i[ ]live[ ]in|(?:we|they|he|she|who)[ ]lives?[ ]in|living[ ]in|reside[sd]?[ ]in|"
    r"grew[ ]up[ ]in|born[ ]in|(?:has|have|had|just)[ ]moved[ ]to|relocated[ ]to|home[ ]in|hometown[ ]is|"
    r"based[ ]in|located[ ]in)[ ]+"
    r"(?P<place>[\p{L}\p{M}'’-]+(?:[ ][\p{L}\p{M}'’-]+){0,3}?)"
    r"(?=[ ]*(?:[,.;:!?)]|\r?\n|$|[ ](?i:now|and|but|since|for|with|at|near|today|these|this|last|next|where|which|"
    r"because|so|until|though|area|region)\b))"
)
# A word every residence cue holds, at most RESIDENCE_KEY_REACH characters after its start ("they live in").
RESIDENCE_KEYS = ("live", "living", "reside", "grew", "born", "moved", "relocated", "home", "based", "located")
RESIDENCE_KEY_REACH = 5
# Words that begin or end place names without being rare: "port karenmouth", "new anne", "lake tarmo".
PLACE_WORDS = frozenset(
    [
        "port",
        "new",
        "east",
        "west",
        "north",
        "south",
        "upper",
        "lower",
        "great",
        "little",
        "saint",
        "st",
        "san",
        "santa",
        "lake",
        "mount",
        "fort",
        "bad",
        "den",
        "de",
        "la",
        "le",
        "sur",
        "am",
        "an",
        "der",
        "del",
        "do",
        "da",
        "los",
        "las",
        "el",
    ]
)
RESIDENCE_SCORE = 0.8
# "Gracefurt, United Kingdom" on a line or in a sentence: a capitalised name before a country or US state.
BEFORE_REGION = re.compile(
    r"(?<![\p{L}\p{N}_@./-])(?P<place>\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{L}[\p{L}\p{M}]*)*"
    r"(?:[ ](?:\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{L}[\p{L}\p{M}]*)*|(?i:di|de|do|da|del|sur|am|an|upon|on)))*)"
    r",[ ](?P<region>\p{Lu}[\p{L}\p{M}]+(?:[ ]\p{Lu}[\p{L}\p{M}]+){0,2})(?=[ \t]*(?:[\n.;)]|$|,[ ]))",
    re.MULTILINE,
)
# Rarer than this in English, an unknown word after a residence cue is a place's name ("hallton", "kudelstaart").
UNKNOWN_PLACE_ZIPF = 3.5


@dataclass(frozen=True, slots=True)
class PlaceSpan:
    start: int
    end: int
    score: float
    reason: str


def place_cue_before(text: str, start: int) -> bool:
    return PLACE_CUE_BEFORE.match(text, start) is not None


def place_context_after(text: str, end: int) -> bool:
    """A region code, postcode, country or state right after: "Sydney NSW", "Springfield, IL", "Paris, France"."""
    match = PLACE_CONTEXT_AFTER.match(text, end)
    if match is None:
        return False
    region = match.group("region")
    return region is None or fold_place(region) in gazetteer().regions


@functools.lru_cache(maxsize=65536)
def _needs_cue(name: str, large: bool) -> bool:
    """Whether a place name is also something else often enough that a cue must say "place"."""
    words = [word for word in name.split(" ") if word.casefold() not in NAME_PARTICLES]
    if not words:
        return True
    census = census_names()
    if len(words) == 1:
        folded = fold_name(words[0])
        if folded in census.first_names or folded in census.surnames or folded in NOT_NAMES:
            return True
        return english_zipf(folded) >= COMMON_ZIPF and not large
    # "The Hill", "Green Valley": every word everyday English
    return all(english_zipf(fold_name(word)) >= COMMON_WORDS_ZIPF for word in words) and not large


def _never_a_place(name: str) -> bool:
    """Months, weekdays, products and titles: "in May", "on Docker" are not places even after a cue."""
    return " " not in name and fold_name(name) in NOT_NAMES


def find_places(text: str, with_regions: bool = False) -> list[PlaceSpan]:
    """Every place-name span in the text, longest name first at each position."""
    tokens = place_tokens(text)
    spans: list[PlaceSpan] = []
    index = 0
    while index < len(tokens):
        if not tokens[index].group()[:1].isupper():
            index += 1  # a place name starts capitalised: no run from here can be one
            continue
        found = None
        last = index
        while (
            last + 1 < len(tokens)
            and last + 1 - index < MAX_WORDS
            and GAP.fullmatch(text, tokens[last].end(), tokens[last + 1].start())
        ):
            last += 1
        for end_index in range(last, index - 1, -1):
            first, final = tokens[index].group(), tokens[end_index].group()
            if not first[:1].isupper() or not final[:1].isupper():
                continue
            start, end = tokens[index].start(), tokens[end_index].end()
            if text[end - 1] == ".":
                end -= 1
            whole_run = end_index == last and (index == 0 or not _joined(text, tokens[index - 1], tokens[index]))
            span = _judge(text, start, end, with_regions, whole_run)
            if span is not None:
                found = (span, end_index)
                break
        if found is None:
            index += 1
            continue
        spans.append(found[0])
        index = found[1] + 1
    # overlapping finds: the longest wins ("San Savino Di Monte Colombo" over "Colombo")
    kept: list[PlaceSpan] = []
    for span in sorted([*spans, *_residence(text), *_before_region(text)], key=lambda s: (s.start - s.end, s.start)):
        if not any(k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda span: (span.start, span.end))


def _residence(text: str) -> list[PlaceSpan]:
    """Places after "i live in", "has moved to", "born in": known ones in any case, unknown ones when rare."""
    spans = []
    for match in finditer_near(RESIDENCE_CUE, text, RESIDENCE_KEYS, RESIDENCE_KEY_REACH):
        value = match.group("place")
        words = value.split(" ")
        if fold_place(value) in gazetteer().regions or _never_a_place(value):
            continue
        known = fold_place(value) in gazetteer().places
        if known and value.islower() and " " not in value and is_common_word(fold_name(value)):
            continue  # "i live in hope"
        if not known and not all(
            fold_name(word) in PLACE_WORDS or english_zipf(fold_name(word)) < UNKNOWN_PLACE_ZIPF for word in words
        ):
            continue
        if not known and all(fold_name(word) in PLACE_WORDS for word in words):
            continue
        spans.append(
            PlaceSpan(match.start("place"), match.end("place"), RESIDENCE_SCORE, "place after a residence cue")
        )
    return spans


def _joined(text: str, before: re.Match[str], after: re.Match[str]) -> bool:
    """Two tokens of one capitalised run: one space apart, the first capitalised."""
    return before.group()[:1].isupper() and GAP.fullmatch(text, before.end(), after.start()) is not None


def _before_region(text: str) -> list[PlaceSpan]:
    """A capitalised name (not a person's given name) right before ", <country or US state>"."""
    spans = []
    regions = gazetteer().regions
    for match in BEFORE_REGION.finditer(text):
        place = match.group("place")
        if fold_place(match.group("region")) not in regions or fold_place(place) in regions:
            continue
        words = place.split(" ")
        if len(words) > MAX_WORDS or _never_a_place(place) or fold_name(words[0]) in census_names().first_names:
            continue
        spans.append(PlaceSpan(match.start("place"), match.end("place"), RESIDENCE_SCORE, "place before a region"))
    return spans


# A run of capitalised words is judged at each of its lengths, and a conversation repeats its names every turn.
@functools.lru_cache(maxsize=16384)
def _listed(name: str) -> tuple[bool, str] | None:
    """(whether a region, its folded key) for a country, a US state or a known place that is never a month or a
    product; None for any other name."""
    key = fold_place(name)
    if key in gazetteer().regions:
        return True, key
    if key not in gazetteer().places or _never_a_place(name):
        return None
    return False, key


def _judge(text: str, start: int, end: int, with_regions: bool, whole_run: bool = True) -> PlaceSpan | None:
    listed = _listed(text[start:end])
    if listed is None:
        return None
    region, key = listed
    if region:
        return PlaceSpan(start, end, CUED_SCORE, "region") if with_regions else None
    cued = place_cue_before(text, start) or place_context_after(text, end)
    if cued:
        return PlaceSpan(start, end, CUED_SCORE, "place with a cue")
    # "Northgate Supplies", "Port Craig": part of a longer proper name needs a cue to be the place
    if not whole_run or _needs_cue(text[start:end], is_large(key)):
        return None
    # a sentence's first word is capitalised anyway: only a rare word counts there
    if starts_sentence(text, start) and english_zipf(fold_name(text[start:end].split(" ")[0])) >= SENTENCE_START_ZIPF:
        return None
    return PlaceSpan(start, end, PLACE_SCORE, "place name")


class PlaceRecognizer(LayerTagged, LocalRecognizer):
    """LOCATION results for cities, towns, suburbs and counties on the shipped GeoNames list."""

    LAYER = "ner"

    def __init__(self, with_regions: bool = False, supported_language: str = "en") -> None:
        self.with_regions = with_regions
        super().__init__(supported_entities=[ENTITY], name="PlaceRecognizer", supported_language=supported_language)

    def load(self) -> None:
        gazetteer()  # read the list now, not on the first request

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if entities and ENTITY not in entities:
            return []
        results = []
        for span in find_places(text, self.with_regions):
            explanation = AnalysisExplanation(
                recognizer=self.name, original_score=span.score, textual_explanation=f"Place: {span.reason}"
            )
            results.append(tagged_result(self, ENTITY, span.start, span.end, span.score, explanation))
        return results
