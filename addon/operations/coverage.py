"""Which identifiers the detectors cover, and how well that was last measured: `audit`'s coverage section.

A plain table of the 18 HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)(i)(A)-(R)) and the GDPR categories
that matter for text sent to an LLM, each naming the entity types our recognizers emit for it and the evaluation
categories that measure it. `coverage` joins it with the recognizers that exist in the code now (so a row names
a layer only when a recognizer of that layer emits one of its types), the layers and locales switched on, and
the figures `scripts/evaluate.py --record` last wrote. Nothing is claimed that the code or a measurement does
not back: a row with no recognizer says "not covered", a row never measured says "not measured".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_recognizers
from detectors.types import LAYERS, LOCALES

RESULTS_PATH = Path(__file__).resolve().parents[2] / "scripts" / "eval" / "latest_results.json"
# The figure a row shows: the blind test split when it has been measured, else the next most honest set.
SET_PREFERENCE = ("blind_test", "blind_dev", "fresh", "holdout", "tuning")
TUNED_SETS = frozenset({"blind_dev", "fresh", "holdout", "tuning"})  # sets detectors were tuned on
DICTIONARY = "dictionary"  # the user's own terms: any entity type the user names
NOTHING = "NONE"  # what the registry holds when a layer has no recognizer (an empty dictionary)


@dataclass(frozen=True)
class Identifier:
    framework: str
    ref: str
    name: str
    entity_types: tuple[str, ...]  # what our recognizers emit for it
    categories: tuple[str, ...] = ()  # evaluation categories that measure it
    gap: str = ""  # what of it no layer finds; a row with a gap is at most "partly" covered
    needs: tuple[str, ...] = ()  # entity types without which it is only partly covered


SAFE_HARBOR = "HIPAA Safe Harbor"
GDPR = "GDPR"
NATIONAL_IDS = ("US_SSN", "UK_NINO", "AU_TFN", "AU_ABN", "NZ_IRD", "NATIONAL_ID")
HEALTH_NUMBERS = ("MEDICAL_RECORD_NUMBER", "AU_MEDICARE", "UK_NHS", "NZ_NHI")
ACCOUNTS = ("CREDIT_CARD", "IBAN_CODE", "AU_BANK_ACCOUNT", "NZ_BANK_ACCOUNT", "UK_SORT_CODE")
PLACES = ("ADDRESS", "STREET", "LOCATION", "POSTCODE", "UK_POSTCODE", "US_ZIP")
# The evaluation categories that measure places, and the types a place row is only partly covered without.
PLACE_CATEGORIES = ("ADDRESS", "STREET", "LOCATION", "POSTCODE", "UK_POSTCODE")
PLACE_NEEDS = ("ADDRESS", "LOCATION")
SECRETS = ("API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD")

IDENTIFIERS: tuple[Identifier, ...] = (
    Identifier(SAFE_HARBOR, "A", "Names", ("PERSON",), ("PERSON",)),
    Identifier(
        SAFE_HARBOR,
        "B",
        "Geographic subdivisions smaller than a state: street, city, county, precinct, ZIP",
        PLACES,
        PLACE_CATEGORIES,
        needs=PLACE_NEEDS,
    ),
    Identifier(
        SAFE_HARBOR,
        "C",
        "Dates (except year) related to an individual; ages over 89",
        ("DATE_OF_BIRTH",),
        ("DATE_OF_BIRTH",),
        gap="dates of birth only; admission, discharge and death dates and ages are not detected",
    ),
    Identifier(SAFE_HARBOR, "D", "Telephone numbers", ("PHONE_NUMBER",), ("PHONE_NUMBER",)),
    Identifier(SAFE_HARBOR, "E", "Fax numbers", ("PHONE_NUMBER",), ("PHONE_NUMBER",)),
    Identifier(SAFE_HARBOR, "F", "Email addresses", ("EMAIL_ADDRESS",), ("EMAIL_ADDRESS",)),
    Identifier(SAFE_HARBOR, "G", "Social security numbers", ("US_SSN",), ("US_SSN",)),
    Identifier(SAFE_HARBOR, "H", "Medical record numbers", ("MEDICAL_RECORD_NUMBER",), ("MEDICAL_RECORD_NUMBER",)),
    Identifier(
        SAFE_HARBOR,
        "I",
        "Health plan beneficiary numbers",
        HEALTH_NUMBERS[1:],
        ("AU_MEDICARE", "UK_NHS", "NZ_NHI"),
        gap="US health plan member ids only where a record-number cue is near",
    ),
    Identifier(SAFE_HARBOR, "J", "Account numbers", ACCOUNTS, ACCOUNTS),
    Identifier(
        SAFE_HARBOR,
        "K",
        "Certificate and licence numbers",
        ("LICENCE_NUMBER", "UK_DRIVING_LICENCE", "AU_PASSPORT", "NZ_PASSPORT", "UK_PASSPORT"),
        ("LICENCE_NUMBER", "UK_DRIVING_LICENCE", "AU_PASSPORT", "NZ_PASSPORT", "UK_PASSPORT"),
    ),
    Identifier(
        SAFE_HARBOR,
        "L",
        "Vehicle identifiers and serial numbers, including licence plates",
        ("VIN",),
        ("VIN",),
        gap="licence plates are not detected",
    ),
    Identifier(
        SAFE_HARBOR,
        "M",
        "Device identifiers and serial numbers",
        ("MAC_ADDRESS",),
        ("MAC_ADDRESS",),
        gap="MAC addresses only; other device serial numbers are not detected",
    ),
    Identifier(SAFE_HARBOR, "N", "Web URLs", ("URL",), ("URL",)),
    Identifier(SAFE_HARBOR, "O", "IP addresses", ("IP_ADDRESS",), ("IP_ADDRESS",)),
    Identifier(
        SAFE_HARBOR,
        "P",
        "Biometric identifiers, including finger and voice prints",
        (),
        gap="not text: nothing detects them",
    ),
    Identifier(
        SAFE_HARBOR,
        "Q",
        "Full-face photographs and comparable images",
        (),
        gap="images are not scanned (anonamoose_attachments passes or refuses them)",
    ),
    Identifier(
        SAFE_HARBOR,
        "R",
        "Any other unique identifying number, characteristic or code",
        (*NATIONAL_IDS[1:], *SECRETS, DICTIONARY),
        ("UK_NINO", "AU_TFN", "AU_ABN", "NZ_IRD", "NATIONAL_ID", *SECRETS),
        gap="national numbers of the locales covered, secrets and dictionary terms; any other code only as a term",
    ),
    Identifier(GDPR, "Art. 4(1)", "Name", ("PERSON",), ("PERSON",)),
    Identifier(
        GDPR,
        "Art. 4(1), 87",
        "Identification numbers (national ids, passports)",
        (*NATIONAL_IDS, "AU_PASSPORT", "NZ_PASSPORT", "UK_PASSPORT"),
        (*NATIONAL_IDS, "UK_PASSPORT"),
    ),
    Identifier(
        GDPR,
        "Art. 4(1)",
        "Location data (addresses, places, postcodes)",
        PLACES,
        PLACE_CATEGORIES,
        needs=PLACE_NEEDS,
    ),
    Identifier(
        GDPR,
        "Art. 4(1)",
        "Contact details (phone, e-mail)",
        ("PHONE_NUMBER", "EMAIL_ADDRESS"),
        ("PHONE_NUMBER", "EMAIL_ADDRESS"),
    ),
    Identifier(
        GDPR,
        "Art. 4(1)",
        "Online identifiers (IP, MAC, URL)",
        ("IP_ADDRESS", "MAC_ADDRESS", "URL"),
        ("IP_ADDRESS", "MAC_ADDRESS", "URL"),
    ),
    Identifier(GDPR, "Art. 4(1)", "Financial identifiers (cards, bank accounts)", ACCOUNTS, ACCOUNTS),
    Identifier(GDPR, "Art. 4(1)", "Date of birth", ("DATE_OF_BIRTH",), ("DATE_OF_BIRTH",)),
    Identifier(
        GDPR,
        "Art. 9",
        "Health data",
        HEALTH_NUMBERS,
        HEALTH_NUMBERS,
        gap="health numbers only; diagnoses, conditions and treatments in free text are not detected",
    ),
    Identifier(
        GDPR,
        "Art. 9",
        "Racial or ethnic origin, political opinions, religion, union membership, "
        "genetic data, sex life or orientation",
        (),
        gap="not detected (dictionary terms only)",
    ),
    Identifier(GDPR, "Art. 10", "Criminal convictions and offences", (), gap="not detected (dictionary terms only)"),
    Identifier(GDPR, "Art. 32", "Credentials (API keys, private keys, tokens, passwords)", SECRETS, SECRETS),
)


# ---------------------------------------------------------------------------------------------------------
# What the code emits, and what was measured
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Emitter:
    entity_type: str
    layer: str
    locale: str | None  # None: every locale


def emitters() -> list[Emitter]:
    """Every (entity type, layer, locale) the engine's registry can produce, found by building each layer's
    recognizers (no spaCy model is loaded) with no locale, then with each locale: whatever a locale adds is its."""
    out: list[Emitter] = []
    for layer in LAYERS:
        universal = layer_entities(layer, frozenset())
        out += [Emitter(e, layer, None) for e in sorted(universal)]
        for locale in LOCALES:
            out += [Emitter(e, layer, locale) for e in sorted(layer_entities(layer, frozenset({locale})) - universal)]
    return out


def layer_entities(layer: str, locales: frozenset[str]) -> set[str]:
    settings = DetectionSettings(layers=frozenset({layer}), locales=locales)
    return {e for r in build_recognizers(settings) for e in r.supported_entities} - {NOTHING}


def read_results(path: Path | None = None) -> dict[str, Any]:
    """The sets `scripts/evaluate.py --record` measured last; empty when there is no record (an installed copy)."""
    path = path or RESULTS_PATH
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sets = recorded.get("sets") if isinstance(recorded, dict) else None
    return sets if isinstance(sets, dict) else {}


def measured(categories: Iterable[str], results: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per recorded set: the values of these categories caught out of those labelled, with date and commit."""
    wanted = set(categories)
    out: dict[str, dict[str, Any]] = {}
    for name, entry in results.items():
        scores = [v for c, v in (entry.get("categories") or {}).items() if c in wanted]
        total = sum(int(v.get("total", 0)) for v in scores)
        if not total:
            continue
        caught = sum(int(v.get("caught", 0)) for v in scores)
        out[name] = {
            "total": total,
            "caught": caught,
            "recall": caught / total,
            "date": entry.get("date"),
            "commit": entry.get("commit"),
        }
    return out


