"""New Zealand pattern recognizers: phones, IRD numbers, NHI numbers, passports and bank accounts.

Scores follow one scheme: a checksum that holds on a formatted number sets 1.0, a bare run of digits keeps
its low base score so only a context word lifts it past the 0.5 threshold, and a failed checksum drops
the result.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from detectors.patterns import PHONE_CONTEXT, ConstantPatternRecognizer, bounded, digits_of
from detectors.patterns import SEPARATOR as _S


class _NzRecognizer(ConstantPatternRecognizer):
    """Base for this module's recognizers: switched on with the NZ locale."""

    COUNTRY_CODE = "nz"


# Landline area codes 03/04/06/07/09 and 02X mobiles, without the trunk 0 (as after +64).
_LANDLINE = rf"[34679]{_S}\d{{3}}{_S}\d{{4}}"
_MOBILE = rf"2\d{_S}(?:\d{{3}}{_S}\d{{3,5}}|\d{{4}}{_S}\d{{4}})"


class NzPhoneRecognizer(_NzRecognizer):
    """New Zealand landlines (0X XXX XXXX) and mobiles (02X XXX XXXX), national and +64 forms."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern("NZ phone (+64)", bounded(rf"\+64{_S}(?:\(0\){_S})?(?:{_LANDLINE}|{_MOBILE})"), 0.75),
        # (?!\d{9}) keeps the all-digits form out of the formatted patterns: it gets the bare score.
        Pattern(
            "NZ landline (formatted)",
            bounded(rf"(?!\d{{9}})(?:\(0[34679]\)|0[34679]){_S}\d{{3}}{_S}\d{{4}}"),
            0.65,
        ),
        Pattern(
            "NZ mobile (formatted)",
            bounded(rf"(?!\d{{9}})(?:\(02\d\)|02\d){_S}(?:\d{{3}}{_S}\d{{3,5}}|\d{{4}}{_S}\d{{4}})"),
            0.65,
        ),
        # A bare run of digits is as likely an order number: it needs a context word.
        Pattern("NZ phone (digits only)", bounded(r"0[34679]\d{7}|02\d{7,9}"), 0.4),
    )
    CONTEXT = PHONE_CONTEXT


_IRD_PRIMARY_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_IRD_SECONDARY_WEIGHTS = (7, 4, 3, 2, 5, 2, 7, 6)


def _ird_check_digit(base: str, weights: tuple[int, ...]) -> int:
    remainder = sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    return 0 if remainder == 0 else 11 - remainder


def ird_checksum_ok(digits: str) -> bool:
    """Inland Revenue's published IRD check: range, then weighted mod 11 (secondary weights on a 10)."""
    if len(digits) not in (8, 9) or not 10_000_000 <= int(digits) <= 150_000_000:
        return False
    base, check = digits[:-1].zfill(8), int(digits[-1])
    expected = _ird_check_digit(base, _IRD_PRIMARY_WEIGHTS)
    if expected == 10:
        expected = _ird_check_digit(base, _IRD_SECONDARY_WEIGHTS)
    return expected != 10 and expected == check


class NzIrdRecognizer(_NzRecognizer):
    """IRD (tax) numbers: 8 or 9 digits, often NN-NNN-NNN or NNN-NNN-NNN.

    Reference: https://www.ird.govt.nz/-/media/Project/IR/PDF/2020RWTNRWTSpecificationDocumentv10.pdf (Inland Revenue's
    RWT/NRWT specification, "IRD number validation")
    """

    ENTITY = "NZ_IRD"
    PATTERNS = (
        Pattern("NZ IRD (formatted)", bounded(r"\d{2,3}(?P<sep>[ -])\d{3}(?P=sep)\d{3}"), 0.2),
        Pattern("NZ IRD (digits only)", bounded(r"\d{8,9}"), 0.2),
    )
    CONTEXT = ("ird", "inland", "revenue", "tax", "gst")

    def validate_result(self, pattern_text: str) -> bool | None:
        # A checksum that holds needs no cue (recall first), printed or bare; one that fails drops the value.
        return ird_checksum_ok(digits_of(pattern_text))


# NHI letters run A..Z without I and O, valued 1..24.
_NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_NHI_LETTER = "[A-HJ-NP-Z]"
_NHI_NEW = rf"{_NHI_LETTER}{{3}}\d{{2}}{_NHI_LETTER}{{2}}"
_NHI_WEIGHTS = (7, 6, 5, 4, 3, 2)


