"""United Kingdom pattern recognizers: phones, NINO, NHS numbers, passports, driving licences, sort codes
and postcodes.

Scores follow one scheme: a checksum that holds on a formatted number sets 1.0, a bare run of digits keeps
its low base score so only a context word lifts it past the 0.5 threshold, and a failed check drops the
result.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from detectors.patterns import NUMBER_END, PHONE_CONTEXT, ConstantPatternRecognizer, bounded, digits_of, is_formatted
from detectors.patterns import SEPARATOR as _S


class _UkRecognizer(ConstantPatternRecognizer):
    """Base for this module's recognizers: switched on with the UK locale."""

    COUNTRY_CODE = "uk"


# (area code, subscriber part) without the trunk 0, in the groupings Ofcom numbers are printed in.
_UK_NUMBER_SHAPES = (
    (r"2\d", rf"\d{{4}}{_S}\d{{4}}"),  # 020 7946 0958
    (r"1(?:\d1|1\d)", rf"\d{{3}}{_S}\d{{4}}"),  # 0161 496 0000, 0113 496 0000
    (r"1\d{3}", rf"\d{{3}}{_S}\d{{3}}"),  # 01632 960 123, 01632 960123
    (r"3\d{2}", rf"\d{{3}}{_S}\d{{4}}"),  # 0300 123 4567
    (r"7\d{3}", rf"\d{{3}}{_S}\d{{3}}"),  # 07700 900123
    (r"7\d{2}", rf"\d{{3}}{_S}\d{{4}}"),  # 0770 090 0123
)
_INTERNATIONAL = "|".join(f"{area}{_S}{rest}" for area, rest in _UK_NUMBER_SHAPES)
_NATIONAL = "|".join(rf"(?:\(0{area}\)|0{area}){_S}{rest}" for area, rest in _UK_NUMBER_SHAPES)


class UkPhoneRecognizer(_UkRecognizer):
    """UK 01/02/03 landlines and 07 mobiles, national, +44 and +44 (0) forms."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern("UK phone (+44)", bounded(rf"\+44{_S}(?:\(0\){_S})?(?:{_INTERNATIONAL})"), 0.75),
        # (?!\d{11}) keeps the all-digits form out of the formatted pattern: it gets the bare score.
        Pattern("UK phone (formatted)", bounded(rf"(?!\d{{11}})(?:{_NATIONAL})"), 0.65),
        # A bare run of eleven digits is as likely an order number: it needs a context word.
        Pattern("UK phone (digits only)", bounded(r"0[1237]\d{9}"), 0.4),
    )
    CONTEXT = PHONE_CONTEXT


# First letter not D F I Q U V; second not D F I O Q U V; some pairs never issued; suffix A-D.
_NINO = (
    r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]"
)


class UkNinoRecognizer(_UkRecognizer):
    """National Insurance numbers (AB 12 34 56 C); lower-case ones need a context word.

    Reference: https://www.gov.uk/hmrc-internal-manuals/national-insurance-manual/nim39110 (HMRC: what a NINO looks
    like)
    """

    ENTITY = "UK_NINO"
    PATTERNS = (
        Pattern("UK NINO", rf"(?<![\w-])(?-i:{_NINO})(?![\w-])", 0.6),
        Pattern("UK NINO (any case)", rf"(?<![\w-])(?i:{_NINO})(?![\w-])", 0.4),
    )
    CONTEXT = ("nino", "national", "insurance", "ni")


def nhs_checksum_ok(digits: str) -> bool:
    """NHS number mod 11: weights 10..2 on the first nine digits; a check value of 10 is never issued."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class UkNhsRecognizer(_UkRecognizer):
    """NHS numbers: ten digits, printed 3-3-4, with a mod-11 check digit.

    Reference: https://www.datadictionary.nhs.uk/attributes/nhs_number.html (NHS Data Dictionary: the Modulus 11 check)
    """

    ENTITY = "UK_NHS"
    PATTERNS = (
        Pattern("UK NHS (formatted)", bounded(r"\d{3}(?P<sep>[ -])\d{3}(?P=sep)\d{4}"), 0.2),
        Pattern("UK NHS (digits only)", bounded(r"\d{10}"), 0.2),
    )
    CONTEXT = ("nhs", "health", "patient", "hospital", "medical")

    def validate_result(self, pattern_text: str) -> bool | None:
        if not nhs_checksum_ok(digits_of(pattern_text)):
            return False
        # A checksum that holds needs no cue (recall first), printed or bare; but ten bare digits from 1 to 1.99
        # billion are far more often Unix timestamps (2001-2033) than numbers NHS Scotland issues.
        if not is_formatted(pattern_text) and pattern_text.startswith("1"):
            return None
        return True

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return len(set(digits_of(pattern_text))) == 1


class UkPassportRecognizer(_UkRecognizer):
    """UK passports: nine digits; only counted near 'passport'."""

    ENTITY = "UK_PASSPORT"
    PATTERNS = (
        Pattern("UK passport", bounded(r"\d{9}"), 0.2),
        # Two letters and seven digits: the newer books.
        Pattern("UK passport (letters)", r"(?<![\w-])(?i:[A-Z]{2}\d{7})(?![\w-])", 0.2),
    )
    CONTEXT = ("passport",)


