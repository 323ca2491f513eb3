"""The fresh evaluation set (scripts/eval/fresh_*.jsonl): its minimums, its spans, its checksums, and that it shares
nothing with the tuning set (labelled.jsonl) or the held-out set (holdout_labelled.jsonl) but its format."""

from __future__ import annotations

import base64
import binascii
import re
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path

import eval_checks as checks  # noqa: E402

evaluate = checks.load_script("evaluate_for_fresh", checks.REPO / "scripts" / "evaluate.py")
generate = checks.load_script("generate_for_fresh", checks.EVAL_DIR / "generate.py")
holdout = checks.load_script("generate_holdout_for_fresh", checks.EVAL_DIR / "generate_holdout.py")
fresh = checks.load_script("generate_fresh_script", checks.EVAL_DIR / "generate_fresh.py")

RECORDS = evaluate.load_labelled(fresh.LABELLED_PATH)
CLEAN = evaluate.load_clean(fresh.CLEAN_PATH)
OTHER_RECORDS = evaluate.load_labelled(evaluate.DEFAULT_LABELLED) + evaluate.load_labelled(holdout.LABELLED_PATH)
OTHER_CLEAN = evaluate.load_clean(evaluate.DEFAULT_CLEAN) + evaluate.load_clean(holdout.CLEAN_PATH)
SPANS = [(r, s) for r in RECORDS for s in r.spans]


def values(category: str | None = None) -> list[str]:
    return [r.text[s.start : s.end] for r, s in SPANS if category is None or s.category == category]


# --- minimums ---------------------------------------------------------------------------------------------


def test_covers_every_category_of_the_other_sets_with_enough_values() -> None:
    categories = {s.category for _, s in SPANS}
    assert categories == {s.category for r in OTHER_RECORDS for s in r.spans}
    assert len(SPANS) >= 250
    assert {c: n for c in categories if (n := len(values(c))) < 4} == {}
    assert {r.kind for r in RECORDS} == {"sentence", "json", "code"}


def test_has_enough_people_and_clean_texts() -> None:
    assert len(values("PERSON")) >= 80
    assert len({full for full, _, _ in fresh.PEOPLE}) >= 70
    assert len(set(values("PERSON"))) >= 70
    assert len(CLEAN) >= 50


def test_every_person_in_the_pool_appears() -> None:
    written = set(values("PERSON"))
    assert [person[0] for person in fresh.PEOPLE if not written & fresh.name_forms(person)] == []


@pytest.mark.parametrize(
    ("form", "at_least"),
    [
        (lambda p: p[0], 40),  # full name
        (lambda p: p[1], 25),  # given name alone: chat, greetings
        (lambda p: p[2], 10),  # family name after a title
        (fresh.initialled, 10),
        (fresh.surname_first, 5),
        (fresh.surname_capitals, 5),
        (fresh.airline, 2),
    ],
)
def test_names_are_written_in_every_form_documents_use(
    form: Callable[[tuple[str, str, str]], str], at_least: int
) -> None:
    written = values("PERSON")
    assert sum(written.count(form(person)) for person in fresh.PEOPLE) >= at_least


def test_family_name_first_people_are_written_family_name_first() -> None:
    family_first = [p for p in fresh.PEOPLE if p[0].startswith(p[2] + " ")]
    assert len(family_first) >= 6
    assert {p[0] for p in family_first} & set(values("PERSON"))


def test_no_template_is_used_twice() -> None:
    skeletons = [checks.skeleton(r) for r in RECORDS]
    assert len(skeletons) == len(set(skeletons))


# --- different material from both other sets --------------------------------------------------------------


def test_uses_another_seed_and_none_of_the_other_names() -> None:
    assert fresh.SEED not in (generate.SEED, holdout.SEED)
    assert (
        checks.name_tokens(fresh.PEOPLE) & (checks.name_tokens(generate.PEOPLE) | checks.name_tokens(holdout.PEOPLE))
        == set()
    )


def test_shares_no_value_with_the_other_sets() -> None:
    other_values = {r.text[s.start : s.end] for r in OTHER_RECORDS for s in r.spans}
    assert [evaluate.mask(v) for v in set(values()) & other_values] == []


def test_shares_no_template_or_clean_text_with_the_other_sets() -> None:
    assert {checks.skeleton(r) for r in RECORDS} & {checks.skeleton(r) for r in OTHER_RECORDS} == set()
    assert {c.text for c in CLEAN} & {c.text for c in OTHER_CLEAN} == set()


