"""United States pattern recognizers: phone numbers and Social Security numbers.

Formatted numbers pass the 0.5 threshold on their own; bare digit runs keep a low base score so only a
context word lifts them; numbers the issuer never hands out are dropped.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from detectors.patterns import SEPARATOR as _S
from detectors.patterns import ConstantPatternRecognizer, bounded, digits_of


class _UsRecognizer(ConstantPatternRecognizer):
    """Base for this module's recognizers: switched on with the US locale."""

    COUNTRY_CODE = "us"


# NANP: neither the area code nor the exchange starts with 0 or 1.
_AREA = r"[2-9]\d{2}"
_EXCHANGE = r"[2-9]\d{2}"
_LOCAL = rf"{_EXCHANGE}[ .-]?\d{{4}}"


class UsPhoneRecognizer(_UsRecognizer):
    """North American numbers: (XXX) XXX-XXXX, XXX-XXX-XXXX, XXX.XXX.XXXX, 1-XXX-..., +1 forms."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern(
            "US phone (+1)",
            bounded(rf"\+1{_S}(?:\({_AREA}\)|{_AREA}){_S}{_EXCHANGE}{_S}\d{{4}}"),
            0.75,
        ),
        Pattern("US phone (parentheses)", bounded(rf"(?:1{_S})?\({_AREA}\) ?{_LOCAL}"), 0.65),
        # One separator used throughout: 212-555-0123, 212.555.0123, 1-800-555-0199.
        Pattern(
            "US phone (dashes or dots)",
            bounded(rf"(?:1(?P<lead>[.-]))?{_AREA}(?P<sep>[.-]){_EXCHANGE}(?P=sep)\d{{4}}"),
            0.65,
        ),
        # Spaces alone or no separators at all look like any other number: these need a context word.
        Pattern("US phone (spaces)", bounded(rf"{_AREA} {_EXCHANGE} \d{{4}}"), 0.4),
        Pattern("US phone (digits only)", bounded(rf"{_AREA}{_EXCHANGE}\d{{4}}"), 0.4),
    )
    CONTEXT = (
        "phone", "telephone", "tel", "mobile", "cell", "call", "ring", "contact", "fax", "sms",
        "whatsapp", "landline",
    )  # fmt: skip


# Numbers printed in advertising and on sample cards, which the SSA has voided.
_ADVERTISING_SSNS = frozenset({"078051120", "219099999", "457555462", "123456789"})


def ssn_structure_ok(digits: str) -> bool:
    """SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000."""
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


class UsSsnRecognizer(_UsRecognizer):
    """Social Security numbers AAA-GG-SSSS (dashes or spaces); nine bare digits need a context word.

    Reference: https://www.ssa.gov/employer/randomization.html (the SSA's never-issued area, group and serial numbers)
    """

    ENTITY = "US_SSN"
    PATTERNS = (
        # Dots too: "078.05.1123".
        Pattern("US SSN (formatted)", bounded(r"\d{3}(?P<sep>[ .-])\d{2}(?P=sep)\d{4}"), 0.6),
        Pattern("US SSN (digits only)", bounded(r"\d{9}"), 0.2),
    )
    CONTEXT = ("ssn", "social", "security")

    def validate_result(self, pattern_text: str) -> bool | None:
        # No checksum exists: a number the SSA never issues is dropped, anything else keeps its score.
        return None if ssn_structure_ok(digits_of(pattern_text)) else False

    def invalidate_result(self, pattern_text: str) -> bool | None:
        digits = digits_of(pattern_text)
        return digits in _ADVERTISING_SSNS or len(set(digits)) == 1


RECOGNIZERS: tuple[type[_UsRecognizer], ...] = (UsPhoneRecognizer, UsSsnRecognizer)
