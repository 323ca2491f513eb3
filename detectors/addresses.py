"""Street addresses as one span: number, street, unit, then the city, region, postcode and country that follow.

HIPAA Safe Harbor identifier #2 (street, city, county, precinct, ZIP). The value is typed ADDRESS, so the model
sees `[ADDRESS_…]` and knows a whole address stood there. Shapes, in any of the languages in `address_words`:

- number, street name, street type: "42 Wallaby Way", "7 george st", "1600 Pennsylvania Avenue NW";
- street type first: "Rua do Arenque 1634", "12 rue de la Paix", "ul. Długa 5", "Via Roma 10";
- a compound street word: "Hauptstraße 5", "6750 Koskikatu 25", "Storgatan 3";
- street name, then type, then number: "Kongens gade 12", "Andrássy út 5";
- units before or after ("Apt. 864", "Unit 3/45", "Flat 2,", "Piso 3º"), PO boxes, US military (PSC/APO/FPO);
- then, on the same line or the next few short lines: city, state or region code, postcode, country.

A cue ("address:", "lives at", "ship to", a JSON key like "street") takes the rest of its value even when the
shape above is not met; a CSV column headed address, street or city gives its cells. pyap finds US, Canadian and
British forms only (and missed most of these); usaddress tags a string it is given rather than finding one in
text; so neither is used. Street-type words are looked up word by word in sets, and the full address regex only
runs in a small window around each one that has a digit near, so text without any costs one linear pass.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass
from typing import Any

import regex as re
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from detectors.address_words import (
    ABBREVIATED_TYPES,
    ADDRESS_LABELS,
    ADDRESS_PHRASES,
    COMPOUND_ENDINGS,
    NAME_PARTICLES,
    PREFIX_ABBREVIATIONS,
    PREFIX_TYPES,
    REGION_CODES,
    SUFFIX_TYPES,
    UNIT_WORDS,
    WEAK_SUFFIX_TYPES,
)
from detectors.alternation import word_alternation
from detectors.census import census_names, is_common_word
from detectors.cues import phrase_alternation
from detectors.gazetteer import is_place, is_region
from detectors.literal_starts import finditer_near, matches_at, word_positions
from detectors.name_words import english_zipf
from detectors.not_names import CALENDAR_WORDS, NOT_NAMES
from detectors.place_columns import find_column_places
from detectors.results import tagged_result
from detectors.street_starts import ascii_prefixes, before_shapes, candidate_starts
from detectors.types import LayerTagged

ENTITY = "ADDRESS"
STREET_SCORE = 0.85
BOX_SCORE = 0.85
CUE_SCORE = 0.7
# A word this rare in English ending in a street type is a street ("Koskikatu"), not "Committee" or "Spring".
COMPOUND_MAX_ZIPF = 3.0
# A lower-case street name needs an abbreviated type or an uncommon word: "7 george st", not "3 open court".
LOWERCASE_NAME_MAX_ZIPF = 4.5
# The street regex runs from a little before a street word (number, unit, name) to a little after (number, units);
# the city, region and postcode after it are read by `_tail_end`, outside the window.
WINDOW_BEFORE, WINDOW_AFTER = 70, 50


def _alternatives(words: frozenset[str]) -> str:
    return word_alternation(sorted(words, key=len, reverse=True))


_L = r"[\p{L}\p{M}]"
_SUFFIX = r"(?i:" + _alternatives(SUFFIX_TYPES) + r")\.?"
_WEAK_SUFFIX = r"(?i:" + _alternatives(WEAK_SUFFIX_TYPES - SUFFIX_TYPES) + r")"
_PREFIX = r"(?:(?i:" + _alternatives(PREFIX_TYPES) + r")\.?|(?i:" + _alternatives(PREFIX_ABBREVIATIONS) + r"))"
_COMPOUND = r"(?P<compound>\p{L}[\p{L}\p{M}-]{2,}?(?i:" + _alternatives(COMPOUND_ENDINGS) + r"))"
# A house number: 12, 12a, 12 B, 3/45, 12-14, No. 5, nº 5, s/n.
_NUMBER = (
    r"(?:(?i:no\.?|nr\.?|n[º°]|#)[ ]?)?\d{1,5}(?:[ ]?[A-Za-z](?![\p{L}\p{N}]))?(?:[-/–]\d{1,5}[A-Za-z]?)?\.?"
    r"|(?i:s/n)"
)
# One word of a street name: capitalised, lower case (chat), a particle, or an ordinal ("5th", "21st", "2e").
_NAME_WORD = (
    r"(?:\p{Lu}"
    + _L
    + r"*(?:['’.-]"
    + _L
    + r"+)*\.?|\p{Ll}"
    + _L
    + r"*(?:['’-]"
    + _L
    + r"+)*|\d{1,3}(?i:st|nd|rd|th|e|er|ème|º|ª|\.))"
)
_NAME = r"(?P<name>" + _NAME_WORD + r"(?:[ ]" + _NAME_WORD + r"){0,3}?)"
# A street named without a type word: capitalised words and particles ("Na Laurové", "Před Rybníkem").
_BARE_NAME = (
    r"(?P<name8>\p{Lu}" + _L + r"*(?:[ ](?:\p{Lu}" + _L + r"*|(?i:" + _alternatives(NAME_PARTICLES) + r"))){0,2})"
)
_CAPITALISED_NAME = r"(?P<name>\p{Lu}" + _L + r"*(?:[ ]" + _NAME_WORD + r"){0,3}?)"
# An everyday-noun type ends the street: "Monk-Porter Beach Road" is not "Monk-Porter Beach" then "Road".
_WEAK_END = r"(?=[,;.\n)]|$|[ ]+(?:[\d#]|(?i:apt|apartment|suite|ste|unit|flat|in|at|near)(?![\p{L}])))"
_DIRECTION = r"(?:[ ](?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)(?![\p{L}\p{N}]))?"
_UNIT_WORD = r"(?:(?i:" + _alternatives(UNIT_WORDS) + r")\.?|#)"
_UNIT_VALUE = r"[ ]?[\p{L}\p{N}]{0,2}\d[\p{L}\p{N}º°ª./-]{0,6}|[ ]?\p{Lu}(?![\p{L}\p{N}])"
_UNIT_BEFORE = r"(?:" + _UNIT_WORD + r"(?:" + _UNIT_VALUE + r")(?:[ ]?/[ ]?|,?[ ]))?"
_UNITS_AFTER = r"(?:,?[ ](?:" + _UNIT_WORD + r"(?:" + _UNIT_VALUE + r")|\d{1,2}[º°ª](?:[ ]?\p{Lu}\b)?))*"
_B = r"(?<![\p{L}\p{N}_@./-])"
_E = r"(?![\p{L}\p{N}_@])"

# Kongens gade 12 / Andrássy út 5: a name, a type word, then the number.
_NAME_THEN_TYPE = _NAME + r"[ ](?P<suffix2>" + _SUFFIX + r")[ ](?P<number6>" + _NUMBER + r")"
# 6750 Koskikatu 25 / Hauptstraße 5: a word ending in a street type.
_COMPOUND_STREET = (
    r"(?:(?P<number2>" + _NUMBER + r")[ ,]{1,2})?(?:\p{Lu}" + _L + r"*[ ]){0,2}" + _COMPOUND
    + r"(?:,?[ ](?P<number3>" + _NUMBER + r"))?"
)  # fmt: skip


def _street_regex(compound: str, name_then_type: str) -> re.Pattern[str]:
    return re.compile(
        _B
        + _UNIT_BEFORE
        + r"(?:"
        # 42 Wallaby Way / 7 george st / 1600 Pennsylvania Avenue NW / 245 Larsen Isle (weak: a city must follow)
        + (r"(?P<number>" + _NUMBER + r")[ ,]{1,2}" + _NAME)
        + (r"[ ](?:(?P<suffix>" + _SUFFIX + r")|(?P<weak>" + _WEAK_SUFFIX + r")" + _WEAK_END + r")" + _DIRECTION)
        # Flat 88, Terry Square / Studio 2, Norman Row
        + (r"|" + _UNIT_WORD + r"(?:" + _UNIT_VALUE + r"),?[ ]" + _CAPITALISED_NAME.replace("name", "name7"))
        + (r"[ ](?:" + _SUFFIX + r"|" + _WEAK_SUFFIX + _WEAK_END + r")")
        # 6750 Koskikatu 25 / Hauptstraße 5 / Am Bahnhofsplatz 3 (or its never-matching stand-in)
        + (r"|" + compound)
        # Rua do Arenque 1634 / Calle Mayor, 5 / ul. Długa 12
        + (r"|" + _PREFIX + r"[ ]" + _NAME + r",?[ ](?P<number4>" + _NUMBER + r")")
        # 12 rue de la Paix / 10, avenue Foch
        + (
            r"|(?P<number5>"
            + _NUMBER
            + r"),?[ ]"
            + _PREFIX
            + r"[ ]"
            + _NAME
            + r"(?=[ ]*(?:[,;.\n]|$)|[ ](?:in|by|and|near|for|with|now|today|yesterday)[ ])"
        )
        # Kongens gade 12 / Andrássy út 5 (or its never-matching stand-in)
        + (r"|" + name_then_type)
        # Kloboukova 81, 102 96 Manětín / Na Laurové 301: a bare name and number, only when a postcode follows
        + (r"|(?P<bare>" + _BARE_NAME + r")[ ](?P<number8>" + _NUMBER + r")(?=,|[ \t]*\r?\n)")
        + r")"
        + _UNITS_AFTER
        + _E,
        re.MULTILINE,
    )


# STREET and its leaner forms, by (compound shape?, name-then-type shape?): a window where a shape cannot match gets a
# form with never-matching stand-ins for it (its groups kept): those shapes, tried at every word, cost most of the time.
_STREETS = {
    (compound, name_then_type): _street_regex(
        _COMPOUND_STREET if compound else r"(?P<number2>(?!))(?P<compound>(?!))(?P<number3>(?!))",
        _NAME_THEN_TYPE if name_then_type else r"(?P<suffix2>(?!))(?P<number6>(?!))",
    )
    for compound in (True, False)
    for name_then_type in (True, False)
}
STREET = _STREETS[True, True]
# What the name-then-type shape cannot match without: " gade 12". Led by its space before the number, then looking
# back for the type word, as a search led by the type words' alternation is tried at every position (5x slower).
_TYPE_THEN_NUMBER = re.compile(r"[ ](?=" + _NUMBER + r")(?<=[ ]" + _SUFFIX + r"[ ])", re.MULTILINE)

BOX = re.compile(
    _B
    + r"(?:(?:PSC|CMR|Unit)[ ]\d{1,5},?[ ](?:Box[ ]\d{1,5},?[ ])?(?:APO|FPO|DPO)[ ](?:AA|AE|AP)"
    + r"|(?:USNS|USS|USCGC)[ ]\p{Lu}\p{L}+(?:[ ]\p{Lu}\p{L}+){0,2}(?:,[ ]|\n)(?:FPO|APO|DPO)[ ](?:AA|AE|AP)"
    + r"|(?i:p\.?[ ]?o\.?[ ]?box|post[ ]office[ ]box|gpo[ ]box|locked[ ]bag|private[ ]bag|postfach|"
    + r"apartado(?:[ ]de[ ]correos)?|caixa[ ]postal|casella[ ]postale|bo[iî]te[ ]postale|skrytka[ ]pocztowa|"
    + r"postbus|postboks|box)[ ]?\d{1,6})"
    + _E
)
# What may follow a street: ", City", " NSW", " 2000", "\nSpringfield, IL 62704", ", Uruguay 64677", " (LU)",
# " / PI", ", RD 2", ", H-1332".
_POSTCODE = (
    r"\(\p{Lu}{2}\)|/[ ]\p{Lu}{2}|RD[ ]\d{1,2}|(?:[A-Z]{1,2}-)?(?:\d{5}(?:-\d{3,4})?|\d{3}[ ]\d{2}|\d{2}-\d{3}"
    r"|\d{4}(?:[ ]?[A-Z]{2}(?![\p{L}]))?|\d{8}|\d{3,6})"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d"
)
_TAIL_WORD = (
    r"(?:\p{Lu}"
    + _L
    + r"*(?:['’.-]"
    + _L
    + r"+)*\.?|(?i:"
    + _alternatives(NAME_PARTICLES)
    + r")|\p{Ll}"
    + _L
    + r"{2,})"
)
TAIL_PART = re.compile(
    r"(?:(?P<in>[ ]in[ ])|,[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*)(?:(?P<postcode>"
    + _POSTCODE
    + r")(?![.,]\d)|(?P<words>"
    + _TAIL_WORD
    + r"(?:[ ]"
    + _TAIL_WORD
    + r"){0,3}))(?![\p{L}\p{N}_@])"
)
_REGION_CODE = re.compile(r"(?:" + _alternatives(REGION_CODES) + r")")


# What a key holds to name an address or a part of one: "shipping_address", "Street", "addressLine1".
_CUE_KEY_WORDS = (
    "address",
    "addr",
    "street",
    "line1",
    "line2",
    "suburb",
    "city",
    "town",
    "locality",
    "county",
    "precinct",
)
# "address: …", "lives at …", `"street": "…"`, `address_line1=…`: the value runs to the line's or the quote's end.
CUE = re.compile(
    r"(?<![\p{L}\p{N}])(?:(?:"
    + phrase_alternation(ADDRESS_LABELS)
    + r"|[\"']?(?P<key>[A-Za-z_]*(?i:"
    + "|".join(_CUE_KEY_WORDS)
    + r")"
    + r"[A-Za-z_0-9]*)[\"']?)(?:[ \t]*(?:[:=]|=>)[ \t]*|[ \t]+is[ \t]+|[ \t]*\.{2,}[ \t]*)"
    + r"|(?P<phrase>"
    + phrase_alternation(ADDRESS_PHRASES)
    + r")[ \t]+)"
    + r"[\"'“]?(?P<value>[^\"'”\n]{3,120}?)"
    + r"(?=[\"'”]|[ \t]*(?:\r?\n|$)|(?<!\b\p{Lu}\p{Ll}{0,3})\.(?:[ \t]|$)|[;|]"
    + r"|,[ \t]+(?i:and|but|so|please|thanks|call|phone|email|tel)\b)",
    re.MULTILINE,
)
# A key of a place, not a whole address: its value is typed LOCATION.
_PLACE_KEY = re.compile(r"(?i)suburb|city|town|locality|county|precinct")
# What a phrase cue's value starts with when it is an address: a house number and a word, or a unit.
_STREET_START = re.compile(r"(?:\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?,?[ ]\p{L}|(?i:unit|flat|apt|suite)\b)")
# A key naming something that is not a postal address: email_address, ip_address, mac_address, street_view.
_NOT_POSTAL_KEY = re.compile(
    r"(?i)email|mail_?addr|\bip|ip_|mac|wallet|btc|eth|web|url|uri|host|server|memory|hex|"
    r"contract|bitcoin|crypto|port|remote|local|bind|listen|gateway|dns|proxy|sender|recipient"
)
_BOX_ANCHOR = re.compile(
    r"(?<![A-Za-z])(?i:box|bag|postfach|apartado|caixa|casella|bo[iî]te|skrytka|postbus|postboks)(?![a-z])|FPO|APO|DPO"
)
# What the lower case of an ASCII text holds wherever _BOX_ANCHOR matches in it (postbus, postboks: "post").
_BOX_ANCHOR_WORDS = ("box", "bag", "post", "apartado", "caixa", "casella", "boite", "skrytka", "fpo", "apo", "dpo")
_WORDS = re.compile(_L + r"+")
# A word of four letters or more and its full stop: a sentence's end ("… Manětín. The witness"), not an abbreviation's.
_SENTENCE_END_AT_END = re.compile(r"\p{L}{4}\.\Z")
_SENTENCE_END_BEFORE_SPACE = re.compile(r"\p{L}{4}\.(?=[ ])")
_LINE_END = re.compile(r"[ \t]*(?:[.)]?[ \t]*(?:\r?\n|$))")
# A cue's value that is hex digits, colons and dots (a MAC or IP address, a hash), not a postal address.
_HEX_OR_ADDRESS_RUN = re.compile(r"[\dA-Fa-f:.]+(?:,|$)")


@dataclass(frozen=True, slots=True)
class AddressSpan:
    start: int
    end: int
    score: float
    reason: str
    entity_type: str = ENTITY


def _is_common(word: str) -> bool:
    return english_zipf(word.casefold()) >= LOWERCASE_NAME_MAX_ZIPF


def _street_ok(match: re.Match[str]) -> bool:
    """Whether a street match is a street and not "3 open court cases" or "Committee 5"."""
    compound = match.group("compound")
    if compound is not None:
        has_number = match.group("number2") or match.group("number3")
        # a lower-case compound ("melissastraat 07") needs its number after it
        number_ok = match.group("number3") if compound[:1].islower() else has_number
        return bool(number_ok) and english_zipf(compound.casefold()) < COMPOUND_MAX_ZIPF
    bare = match.group("name8")
    if bare is not None and any(word.isupper() or word.casefold() in NOT_NAMES for word in bare.split(" ")):
        return False  # "March 9, 1971", "AUD 3,960.00": a month or a code, not a street
    name = match.group("name") or match.group("name7") or bare or ""
    words = _WORDS.findall(name)
    if not words:
        return bool(_DIGIT.search(name))
    if any(word[:1].isupper() for word in words):
        return True
    suffix = (match.group("suffix") or match.group("suffix2") or "").rstrip(".").casefold()
    if (suffix and suffix in ABBREVIATED_TYPES) or match.group("number4") or match.group("number5"):
        return True  # an abbreviated type, or a type word before the name ("rue de henry")
    # "2267 jones crescent": a surname or a rare word names the street; "3 open court cases" has neither
    return any(_names_something(word) for word in words)


def _names_something(word: str) -> bool:
    folded = word.casefold()
    census = census_names()
    if folded in census.surnames or folded in census.first_names:
        return not is_common_word(folded)
    return not _is_common(word)


def _tail_end(text: str, end: int) -> tuple[int, bool]:
    """How far the city, region, postcode and country parts after an address reach, and whether a postcode is
    among them."""
    parts: list[re.Match[str]] = []
    position = end
    while len(parts) < 6:
        match = TAIL_PART.match(text, position)
        if match is None or (parts and match.group("in")):
            break
        if parts and _SENTENCE_END_AT_END.search(parts[-1].group()):
            break  # the last part ended a sentence
        parts.append(match)
        position = match.end()
    kept, postcode = end, False
    for index, part in enumerate(parts):
        words = part.group("words")
        sentence_end = _SENTENCE_END_BEFORE_SPACE.search(words or "")
        if words is not None and sentence_end is not None:
            # "… Manětín. The witness": the sentence ends inside the words
            end_of_words = part.start("words") + sentence_end.end() - 1
            if _capitalised(text[part.start("words") : end_of_words]):
                kept = end_of_words
            break
        if words is not None and any(word.casefold().rstrip(".") in CALENDAR_WORDS for word in words.split(" ")):
            break  # "… Baker Street in March", "…, Monday": a date, not a city
        if words is None or _REGION_CODE.fullmatch(words):
            kept, postcode = part.end(), postcode or words is None
            continue
        following = parts[index + 1] if index + 1 < len(parts) else None
        before_code = following is not None and (
            following.group("postcode") is not None or _REGION_CODE.fullmatch(following.group("words") or "")
        )
        after_postcode = index > 0 and parts[index - 1].group("postcode") is not None and "\n" not in part.group()
        # "75002 Paris", "Artilleros, CO", "… in Kirbyfurt", "…, Milano" at the line's end: the city
        # on a line of its own a city needs a region or postcode after it: "Thanks" is not one
        ends_line = "\n" not in part.group() and _ends_line(text, part.end())
        if _capitalised(words) and (before_code or after_postcode or part.group("in") or ends_line):
            kept = part.end()
            continue
        if part.group("in"):
            break
        named = _named_prefix(words)
        if named:
            kept = part.start("words") + named
        if named != len(words):
            break
    return kept, postcode


def _capitalised(words: str) -> bool:
    """Every word capitalised or a particle: "Sant Julià de Lòria", not "France please"."""
    return all(word[:1].isupper() or word.casefold() in NAME_PARTICLES for word in words.split(" "))


def _named_prefix(words: str) -> int:
    """The length of the longest leading run of words that names a place or a region ("France" of "France please")."""
    pieces = words.split(" ")
    for count in range(len(pieces), 0, -1):
        candidate = " ".join(pieces[:count])
        if is_place(candidate) or is_region(candidate):
            return len(candidate)
    return 0


def _ends_line(text: str, end: int) -> bool:
    return _LINE_END.match(text[end : end + 4]) is not None


_ANCHOR_WORDS = frozenset(word.rstrip(".") for word in SUFFIX_TYPES | PREFIX_TYPES | WEAK_SUFFIX_TYPES)
_ABBREVIATION_STEMS = frozenset(word.rstrip("./") for word in PREFIX_ABBREVIATIONS)
# What the street regex needs right after a stem that only an abbreviation makes an anchor: "c" only as "c/".
_ABBREVIATION_RESTS: dict[str, frozenset[str]] = {
    stem: frozenset(word[len(stem) :] for word in PREFIX_ABBREVIATIONS if word.rstrip("./") == stem)
    for stem in _ABBREVIATION_STEMS - _ANCHOR_WORDS
}
_ENDINGS_BY_LENGTH: dict[int, frozenset[str]] = {
    length: frozenset(ending.rstrip(".") for ending in COMPOUND_ENDINGS if len(ending.rstrip(".")) == length)
    for length in {len(ending.rstrip(".")) for ending in COMPOUND_ENDINGS}
}
_TEXT_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_NUMBER_THEN_POSTCODE = re.compile(
    r"\d(?:,[ ]|[ \t]*\n[ \t]*)(?:[A-Z]{1,2}-)?(?:\d{3}[ ]\d{2}|\d{4,5}|\d{2}-\d{3})[ ]\p{Lu}"
)
# Every street shape holds a digit (a house number, a unit, a postcode) this close to its street word.
DIGIT_REACH = 60


def _merged(spans: list[tuple[int, int]], before: int, after: int, limit: int) -> list[tuple[int, int]]:
    """The spans widened by `before` and `after` characters, overlapping ones merged, in order."""
    windows: list[tuple[int, int]] = []
    for span_start, span_end in sorted(spans):
        start, end = max(0, span_start - before), min(limit, span_end + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


@functools.lru_cache(maxsize=65536)
def _is_anchor(word: str) -> bool:
    """A street-type word, an abbreviation stem, or a word ending in a street type ("Koskikatu")."""
    folded = word.casefold()
    return folded in _ANCHOR_WORDS or folded in _ABBREVIATION_STEMS or _by_ending(folded)


def _by_ending(folded: str) -> bool:
    """A word ending in a compound street ending ("Koskikatu", "Hauptstraße"; "during", "spring" too)."""
    return any(
        len(folded) > length + 1 and folded[-length:] in endings for length, endings in _ENDINGS_BY_LENGTH.items()
    )


def _can_anchor(text: str, start: int, end: int) -> bool:
    """Whether an anchor word can stand in a street the regex accepts, so its window is worth scanning.

    An abbreviation stem matches only with its own punctuation after it ("c/", "ul."), and a word that anchors
    only by a compound ending is a street only when rare in English (`_street_ok`): "during", "string" and "c"
    in code cost a window each otherwise. A hyphen before the word keeps it ("Haupt-ring": the compound is longer).
    """
    folded = text[start:end].casefold()
    rests = _ABBREVIATION_RESTS.get(folded)
    if rests is not None and any(text.startswith(rest, end) for rest in rests):
        return True
    if folded in _ANCHOR_WORDS or not _by_ending(folded):
        return rests is None  # a type word; or a stem without its punctuation that no ending makes an anchor
    # a compound: rare in English, or longer than the word (a hyphen before it)
    return english_zipf(folded) < COMPOUND_MAX_ZIPF or (start > 0 and text[start - 1] == "-")


# The ASCII characters as themselves when _TEXT_WORD reads them as letters, else as a space.
_ASCII_LETTERS_ONLY = bytes(code if _TEXT_WORD.fullmatch(chr(code)) else ord(" ") for code in range(128)) + b" " * 128
# Each ASCII word's `_is_anchor`, by its bytes (emptied when full: a text's words are few, the vocabulary is not).
_ASCII_ANCHORS: dict[bytes, bool] = {}
_ASCII_ANCHORS_MAX = 16384


def _anchor_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each _TEXT_WORD match that `_is_anchor`, in order. In ASCII text the words are the runs of a
    byte translation, split in C, and only the anchors are looked up again for their offsets."""
    if not text.isascii():
        return [m.span() for m in _TEXT_WORD.finditer(text) if _is_anchor(m.group())]
    padded = b" " + text.encode("ascii").translate(_ASCII_LETTERS_ONLY) + b" "
    known = _ASCII_ANCHORS
    spans = []
    at = 0
    for word in padded.split():  # the runs of letters: the translation left no other whitespace
        anchor = known.get(word)
        if anchor is None:
            if len(known) >= _ASCII_ANCHORS_MAX:
                known.clear()
            anchor = known[word] = _is_anchor(word.decode("ascii"))
        if anchor:
            # the word's next whole occurrence: the space before it is its offset in the text (padded has one more)
            at = padded.find(b" " + word + b" ", at)
            spans.append((at, at + len(word)))
            at += len(word) + 1
    return spans


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around street words (with a digit near) where the full address regex is worth running.

    A word lookup per word in plain Python sets: the big case-insensitive alternation would be tried at every
    character instead.
    """
    if _DIGIT.search(text) is None:
        return []
    anchors = [(start, end) for start, end in _anchor_words(text) if _can_anchor(text, start, end)]
    anchors += [m.span() for m in _NUMBER_THEN_POSTCODE.finditer(text)]
    near_digits = [
        (start, end) for start, end in anchors if _DIGIT.search(text, max(0, start - DIGIT_REACH), end + DIGIT_REACH)
    ]
    return _merged(near_digits, WINDOW_BEFORE, WINDOW_AFTER, len(text))


_LEADING_WORD = re.compile(r"\p{Ll}+[ ]")
# "the flat on 316 payne village", "went to 181 brooke ranch": a place preposition right before the number.
_PREPOSITION_BEFORE = re.compile(r"(?<![\p{L}])(?i:on|at|to|near|outside|from|in)[ ]\Z")


def _skip_leading_words(text: str, match: re.Match[str]) -> int:
    """Where a street named before its type starts, past lower-case everyday words ("the flat on székfai utca 84")."""
    start = match.start()
    if match.group("suffix2") is None:
        return start
    while (word := _LEADING_WORD.match(text, start, match.start("suffix2"))) and _is_common(word.group().strip()):
        start = word.end()
    return start


# A unit written before a street without a house number: "Flat 88, Terry Square", "Studio 2, Norman Row".
_UNIT_AHEAD = re.compile(r"(?:" + _UNIT_WORD + r")[ ]?\Z")


# The compound endings an ASCII text can hold, lower case ("str." as "str": a weaker test is still safe); the others
# hold a letter no ASCII letter matches, even case-insensitively.
_ASCII_ENDINGS = tuple(sorted({e.lower().rstrip(".") for e in COMPOUND_ENDINGS if e.isascii()}))
_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz-")


def _may_hold_compound(text: str, start: int, end: int) -> bool:
    """False only where the compound shape cannot match in text[start:end]: in ASCII text its word has a street type
    ending after at least three letters or hyphens, and no letter right after the ending. A few substring searches
    cost less than the shape's lazy run tried at every word."""
    window = text[start:end]
    if not window.isascii():
        return True
    lowered = window.lower()
    for ending in _ASCII_ENDINGS:
        at = lowered.find(ending, 3)
        while at >= 0:
            after = at + len(ending)
            if (after == len(lowered) or not lowered[after].isalpha()) and _RUN_CHARS.issuperset(lowered[at - 3 : at]):
                return True
            at = lowered.find(ending, at + 1)
    return False