def test_ids_are_unique_and_apart_from_the_other_ids() -> None:
    ids = [r.id for r in RECORDS] + [c.id for c in CLEAN]
    assert len(ids) == len(set(ids))
    assert set(ids) & ({r.id for r in OTHER_RECORDS} | {c.id for c in OTHER_CLEAN}) == set()


# --- clean texts hold nothing any set calls PII ---------------------------------------------------------------


def test_clean_texts_hold_no_pool_name_and_no_labelled_value() -> None:
    words = {w.lower() for c in CLEAN for w in re.findall(r"[^\W\d_]+", c.text)}
    assert words & checks.name_tokens(fresh.PEOPLE) == set()
    other_values = {
        r.text[s.start : s.end]
        for r in OTHER_RECORDS
        for s in r.spans
        # a given name of another set that is also an ordinary word ("Grace period") is what makes a clean text
        # tricky; whole names and every other value must stay out
        if not (s.category == "PERSON" and " " not in r.text[s.start : s.end])
    }
    every_value = set(values()) | other_values
    leaked = [(c.id, evaluate.mask(v)) for c in CLEAN for v in every_value if len(v) > 3 and v in c.text]
    assert leaked == []


def test_clean_texts_hold_no_url_email_or_ip() -> None:
    assert [c.id for c in CLEAN if re.search(r"https?://|www\.|\w@\w", c.text)] == []
    assert [c.id for c in CLEAN if re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", c.text)] == []


# --- spans cover exactly their value ------------------------------------------------------------------------


def test_spans_are_ordered_apart_and_on_word_boundaries() -> None:
    checks.assert_spans_ordered_apart_and_on_word_boundaries(RECORDS)


LOOKS_LIKE_PII = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail
    r"|https?://[^\s)\]\"']*[\w/]"  # URL, without the punctuation that closes a sentence or a link
    r"|(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])"  # IPv4, not part of a longer dotted number (an OID)
)


def test_every_address_in_a_labelled_text_is_labelled() -> None:
    """An e-mail, URL or IP left unlabelled would score a detector's right answer as nothing."""
    unlabelled = [
        (record.id, evaluate.mask(match.group()))
        for record in RECORDS
        for match in LOOKS_LIKE_PII.finditer(record.text)
        if not any(s.start <= match.start() and match.end() <= s.end for s in record.spans)
    ]
    assert unlabelled == []


REGIONAL = {"AU_": "AU", "NZ_": "NZ", "UK_": "UK", "US_": "US"}


def test_regional_values_carry_their_locale() -> None:
    for record, span in SPANS:
        expected = next((loc for prefix, loc in REGIONAL.items() if span.category.startswith(prefix)), None)
        if span.category == "PHONE_NUMBER":
            assert span.locale in REGIONAL.values(), record.id
        else:
            assert span.locale == expected, (record.id, span.category)


def nz_bank_ok(value: str) -> bool:
    match = re.fullmatch(r"(\d\d)([- ]?)(\d{4})\2(\d{7})\2(\d{2,3})", value)
    return bool(match) and bool(generate.nz_bank_valid(match.group(3), match.group(4)))  # type: ignore[union-attr]


def private_key_ok(value: str) -> bool:
    """Armoured, and the body between the armour lines is real base64 (line breaks real or escaped)."""
    match = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----(.+)-----END \1-----", value, re.DOTALL)
    if not match:
        return False
    lines = [line.strip() for line in match.group(2).replace("\\n", "\n").splitlines()]
    body = "".join(line for line in lines if line and ":" not in line and not line.startswith("="))
    try:
        return len(base64.b64decode(body, validate=True)) >= 48
    except binascii.Error:
        return False


DATE_FORMATS = (
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y-%m-%d",
    "%Y%m%d",
    "%d%b%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d-%m-%Y",
)


def date_ok(value: str) -> bool:
    """A real calendar date in one of the ways forms, records and booking systems write a birth date."""
    plain = re.sub(r"(\d)(st|nd|rd|th)( of)?", r"\1", value).replace("Sept", "Sep")
    for fmt in DATE_FORMATS:
        try:
            born = datetime.strptime(plain, fmt)
        except ValueError:
            continue
        return 1900 <= born.year <= 2025
    return False


def pool_surname_prefixes() -> set[str]:
    return {fresh.fold(p[2]).upper()[:5].ljust(5, "9") for p in fresh.PEOPLE}


