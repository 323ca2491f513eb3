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
    CONTEXT_ONLY = True
    # Typed by the cue alone: a bare field of this rough shape says nothing of what it is.
    FIELD_IS_CUE = False

    def invalidate_result(self, pattern_text: str) -> bool:
        return len(set(digits_of(pattern_text))) == 1


class UsSsnNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "us"
    ENTITY = "US_SSN"
    PATTERNS = (Pattern("US SSN shape near its name", bounded(r"\d{3}(?P<sep>[ .-]?)\d{2}(?P=sep)\d{4}"), 0.2),)
    CONTEXT = ("ssn", "social security", "social security number", "ss#", "ss no")


class AuTfnNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "au"
    ENTITY = "AU_TFN"
    PATTERNS = (Pattern("AU TFN shape near its name", bounded(r"\d{3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{2,3}"), 0.2),)
    CONTEXT = ("tfn", "tax file number", "tax file no")


class AuMedicareNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "au"
    ENTITY = "AU_MEDICARE"
    PATTERNS = (
        Pattern(
            "AU Medicare shape near its name", bounded(r"\d{4}(?P<sep>[ -]?)\d{5}(?P=sep)\d(?:(?:(?P=sep)|/)\d)?"), 0.2
        ),
    )
    CONTEXT = ("medicare",)


class AuAbnNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "au"
    ENTITY = "AU_ABN"
    PATTERNS = (
        Pattern("AU ABN shape near its name", bounded(r"\d{2}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}(?P=sep)\d{3}"), 0.2),
    )
    CONTEXT = ("abn", "australian business number")


class UkNhsNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "uk"
    ENTITY = "UK_NHS"
    PATTERNS = (Pattern("UK NHS shape near its name", bounded(r"\d{3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{4}"), 0.2),)
    CONTEXT = ("nhs", "nhs number", "nhs no", "chi number")


class NzIrdNearCueRecognizer(_CuedIdRecognizer):
    COUNTRY_CODE = "nz"
    ENTITY = "NZ_IRD"
    PATTERNS = (Pattern("NZ IRD shape near its name", bounded(r"\d{2,3}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}"), 0.2),)
    CONTEXT = ("ird", "ird number", "inland revenue")


class AuBsbAndAccountRecognizer(_CuedIdRecognizer):
    """A BSB and its account number printed as one value ("010-010146231", "528 247 53556"), named by "BSB" or
    "account" nearby or standing alone in its field; the dash or space inside the BSB keeps digit runs out."""

    LOCALE = "AU"
    ENTITY = "AU_BANK_ACCOUNT"
    FIELD_IS_CUE = True  # the BSB's separator gives the shape: a field holding only this is a bank account
    PATTERNS = (Pattern("AU BSB and account as one", bounded(r"\d{3}[ -]\d{3}[ -]?\d{5,10}"), 0.2),)
    CONTEXT = ("bsb", "bank account", "account no", "account number", "acct")


class NationalIdNearCueRecognizer(_CuedIdRecognizer):
    """Any country's personal identifier named by its label or column: "national_id", "ID number", "PESEL",
    "henkilötunnus", "codice fiscale" ... followed by 6-20 letters and digits with at least five digits."""

    ENTITY = "NATIONAL_ID"
    # "my ID number for the tax return, it's 180287-268A": the label may stand a clause away.
    CONTEXT_PREFIX_COUNT = 8
    PATTERNS = (
        Pattern(
            "identifier near its name",
            r"(?<![\w./@'’-])(?=(?:[A-Za-z./ -]{0,6}\d){5})(?=[A-Za-z]{0,3}\d|(?-i:[A-Z]{1,3})[ -]\d)[A-Za-z0-9]{1,18}"
            r"(?:[./ -](?=[A-Za-z]{0,9}\d)[A-Za-z0-9]{1,10}){0,3}(?:[ -](?-i:[A-Z])(?![\w-]))?(?![\w@-])",
            0.2,
        ),
        # Italy's codice fiscale: six letters before its first digits.
        Pattern(
            "codice fiscale near its name", r"(?<![\w-])(?-i:[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z])(?![\w-])", 0.2
        ),
    )
    CONTEXT = (
        "national id", "national_id", "nationalid", "national identity", "national number", "id number", "id no",
        "id nr", "id card", "identity number", "identity card", "identification number", "personal id",
        "personal number", "personal identity", "personal code", "citizen id", "tax id", "taxpayer",
        "tax identification", "personnummer", "pesel", "henkilötunnus", "hetu", "codice fiscale", "dni", "bsn",
        "cpr", "rodné číslo", "rodne cislo", "isikukood", "személyi", "cpf", "insee", "sozialversicherungsnummer",
        "steuer-id", "steuernummer", "identifikationsnummer", "aadhaar", "nric", "ssn", "social security",
        "passport", "passport number", "passport no", "driver licence",
        "drivers license", "driver's license", "licence number", "license number",
    )  # fmt: skip


RECOGNIZERS: tuple[type[_CuedIdRecognizer], ...] = (
    UsSsnNearCueRecognizer,
    AuTfnNearCueRecognizer,
    AuMedicareNearCueRecognizer,
    AuAbnNearCueRecognizer,
    AuBsbAndAccountRecognizer,
    UkNhsNearCueRecognizer,
    NzIrdNearCueRecognizer,
    NationalIdNearCueRecognizer,
)