# What a match of the plain street form can start with besides a capital, a digit or "#" (see `street_starts`).
_PLAIN_STARTS = ascii_prefixes([*UNIT_WORDS, *PREFIX_TYPES, *PREFIX_ABBREVIATIONS, "no", "nr", "nº", "n°", "s/n"])


def _street_matches(text: str, start: int, end: int, shapes: list[bytes]) -> list[re.Match[str]]:
    """What the street regex (the leanest form the window allows) finds in text[start:end]; the plain form in ASCII
    text tried only where it can start. `shapes` holds the text's `before_shapes` once made."""
    compound, name_then_type = _may_hold_compound(text, start, end), _TYPE_THEN_NUMBER.search(text, start, end)
    street = _STREETS[compound, name_then_type is not None]
    if compound or name_then_type is not None or not text.isascii():
        return list(street.finditer(text, start, end))
    if not shapes:
        shapes.append(before_shapes(text))
    starts = candidate_starts(text, text.lower(), shapes[0], start, end, _PLAIN_STARTS)
    return matches_at(street, text, starts, end)


def _streets(text: str) -> list[AddressSpan]:
    spans = []
    shapes: list[bytes] = []
    for start, end in _windows(text):
        for match in _street_matches(text, start, end, shapes):
            if not _street_ok(match):
                continue
            tail, postcode = _tail_end(text, match.end())
            # "10 Update Center": an everyday-noun street type needs a city, region or postcode after it
            if (
                match.group("weak") is not None
                and tail == match.end()
                and match.end() - match.end("weak") < 4
                and _PREPOSITION_BEFORE.search(text, max(0, match.start() - 12), match.start()) is None
            ):
                continue
            # "Kloboukova 81": a street without a type word needs a postcode after it
            if match.group("bare") is not None and not postcode:
                continue
            begin = _skip_leading_words(text, match)
            if text[tail - 1] == "." and _SENTENCE_END_AT_END.search(text[max(0, tail - 6) : tail]):
                tail -= 1  # a sentence's full stop, not an abbreviation's
            unit = _UNIT_AHEAD.search(text, max(0, begin - 14), begin)
            spans.append(AddressSpan(unit.start() if unit else begin, tail, STREET_SCORE, "street"))
    return spans