PERSON_NAMES = {form for person in fresh.PEOPLE for form in fresh.name_forms(person)}

# Each category's shape (and checksum where it has one): a span one character short or long fails these.
SHAPES: dict[str, Callable[[str], bool]] = {
    **checks.SHARED_SHAPES,
    "PERSON": lambda v: v in PERSON_NAMES,
    "MAC_ADDRESS": lambda v: bool(
        re.fullmatch(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|([0-9a-f]{4}\.){2}[0-9a-f]{4}|[0-9A-F]{12}", v)
    ),
    "DATE_OF_BIRTH": date_ok,
    "PHONE_NUMBER": lambda v: bool(re.fullmatch(r"[+(0-9][0-9 ()+.-]*\d", v)) and 9 <= len(checks.digits_of(v)) <= 14,
    "AU_BANK_ACCOUNT": lambda v: bool(re.fullmatch(r"(\d{3}-\d{3} )?\d{6,10}|\d{3} \d{3} \d{3}", v)),
    "NZ_BANK_ACCOUNT": nz_bank_ok,
    "UK_DRIVING_LICENCE": lambda v: (
        bool(re.fullmatch(r"[A-Z9]{5}\d[0156]\d[0-3]\d\d[A-Z9]{2}9[A-Z]{2}", v)) and v[:5] in pool_surname_prefixes()
    ),
    "PRIVATE_KEY": private_key_ok,
}


def test_every_category_has_a_shape_check() -> None:
    assert {s.category for _, s in SPANS} == set(SHAPES)


@pytest.mark.parametrize("category", sorted(SHAPES))
def test_each_span_holds_exactly_a_well_formed_value(category: str) -> None:
    found = values(category)
    assert found
    assert [evaluate.mask(v) for v in found if not SHAPES[category](v)] == []


@pytest.mark.parametrize(
    ("category", "bad"),
    [
        ("CREDIT_CARD", "6504 1187 2209 3317"),
        ("IBAN_CODE", "LT12 1000 0111 0100 1001"),
        ("VIN", "SALGA2BE0MA123456"),
        ("UK_NHS", "401 223 9870"),
        ("NZ_NHI", "KDR4413"),
        ("AU_TFN", "812 330 417"),
        ("PERSON", "Fergus Abernethie"),
        ("UK_SORT_CODE", "08-12 44"),
        ("DATE_OF_BIRTH", "31/02/1990"),
        ("DATE_OF_BIRTH", "12XYZ84"),
        ("UK_DRIVING_LICENCE", "ZZZZZ751142J99AB"),
        ("PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----"),
        ("NZ_BANK_ACCOUNT", "12-3456-0123456-00"),
        ("PHONE_NUMBER", "0412 345"),
    ],
)
def test_shape_checks_refuse_a_broken_value(category: str, bad: str) -> None:
    assert not SHAPES[category](bad)


def test_national_iban_checks_match_published_examples() -> None:
    assert fresh.portuguese_nib_check("0002012312345678901") == "54"  # PT50 0002 0123 1234 5678 9015 4
    assert fresh.finnish_check("1234560000078") == "5"  # FI21 1234 5600 0007 85


def test_ibans_pass_their_national_checks_too() -> None:
    ibans = [v.replace(" ", "") for v in values("IBAN_CODE")]
    portuguese = [v for v in ibans if v.startswith("PT")]
    finnish = [v for v in ibans if v.startswith("FI")]
    assert portuguese and finnish
    assert all(fresh.portuguese_nib_check(v[4:23]) == v[23:] for v in portuguese)
    assert all(fresh.finnish_check(v[4:17]) == v[17] for v in finnish)
    assert len({v[:2] for v in ibans}) >= 6


def test_identifier_formats_vary() -> None:
    """Spacing, dashes and none: a detector that knows one layout per identifier cannot pass."""
    for category in ("CREDIT_CARD", "AU_TFN", "UK_NHS", "NZ_IRD", "US_SSN", "UK_NINO", "NZ_BANK_ACCOUNT"):
        layouts = {re.sub(r"[0-9A-Z]", "x", v) for v in values(category)}
        assert len(layouts) >= 2, category


# --- the committed files are what the generator writes ------------------------------------------------------


def test_generator_reproduces_the_committed_files() -> None:
    checks.assert_generator_reproduces_its_files(fresh)
