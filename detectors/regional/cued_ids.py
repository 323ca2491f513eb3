"""Regional identifiers named by a cue, kept even when their checksum or issue range fails (recall first).

"SSN 912-34-5678" is in the never-issued 9xx area and "TFN 123 456 780" fails the ATO check, yet whoever wrote them
meant a Social Security or tax file number: a typo or a test value next to its label is still redacted. These
recognizers match the identifier's rough shape at a low base score; only the identifier's own name (a word a few
places before, or a column header / JSON key) lifts them past the threshold, typed by the cue. The checksum-valid
forms are found, at full score and with no cue, by the regional modules.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.patterns import bounded, digits_of
from detectors.regional.universal import UniversalPatternRecognizer

CUE_ONLY_SCORE = 0.2
# The name must stand close: "SSN: ...", "his TFN is ...", a column headed "nhs_number".
CUE_WORDS_BEFORE = 5


class _CuedIdRecognizer(UniversalPatternRecognizer):
    CONTEXT_PREFIX_COUNT = CUE_WORDS_BEFORE

    def invalidate_result(self, pattern_text: str) -> bool:
        return len(set(digits_of(pattern_text))) == 1


class UsSsnNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "US"
    ENTITY = "US_SSN"
    PATTERNS = (Pattern("US SSN shape near its name", bounded(r"\d{3}(?P<sep>[ .-]?)\d{2}(?P=sep)\d{4}"), 0.2),)
    CONTEXT = ("ssn", "social security", "social security number", "ss#", "ss no")


class AuTfnNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "AU"
    ENTITY = "AU_TFN"
    PATTERNS = (Pattern("AU TFN shape near its name", bounded(r"\d{3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{2,3}"), 0.2),)
    CONTEXT = ("tfn", "tax file number", "tax file no")


class AuMedicareNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "AU"
    ENTITY = "AU_MEDICARE"
    PATTERNS = (
        Pattern(
            "AU Medicare shape near its name", bounded(r"\d{4}(?P<sep>[ -]?)\d{5}(?P=sep)\d(?:(?:(?P=sep)|/)\d)?"), 0.2
        ),
    )
    CONTEXT = ("medicare",)


class AuAbnNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "AU"
    ENTITY = "AU_ABN"
    PATTERNS = (
        Pattern("AU ABN shape near its name", bounded(r"\d{2}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}(?P=sep)\d{3}"), 0.2),
    )
    CONTEXT = ("abn", "australian business number")


class UkNhsNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "UK"
    ENTITY = "UK_NHS"
    PATTERNS = (Pattern("UK NHS shape near its name", bounded(r"\d{3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{4}"), 0.2),)
    CONTEXT = ("nhs", "nhs number", "nhs no", "chi number")


class NzIrdNearCueRecognizer(_CuedIdRecognizer):
    LOCALE = "NZ"
    ENTITY = "NZ_IRD"
    PATTERNS = (Pattern("NZ IRD shape near its name", bounded(r"\d{2,3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}"), 0.2),)
    CONTEXT = ("ird", "ird number", "inland revenue")


RECOGNIZERS: tuple[type[_CuedIdRecognizer], ...] = (
    UsSsnNearCueRecognizer,
    AuTfnNearCueRecognizer,
    AuMedicareNearCueRecognizer,
    AuAbnNearCueRecognizer,
    UkNhsNearCueRecognizer,
    NzIrdNearCueRecognizer,
)