def _holds_any(lowered: str, words: tuple[str, ...]) -> bool:
    return any(word in lowered for word in words)


def _boxes(text: str) -> list[AddressSpan]:
    if text.isascii() and not _holds_any(text.lower(), _BOX_ANCHOR_WORDS):
        return []  # a few substring checks cost less than the anchor regex, tried at every position
    hints = [m.span() for m in _BOX_ANCHOR.finditer(text)]
    windows = _merged(hints, 40, 40, len(text))
    matches = (m for start, end in windows for m in BOX.finditer(text, start, end))
    return [AddressSpan(m.start(), _tail_end(text, m.end())[0], BOX_SCORE, "box") for m in matches]


# Words one of the cues holds: the cue regex runs only when one of them is in the text. The first two anywhere in a
# word, the others at a word's start.
_CUE_HINT_ANYWHERE = ("addr", "adres")
_CUE_HINT_WORDS = (
    "street", "line1", "line2", "suburb", "city", "town", "locality", "county", "precinct", "anschrift", "direcci",
    "domicilio", "endere", "morada", "indirizzo", "osoite", "cím", "bopæl", "lives", "live", "living", "resid", "ship",
    "send", "deliver", "mail", "post", "office", "located", "based", "situated", "wohnhaft", "on the way", "on its way",
)  # fmt: skip
_CUE_HINT = re.compile(
    r"(?i:" + "|".join(_CUE_HINT_ANYWHERE) + r")|(?<![A-Za-z])(?i:" + "|".join(map(re.escape, _CUE_HINT_WORDS)) + r")"
)
# Where a hint can start in an ASCII text (a word with another letter matches none there).
_ASCII_CUE_HINTS = tuple(word for word in _CUE_HINT_ANYWHERE + _CUE_HINT_WORDS if word.isascii())