def _nhi_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else _NHI_LETTERS.index(ch) + 1


def nhi_checksum_ok(nhi: str) -> bool:
    """HISO 10046:2023 check: AAANNNC with a mod-11 check digit, or AAANNAX with a mod-23 check letter."""
    nhi = nhi.upper()
    if len(nhi) != 7 or any(ch in "IO" for ch in nhi):
        return False
    total = sum(_nhi_value(ch) * w for ch, w in zip(nhi[:6], _NHI_WEIGHTS, strict=True))
    if nhi[5].isdigit():
        remainder = total % 11
        return remainder != 0 and (11 - remainder) % 10 == int(nhi[6])
    return _NHI_LETTERS[22 - total % 23] == nhi[6]


def _is_new_nhi(nhi: str) -> bool:
    return nhi[5].isalpha()


class NzNhiRecognizer(_NzRecognizer):
    """National Health Index numbers, old AAANNNC and new AAANNAX formats, upper case as issued.

    The new format's letter-after-digits shape plus a mod-23 check letter is trusted on its own; the old
    format passes its mod-11 check for one random AAANNNN code in 11, so it needs a context word.

    Reference: HISO 10046:2023 Consumer Health Identity Standard (Te Whatu Ora); summary:
    https://en.wikipedia.org/wiki/NHI_Number
    """

    ENTITY = "NZ_NHI"
    PATTERNS = (
        Pattern("NZ NHI (old)", rf"(?<![\w-])(?-i:{_NHI_LETTER}{{3}}\d{{4}})(?![\w-])", 0.4),
        Pattern("NZ NHI (new)", rf"(?<![\w-])(?-i:{_NHI_NEW})(?![\w-])", 0.4),
    )
    # The old format's checksum passes for one code in 11: any clinical word nearby is enough to trust it.
    CONTEXT = (
        "nhi", "health", "patient", "hospital", "medical", "clinic", "doctor", "gp", "nurse", "immunisation",
        "immunization", "vaccination", "vaccine", "booster", "prescription", "referral", "discharge", "admission",
        "ward", "clinical", "dhb", "enrolled", "enrolment", "enrollment",
    )  # fmt: skip

    def validate_result(self, pattern_text: str) -> bool | None:
        if not nhi_checksum_ok(pattern_text):
            return False
        return True if _is_new_nhi(pattern_text) else None


class NzPassportRecognizer(_NzRecognizer):
    """New Zealand passports: two letters (older: one) then six digits; only counted near 'passport'."""

    ENTITY = "NZ_PASSPORT"
    PATTERNS = (
        Pattern("NZ passport", r"(?<![\w-])(?i:[A-Z]{1,2}\d{6})(?![\w-])", 0.2),
        # An airline PNR's SSR DOCS line: .../P/NZL/<passport number>/...
        Pattern("NZ passport (SSR DOCS)", r"(?<=DOCS[^/\r\n]{0,20}/P/NZL/)[A-Z]{1,2}\d{6}(?=/)", 0.85),
    )
    CONTEXT = ("passport",)


class NzBankAccountRecognizer(_NzRecognizer):
    """Bank accounts BB-bbbb-AAAAAAA-SS(S): the four-group layout is specific enough on its own."""

    ENTITY = "NZ_BANK_ACCOUNT"
    PATTERNS = (
        Pattern(
            "NZ bank account",
            bounded(r"\d{2}(?P<sep>[ -])\d{4}(?P=sep)\d{7,8}(?P=sep)\d{2,3}"),
            0.6,
        ),
        # Run together (031566027804901) it is only an account beside an account or bank word or column.
        Pattern("NZ bank account (digits only)", bounded(r"0[1-9]\d{13,14}|[1-3]\d{14,15}"), 0.2),
    )
    CONTEXT = ("account", "acct", "bank", "a/c")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        if pattern_text.isdigit():
            return pattern_text[:2] == "00" or set(pattern_text[6:13]) == {"0"}
        bank, _branch, account, _suffix = re.split(r"[ -]", pattern_text)
        # Bank 00 does not exist and an all-zero account number is a placeholder.
        return bank == "00" or set(account) == {"0"}


RECOGNIZERS: tuple[type[_NzRecognizer], ...] = (
    NzPhoneRecognizer,
    NzIrdRecognizer,
    NzNhiRecognizer,
    NzPassportRecognizer,
    NzBankAccountRecognizer,
)