# DVLA layout: surname (5, padded with 9), decade, month (+50 for women), day, year, initials, digit, check.
_SURNAME = r"(?:[A-Z]{5}|[A-Z]{4}9|[A-Z]{3}9{2}|[A-Z]{2}9{3}|[A-Z]9{4})"
_DOB = r"\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d"
_LICENCE = rf"{_SURNAME} ?{_DOB} ?[A-Z][A-Z9]\d[A-Z0-9]{{2}}"
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def licence_date_ok(licence: str) -> bool:
    """The encoded birth month and day must form a real date (month + 50 marks a woman's licence)."""
    compact = licence.replace(" ", "")
    month, day = int(compact[6:8]) % 50, int(compact[8:10])
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


class UkDrivingLicenceRecognizer(_UkRecognizer):
    """16-character DVLA driving licence numbers, e.g. MORGA753116SM9IJ.

    Reference: https://en.wikipedia.org/wiki/Driver%27s_license_in_the_United_Kingdom (the DVLA number's encoded birth
    date)
    """

    ENTITY = "UK_DRIVING_LICENCE"
    PATTERNS = (Pattern("UK driving licence", rf"(?<![\w-])(?i:{_LICENCE})(?![\w-])", 0.6),)
    CONTEXT = ("driving", "licence", "license", "dvla", "driver")

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if licence_date_ok(pattern_text) else False


class UkSortCodeRecognizer(_UkRecognizer):
    """Bank sort codes NN-NN-NN near 'sort code'; six bare digits only straight after 'sort code'."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = (
        Pattern("UK sort code (formatted)", bounded(r"\d{2}(?P<sep>[ -])\d{2}(?P=sep)\d{2}"), 0.2),
        Pattern(
            "UK sort code (after label)",
            rf"(?<=(?i:\bsort[ -]?code)[ \t]{{0,3}}(?i:is)?[ \t:#-]{{0,3}})(?<![\w.-])\d{{6}}{NUMBER_END}",
            0.6,
        ),
    )
    CONTEXT = ("sort", "sortcode")


class UkBareSortCodeRecognizer(_UkRecognizer):
    """Six bare digits in a sort-code column (SortCode, sort_code): the header names them."""

    ENTITY = "UK_SORT_CODE"
    PATTERNS = (Pattern("UK sort code (digits only)", bounded(r"\d{6}"), 0.2),)
    # Any six digits: only the header names them, a bare field does not.
    FIELD_IS_CUE = False
    CONTEXT = ("sortcode", "sort code")
    # The header, or the words just before: six digits further off are anything.
    CONTEXT_PREFIX_COUNT = 2


# Outward code: A9, A99, AA9, AA99, A9A, AA9A with the letter rules of each position; inward: 9AA.
_OUTWARD = r"[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
# Postcode areas in use (Royal Mail), plus the Crown dependencies, BFPO and non-geographic BX.
_POSTCODE_AREAS = frozenset(
    (
        "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF",
        "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
        "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU",
        "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS",
        "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH",
        "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR",
        "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD",
        "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
    )
)  # fmt: skip


def postcode_area_ok(postcode: str) -> bool:
    """The letters before the first digit must be a postcode area in use (GIR 0AA is Girobank's)."""
    compact = postcode.upper().replace(" ", "")
    if compact == "GIR0AA":
        return True
    area = re.match(r"[A-Z]+", compact)
    return area is not None and area.group() in _POSTCODE_AREAS


class UkPostcodeRecognizer(_UkRecognizer):
    """UK postcodes. Upper case with the space is trusted as written; any other spelling needs context.

    Shapes like 'PS4 1TB' are not postcodes: the area letters are checked against the areas in use.

    Reference: https://en.wikipedia.org/wiki/List_of_postcode_areas_in_the_United_Kingdom (the areas in use)
    """

    ENTITY = "UK_POSTCODE"
    PATTERNS = (
        Pattern("UK postcode", rf"(?<![\w-])(?-i:GIR 0AA|{_OUTWARD} {_INWARD})(?![\w-])", 0.5),
        Pattern("UK postcode (any case)", rf"(?<![\w-])(?i:GIR ?0AA|{_OUTWARD} ?{_INWARD})(?![\w-])", 0.4),
    )
    CONTEXT = ("postcode", "post", "postal", "address", "street", "road", "lane", "avenue", "london", "flat")

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if postcode_area_ok(pattern_text) else False


RECOGNIZERS: tuple[type[_UkRecognizer], ...] = (
    UkPhoneRecognizer,
    UkNinoRecognizer,
    UkNhsRecognizer,
    UkPassportRecognizer,
    UkDrivingLicenceRecognizer,
    UkSortCodeRecognizer,
    UkBareSortCodeRecognizer,
    UkPostcodeRecognizer,
)