# The first words of the labels and phrases an ASCII text can hold: where a CUE match led by one can start.
_CUE_FIRST_WORDS = tuple(
    dict.fromkeys(cue.split()[0].lower() for cue in ADDRESS_LABELS + ADDRESS_PHRASES if cue.isascii())
)
_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _cue_starts(text: str) -> list[int]:
    """Where a CUE match can start in an ASCII text: a label's or phrase's first word; for a key, the start of the
    run of letters and underscores holding a key word, or a position after an underscore in it, or a quote before
    it (the look-behind rules out every other position of the run)."""
    lowered = text.lower()
    starts = set(word_positions(lowered, _CUE_FIRST_WORDS))
    for at in word_positions(lowered, _CUE_KEY_WORDS):
        run = at
        while run > 0 and text[run - 1] in _KEY_CHARS:
            run -= 1
        starts.update(x for x in range(run + 1, at + 1) if text[x - 1] == "_")
        starts.add(run)
        if run > 0 and text[run - 1] in "\"'":
            starts.add(run - 1)
    return sorted(starts)


def _cue_matches(text: str, windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """What CUE.finditer finds in each window; in an ASCII text tried only where a match can start (`_cue_starts`)."""
    if not text.isascii():
        return [match for start, end in windows for match in CUE.finditer(text, start, end)]
    starts = _cue_starts(text) if windows else []
    return [
        match
        for start, end in windows
        for match in matches_at(
            CUE, text, starts[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)], end
        )
    ]


