"""United States pattern recognizers: phone numbers and Social Security numbers.

Formatted numbers pass the 0.5 threshold on their own; bare digit runs keep a low base score so only a
context word lifts them; numbers the issuer never hands out are dropped.
"""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer

from detectors.types import LayerTagged

# Case plays no part in these patterns; the global flags leave IGNORECASE out like the other regions.
_FLAGS = re.DOTALL | re.MULTILINE

# A number must not be a slice of a longer number, an identifier, a version string or a decimal.
_START = r"(?<![\w+#/.-])(?<!\d[ :-])"
_END = r"(?![\w/-]|[.:]\d|[ -]\d)"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _bounded(body: str) -> str:
    return f"{_START}(?:{body}){_END}"


class _UsRecognizer(PatternRecognizer, LayerTagged):
    """Builds a Presidio PatternRecognizer from the subclass's ENTITY, PATTERNS and CONTEXT constants."""

    LAYER = "patterns"
    LOCALE = "US"
    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            name=name or type(self).__name__,
            supported_language=supported_language,
            patterns=list(self.PATTERNS if patterns is None else patterns),
            context=list(self.CONTEXT if context is None else context),
            global_regex_flags=_FLAGS,
        )


# NANP: neither the area code nor the exchange starts with 0 or 1.
_AREA = r"[2-9]\d{2}"
_EXCHANGE = r"[2-9]\d{2}"
_S = r"[ .-]?"
_LOCAL = rf"{_EXCHANGE}[ .-]?\d{{4}}"


class UsPhoneRecognizer(_UsRecognizer):
    """North American numbers: (XXX) XXX-XXXX, XXX-XXX-XXXX, XXX.XXX.XXXX, 1-XXX-..., +1 forms."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern(
            "US phone (+1)",
            _bounded(rf"\+1{_S}(?:\({_AREA}\)|{_AREA}){_S}{_EXCHANGE}{_S}\d{{4}}"),
            0.75,
        ),
        Pattern("US phone (parentheses)", _bounded(rf"(?:1{_S})?\({_AREA}\) ?{_LOCAL}"), 0.65),
        # One separator used throughout: 212-555-0123, 212.555.0123, 1-800-555-0199.
        Pattern(
            "US phone (dashes or dots)",
            _bounded(rf"(?:1(?P<lead>[.-]))?{_AREA}(?P<sep>[.-]){_EXCHANGE}(?P=sep)\d{{4}}"),
            0.65,
        ),
        # Spaces alone or no separators at all look like any other number: these need a context word.
        Pattern("US phone (spaces)", _bounded(rf"{_AREA} {_EXCHANGE} \d{{4}}"), 0.4),
        Pattern("US phone (digits only)", _bounded(rf"{_AREA}{_EXCHANGE}\d{{4}}"), 0.4),
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
    """Social Security numbers AAA-GG-SSSS (dashes or spaces); nine bare digits need a context word."""

    ENTITY = "US_SSN"
    PATTERNS = (
        Pattern("US SSN (formatted)", _bounded(r"\d{3}(?P<sep>[ -])\d{2}(?P=sep)\d{4}"), 0.6),
        Pattern("US SSN (digits only)", _bounded(r"\d{9}"), 0.2),
    )
    CONTEXT = ("ssn", "social", "security")

    def validate_result(self, pattern_text: str) -> bool | None:
        # No checksum exists: a number the SSA never issues is dropped, anything else keeps its score.
        return None if ssn_structure_ok(_digits(pattern_text)) else False

    def invalidate_result(self, pattern_text: str) -> bool | None:
        digits = _digits(pattern_text)
        return digits in _ADVERTISING_SSNS or len(set(digits)) == 1


RECOGNIZERS: tuple[type[_UsRecognizer], ...] = (UsPhoneRecognizer, UsSsnRecognizer)
