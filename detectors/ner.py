"""The NER layer: spaCy's entities through Presidio, minus what spaCy gets wrong on code and identifiers."""

from __future__ import annotations

import re
from functools import lru_cache

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from detectors.address_words import REGION_CODES
from detectors.gazetteer import is_place, is_region
from detectors.name_cues import starts_sentence
from detectors.name_words import WordClass, classify, english_zipf, follows_product, is_first_name
from detectors.places import place_context_after, place_cue_before
from detectors.types import LayerTagged

# Code, paths, numbers and markup: spaCy labels these PERSON/LOCATION often; a name or a place has none.
NOT_A_NAME = re.compile(r"[\d_=<>{}()\[\]/\\@#$%^*+|~`;:\"]|\.\w|->|::")
CAMEL_CASE = re.compile(r"[a-z][A-Z]")
EDGE_PUNCT = " \t\r\n.,;:!?'\"()[]{}<>-–—*"


def plausible_entity(span: str) -> bool:
    """False for spans that cannot be a person or a place: code, identifiers, numbers, acronyms, lower-case."""
    words = span.split()
    if not words or NOT_A_NAME.search(span) or CAMEL_CASE.search(span):
        return False
    if not any(w[:1].isupper() for w in words):
        return False
    # ALL-CAPS single tokens are acronyms and constants (JSON, API, TODO), not names.
    return not (len(words) == 1 and span.isupper())


# A capitalised English word at a sentence start ("Volunteer", "Email", "Date") is not a name on its own.
_NOT_A_LONE_NAME = (WordClass.WORD, WordClass.STOP)
# Tokens inside a span: letters only, so "Jun" is read from "Jun  6 2024" and "Kafka" from "Kafka's".
_SPAN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def plausible_person(span: str) -> bool:
    """False for PERSON spans made only of English words, months, weekdays and tech products."""
    words = _SPAN_WORD.findall(span)
    if not words:
        return False
    if len(words) == 1:
        return classify(words[0]) not in _NOT_A_LONE_NAME
    classes = [classify(word) for word in words]
    # "Mill Lane", "Patch Tuesday": no word of it is a name.
    if all(cls in _NOT_A_LONE_NAME for cls in classes):
        return False
    # "Vega Smart Plug", "Atlas Backup Suite": an everyday word after the first makes a product, not a person.
    if WordClass.WORD in classes[1:]:
        return False
    # "Amazon Aurora", "Run Terraform Cloud": a product inside, unless a given name leads ("Taylor Swift").
    return WordClass.STOP not in classes or is_first_name(words[0])


# What follows a person opening a sentence: a verb, a preposition or conjunction, punctuation, a line end.
_AFTER_A_PERSON = re.compile(
    r"['’]s\b|[ \t]*(?:[,;!?(—–]|\.(?:\s|\Z)|\r?\n|\Z)|[ \t]+(?:[a-z]+(?:ed|s|ing|n't|n’t)|is|was|has|had|will|would|"
    r"can|could|should|shall|may|might|must|did|do|to|from|in|at|on|with|for|of|by|and|or|but|who|also|just|then|"
    r"still|now|never|always|already|said|told|took|went|came|saw|made|gave|got|left|sent|found|kept|felt|met|ran|"
    r"rang|spoke|wrote|brought|thought|knew|began|forgot|put|read|set|led|won|lost|paid|held|stood|chose|drove|"
    r"flew|fell|broke|ate|drew|grew|hid|hit|let|meant|rode|sat|sang|slept|swam|taught|threw|tore|woke|wore)\b"
)
# A lone name before these nouns names a method or a law, not a person: "Markov chains", "Gaussian blur".
_EPONYM_NOUN = re.compile(
    r"[ \t]+(?:chains?|blur|noise|process(?:es)?|distributions?|filters?|kernels?|theorems?|lemmas?|equations?|"
    r"transforms?|inequalit(?:y|ies)|conjectures?|constants?|numbers|series|matri(?:x|ces)|polynomials?|"
    r"functions?|curves?|integrals?|spaces?|fields|elimination|algorithm|method|mixtures?|priors?)\b"
)


def names_an_eponym(text: str, end: int) -> bool:
    """Whether a method, law or distribution named after someone follows the span ("Bayes theorem")."""
    return _EPONYM_NOUN.match(text, end) is not None


# A word this frequent in English ("merge" 3.75, "mark" 5.05; "nathaniel" 3.44) may be a verb opening a sentence.
SENTENCE_WORD_ZIPF = 3.5