def headline(per_set: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """The figure to show: the most honest set that measured the row, marked when detectors were tuned on it."""
    for name in SET_PREFERENCE:
        if name in per_set:
            return {"set": name, "tuned_on": name in TUNED_SETS, **per_set[name]}
    return None


# ---------------------------------------------------------------------------------------------------------
# The join
# ---------------------------------------------------------------------------------------------------------


def gaps(row: Identifier, emitted: set[str]) -> list[str]:
    missing = [e for e in row.needs if e not in emitted]
    return ([f"no recognizer emits {', '.join(missing)}"] if missing else []) + ([row.gap] if row.gap else [])


def status(layers: list[str], enabled: list[str], gap: list[str]) -> str:
    if not layers:
        return "not covered"
    if not enabled:
        return "switched off"
    return "partly" if gap else "covered"


def coverage(
    layers_on: Iterable[str],
    locales_on: Iterable[str],
    results: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One row per identifier: status, the layers (and locales) that cover it, which of them are on, the gap,
    and the latest measured recall of its evaluation categories (the headline and every recorded set)."""
    results = read_results() if results is None else results
    layers_on, locales_on = set(layers_on), set(locales_on)
    found = emitters()
    rows = []
    for row in IDENTIFIERS:
        covering = [e for e in found if e.entity_type in row.entity_types]
        layers = sorted({e.layer for e in covering} | ({DICTIONARY} if DICTIONARY in row.entity_types else set()))
        locales = sorted({e.locale for e in covering if e.locale})
        enabled = sorted(
            {e.layer for e in covering if e.layer in layers_on and (e.locale is None or e.locale in locales_on)}
            | ({DICTIONARY} if DICTIONARY in row.entity_types and DICTIONARY in layers_on else set())
        )
        per_set = measured(row.categories, results)
        gap = gaps(row, {e.entity_type for e in found})
        rows.append(
            {
                "framework": row.framework,
                "ref": row.ref,
                "identifier": row.name,
                "status": status(layers, enabled, gap),
                "layers": layers,
                "layers_on": enabled,
                "locales": locales,
                "every_locale": any(e.locale is None for e in covering),  # False: only the locales listed
                "entity_types": sorted({e.entity_type for e in covering}),
                "gap": "; ".join(gap) or None,
                "recall": headline(per_set),
                "recall_by_set": per_set,
            }
        )
    return rows
