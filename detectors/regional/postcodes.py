"""Postcodes and ZIP codes of many countries, standing on their own (a street-address recognizer covers them inside
whole addresses).

- Next to a cue ("ZIP", "postcode", "postal code", "PLZ", "CP", "CAP", "postnummer", a column header or JSON key):
  any postcode shape — 3-7 digits, "123 45", "00-950", "1000-001", "01310-100", ZIP+4, "1234 AB", "K1A 0B1".
- Next to a US state, Australian state or Canadian province: "NY 10001", "Sydney NSW 2000", "ON K1A 0B1".
- Anywhere: Canadian ("K1A 0B1") and Dutch ("1012 AB") postcodes, whose letter-digit shape few other things have
  (UK postcodes are found by the UK module).
"""

from __future__ import annotations

from typing import Any

import regex
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from detectors.cues import CueFinder
from detectors.literal_starts import match_starts, matches_at
from detectors.regional.universal import cue_regions
from detectors.results import tagged_result
from detectors.types import LayerTagged

ENTITY = "POSTCODE"
CUE_SCORE = 0.65
# The cue stands just before the postcode: "ZIP: 3520", "PLZ 10115", "postal code is 2000".
CUE_WORDS_BEFORE = 3
BESIDE_REGION_SCORE = 0.7
ANYWHERE_SCORE = 0.6

CUE_WORDS = (
    "zip", "zip code", "zipcode", "postcode", "post code", "postal code", "postal", "postcode/zip", "plz",
    "postleitzahl", "cp", "c.p", "code postal", "codigo postal", "código postal", "cep", "cap", "postnummer",
    "postnr", "postinumero", "irányítószám", "irsz", "psč", "psc", "kod pocztowy", "kod", "sihtnumber", "postcodes",
    "pin code", "pincode", "eircode", "zip/postcode", "post", "postalcode", "zip_code", "post_code", "postal_code",
)  # fmt: skip

# The lookahead first: most positions fail on it before the lookbehinds are tried.
_BOUND_BEFORE = r"(?=[0-9A-Za-z])(?<![\w./@#+-])(?<!\d,)"
_BOUND_AFTER = r"(?![\w/@]|[.-]\d)"
# Shapes a postcode takes somewhere in the world, tried only next to a cue.
_CUED_SHAPES = (
    r"\d{5}-\d{4}",  # US ZIP+4
    r"\d{5}-\d{3}",  # Brazil CEP
    r"\d{4}-\d{3}",  # Portugal
    r"\d{2}-\d{3}",  # Poland
    r"\d{3} ?\d{2}",  # Sweden, Czechia, Slovakia, Greece
    r"[1-9]\d{3} ?(?-i:[A-Z]{2})",  # Netherlands
    r"(?-i:[A-Z]\d[A-Z]) ?\d(?-i:[A-Z]\d)",  # Canada
    r"(?-i:[A-Z]{1,2})-?\d{4,5}",  # country-prefixed: "D-10115", "SE-11122", "L-1234"
    r"(?-i:[AC-FHKNPRTV-Y]\d{2}|D6W) ?(?-i:[0-9AC-FHKNPRTV-Y]{4})",  # Ireland's Eircode
    r"\d{3,8}",  # digits alone: 3 (Iceland) to 7 (Israel), 8 (Brazil's CEP run together)
)
CUED = regex.compile(rf"{_BOUND_BEFORE}(?:{'|'.join(_CUED_SHAPES)}){_BOUND_AFTER}")

_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK"
    "|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|AA|AE|AP"
)
_AU_STATES = "NSW|VIC|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas"
_CA_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_CA_POSTCODE = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"
# The postcode follows its state as addresses print it: "NY 10001", "NSW, 2000", "Sydney NSW 2000".
# Matched forwards, state and all (a lookbehind per position costs far more); the `code` group is the result.
BESIDE_REGION = regex.compile(
    # the lookahead first: most positions fail on it before the lookbehind and the state list are tried
    rf"(?=[A-Z][A-Za-z]{{1,2}}\.?,?[ \t]{{1,2}}[0-9A-Z])(?<![\w-])"
    rf"(?:(?:{_US_STATES})\.?,?[ \t]{{1,2}}(?P<code>\d{{5}}(?:-\d{{4}})?)"
    rf"|(?:{_AU_STATES})\.?,?[ \t]{{1,2}}(?P<code>\d{{4}})"
    rf"|(?:{_CA_PROVINCES})\.?,?[ \t]{{1,2}}(?P<code>{_CA_POSTCODE})){_BOUND_AFTER}"
)
# A city's postcode written beside its name: "South Cheryl 28852)", ", 74-045 Kościan", "Drávafürdőhalas H-8093".
_CITY = r"\p{Lu}\p{Ll}+(?:[-'’]\p{L}+)*"
_CITY_CODE = (
    r"(?:\d{5}|\d{4}|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}|\d{5}-\d{3}|[1-9]\d{3} ?(?-i:[A-Z]{2})"
    r"|(?-i:[A-Z]{1,2})-\d{4,5})"
)
BESIDE_CITY = regex.compile(
    # after the city, closing the address: a bracket, the line's end, or a comma before a capitalised country
    rf"(?=\p{{Lu}}\p{{Ll}})(?<![\w-])(?P<city>{_CITY})[ \t](?P<after>{_CITY_CODE})"
    rf"(?=[ \t]*(?:\)|\.?$|,[ \t]*\p{{Lu}}))"
    # before the city, after a comma or a line start, as most of Europe writes it
    rf"|(?:^|,)[ \t]*(?P<before>{_CITY_CODE})(?=[ \t]\p{{Lu}}\p{{Ll}})",
    regex.MULTILINE,
)
# Words before a number that make it a room, model, year or count rather than a postcode.
# BESIDE_REGION starts with its state's capital; BESIDE_CITY with its city's capital, a comma, or at a line's start.
_CAPITAL = regex.compile(r"[A-Z]")
# What a BESIDE_REGION match starts with: one of its states' or provinces' codes.
_REGION_CODES = tuple("|".join((_US_STATES, _AU_STATES, _CA_PROVINCES)).split("|"))
_CITY_LEAD = regex.compile(r"[\p{Lu},\n]")