def _cued(text: str) -> list[AddressSpan]:
    spans: list[AddressSpan] = []
    hints = [m.span() for m in finditer_near(_CUE_HINT, text, _ASCII_CUE_HINTS, 0)]
    for match in _cue_matches(text, _merged(hints, 40, 180, len(text))):
        key = match.group("key")
        if key is not None and _NOT_POSTAL_KEY.search(key):
            continue
        raw = match.group("value")
        value = raw.strip()
        start = match.start("value") + (len(raw) - len(raw.lstrip()))
        if not _looks_postal(value, key is not None, match.group("phrase") is not None):
            continue
        entity_type = "LOCATION" if key is not None and _PLACE_KEY.search(key) else ENTITY
        end = start + len(value)
        if entity_type == ENTITY:
            end = max(end, _tail_end(text, end)[0])  # the city and postcode on the next line
        spans.append(AddressSpan(start, end, CUE_SCORE, "address cue", entity_type))
    return spans


def _looks_postal(value: str, keyed: bool, phrase: bool) -> bool:
    """A cue's value that could be an address: a number with words, a street word, or a known place."""
    if not _WORDS.search(value) or value.startswith(("http", "www.", "/", "{", "[", "<", "0x")) or "@" in value:
        return False
    if any(_is_anchor(word) for word in _TEXT_WORD.findall(value)) or is_place(value.split(",")[0].strip()):
        return True
    if phrase:
        return _STREET_START.match(value) is not None
    if _DIGIT.search(value) and len(value) >= 5 and not _HEX_OR_ADDRESS_RUN.match(value):
        return True
    # a JSON value under an address key is one whatever its shape
    return keyed and value[:1].isupper() and len(value.split()) <= 6


def find_addresses(text: str) -> list[AddressSpan]:
    """Every address span in the text; a cue's value gives way to a street or box found inside it."""
    shaped = [*_streets(text), *_boxes(text)]
    cued = [c for c in _cued(text) if not any(s.start < c.end and c.start < s.end for s in shaped)]
    columns = [AddressSpan(c.start, c.end, c.score, c.reason, c.entity_type) for c in find_column_places(text)]
    return sorted([*shaped, *cued, *columns], key=lambda span: (span.start, span.end))


class AddressRecognizer(LayerTagged, LocalRecognizer):
    """Street addresses, PO boxes and military addresses, with their city, region, postcode and country."""

    LAYER = "patterns"

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[ENTITY, "LOCATION"], name="AddressRecognizer", supported_language=supported_language
        )

    def load(self) -> None:
        _warm()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        results = []
        for span in find_addresses(text):
            if entities and span.entity_type not in entities:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name, original_score=span.score, textual_explanation=f"Address: {span.reason}"
            )
            results.append(tagged_result(self, span.entity_type, span.start, span.end, span.score, explanation))
        return results


@functools.cache
def _warm() -> None:
    is_place("Warm")  # read the place list now, not on the first request
