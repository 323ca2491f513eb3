"""Hints and start rules for the regional patterns that cost most to scan (see `pattern_hints`).

Each pattern below is tried only from `reach` characters before each hit of its hint, which every match holds at
most `reach` characters after its start. Why no hint hit can be swallowed by an earlier one is noted per pattern:
the hint's characters cannot run on across the match's start (a lookbehind there refuses them).
A listed pattern whose regex changes (its digest below) loses its hint and is scanned in full, never wrongly
skipped; a test then names it, so the hint is proved again for the new regex or dropped.
"""

from __future__ import annotations

import hashlib

import presidio_analyzer.predefined_recognizers as predefined
from presidio_analyzer import Pattern

from detectors import digit_starts, pattern_hints
from detectors.patterns import ConstantPatternRecognizer
from detectors.regional import au, nz, uk, universal, us

# (recognizer class, pattern name) -> (hint, reach, the pattern's regex digest the hint was proved for)
START_HINTS: dict[tuple[type[ConstantPatternRecognizer], str], tuple[str, int, str]] = {
    # five letters or 9s, an optional space, then six digits: the digit run starts at most 6 characters in
    (uk.UkDrivingLicenceRecognizer, "UK driving licence"): (r"\d{6}", 6, "c015876b6ac9"),
    # two letters, an optional separator, then digits ending in a letter A-D: the hint starts right after them
    (uk.UkNinoRecognizer, "UK NINO"): (r"\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?(?i:[A-D])", 3, "d29a43f4fb9b"),
    (uk.UkNinoRecognizer, "UK NINO (any case)"): (r"\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?(?i:[A-D])", 3, "bff110b0aabd"),
    # the inward code (a digit, then two letters) starts after an outward code of at most 4 characters and a space
    # ("EC1A 1BB", "GIR 0AA"); a hint covering its digit would have a letter there, so none starts earlier
    (uk.UkPostcodeRecognizer, "UK postcode (any case)"): (r"\d(?i:[ABD-HJLNP-UW-Z]){2}", 5, "a9f9c21e9aab"),
    # upper case with its space: the space before the inward code is at most 4 characters in
    (uk.UkPostcodeRecognizer, "UK postcode"): (r" \d[ABD-HJLNP-UW-Z]{2}", 4, "275e7167ecf4"),
    # "1." or "1-" at most before the number itself, which no digit, dot or hyphen precedes
    (us.UsPhoneRecognizer, "US phone (dashes or dots)"): (r"[2-9]\d{2}[.-][2-9]\d{2}[.-]\d{4}", 2, "e3dbe79c80a3"),
    # one or two letters, then the digits, which a letter precedes
    (au.AuPassportRecognizer, "AU passport"): (r"\d{7}", 2, "0a157b6a3062"),
    (nz.NzPassportRecognizer, "NZ passport"): (r"\d{6}", 2, "9805d2c8165d"),
    # two hex digits and a separator, twice, from the start; a hint starting 1-5 characters earlier would end in a
    # hex digit or separator right before the start, which the lookbehind refuses
    (universal.MacAddressRecognizer, "mac (pairs)"): (r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]", 0, "a0c2b1044552"),
    # a country code and the check digits, case-sensitive, from the start; a hint starting 1-3 characters earlier
    # would end in a letter or digit right before the start, or put a digit where the code's letter stands
    (universal.IbanRecognizer, "iban"): (r"[A-Z]{2}[0-9]{2}", 0, "49e07068601d"),
}


