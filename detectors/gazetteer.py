"""The place names we ship: GeoNames cities and towns of 1,000+ people and US counties, and apart from them the
countries and US states (regions), distilled by scripts/build_place_data.py into detectors/data/.

Keys are case-folded with typographic apostrophes made plain, so any spelling of the case finds the place;
read once per process.
"""

from __future__ import annotations

import functools
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from detectors.hashed_words import HashedWords

PLACES_FILE = "places.txt.gz"
REGIONS_FILE = "regions.txt.gz"
# A frequent English word ("Reading", "Mobile") is a place on its own only when a city this large has the name.
LARGE_CITY = 500_000


def fold_place(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: HashedWords  # folded names of cities, towns, suburbs and counties
    large: frozenset[str]  # folded names of places with at least LARGE_CITY people
    regions: frozenset[str]  # folded names of countries and US states


def _rows(filename: str) -> Iterator[tuple[str, int]]:
    """(folded name, population) per line of a shipped list, one line at a time (no list of 200,000 strings)."""
    raw = resources.files("detectors").joinpath("data", filename).read_bytes()
    for line in io.StringIO(gzip.decompress(raw).decode("utf-8")):
        name, _, population = line.rstrip("\n").partition("\t")
        if name:
            yield fold_place(name), int(population or 0)


@functools.cache
def gazetteer() -> Gazetteer:
    large: set[str] = set()

    def names() -> Iterator[str]:
        for name, population in _rows(PLACES_FILE):
            if population >= LARGE_CITY:
                large.add(name)
            yield name

    places = HashedWords(names())
    return Gazetteer(places, frozenset(large), frozenset(name for name, _ in _rows(REGIONS_FILE)))


def is_large(folded: str) -> bool:
    """A place of at least LARGE_CITY people goes by this (folded) name."""
    return folded in gazetteer().large


# Several layers ask about the same capitalised words of a text, and a conversation repeats them every turn.
@functools.lru_cache(maxsize=16384)
def is_place(name: str) -> bool:
    """A city, town, suburb or county we know (countries and states not included)."""
    return fold_place(name) in gazetteer().places


@functools.lru_cache(maxsize=16384)
def is_region(name: str) -> bool:
    """A country or a US state."""
    return fold_place(name) in gazetteer().regions
