"""Cells under a CSV column that holds places or addresses: `id,name,email,city` → each row's city.

A header names its columns; a row with as many cells is read by position. An address column's cell is typed
ADDRESS, a city, town, suburb, county or place column's cell LOCATION. One pass over the lines: linear.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from detectors.name_forms import csv_rows_under

ADDRESS_COLUMNS = frozenset(
    [
        "address",
        "addr",
        "street",
        "streetaddress",
        "address1",
        "address2",
        "addressline1",
        "addressline2",
        "line1",
        "line2",
        "homeaddress",
        "postaladdress",
        "mailingaddress",
        "shippingaddress",
        "billingaddress",
        "residentialaddress",
        "deliveryaddress",
    ]
)
PLACE_COLUMNS = frozenset(
    [
        "city",
        "town",
        "suburb",
        "locality",
        "county",
        "precinct",
        "place",
        "location",
        "hometown",
        "birthplace",
        "placeofbirth",
        "village",
        "municipality",
        "district",
        "neighbourhood",
        "neighborhood",
        "cityname",
    ]
)
COLUMN_SCORE = 0.8
_HEADER_CELL = re.compile(r"[A-Za-z][A-Za-z0-9_ .-]{0,40}")
_VALUE = re.compile(r"[\p{L}\p{N}]")


@dataclass(frozen=True, slots=True)
class ColumnSpan:
    start: int
    end: int
    score: float
    reason: str
    entity_type: str


def _normalised(cell: str) -> str:
    return re.sub(r"[^a-z0-9]", "", cell.casefold())


def _columns(line: str) -> tuple[int, dict[int, str]] | None:
    cells = line.split(",")
    if len(cells) < 2 or not all(_HEADER_CELL.fullmatch(cell.strip()) for cell in cells):
        return None
    kinds = {}
    for index, cell in enumerate(cells):
        key = _normalised(cell)
        if key in ADDRESS_COLUMNS:
            kinds[index] = "ADDRESS"
        elif key in PLACE_COLUMNS:
            kinds[index] = "LOCATION"
    return (len(cells), kinds) if kinds else None


def find_column_places(text: str) -> list[ColumnSpan]:
    """Every cell under an address or place column of a CSV table in the text."""
    if "," not in text:
        return []
    spans = []
    for line_start, body, cells, kinds in csv_rows_under(text, _columns):
        for index, entity_type in kinds.items():
            start, end = cells[index]
            value = body[start:end]
            stripped = value.strip()
            if _VALUE.search(stripped):
                begin = line_start + start + value.index(stripped)
                spans.append(ColumnSpan(begin, begin + len(stripped), COLUMN_SCORE, "place column", entity_type))
    return spans