def reads_as_sentence_word(text: str, start: int, end: int) -> bool:
    """A lone capitalised English word opening a sentence and not followed the way a person is ("Frank feedback")."""
    return (
        starts_sentence(text, start)
        and english_zipf(text[start:end].casefold()) >= SENTENCE_WORD_ZIPF
        and _AFTER_A_PERSON.match(text, end) is None
    )


def never_an_entity(span: str) -> bool:
    """A lone month, weekday or tech product is never a person or a place ("Jun", "Redis", "Postgres")."""
    words = _SPAN_WORD.findall(span)
    return len(words) == 1 and classify(words[0]) is WordClass.STOP


# Words that lead into a name or a place without being part of it: "Email Priya …", "the Sydney Opera House".
_LEADING_WORD = re.compile(r"(?:the|The|THE|a|an)[ \t]+|(?P<word>[A-Z][a-z]+)\.?[ \t]+")


def trim_leading_words(text: str, start: int, end: int, entity_type: str) -> int:
    """The span's start moved past leading words that are not part of the value (a verb, a greeting, a title).

    A place keeps a leading "The" when the whole name is a known place ("The Hague"); a person keeps a leading
    word that may be a given name ("Will Smith", "Rose Tyler").
    """
    while True:
        match = _LEADING_WORD.match(text, start, end)
        if match is None or match.end() >= end:
            return start
        if entity_type == "LOCATION" and is_place(text[start:end]):
            return start
        word = match.group("word")
        if word is not None and classify(word) not in (WordClass.WORD, WordClass.STOP):
            return start
        start = match.end()


def retyped(text: str, start: int, end: int, entity_type: str) -> str:
    """PERSON for a span that names a place and stands where places stand ("Sydney NSW 2000") is LOCATION."""
    if entity_type != "PERSON" or not is_place(text[start:end]):
        return entity_type
    if place_cue_before(text, start) or place_context_after(text, end):
        return "LOCATION"
    return entity_type


def is_region_only(span: str) -> bool:
    """A country, a US state or a state code alone ("Uruguay", "Texas", "NSW"): Safe Harbor lets these stay."""
    return is_region(span) or span in REGION_CODES


# A conversation repeats its names and places every turn: each spelling is judged once.
@lru_cache(maxsize=16384)
def _kept_span(span: str, entity_type: str, with_regions: bool) -> bool | None:
    """None when the span alone rules the entity out (a bare region, code, a month, English words); else whether it
    is a lone word."""
    if entity_type == "LOCATION" and not with_regions and is_region_only(span):
        return None
    if not plausible_entity(span) or never_an_entity(span):
        return None
    if entity_type == "PERSON" and not plausible_person(span):
        return None
    return len(_SPAN_WORD.findall(span)) == 1


class NerRecognizer(LayerTagged, SpacyRecognizer):
    """spaCy NER results for the entity types the settings enable, trimmed and filtered."""

    LAYER = "ner"

    def __init__(
        self, supported_entities: list[str] | None = None, supported_language: str = "en", with_regions: bool = False
    ):
        self.with_regions = with_regions
        super().__init__(
            supported_language=supported_language,
            supported_entities=supported_entities or ["PERSON", "LOCATION"],
            name="SpacyNER",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts):
            start, end = result.start, result.end
            while start < end and text[start] in EDGE_PUNCT:
                start += 1
            while end > start and text[end - 1] in EDGE_PUNCT:
                end -= 1
            # A possessive 's belongs to the sentence, not the name.
            if text[start:end].endswith(("'s", "’s")):
                end -= 2
            # a name or a place stays on one line: "Atlas Backup Suite\n- any other business"
            line_break = text.find("\n", start, end)
            if line_break >= 0:
                end = line_break
                while end > start and text[end - 1] in EDGE_PUNCT:
                    end -= 1
            start = trim_leading_words(text, start, end, result.entity_type)
            result.entity_type = retyped(text, start, end, result.entity_type)
            lone = _kept_span(text[start:end], result.entity_type, self.with_regions)
            if lone is None:
                continue
            if (
                result.entity_type == "PERSON"
                and lone
                and (
                    follows_product(text, start)
                    or reads_as_sentence_word(text, start, end)
                    or names_an_eponym(text, end)
                )
            ):
                continue
            result.start, result.end = start, end
            kept.append(result)
        return kept