def _region_starts(text: str) -> list[int]:
    """Where a BESIDE_REGION match can start: a capital that starts one of the codes."""
    return [start for start in match_starts(_CAPITAL, text) if text.startswith(_REGION_CODES, start)]


def _city_starts(text: str) -> list[int]:
    """Where a BESIDE_CITY match can start: a capital, a comma, the text's start or a line's (after its break)."""
    starts = {0}
    for match in _CITY_LEAD.finditer(text):
        starts.add(match.end() if match.group() == "\n" else match.start())
    return sorted(starts)


_NOT_A_CITY = frozenset(
    (
        "Room", "Suite", "Unit", "Level", "Floor", "Version", "Model", "Order", "Invoice", "Ticket", "Page", "Chapter",
        "Section", "Step", "Table", "Figure", "Item", "Box", "Apt", "Flat", "Building", "Gate", "Platform", "Route",
        "Highway", "Windows", "Office", "Series", "Class", "Type", "Since", "Year", "Total", "Account", "Ref",
        "Reference", "Case", "Code", "Error", "Port", "Build", "Release", "Batch", "Lot", "Store", "Branch", "Job",
        "Issue", "Number", "Member", "Employee", "Customer", "Patient", "Policy", "Claim", "Flight", "Train", "Bus",
        "Seat", "Row", "Aisle", "Bay", "Dock", "Line", "Part", "Product", "Sku", "Serial", "Quantity", "Amount",
        "Price", "Balance", "Pin", "Extension", "Ext", "Rule", "Article", "Clause", "Paragraph", "Volume", "Form",
        "Schedule", "Exhibit", "Appendix", "Annex", "Grade", "Phase", "Stage", "Round", "Week", "Day", "Team",
        "Group", "Zone", "Sector", "Channel", "Slot", "Tier", "Plan", "Package", "Kit", "Note", "Vol", "No",
    )
)  # fmt: skip
_YEAR = regex.compile(r"(?:19|20)\d{2}")

# Dutch letter pairs that are units, eras and abbreviations more often than postcodes ("2000 AD", "1080 HD").
_NOT_DUTCH_LETTERS = frozenset(
    (
        "AD", "BC", "AM", "PM", "HD", "SD", "SP", "XP", "KB", "MB", "GB", "TB", "CE", "UK", "US", "EU", "SA", "SS",
        "VS", "MS", "OS", "PC", "TV", "CD", "DJ", "ID", "IQ", "IT", "OK", "NO", "PS", "RE", "HR", "AI", "BE", "DE",
        "FR", "ES", "NL", "AU", "NZ", "CA", "JS", "GO", "UP", "ON",
    )
)  # fmt: skip
ANYWHERE = regex.compile(
    rf"(?=[A-Z1-9])(?<![\w.,/@#+-])(?:(?P<ca>{_CA_POSTCODE})|(?P<nl>[1-9]\d{{3}} (?P<letters>[A-Z]{{2}})))"
    rf"{_BOUND_AFTER}"
)
# Numbers that look like postcodes but carry units or money next to them.
_UNIT_AFTER = regex.compile(r"[ \t]*(?:%|kg|km|mg|ms|px|USD|EUR|AUD|\$|€|£)", regex.IGNORECASE)


class PostcodeRecognizer(LayerTagged, LocalRecognizer):
    """Postcodes beside a cue or a state; Canadian and Dutch ones anywhere."""

    LAYER = "patterns"

    def __init__(self, supported_language: str = "en"):
        super().__init__(
            supported_entities=[ENTITY], name="PostcodeRecognizer", supported_language=supported_language, context=[]
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if entities and ENTITY not in entities:
            return []
        found: dict[tuple[int, int], float] = {}
        for match in matches_at(BESIDE_REGION, text, _region_starts(text)):
            found[match.span("code")] = BESIDE_REGION_SCORE
        for match in matches_at(BESIDE_CITY, text, _city_starts(text)):
            group = "after" if match.group("after") else "before"
            if _YEAR.fullmatch(match.group(group)) or match.group("city") in _NOT_A_CITY:
                continue
            found.setdefault(match.span(group), BESIDE_REGION_SCORE)
        for match in ANYWHERE.finditer(text):
            if match.group("nl") and match.group("letters") in _NOT_DUTCH_LETTERS:
                continue
            found.setdefault(match.span(), ANYWHERE_SCORE)
        cues: CueFinder | None = None
        for first, last in cue_regions(text, list(CUE_WORDS), CUE_WORDS_BEFORE):
            for match in CUED.finditer(text, first, min(len(text), last + 20)):
                if match.start() >= last:
                    break
                if match.span() in found or _UNIT_AFTER.match(text, match.end()):
                    continue
                cues = cues or CueFinder(text, CUE_WORDS)
                if cues.near(match.start(), match.end(), before=CUE_WORDS_BEFORE, after=0):
                    found[match.span()] = CUE_SCORE
        return _results(self, found)


def _results(recognizer: PostcodeRecognizer, found: dict[tuple[int, int], float]) -> list[RecognizerResult]:
    return [
        tagged_result(recognizer, ENTITY, start, end, score, AnalysisExplanation(recognizer.name, score))
        for (start, end), score in sorted(found.items())
    ]