# (recognizer class, pattern name) -> (hint, the pattern's regex digest): a hint without a start rule, for a pattern
# scanned in full only when the digit run every one of its matches holds occurs in the text.
DIGIT_RUN_HINTS: dict[tuple[type[ConstantPatternRecognizer], str], tuple[str, str]] = {
    # two letters, then seven digits
    (uk.UkPassportRecognizer, "UK passport (letters)"): (r"\d{7}", "3c2eb30f2f29"),
    # fifteen or sixteen digits in a row
    (nz.NzBankAccountRecognizer, "NZ bank account (digits only)"): (r"\d{15}", "21c813a33583"),
    # the digits-only shapes: one unbroken run of at least this many digits
    (us.UsSsnRecognizer, "US SSN (digits only)"): (r"\d{9}", "f4dbead4f374"),
    (us.UsPhoneRecognizer, "US phone (digits only)"): (r"\d{10}", "05d7a7b79089"),
    (uk.UkPassportRecognizer, "UK passport"): (r"\d{9}", "f4dbead4f374"),
    (uk.UkNhsRecognizer, "UK NHS (digits only)"): (r"\d{10}", "414b9cf256fa"),
    (uk.UkPhoneRecognizer, "UK phone (digits only)"): (r"\d{11}", "c9d753c7e1e4"),
    (uk.UkBareSortCodeRecognizer, "UK sort code (digits only)"): (r"\d{6}", "7583d0bee969"),
    (au.AuTfnRecognizer, "AU TFN (digits only)"): (r"\d{8}", "ab03e2de6c26"),
    (au.AuAbnRecognizer, "AU ABN (digits only)"): (r"\d{11}", "98fa0c6ae266"),
    (au.AuMedicareRecognizer, "AU Medicare (digits only)"): (r"\d{10}", "4cbe4e0476be"),
    (au.AuPhoneRecognizer, "AU phone (digits only)"): (r"\d{10}", "0b56ad001a1e"),
    (nz.NzIrdRecognizer, "NZ IRD (digits only)"): (r"\d{8}", "ab03e2de6c26"),
    (nz.NzPhoneRecognizer, "NZ phone (digits only)"): (r"\d{9}", "9015960ad7a2"),
    # the formatted shapes: their digit groups with one of their separators between (a necessary substring)
    (us.UsSsnRecognizer, "US SSN (formatted)"): (r"\d{3}[ .-]\d{2}[ .-]\d{4}", "42d648ec1080"),
    (us.UsPhoneRecognizer, "US phone (spaces)"): (r"\d{3} \d{3} \d{4}", "634beae5db77"),
    (uk.UkNhsRecognizer, "UK NHS (formatted)"): (r"\d{3}[ -]\d{3}[ -]\d{4}", "a9167d4bec02"),
    (uk.UkSortCodeRecognizer, "UK sort code (formatted)"): (r"\d{2}[ -]\d{2}[ -]\d{2}", "10699ad7b409"),
    (au.AuAbnRecognizer, "AU ABN (formatted)"): (r"\d{2}[ -]\d{3}[ -]\d{3}[ -]\d{3}", "5e0b202ffe94"),
    # the five digits between two separators (the first character of a two-space separator is a space)
    (au.AuMedicareRecognizer, "AU Medicare (formatted)"): (r"[ -]\d{5}[ -]", "69a1a73ab8b3"),
    (nz.NzBankAccountRecognizer, "NZ bank account"): (r"\d{2}[ -]\d{4}[ -]\d{7}", "6e4650e023e0"),
    # three letters and the digits (and letters) after them, case-sensitive as the patterns are
    (nz.NzNhiRecognizer, "NZ NHI (old)"): (r"[A-HJ-NP-Z]{3}\d{4}", "5e90bc6203c8"),
    (nz.NzNhiRecognizer, "NZ NHI (new)"): (r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}", "dee0f7a83680"),
    # the label or the passport's type and country their look-behinds read
    (uk.UkSortCodeRecognizer, "UK sort code (after label)"): (r"(?i:sort)", "38f554da0116"),
    (au.AuPassportRecognizer, "AU passport (SSR DOCS)"): (r"(?i:/p/aus/)", "10212f6b2b19"),
    (nz.NzPassportRecognizer, "NZ passport (SSR DOCS)"): (r"(?i:/p/nzl/)", "d28f0b336db7"),
    # seventeen VIN characters in a row (case-sensitive, as the pattern is)
    (universal.VinRecognizer, "vin"): (r"[A-HJ-NPR-Z0-9]{17}", "e0708bea48c8"),
    # twelve to nineteen digits in a row
    (universal.CreditCardRecognizer, "card (plain)"): (r"\d{12}", "b55b420a2a61"),
    (universal.CardNumberNearCueRecognizer, "card (plain) near a card cue"): (r"\d{12}", "b55b420a2a61"),
}

# Presidio's own digit-run patterns by class name, as above.
PRESIDIO_DIGIT_RUN_HINTS: dict[tuple[str, str], tuple[str, str]] = {
    ("AuAcnRecognizer", "ACN (Low)"): (r"\d{9}", "c6da1b3571b3"),
    ("AbaRoutingRecognizer", "ABA routing number (weak)"): (r"\d{9}", "0f3ac5b2bd34"),
    ("UsBankRecognizer", "Bank Account (weak)"): (r"\d{8}", "77ff5492baf6"),
    # 9, two digits, four digits: nine in a row
    ("UsItinRecognizer", "Itin (weak)"): (r"\d{9}", "1dfa186e9a61"),
    ("UsNpiRecognizer", "NPI (weak)"): (r"\d{10}", "be10f2e85386"),
    ("UsPassportRecognizer", "Passport (very weak)"): (r"\d{9}", "31cb23903d56"),
    ("UsPassportRecognizer", "Passport Next Generation (very weak)"): (r"\d{8}", "a4aad820a666"),
    # the digit groups and separators, as above
    ("AuAcnRecognizer", "ACN (Medium)"): (r"\d{3}\s\d{3}\s\d{3}", "aacb8820cb92"),
    ("AbaRoutingRecognizer", "ABA routing number"): (r"\d{4}-\d{4}-\d", "ad69887a9c6a"),
    ("UsItinRecognizer", "Itin (medium)"): (r"\d{3}[- ]\d{2}[- ]\d{4}", "aca6bdbc8bcb"),
    ("UsNpiRecognizer", "NPI (medium)"): (r"\d{4}[ -]\d{3}[ -]\d{3}", "754e8093a31c"),
    # a digit, then one of the letters (Presidio's patterns are case-insensitive)
    ("UsMbiRecognizer", "MBI (weak)"): (r"[0-9](?i:[ACDEFGHJKMNPQRTUVWXY])", "b398817d4d30"),
    ("UsMbiRecognizer", "MBI (medium)"): (r"[0-9](?i:[ACDEFGHJKMNPQRTUVWXY])", "f048eb1591a8"),
    # "bc1", "1" or "3", then 25 or more letters or digits: 26 in a row
    ("CryptoRecognizer", "Crypto (Medium)"): (r"(?i:[a-zA-HJ-NP-Z0-9]){26}", "9d9a993fd6ae"),
}


