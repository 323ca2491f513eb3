#!/usr/bin/env python3
"""Write the blind evaluation set: scripts/eval/blind_{dev,test}_{labelled,clean}.jsonl.

Values come from `faker` in 17 locales, the texts from templates written for this set (none taken from a public
PII evaluation set). The templates are split by a fixed random draw (SPLIT_SEED, `draw_split`) into a dev half,
kept in blind_templates_dev.py, and a test half, kept in blind_templates_test.py. **Whoever tunes a detector reads
neither blind_templates_test.py nor blind_test_*.jsonl**: the test split is measured once, by the coordinator.

Each labelled record: {"id", "kind", "text", "spans": [{"start", "end", "category"[, "optional"]}], "template",
"locale"} — scripts/evaluate.py's format plus two fields it ignores. A span marked optional (a country) is no PII
under HIPAA Safe Harbor: it is not counted for recall, and a detection on it is no false positive.
Deterministic for one faker version (FAKER_VERSION) and hash seed: some faker lists are built from sets, whose
order follows PYTHONHASHSEED, so the script runs itself again with PYTHONHASHSEED=0 when started without it; and
faker draws dates of birth and national ids against the clock, so the clock is frozen at FROZEN_NOW.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import faker
from freezegun import freeze_time

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/eval is no package: siblings import by name

import blind_templates_dev as dev_templates  # noqa: E402
import blind_templates_test as test_templates  # noqa: E402
from common import SLOT, DataSet, Value, write_dataset  # noqa: E402

SEED = 58_203_117  # values; the other three sets use other seeds
SPLIT_SEED = 3  # the first seed from 1 whose draw leaves every counted type MIN_PER_SPLIT values in both splits
MIN_PER_SPLIT = 30
HASH_SEED = "0"  # faker builds some lists (it_IT cities) from sets
FROZEN_NOW = "2026-12-05 12:00:00"  # faker's dates (births, ids holding one) count back from "now"
FAKER_VERSION = "40.63.0"  # faker's data changes between releases; the files were written with this one
RECORDS_PER_TEMPLATE = 25
CLEAN_PER_TEMPLATE = 10
OUT_DIR = Path(__file__).resolve().parent
SPLITS = ("test", "dev")
PATHS = {split: (OUT_DIR / f"blind_{split}_labelled.jsonl", OUT_DIR / f"blind_{split}_clean.jsonl") for split in SPLITS}

LOCALES = (
    "en_US", "en_GB", "en_AU", "en_NZ", "en_CA", "de_DE", "fr_FR", "es_ES", "it_IT",
    "nl_NL", "pt_BR", "sv_SE", "pl_PL", "hu_HU", "fi_FI", "et_EE", "cs_CZ",
)  # fmt: skip
COUNTRY = {
    "en_US": "USA", "en_GB": "United Kingdom", "en_AU": "Australia", "en_NZ": "New Zealand", "en_CA": "Canada",
    "de_DE": "Germany", "fr_FR": "France", "es_ES": "Spain", "it_IT": "Italy", "nl_NL": "Netherlands",
    "pt_BR": "Brazil", "sv_SE": "Sweden", "pl_PL": "Poland", "hu_HU": "Hungary", "fi_FI": "Finland",
    "et_EE": "Estonia", "cs_CZ": "Czech Republic",
}  # fmt: skip
# international forms, `#` any digit, `%` 1-9; the national forms are faker's own phone_number
INTL_PHONE = {
    "en_US": ("+1 %##-%##-####", "+1 (%##) %##-####"), "en_CA": ("+1 %##-%##-####", "+1.%##.%##.####"),
    "en_GB": ("+44 7%## ######", "+44 (0)20 %### ####"), "en_AU": ("+61 4## ### ###", "+61 (0)2 %### ####"),
    "en_NZ": ("+64 21 ### ####", "+64 (0)9 %## ####"), "de_DE": ("+49 15# ########", "+49 (0)30 %#######"),
    "fr_FR": ("+33 6 ## ## ## ##", "+33 (0)1 ## ## ## ##"), "es_ES": ("+34 6## ### ###", "0034 9## ## ## ##"),
    "it_IT": ("+39 3## ### ####", "+39 06 %### ####"), "nl_NL": ("+31 6 ########", "+31 (0)20 %## ####"),
    "pt_BR": ("+55 11 9####-####", "+55 (21) 9####-####"), "sv_SE": ("+46 7# ### ## ##", "+46 (0)8 %## ### ##"),
    "pl_PL": ("+48 %## ### ###", "0048 %##-###-###"), "hu_HU": ("+36 %0 ### ####", "+36-1-%##-####"),
    "fi_FI": ("+358 4# ### ####", "+358 (0)9 %### ###"), "et_EE": ("+372 5%## ####", "+372 6%# ####"),
    "cs_CZ": ("+420 %## ### ###", "00420 %## ### ###"),
}  # fmt: skip
NATIONAL_ID: dict[str, Callable[[faker.Faker], str]] = {
    **{loc: lambda f: f.ssn() for loc in ("en_US", "en_GB", "en_CA", "fr_FR", "it_IT", "nl_NL", "pt_BR")},
    **{loc: lambda f: f.ssn() for loc in ("sv_SE", "pl_PL", "hu_HU", "fi_FI", "et_EE")},
    "es_ES": lambda f: f.nif(),
    "cs_CZ": lambda f: f.birth_number(),
}
FAMILY_NAME_FIRST = {"hu_HU"}
CARD_TYPES = ("amex", "diners", "discover", "jcb15", "jcb16", "maestro", "mastercard", "visa13", "visa16", "visa19")
DOB_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d %B %Y", "%B %d, %Y", "%m/%d/%Y")
COMPANIES = ("Bluewater Analytics", "Northgate Supplies", "Kestrel Logistics", "Tandem Print Works",
             "Lumen Health Partners", "Copperleaf Software", "Harbourline Freight", "Ironbark Studios")  # fmt: skip
PRODUCTS = ("Nimbus Router X2", "Helix Notes Pro", "Quartz Desk Lamp", "Atlas Backup Suite", "Orion Headset",
            "Vega Smart Plug", "Cobalt Kettle 1.7L", "Summit Trail Shoes")  # fmt: skip
TEAMS = ("Finance", "Platform", "Customer Success", "Logistics", "Research")
CARRIERS = ("DHL Express", "UPS Standard", "FedEx Ground", "PostNL", "Royal Mail Tracked 48")
SERVICES = ("billing-api", "search-indexer", "auth-gateway", "report-worker")

# Slots: «p1» a full name, «p1f» the same person's given name, «p1l» their family name (p2, p3 other people);
# the slots below are labelled with their category; every other slot (order, amount, product …) is an unlabelled
# filler that looks like data but identifies no one.
PERSON = "PERSON"
SLOT_CATEGORY = {
    "addr": "ADDRESS", "addrml": "ADDRESS", "saddr": "ADDRESS", "street": "STREET",
    "city": "LOCATION", "city2": "LOCATION", "postcode": "POSTCODE",
    "phone": "PHONE_NUMBER", "phone2": "PHONE_NUMBER", "phonei": "PHONE_NUMBER",
    "card": "CREDIT_CARD", "email": "EMAIL_ADDRESS", "email2": "EMAIL_ADDRESS", "iban": "IBAN_CODE",
    "iban2": "IBAN_CODE", "dob": "DATE_OF_BIRTH", "natid": "NATIONAL_ID", "natid2": "NATIONAL_ID", "country": "COUNTRY",
}  # fmt: skip
OPTIONAL = {"COUNTRY"}  # no PII under Safe Harbor: neither counted for recall nor a false positive when found
PERSON_SLOT = re.compile(r"p(\d)([fl]?)")


@dataclass(frozen=True)
class Template:
    name: str
    kind: str
    text: str
    lower: bool = False  # lowercase chat: the whole text, values included, is written in lower case

    @property
    def slots(self) -> list[str]:
        return SLOT.findall(self.text)

    def locales(self) -> tuple[str, ...]:
        return tuple(loc for loc in LOCALES if loc in NATIONAL_ID or not {"natid", "natid2"} & set(self.slots))


def templates(module: object) -> tuple[list[Template], list[Template]]:
    def build(rows: Iterable[tuple[str, ...] | tuple[str, str, str, bool]]) -> list[Template]:
        return [Template(*row) for row in rows]  # type: ignore[arg-type]

    return build(module.LABELLED), build(module.CLEAN)  # type: ignore[attr-defined]


def draw_split(names: Iterable[str], seed: int) -> frozenset[str]:
    """The test half: a seeded shuffle of the sorted names, first half taken (odd counts round down)."""
    ordered = sorted(names)
    random.Random(seed).shuffle(ordered)
    return frozenset(ordered[: len(ordered) // 2])


# ---------------------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------------------


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def tidy_lines(value: str) -> list[str]:
    return [line.strip() for line in value.strip().splitlines() if line.strip()]


class BlindGen:
    """Faker per locale plus one RNG for choices, all seeded; values are drawn in a fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers: dict[str, faker.Faker] = {}
        for index, loc in enumerate(LOCALES):
            self.fakers[loc] = faker.Faker(loc)
            self.fakers[loc].seed_instance(seed + index)

    def person(self, loc: str) -> tuple[str, str, str]:
        f = self.fakers[loc]
        given, family = f.first_name(), f.last_name()
        if ", " in family:  # nl_NL lists "Bourgondië, van" in index order; a document writes "van Bourgondië"
            surname, particle = family.split(", ", 1)
            family = f"{particle} {surname}"
        full = f"{family} {given}" if loc in FAMILY_NAME_FIRST else f"{given} {family}"
        return full, given, family

    def email(self, loc: str, person: tuple[str, str, str] | None) -> str:
        f = self.fakers[loc]
        if person is None or self.rng.random() < 0.3:
            return str(f.free_email() if self.rng.random() < 0.5 else f.email())
        given, family = (re.sub(r"[^a-z]", "", ascii_fold(part)) for part in person[1:])
        local = self.rng.choice([f"{given}.{family}", f"{given[0]}{family}", f"{given}{self.rng.randint(1, 99)}"])
        return f"{local}@{f.free_email_domain()}"

    def phone_intl(self, loc: str) -> str:
        return str(self.fakers[loc].numerify(self.rng.choice(INTL_PHONE[loc])))

    def card(self, loc: str) -> str:
        kind = self.rng.choice(CARD_TYPES)
        digits = str(self.fakers[loc].credit_card_number(kind))
        style = self.rng.choice(["plain", "space", "dash"])
        if style == "plain":
            return digits
        sizes = (4, 6, 5) if kind in ("amex", "jcb15") else (4, 6, 4) if kind == "diners" else None
        groups = []
        if sizes:
            pos = 0
            for size in sizes:
                groups.append(digits[pos : pos + size])
                pos += size
        else:
            groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
        return (" " if style == "space" else "-").join(groups)

    def iban(self, loc: str) -> str:
        compact = str(self.fakers[loc].iban())
        if self.rng.random() < 0.5:
            return compact
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))

    def dob(self, loc: str) -> str:
        born: date = self.fakers[loc].date_of_birth(minimum_age=18, maximum_age=90)
        return born.strftime(self.rng.choice(DOB_FORMATS))

    def filler(self, slot: str) -> str:
        r = self.rng
        base = re.sub(r"\d$", "", slot)
        makers: dict[str, Callable[[], str]] = {
            "ticket": lambda: f"{r.choice(['SUP', 'HD', 'CS'])}-{r.randint(10000, 99999)}",
            "order": lambda: f"{r.choice(['ORD', 'SO', 'A'])}-{r.randint(100000, 9999999)}",
            "invoice": lambda: f"INV-{r.randint(2019, 2026)}-{r.randint(100, 99999):05d}",
            "policy": lambda: f"POL-{r.randint(10000, 999999)}",
            "claim": lambda: f"CLM{r.randint(100000, 999999)}",
            "amount": lambda: (
                r.choice(["€", "$", "£", "EUR ", "SEK "]) + f"{r.randint(5, 4999)}.{r.randint(0, 99):02d}"
            ),
            "qty": lambda: str(r.randint(2, 48)),
            "product": lambda: r.choice(PRODUCTS),
            "company": lambda: r.choice(COMPANIES),
            "team": lambda: r.choice(TEAMS),
            "carrier": lambda: r.choice(CARRIERS),
            "service": lambda: r.choice(SERVICES),
            "cardend": lambda: f"{r.randint(0, 9999):04d}",
            "rowid": lambda: str(r.randint(1000, 99999)),
            "empid": lambda: f"E{r.randint(10000, 99999)}",
            "asset": lambda: f"LT-{r.randint(1000, 9999)}",
            "rx": lambda: f"{r.randint(1000000, 9999999)}",
            "tracking": lambda: (
                f"{r.choice(['JD', 'LX', 'RR'])}{r.randint(100000000, 999999999)}{r.choice(['GB', 'DE', 'NL'])}"
            ),
            "time": lambda: f"{r.randint(6, 22):02d}:{r.choice(['00', '15', '30', '45'])}",
            "member_year": lambda: str(r.randint(2008, 2025)),
            "version": lambda: f"{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 12)}",
            "room": lambda: f"{r.choice('ABCD')}{r.randint(1, 12)}",
            "timestamp": lambda: (
                f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
                f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"
            ),
            "ms": lambda: str(r.randint(20, 9000)),
            "sku": lambda: f"{r.choice(['SKU', 'PRD', 'X'])}-{r.randint(1000, 99999)}-{r.choice('ABCDEFGH')}",
            "errcode": lambda: f"E{r.randint(100, 999)}",
            "minutes": lambda: str(r.randint(15, 60)),
            "build": lambda: f"#{r.randint(1000, 99999)}",
            "pr": lambda: f"#{r.randint(100, 9999)}",
            "otp": lambda: f"{r.randint(0, 999999):06d}",
            "pct": lambda: f"{r.randint(0, 9)}.{r.randint(0, 99):02d}%",
            "route": lambda: f"{r.randint(1, 400)}{r.choice(['', 'X', 'N'])}",
        }  # fmt: skip
        return makers[base]()

    def slots(self, template: Template, loc: str) -> dict[str, Value]:
        """A value for every slot of the template; the same slot written twice gets the same value."""
        people: dict[str, tuple[str, str, str]] = {}
        values: dict[str, Value] = {}
        for slot in dict.fromkeys(template.slots):
            if m := PERSON_SLOT.fullmatch(slot):
                person = people.setdefault(m[1], self.person(loc))
                values[slot] = Value(PERSON, person[{"": 0, "f": 1, "l": 2}[m[2]]])
                continue
            category = SLOT_CATEGORY.get(slot)
            if category is None:
                values[slot] = Value("", self.filler(slot))
                continue
            person = people.get("1" if slot == "email" else "2")
            text = self.labelled(slot.rstrip("2"), loc, person)
            values[slot] = Value(category, text.strip())
        return values

    def labelled(self, base: str, loc: str, person: tuple[str, str, str] | None) -> str:
        """The value of a labelled slot (its name without the trailing 2); `person` is whose e-mail it is."""
        f = self.fakers[loc]
        makers: dict[str, Callable[[], object]] = {
            "addr": lambda: ", ".join(tidy_lines(f.address())),
            "addrml": lambda: "\n".join(tidy_lines(f.address())),
            "saddr": lambda: ", ".join(tidy_lines(f.street_address())),
            "street": lambda: ", ".join(tidy_lines(f.street_address())),
            "city": f.city,
            "postcode": f.postcode,
            "phone": f.phone_number,
            "phonei": lambda: self.phone_intl(loc),
            "card": lambda: self.card(loc),
            "email": lambda: self.email(loc, person),
            "iban": lambda: self.iban(loc),
            "dob": lambda: self.dob(loc),
            "natid": lambda: NATIONAL_ID[loc](f),
            "country": lambda: COUNTRY[loc],
        }
        return str(makers[base]())


