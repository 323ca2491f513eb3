#!/usr/bin/env python3
"""Distil `names-dataset` (105 countries, ~1.7 million names, gigabytes once loaded) into the compact lists the
names layer ships: detectors/data/world_first_names.txt.gz and world_surnames.txt.gz.

A name is kept when it ranks among the top RANK_LIMIT of at least one country, is one word of letters (with ' or -
inside) and is at least two letters long. Entries are case-folded, one per line, sorted; a name with diacritics is
written twice, as written and without its marks ("josé", "jose"), so a transliterated spelling is found too.

Needs `pip install names-dataset` (a build-time tool only: the proxy reads the committed lists, never this package).

    .venv/bin/python scripts/build_name_data.py
"""

from __future__ import annotations

import gzip
import importlib.util
import pickle
import re
import unicodedata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "detectors" / "data"
RANK_LIMIT = 2000
WORD = re.compile(r"[^\W\d_]{2,}(?:['’-][^\W\d_]+)*")
SOURCES = {"first_names.pkl.gz": "world_first_names.txt.gz", "last_names.pkl.gz": "world_surnames.txt.gz"}


def dataset_dir() -> Path:
    """The folder of names-dataset's pickles, found without importing the package (it imports pycountry)."""
    spec = importlib.util.find_spec("names_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("names-dataset is not installed: pip install names-dataset")
    return Path(next(iter(spec.submodule_search_locations))) / "v3"


def without_marks(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def distil(entries: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    kept: set[str] = set()
    for name, info in entries.items():
        ranks = info.get("rank") or {}
        if not ranks or min(ranks.values()) > RANK_LIMIT or not WORD.fullmatch(name):
            continue
        folded = name.casefold().replace("’", "'")
        kept.add(folded)
        kept.add(unicodedata.normalize("NFC", without_marks(folded)))
    return sorted(kept)


def main() -> None:
    source = dataset_dir()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for pickle_name, output in SOURCES.items():
        with gzip.open(source / pickle_name) as handle:
            entries = pickle.load(handle)  # noqa: S301 - the package's own data file
        names = distil(entries)
        del entries
        # mtime=0: the same input gives a byte-identical file
        with gzip.GzipFile(DATA_DIR / output, "wb", mtime=0) as out:
            out.write(("\n".join(names) + "\n").encode("utf-8"))
        print(f"{output}: {len(names)} names")


if __name__ == "__main__":
    main()