# Presidio's own patterns by class name (scanned in full by presidio_countries when not context-only).
PRESIDIO_START_HINTS: dict[tuple[str, str], tuple[str, int, str]] = {
    # two letters, then the age digits and three letters; the letters before refuse a hint that starts earlier
    ("UkVehicleRegistrationRecognizer", "UK Vehicle Registration (current)"): (
        r"[0-7][0-9][- ]?(?i:[A-HJ-PR-Z]{3})",
        2,
        "13d9d6366e3f",
    ),
    # the last digit, then three letters ending a word: at most 3 characters in (a letter and three digits); an
    # earlier digit has a digit, not a letter or separator, after it
    ("UkVehicleRegistrationRecognizer", "UK Vehicle Registration (prefix)"): (
        r"\d[- ]?(?i:[a-z]{3})\b",
        3,
        "0beae89e8b0e",
    ),
    # the last digit, then the year letter ending a word: at most 6 characters in (three letters, a separator, three
    # digits)
    ("UkVehicleRegistrationRecognizer", "UK Vehicle Registration (suffix)"): (
        r"\d[- ]?(?i:[a-z])\b",
        6,
        "cec983682f20",
    ),
}


# (recognizer class, pattern name) -> the pattern's regex digest: patterns led by a lookbehind refusing any word
# character and then a digit ([0-9], "0?[1-9]", "19|20"), tried only at the digits that start a word (`digit_starts`).
DIGIT_LED: dict[tuple[type[ConstantPatternRecognizer], str], str] = {
    (universal.DateOfBirthRecognizer, "date (d/m/y or m/d/y)"): "b47a54dcae49",
    (universal.DateOfBirthRecognizer, "date (y-m-d)"): "b1137cbc902d",
    (universal.DateOfBirthRecognizer, "date (d month y)"): "4822b7723177",
    (universal.DateOfBirthRecognizer, "date (d-mon-y)"): "c6fb6dd563bf",
}


def regex_digest(pattern_regex: str) -> str:
    """A short digest of a pattern's regex: a pattern rewritten since its hint was proved gets no hint."""
    return hashlib.sha256(pattern_regex.encode()).hexdigest()[:12]


def presidio_patterns(class_name: str) -> list[Pattern]:
    return list(getattr(getattr(predefined, class_name, None), "PATTERNS", []))


def register() -> None:
    listed = [(list(cls.PATTERNS), name, rule) for (cls, name), rule in START_HINTS.items()]
    listed += [(presidio_patterns(cls), name, rule) for (cls, name), rule in PRESIDIO_START_HINTS.items()]
    for patterns, name, (hint, reach, proved_for) in listed:
        for pattern in patterns:
            if pattern.name == name and regex_digest(pattern.regex) == proved_for:
                pattern_hints.register(pattern.regex, hint)
                pattern_hints.register_starts(pattern.regex, pattern_hints.within(reach))
    digit_runs = [(list(cls.PATTERNS), name, rule) for (cls, name), rule in DIGIT_RUN_HINTS.items()]
    digit_runs += [(presidio_patterns(cls), name, rule) for (cls, name), rule in PRESIDIO_DIGIT_RUN_HINTS.items()]
    for patterns, name, (hint, proved_for) in digit_runs:
        for pattern in patterns:
            if pattern.name == name and regex_digest(pattern.regex) == proved_for:
                pattern_hints.register(pattern.regex, hint)
    for (cls, name), proved_for in DIGIT_LED.items():
        for pattern in cls.PATTERNS:
            if pattern.name == name and regex_digest(pattern.regex) == proved_for:
                digit_starts.register(pattern.regex)


register()
