"""The place names we ship: GeoNames cities and towns of 1,000+ people and US counties, and apart from them the
countries and US states (regions), distilled by scripts/build_place_data.py into detectors/data/.

Keys are case-folded with typographic apostrophes made plain, so any spelling of the case finds the place;
read once per process.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources

PLACES_FILE = "places.txt.gz"
REGIONS_FILE = "regions.txt.gz"


def fold_place(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: dict[str, int]  # folded name -> largest population of a place so named (0: a county)
    regions: frozenset[str]  # folded names of countries and US states
    longest: int  # the most words in one name


def _read(filename: str) -> dict[str, int]:
    raw = resources.files("detectors").joinpath("data", filename).read_bytes()
    rows: dict[str, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        name, _, population = line.partition("\t")
        if name:
            key = fold_place(name)
            rows[key] = max(int(population or 0), rows.get(key, 0))
    return rows


@functools.cache
def gazetteer() -> Gazetteer:
    places = _read(PLACES_FILE)
    regions = frozenset(_read(REGIONS_FILE))
    longest = max(len(name.split()) for name in [*places, *regions])
    return Gazetteer(places, regions, longest)


def is_place(name: str) -> bool:
    """A city, town, suburb or county we know (countries and states not included)."""
    return fold_place(name) in gazetteer().places


def is_region(name: str) -> bool:
    """A country or a US state."""
    return fold_place(name) in gazetteer().regions