# ---------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------


def assemble(template: Template, values: Mapping[str, Value]) -> tuple[str, list[dict[str, object]]]:
    """The text and its spans; JSON templates get their values escaped, lowercase templates everything lowered."""
    pieces = SLOT.split(template.text)
    text, spans = "", []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            text += piece.lower() if template.lower else piece
            continue
        value = values[piece]
        written = value.text.lower() if template.lower else value.text
        if template.kind == "json":
            written = json.dumps(written, ensure_ascii=False)[1:-1]
        start = len(text)
        text += written
        if value.category:
            span: dict[str, object] = {"start": start, "end": len(text), "category": value.category}
            if value.category in OPTIONAL:
                span["optional"] = True
            spans.append(span)
    if template.kind == "json":
        json.loads(text)  # a JSON record must really be JSON
    return text, spans


def add_records(ds: DataSet, gen: BlindGen, split: str, labelled: list[Template], clean: list[Template]) -> None:
    for number, template in enumerate(labelled):
        locales = template.locales()
        for index in range(RECORDS_PER_TEMPLATE):
            loc = locales[(index + number) % len(locales)]
            text, spans = assemble(template, gen.slots(template, loc))
            assert any(not s.get("optional") for s in spans), template.name
            record_id = f"{split}-{template.name}-{index + 1:02d}"
            ds.add_record(record_id, template.kind, text, spans, {"template": template.name, "locale": loc})
    for number, template in enumerate(clean):
        for index in range(CLEAN_PER_TEMPLATE):
            loc = LOCALES[(index + number) % len(LOCALES)]
            text, spans = assemble(template, gen.slots(template, loc))
            assert not spans, template.name
            ds.add_clean(f"{split}-{template.name}-{index + 1:02d}", template.kind, text)
            ds.clean[-1].update({"template": template.name, "locale": loc})


def check_split() -> None:
    """Every template sits in the module the draw put it in."""
    test, dev = templates(test_templates), templates(dev_templates)
    for group in (0, 1):  # labelled, then clean: each drawn on its own
        drawn = draw_split([t.name for t in test[group] + dev[group]], SPLIT_SEED)
        assert {t.name for t in test[group]} == drawn, "the test templates are not the ones the draw chose"


def build() -> dict[str, DataSet]:
    check_split()
    gen = BlindGen(SEED)
    sets = {}
    for split, module in (("test", test_templates), ("dev", dev_templates)):
        sets[split] = DataSet()
        add_records(sets[split], gen, split, *templates(module))
    return sets


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != HASH_SEED:
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": HASH_SEED})
    if faker.VERSION != FAKER_VERSION:
        sys.exit(f"faker {faker.VERSION} is installed; the set is written with faker {FAKER_VERSION}")
    with freeze_time(FROZEN_NOW):
        splits = build()
    for split, ds in splits.items():
        print(f"{split}: ", end="")
        write_dataset(ds, *PATHS[split])


if __name__ == "__main__":
    main()
