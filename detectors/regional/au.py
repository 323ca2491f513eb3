"""Australian pattern recognizers: phones, TFN, Medicare, ABN, passports and BSB + account numbers.

Scores follow one scheme: a checksum that holds on a formatted number sets 1.0, a bare run of digits keeps
its low base score (0.2) so only a context word lifts it past the 0.5 threshold, and a failed checksum drops
the result.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.patterns import (
    NUMBER_END,
    NUMBER_START,
    PHONE_CONTEXT,
    ConstantPatternRecognizer,
    bounded,
    digits_of,
)
from detectors.patterns import SEPARATOR as _S


class _AuRecognizer(ConstantPatternRecognizer):
    """Base for this module's recognizers: switched on with the AU locale."""

    COUNTRY_CODE = "au"


# Area code 02/03/07/08 landlines and 04 mobiles, without the trunk 0 (as after +61).
_LANDLINE = rf"[2378]{_S}\d{{4}}{_S}\d{{4}}"
_MOBILE = rf"4(?:\d{{2}}{_S}\d{{3}}{_S}\d{{3}}|{_S}\d{{4}}{_S}\d{{4}})"


class AuPhoneRecognizer(_AuRecognizer):
    """Australian landlines, mobiles and 1300/1800 numbers, national and +61 forms."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern("AU phone (+61)", bounded(rf"(?:\+61|\(\+61\)){_S}(?:\(0\){_S})?(?:{_LANDLINE}|{_MOBILE})"), 0.75),
        # (?!\d{10}) keeps the all-digits form out of the formatted patterns: it gets the bare score.
        Pattern(
            "AU landline (formatted)",
            bounded(rf"(?!\d{{10}})(?:\(0[2378]\)|0[2378]){_S}\d{{4}}{_S}\d{{4}}"),
            0.65,
        ),
        Pattern(
            "AU mobile (formatted)",
            bounded(rf"(?!\d{{10}})04(?:\d{{2}}{_S}\d{{3}}{_S}\d{{3}}|{_S}\d{{4}}{_S}\d{{4}})"),
            0.65,
        ),
        Pattern("AU 1300/1800 (formatted)", bounded(rf"(?!\d{{10}})1[38]00{_S}\d{{3}}{_S}\d{{3}}"), 0.65),
        # A bare run of ten digits is as likely an order number: it needs a context word.
        Pattern("AU phone (digits only)", bounded(r"0[23478]\d{8}|1[38]00\d{6}"), 0.4),
    )
    CONTEXT = PHONE_CONTEXT


def tfn_checksum_ok(digits: str) -> bool:
    """ATO weighted mod-11 check for 8-digit (older, non-individual) and 9-digit tax file numbers."""
    if len(digits) not in (8, 9):
        return False
    weights = (10, 7, 8, 4, 6, 3, 5, 1) if len(digits) == 8 else (1, 4, 3, 7, 5, 8, 6, 9, 10)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


class AuTfnRecognizer(_AuRecognizer):
    """Australian Tax File Numbers: NNN NNN NNN (or 8 digits), checked with the ATO's weighted mod 11.

    Reference: https://www.ato.gov.au/individuals/tax-file-number/ (the ATO's weights:
    https://en.wikipedia.org/wiki/Tax_file_number)
    """

    ENTITY = "AU_TFN"
    PATTERNS = (
        Pattern("AU TFN (formatted)", bounded(r"\d{3}(?P<sep>[ -])\d{3}(?P=sep)\d{3}"), 0.2),
        Pattern("AU TFN (digits only)", bounded(r"\d{8,9}"), 0.2),
    )
    CONTEXT = ("tfn", "tax")

    def validate_result(self, pattern_text: str) -> bool | None:
        # A checksum that holds needs no cue (recall first), printed or bare; one that fails drops the value.
        return tfn_checksum_ok(digits_of(pattern_text))

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return len(set(digits_of(pattern_text))) == 1


def medicare_checksum_ok(digits: str) -> bool:
    """Medicare card number: first digit 2-6, ninth digit = weighted sum of the first eight mod 10."""
    if len(digits) not in (10, 11) or digits[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return total % 10 == int(digits[8])


class AuMedicareRecognizer(_AuRecognizer):
    """Medicare card numbers: NNNN NNNNN N plus an optional individual reference number.

    Reference: https://en.wikipedia.org/wiki/Medicare_card_(Australia) (check digit: weights 1, 3, 7, 9 mod 10)
    """

    ENTITY = "AU_MEDICARE"
    PATTERNS = (
        Pattern(
            "AU Medicare (formatted)",
            bounded(r"[2-6]\d{3}(?P<sep>  |[ -])\d{5}(?P=sep)\d(?:(?:(?P=sep)|/)[1-9])?"),
            0.2,
        ),
        Pattern("AU Medicare (digits only)", bounded(r"[2-6]\d{9,10}"), 0.2),
    )
    CONTEXT = ("medicare", "irn", "card")

    def validate_result(self, pattern_text: str) -> bool | None:
        # A checksum that holds needs no cue (recall first), printed or bare; one that fails drops the value.
        return medicare_checksum_ok(digits_of(pattern_text))

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return len(set(digits_of(pattern_text))) == 1


def abn_checksum_ok(digits: str) -> bool:
    """ABN: subtract 1 from the first digit, weight by 10,1,3,...,19, and the sum divides by 89."""
    if len(digits) != 11 or digits[0] == "0":
        return False
    values = [int(digits[0]) - 1, *(int(d) for d in digits[1:])]
    weights = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
    return sum(v * w for v, w in zip(values, weights, strict=True)) % 89 == 0


class AuAbnRecognizer(_AuRecognizer):
    """Australian Business Numbers: NN NNN NNN NNN, checked mod 89.

    Reference: https://abr.business.gov.au/Help/AbnFormat (the Australian Business Register's ABN check)
    """

    ENTITY = "AU_ABN"
    PATTERNS = (
        Pattern("AU ABN (formatted)", bounded(r"[1-9]\d(?P<sep>[ -])\d{3}(?P=sep)\d{3}(?P=sep)\d{3}"), 0.2),
        Pattern("AU ABN (digits only)", bounded(r"[1-9]\d{10}"), 0.2),
    )
    CONTEXT = ("abn", "business")

    def validate_result(self, pattern_text: str) -> bool | None:
        # A checksum that holds needs no cue (recall first), printed or bare; one that fails drops the value.
        return abn_checksum_ok(digits_of(pattern_text))


class AuPassportRecognizer(_AuRecognizer):
    """Australian passports: one or two letters then seven digits; only counted near 'passport'."""

    ENTITY = "AU_PASSPORT"
    PATTERNS = (
        Pattern("AU passport", r"(?<![\w-])(?i:[A-Z]{1,2}\d{7})(?![\w-])", 0.2),
        # An airline PNR's SSR DOCS line: .../P/AUS/<passport number>/...
        Pattern("AU passport (SSR DOCS)", r"(?<=DOCS[^/\r\n]{0,20}/P/AUS/)[A-Z]{1,2}\d{7}(?=/)", 0.85),
    )
    CONTEXT = ("passport",)


# Between a BSB and its account number: a separator, then optionally a label like "Acc No:".
_GAP = r"(?:[ \t]{0,3}[,;:/|-][ \t]{0,3}|[ \t]{1,3})"
_ACCOUNT_WORD = r"(?:acc(?:oun)?t|acc|a/c)\.?(?:[ \t]{0,2}(?:no|num(?:ber)?|#)\.?)?"
_ACCOUNT_LABEL = rf"(?i:{_ACCOUNT_WORD}[ \t]{{0,3}}[:#-]?[ \t]{{0,3}})?"
_BSB = r"\d{3}[ -]?\d{3}"
# 6-10 digits, run together or printed in groups ("3475 1917", "1234 5678 90").
_ACCOUNT = r"(?:\d{6,10}|\d{3,4} \d{3,4}(?: \d{2,4})?)"
# Words that put a BSB + account pair in a payment, where nobody writes "BSB" or "account".
_PAYMENT_CONTEXT = ("debit", "deposit", "transfer", "pay", "refund", "salary", "funds", "remit", "eft")


class AuBankAccountRecognizer(_AuRecognizer):
    """A BSB (NNN-NNN) and the account number (6-10 digits) that follows it, as two results.

    Labels between them ("Acc No:") stay in the text; each number gets its own result.
    """

    ENTITY = "AU_BANK_ACCOUNT"
    PATTERNS = (
        Pattern("AU BSB before account", rf"{NUMBER_START}{_BSB}(?={_GAP}{_ACCOUNT_LABEL}{_ACCOUNT}{NUMBER_END})", 0.2),
        Pattern(
            "AU account after BSB",
            # The digits are matched first and the BSB looked for behind them: far cheaper than the reverse.
            rf"(?<![\w.-]){_ACCOUNT}(?<=(?<![\d-]){_BSB}{_GAP}{_ACCOUNT_LABEL}(?<![\w.-]){_ACCOUNT}){NUMBER_END}",
            0.2,
        ),
    )
    CONTEXT = ("bsb", "account", "acct", "bank", *_PAYMENT_CONTEXT)


class AuAccountNearBsbRecognizer(_AuRecognizer):
    """An account number a few words from the word "BSB", whatever stands between them.

    Catches what the adjacent pair misses: the account before the BSB, or JSON keys and quotes between them.
    """

    ENTITY = "AU_BANK_ACCOUNT"
    PATTERNS = (Pattern("AU account near 'BSB'", bounded(_ACCOUNT), 0.2),)
    # Any 6-10 digits: only the word names them, a bare field does not.
    FIELD_IS_CUE = False
    CONTEXT = ("bsb",)


class AuAccountNumberRecognizer(_AuRecognizer):
    """An account number standing alone: in a bank-account column, or straight after the word "account"."""

    ENTITY = "AU_BANK_ACCOUNT"
    PATTERNS = (Pattern("AU account number", bounded(_ACCOUNT), 0.2),)
    # Any 6-10 digits: only the word names them, a bare field does not.
    FIELD_IS_CUE = False
    CONTEXT = ("bank account", "account no", "account number", "acct")
    # Only the words right before the number (or its column's header): "bank account 12345678".
    CONTEXT_PREFIX_COUNT = 2


class AuAccountAfterWordRecognizer(_AuRecognizer):
    """The digits written right after "account" or "acct" ("account 315 215 752")."""

    ENTITY = "AU_BANK_ACCOUNT"
    PATTERNS = (
        Pattern(
            "AU account after the word",
            rf"(?<=(?<![\w-])(?i:account|acct|a/c)(?:[ \t]{{1,2}}(?i:no\.?|number|#))?[ \t]{{0,2}}:?[ \t]{{1,2}})"
            rf"{bounded(_ACCOUNT)}",
            0.6,
        ),
    )
    # Any 6-10 digits: only the word names them, a bare field does not.
    FIELD_IS_CUE = False
    CONTEXT = ("account", "acct")


RECOGNIZERS: tuple[type[_AuRecognizer], ...] = (
    AuPhoneRecognizer,
    AuTfnRecognizer,
    AuMedicareRecognizer,
    AuAbnRecognizer,
    AuPassportRecognizer,
    AuBankAccountRecognizer,
    AuAccountNearBsbRecognizer,
    AuAccountNumberRecognizer,
    AuAccountAfterWordRecognizer,
)
