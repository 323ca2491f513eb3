"""Phone numbers of every country, read with Google's libphonenumber (the `phonenumbers` package).

- `+CC` international forms anywhere: "+1-984-182-0190", "+46 (0)8 928 571 38", "+55 11 98456 5666 ext. 12".
- National forms of any region, and short local numbers (7-8 digits), when a phone cue is near: a word ("phone",
  "call me on", "mobile", "fax", "whatsapp", "Telefon" ...), a short label ("Ph:", "T."), or a column header / JSON
  key that says so. The locale's regions are tried first to score the value; with a cue, the shape alone is enough.

Only runs of 7-15 digits in a phone's printed shape are parsed, so prose and long numbers cost one regex pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import phonenumbers
import regex
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from detectors.cues import WORDS_BEFORE, CueFinder
from detectors.regional.universal import cue_regions
from detectors.results import tagged_result
from detectors.types import LayerTagged

ENTITY = "PHONE_NUMBER"
MIN_DIGITS = 7
MAX_DIGITS = 15
# Plus forms libphonenumber accepts as valid or merely possible (right length for the country).
VALID_INTERNATIONAL_SCORE = 0.85
POSSIBLE_INTERNATIONAL_SCORE = 0.7
# National forms with a cue: valid in one of the locale's regions, or only the shape of a phone.
VALID_NATIONAL_SCORE = 0.75
SHAPED_NATIONAL_SCORE = 0.6

CUE_WORDS = (
    "phone", "telephone", "tel", "tél", "téléphone", "telefon", "telefono", "teléfono", "telefone", "telefoon",
    "puhelin", "mobile", "mob", "mobil", "móvil", "movil", "cell", "cellphone", "cell phone", "celular", "handy",
    "gsm", "portable", "cellulare", "landline", "fax", "sms", "text me", "whatsapp", "signal", "call", "call me",
    "call me on", "calls", "ring", "ring me", "reach me", "contact", "contact number", "phone number", "ph",
    "tlf", "mobiel", "puh", "numer telefonu", "tfn", "dial", "callback", "call back", "voicemail", "text",
    "texts", "my number", "his number", "her number", "their number", "your number", "our number", "s number",
    "mobile number", "cell number", "hotline", "helpline", "reach", "reachable",
)  # fmt: skip
# Labels that only count right before the number ("T: 020 ...", "M. 0412 ...").
CUE_LABELS = ("ph", "p", "t", "m", "tel", "tél", "mob", "cel", "fax", "f", "h", "w", "o")

# Short labels right before a number; with the cue words' windows they bound where national numbers are looked at.
LABEL = regex.compile(
    r"\b(?:" + "|".join(regex.escape(label) for label in CUE_LABELS) + r")[ \t]*[:.#]?[ \t]*(?=[+(\d])",
    regex.IGNORECASE,
)

# Locale names -> libphonenumber region codes, tried first when scoring a national number.
_REGION_OF_LOCALE = {"UK": "GB"}

# Digits in a phone's printed groupings: separators are one space, dot, dash or slash, or a bracketed group;
# a "(0)" trunk and an extension may appear. The run must not continue a word, a longer number or a decimal.
_GROUP = r"(?:\(\d{1,5}\)|\d)"
_SEP = r"(?:[ \u00a0.\-/]|\u00a0| - )?"
CANDIDATE = regex.compile(
    # the lookahead first: most positions fail on it before the lookbehind is tried
    rf"(?=[+(\d])(?<![\w+#/.@-])(?:(?P<plus>\+|\(\+\d{{1,4}}\)[ \u00a0]?)|(?P<idd>00)(?=[1-9]))?"
    rf"{_GROUP}(?:{_SEP}{_GROUP}){{5,20}}"
    r"(?:[ \u00a0]?(?:[,;]?[ \u00a0]?(?i:ext\.?|extension|x|#)[ \u00a0]?)\d{1,6})?"
    r"(?![\w@]|[.,:/-]?\d)"
)
_NOT_A_PHONE = (
    regex.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}"),  # an ISO date
    regex.compile(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}"),  # a d/m/y or m/d/y date
    regex.compile(r"\d{1,3}(?:\.\d{1,3}){3}"),  # an IPv4 address
    regex.compile(r"\d+\.\d{1,2}"),  # an amount
)


def digits_in(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# A conversation repeats its numbers every turn: parse each printed form once.
@lru_cache(maxsize=4096)
def _international_score(value: str) -> float | None:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return VALID_INTERNATIONAL_SCORE
    return POSSIBLE_INTERNATIONAL_SCORE if phonenumbers.is_possible_number(number) else None


@lru_cache(maxsize=4096)
def _valid_in(value: str, regions: tuple[str, ...]) -> bool:
    for region in regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _inside(regions: list[tuple[int, int]], position: int) -> bool:
    """Whether a position lies in one of the (sorted, possibly overlapping) regions."""
    index = bisect.bisect_right(regions, (position, float("inf"))) - 1
    return any(start <= position < end for start, end in regions[max(0, index - 8) : index + 1])


class PhoneNumberRecognizer(LayerTagged, LocalRecognizer):
    """International phone numbers anywhere; national and short local ones next to a phone cue."""

    LAYER = "patterns"

    def __init__(self, locales: Iterable[str] = ("AU", "NZ", "UK", "US"), supported_language: str = "en"):
        self.regions = tuple(_REGION_OF_LOCALE.get(locale, locale) for locale in locales)
        super().__init__(
            supported_entities=[ENTITY],
            name="PhoneNumberRecognizer",
            supported_language=supported_language,
            context=[],
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if entities and ENTITY not in entities:
            return []
        cues: CueFinder | None = None
        regions = cue_regions(text, list(CUE_WORDS), WORDS_BEFORE)
        regions += [(m.start(), m.end() + 1) for m in LABEL.finditer(text)]
        starts = sorted(regions)
        results = []
        for match in CANDIDATE.finditer(text):
            start, end = match.span()
            value = match.group()
            count = len(digits_in(value.split("x")[0].split("#")[0]))
            if not MIN_DIGITS <= count <= MAX_DIGITS:
                continue
            international = match.group("plus") or match.group("idd")
            if not (international or _inside(starts, start)) or any(p.fullmatch(value) for p in _NOT_A_PHONE):
                continue
            score = None
            if match.group("plus"):
                # "(+61) 412 ...": the country code in brackets
                plus = match.group("plus")
                score = _international_score(plus.replace("(", "").replace(")", "") + value[len(plus) :])
            elif match.group("idd"):
                # "0048 ...", "001-406-...": the international call prefix written out instead of "+".
                score = _international_score("+" + value[2:])
            if score is None:
                if not _inside(starts, start):
                    continue
                cues = cues or CueFinder(text, CUE_WORDS, CUE_LABELS)
                if not cues.near(start, end):
                    continue
                score = VALID_NATIONAL_SCORE if _valid_in(value, self.regions) else SHAPED_NATIONAL_SCORE
            explanation = AnalysisExplanation(self.name, score, textual_explanation="phonenumbers / phone cue")
            results.append(tagged_result(self, ENTITY, start, end, score, explanation))
        return results
