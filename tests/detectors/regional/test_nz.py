"""NZ recognizers: spans and scores for published formats, near misses, and checksums against an oracle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

from detectors.regional import nz
from detectors.types import LayerTagged

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found, found_in_context, span  # noqa: E402


# Oracles written from the published algorithms, independently of the module under test.
def ird_oracle(number: int) -> bool:
    if number < 10_000_000 or number > 150_000_000:
        return False
    base = [int(c) for c in f"{number // 10:08d}"]
    for weights in ([3, 2, 7, 6, 5, 4, 3, 2], [7, 4, 3, 2, 5, 2, 7, 6]):
        remainder = sum(b * w for b, w in zip(base, weights, strict=True)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            return check == number % 10
    return False


def nhi_oracle(nhi: str) -> bool:
    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 64 - (c > "I") - (c > "O")

    values = [value(c) for c in nhi]
    total = sum(v * w for v, w in zip(values[:6], range(7, 1, -1), strict=True))
    if nhi[5].isdigit():
        return total % 11 != 0 and (11 - total % 11) % 10 == values[6]
    return 23 - total % 23 == values[6]


def test_every_recognizer_is_listed_tagged_and_builds_without_arguments() -> None:
    entities = set()
    for cls in nz.RECOGNIZERS:
        recognizer = cls()
        assert isinstance(recognizer, PatternRecognizer)
        assert isinstance(recognizer, LayerTagged)
        assert (cls.LAYER, cls.COUNTRY_CODE) == ("patterns", "nz")
        assert cls.PATTERNS and cls.CONTEXT
        entities.update(recognizer.supported_entities)
    assert entities == {"PHONE_NUMBER", "NZ_IRD", "NZ_NHI", "NZ_PASSPORT", "NZ_BANK_ACCOUNT"}


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("Call (09) 123 4567 today", "(09) 123 4567", 0.65),
        ("office 09 123 4567.", "09 123 4567", 0.65),
        ("office 03-123-4567", "03-123-4567", 0.65),
        ("mobile 021 123 4567", "021 123 4567", 0.65),
        ("mobile 027 1234 5678", "027 1234 5678", 0.65),
        ("mobile 022 123 45678", "022 123 45678", 0.65),
        ("mobile 021-123-456", "021-123-456", 0.65),
        ("ring +64 21 123 4567", "+64 21 123 4567", 0.75),
        ("ring +64 9 123 4567", "+64 9 123 4567", 0.75),
        ("ring +64 (0)9 123 4567", "+64 (0)9 123 4567", 0.75),
        ("ring +6491234567", "+6491234567", 0.75),
        ("091234567", "091234567", 0.4),
        ("0211234567", "0211234567", 0.4),
    ],
)
def test_phone_found(text: str, value: str, score: float) -> None:
    assert found(nz.NzPhoneRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "order #091234567",
        "build 2024-01-15 12:30:45",
        "version 09.123.4567.1",
        "id 1091234567890",
        "(09) 123 456",  # too short
        "05 123 4567",  # 05 is not an area code
        "ref NZ-0211234567",
    ],
)
def test_phone_not_found(text: str) -> None:
    assert found(nz.NzPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("IRD 49-091-850", "49-091-850", 1.0),
        ("IRD 35-901-981", "35-901-981", 1.0),
        ("IRD 49 098 576", "49 098 576", 1.0),
        ("IRD 136-410-132", "136-410-132", 1.0),
        ("IRD 49091850", "49091850", 1.0),
        ("IRD 136410132", "136410132", 1.0),
    ],
)
def test_ird_found(text: str, value: str, score: float) -> None:
    assert found(nz.NzIrdRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "IRD 136-410-133",  # wrong check digit
        "IRD 9-125-568",  # below the range
        "IRD 09125568",
        "IRD 150-000-001",  # above the range
        "IRD 49-091-850-1",
    ],
)
def test_ird_not_found(text: str) -> None:
    assert found(nz.NzIrdRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ('payee.ird = "136410132"', ["136410132"]),
        ('ird_number: "49091850"', ["49091850"]),
        ("customer.gst-no=49091850", ["49091850"]),
        ('payee.id = "136410132"', ["136410132"]),
        ('payee.ird = "136410133"', []),  # wrong check digit
    ],
)
def test_bare_checksum_valid_ird_needs_no_name(text: str, values: list[str]) -> None:
    # Recall first: a checksum that holds is enough, with or without "ird" near it.
    assert found_in_context(nz.NzIrdRecognizer(), text) == [span(text, v, 1.0) for v in values]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1_000_000, max_value=199_999_999))
def test_ird_matches_oracle(number: int) -> None:
    digits = str(number)
    text = f"ird {digits[:-6]}-{digits[-6:-3]}-{digits[-3:]}"
    expected = [(4, len(text), 1.0)] if ird_oracle(number) else []
    assert found(nz.NzIrdRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("NHI JBX3656", "JBX3656", 0.4),  # old format: mod 11 alone needs context
        ("NHI ZZZ0016.", "ZZZ0016", 0.4),
        ("NHI ZAC5361", "ZAC5361", 0.4),
        # New format, HISO 10046:2023 (mod 23) examples.
        ("NHI ZBN77VL", "ZBN77VL", 1.0),
        ("NHI ZZZ00AC", "ZZZ00AC", 1.0),
        ("NHI ZSC21TN,", "ZSC21TN", 1.0),
        ("NHI ZYZ81ZV", "ZYZ81ZV", 1.0),
    ],
)
def test_nhi_found(text: str, value: str, score: float) -> None:
    assert found(nz.NzNhiRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "NHI ZZZ0044",  # checksum 0: never valid
        "NHI JBX3650",
        "NHI ZZZ00AA",
        "NHI ZVU27KY",
        "NHI ZHW58CZ",  # needs V
        "NHI ZZZ00AX",  # valid only under the withdrawn 2022 mod-24 rule
        "NHI IBX3656",  # I is never used
        "NHI zvu27kz",  # issued in upper case
        "NHI JBX36566",
    ],
)
def test_nhi_not_found(text: str) -> None:
    assert found(nz.NzNhiRecognizer(), text) == []


_NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=_NHI_LETTERS, min_size=3, max_size=3),
    st.text(alphabet="0123456789", min_size=2, max_size=2),
    st.sampled_from(list("0123456789" + _NHI_LETTERS)),
    st.sampled_from(list("0123456789" + _NHI_LETTERS)),
)
def test_nhi_matches_oracle(letters: str, digits: str, sixth: str, seventh: str) -> None:
    nhi = letters + digits + sixth + seventh
    if sixth.isdigit() != seventh.isdigit():
        return  # not an NHI shape at all
    results = found(nz.NzNhiRecognizer(), nhi)
    assert bool(results) == nhi_oracle(nhi)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("passport LA123456", ["LA123456"]),
        ("passport N123456", ["N123456"]),
        ("passport LA1234567", []),
    ],
)
def test_passport_is_context_only(text: str, expected: list[str]) -> None:
    assert found(nz.NzPassportRecognizer(), text) == [span(text, v, 0.2) for v in expected]


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("SSR DOCS QF HK1/P/NZL/LF644230/NZL/12MAR84/M/22OCT31/RUANE/SAOIRSE/P1", 0.85),
        ("SSR DOCS QF HK1/P/AUS/LF644230/AUS/12MAR84/M/22OCT31/RUANE/SAOIRSE/P1", 0.2),  # another issuer
        ("route /P/NZL/LF644230/ in the API", 0.2),  # not a DOCS line
    ],
)
def test_passport_in_an_ssr_docs_line(text: str, score: float) -> None:
    assert found(nz.NzPassportRecognizer(), text) == [span(text, "LF644230", score)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("pay 12-3140-0171323-50", "12-3140-0171323-50"),
        ("pay 01-0902-0068389-000", "01-0902-0068389-000"),
        ("pay 01 0902 0068389 00.", "01 0902 0068389 00"),
        ("pay 38-9000-00123456-001", "38-9000-00123456-001"),
    ],
)
def test_bank_account_found(text: str, value: str) -> None:
    assert found(nz.NzBankAccountRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "pay 12-3140 0171323-50",  # mixed separators
        "pay 00-3140-0171323-50",  # bank 00
        "pay 12-3140-0000000-00",
        "pay 12-3140-017132-50",  # account too short
    ],
)
def test_bank_account_not_found(text: str) -> None:
    assert found(nz.NzBankAccountRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Employee|Bank account|KiwiSaver\nA. Marchetti|031566027804901|6%\n", "031566027804901"),
        ("bank account 1231400171323050", "1231400171323050"),
        ("Employee|Order ref|KiwiSaver\nA. Marchetti|031566027804901|6%\n", None),  # no account word
        ("pay 1231400171323050", None),  # run together, with no account word
        ("bank account 0031400171323050", None),  # bank 00
        ("bank account 12314001713230", None),  # 14 digits
    ],
)
def test_bank_account_run_together_needs_an_account_word(text: str, value: str | None) -> None:
    expected = [span(text, value, 0.6)] if value else []
    assert found_in_context(nz.NzBankAccountRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        ("Immunisation record for ZAC1005 shows the booster is overdue.", True),
        ("Referral letter: ZAC1013, follow up in two weeks", True),
        ("Enrolled at the practice as ZAC1021.", True),
        ("Build ZAC1005 shipped on time.", False),  # old format without a clinical word
        ("Immunisation record for ZAC1000", False),  # checksum fails
    ],
)
def test_old_format_nhi_trusts_clinical_context(text: str, found_it: bool) -> None:
    assert bool(found_in_context(nz.NzNhiRecognizer(), text)) is found_it
