"""AU recognizers: spans and scores for published formats, near misses, and checksums against an oracle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

from detectors.regional import au
from detectors.types import LayerTagged

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found, found_in_context, span  # noqa: E402


# Oracles written from the published descriptions, independently of the module under test.
def tfn_oracle(digits: str) -> bool:
    weights = {8: [10, 7, 8, 4, 6, 3, 5, 1], 9: [1, 4, 3, 7, 5, 8, 6, 9, 10]}[len(digits)]
    total = 0
    for position, weight in enumerate(weights):
        total += weight * int(digits[position])
    return total % 11 == 0


def medicare_oracle(digits: str) -> bool:
    weights = [1, 3, 7, 9, 1, 3, 7, 9]
    return digits[0] in "23456" and sum(map(lambda d, w: int(d) * w, digits[:8], weights)) % 10 == int(digits[8])


def abn_oracle(digits: str) -> bool:
    adjusted = str(int(digits[0]) - 1) + digits[1:]
    weights = [10] + list(range(1, 20, 2))
    return sum(int(d) * w for d, w in zip(adjusted, weights, strict=True)) % 89 == 0


def test_every_recognizer_is_listed_tagged_and_builds_without_arguments() -> None:
    assert {cls.__name__ for cls in au.RECOGNIZERS} == {
        "AuPhoneRecognizer",
        "AuTfnRecognizer",
        "AuMedicareRecognizer",
        "AuAbnRecognizer",
        "AuPassportRecognizer",
        "AuBankAccountRecognizer",
        "AuAccountNearBsbRecognizer",
        "AuAccountNumberRecognizer",
        "AuAccountAfterWordRecognizer",
    }
    entities = set()
    for cls in au.RECOGNIZERS:
        recognizer = cls()
        assert isinstance(recognizer, PatternRecognizer)
        assert isinstance(recognizer, LayerTagged)
        assert (cls.LAYER, cls.COUNTRY_CODE) == ("patterns", "au")
        assert cls.PATTERNS and cls.CONTEXT
        entities.update(recognizer.supported_entities)
    assert entities == {"PHONE_NUMBER", "AU_TFN", "AU_MEDICARE", "AU_ABN", "AU_PASSPORT", "AU_BANK_ACCOUNT"}


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("Call me on (02) 5550 1234 tonight", "(02) 5550 1234", 0.65),
        ("office 02 5550 1234.", "02 5550 1234", 0.65),
        ("office 02-5550-1234", "02-5550-1234", 0.65),
        ("Melbourne: 03 9555 0123", "03 9555 0123", 0.65),
        ("mobile 0491 570 156", "0491 570 156", 0.65),
        ("mobile 0491-570-156", "0491-570-156", 0.65),
        ("mobile 04 9157 0156", "04 9157 0156", 0.65),
        ("ring +61 491 570 156 now", "+61 491 570 156", 0.75),
        ("ring +61491570156", "+61491570156", 0.75),
        ("ring +61 2 5550 1234", "+61 2 5550 1234", 0.75),
        ("ring +61 (0)2 5550 1234", "+61 (0)2 5550 1234", 0.75),
        ("bookings 1300 975 707", "1300 975 707", 0.65),
        ("free call 1800 123 456", "1800 123 456", 0.65),
        # Digits alone keep a score under 0.5: a context word has to lift them.
        ("0491570156", "0491570156", 0.4),
        ("0255501234", "0255501234", 0.4),
        ("1300975707", "1300975707", 0.4),
        ("phone=0491570156", "0491570156", 0.4),
    ],
)
def test_phone_found(text: str, value: str, score: float) -> None:
    assert found(au.AuPhoneRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "order #0491570156 shipped",
        "order 20240115 at 2024-01-15T10:20:30Z",
        "version 0.491.570.156 and v04.9157.0156",
        "id 120491570156 and 04915701567",
        "card 4111 0491 570 156 1111",
        "ref ABC-0491570156",
        "https://example.com/users/0491570156",
        "pi is 3.0491570156",
        "the value 1.5 at 10:30:45",
        "(02) 5550 123",  # one digit short
        "06 5550 1234",  # 06 is not an Australian area code
    ],
)
def test_phone_not_found(text: str) -> None:
    assert found(au.AuPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("TFN: 123 456 782", "123 456 782", 1.0),
        ("TFN: 876-543-210", "876-543-210", 1.0),
        ("TFN: 123456782", "123456782", 1.0),
        ("old TFN 81854402", "81854402", 1.0),
    ],
)
def test_tfn_found(text: str, value: str, score: float) -> None:
    assert found(au.AuTfnRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "TFN: 123 456 789",  # bad check digit
        "TFN: 123456789",
        "TFN: 000 000 000",  # passes mod 11 but is a placeholder
        "TFN: 123 456-782",  # mixed separators
        "invoice 1234567821",  # slice of a longer number
    ],
)
def test_tfn_not_found(text: str) -> None:
    assert found(au.AuTfnRecognizer(), text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_tfn_formatted_matches_oracle(digits: str) -> None:
    text = f"tfn {digits[:3]} {digits[3:6]} {digits[6:]}"
    expected = tfn_oracle(digits) and len(set(digits)) > 1
    assert (found(au.AuTfnRecognizer(), text) == [(4, 15, 1.0)]) == expected


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("Medicare 2123 45670 1", "2123 45670 1", 1.0),
        ("Medicare 2123-45670-1", "2123-45670-1", 1.0),
        ("Medicare 2123 45670 1/3", "2123 45670 1/3", 1.0),
        ("Medicare 2123456701", "2123456701", 1.0),
    ],
)
def test_medicare_found(text: str, value: str, score: float) -> None:
    assert found(au.AuMedicareRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    ["Medicare 2123 45671 1", "Medicare 7123 45670 1", "Medicare 2123456711", "no 12123456701"],
)
def test_medicare_not_found(text: str) -> None:
    assert found(au.AuMedicareRecognizer(), text) == []


@settings(max_examples=300, deadline=None)
@given(st.sampled_from("23456"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_medicare_formatted_matches_oracle(first: str, rest: str) -> None:
    digits = first + rest
    text = f"card {digits[:4]} {digits[4:9]} {digits[9]}"
    expected = medicare_oracle(digits) and len(set(digits)) > 1
    assert (found(au.AuMedicareRecognizer(), text) == [(5, 17, 1.0)]) == expected


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("ABN 51 824 753 556", "51 824 753 556", 1.0),
        ("ABN: 53 004 085 616.", "53 004 085 616", 1.0),
        ("ABN 51824753556", "51824753556", 1.0),
    ],
)
def test_abn_found(text: str, value: str, score: float) -> None:
    assert found(au.AuAbnRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "ABN 51 824 753 557",
        "ABN 51824753557",
        "call +61 412 345 678",  # 61 412 345 678 is a phone, not an ABN, even if it ever passed
        "ABN 51 824 753 556 9",
    ],
)
def test_abn_not_found(text: str) -> None:
    assert found(au.AuAbnRecognizer(), text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=11, max_size=11).filter(lambda d: d[0] != "0"))
def test_abn_formatted_matches_oracle(digits: str) -> None:
    text = f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"
    assert (found(au.AuAbnRecognizer(), text) == [(0, 14, 1.0)]) == abn_oracle(digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("passport PA1234567", ["PA1234567"]),
        ("passport N1234567", ["N1234567"]),
        ("passport pa1234567", ["pa1234567"]),
        ("part PA12345678", []),
        ("sku X-PA1234567", []),
    ],
)
def test_passport_is_context_only(text: str, expected: list[str]) -> None:
    # Base 0.2: only the engine's context boost ('passport' nearby) takes it past 0.5.
    assert found(au.AuPassportRecognizer(), text) == [span(text, value, 0.2) for value in expected]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("BSB 062-000 Account 12345678", ["062-000", "12345678"]),
        ("BSB 062-000 Acc No: 1234567890", ["062-000", "1234567890"]),
        ("BSB: 062 000, acct # 123456", ["062 000", "123456"]),
        ("062-000 12345678", ["062-000", "12345678"]),
        ("062000/12345678", ["062000", "12345678"]),
        ("BSB 062-000 a/c 123456789.", ["062-000", "123456789"]),
        # Account numbers printed in groups.
        ("BSB 062-000, account 1234 5678.", ["062-000", "1234 5678"]),
        ("062 000 123 456 78", ["062 000", "123 456 78"]),
    ],
)
def test_bank_account_found(text: str, values: list[str]) -> None:
    assert found(au.AuBankAccountRecognizer(), text) == sorted(span(text, v, 0.2) for v in values)


@pytest.mark.parametrize(
    "text",
    [
        "BSB 062-000",  # no account number
        "BSB 062-000 account 12345",  # account too short
        "06200012345678",  # one run of digits, not a BSB and an account
        "062-000 12345678901",  # account too long
        "tel 2024-062-000 12345678",
        "range 062-000 in 12345678",
        "062-000 1234 5",  # a last group of one digit
        "062-000 12 34 56",  # groups too short
        "062-000 1234 5678 9012 34",  # too many groups
    ],
)
def test_bank_account_not_found(text: str) -> None:
    assert found(au.AuBankAccountRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Direct debit from 062-000 123456789 monthly", ["062-000", "123456789"]),
        ("Transfer to 062-000 12345678", ["062-000", "12345678"]),
        ("payroll: 062-000 12345678", ["062-000", "12345678"]),
        ("Seats 062-000 12345678 in row 4", []),  # the pair's shape alone stays under the threshold
    ],
)
def test_bank_account_lifted_by_payment_words(text: str, values: list[str]) -> None:
    assert found_in_context(au.AuBankAccountRecognizer(), text) == sorted(span(text, v, 0.6) for v in values)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("My account number is 123456789, BSB 062-000.", ["123456789"]),
        ('{"bsb": "062-000", "account_number": "123456"}', ["123456"]),
        ('PAYROLL = {"bsb": "062-000", "account": "1234567890"}', ["1234567890"]),
        ("Please pay into BSB 062-000, account 1234 5678.", ["1234 5678"]),
        ("BSB 062000", ["062000"]),  # a BSB without its hyphen is bank detail too
        ("account 123456789 for the order", []),  # no BSB in sight
        ("BSB is a six digit code; see https://x.example/tools then order 123456789", []),  # too far
        ("BSB 062-000, account 12345", []),  # too short
    ],
)
def test_account_near_the_word_bsb(text: str, values: list[str]) -> None:
    assert found_in_context(au.AuAccountNearBsbRecognizer(), text) == sorted(span(text, v, 0.6) for v in values)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ('employee.tfn = "123456782"', ["123456782"]),
        ('config["tfn"] = "123456782"', ["123456782"]),
        ("user_tfn=123456782", ["123456782"]),
        ('employee.id = "123456782"', ["123456782"]),
        ('employee.tfn = "123456789"', []),  # bad check digit
    ],
)
def test_bare_checksum_valid_tfn_needs_no_name(text: str, values: list[str]) -> None:
    # Recall first: a checksum that holds is enough, with or without "tfn" near it.
    assert found_in_context(au.AuTfnRecognizer(), text) == [span(text, v, 1.0) for v in values]


def test_results_carry_offsets_into_long_text() -> None:
    filler = "lorem ipsum 1.2.3 " * 2000
    text = filler + "TFN 123 456 782"
    assert found(au.AuTfnRecognizer(), text) == [span(text, "123 456 782", 1.0)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("M (+61) 431 821 831 | E a@b.au", "(+61) 431 821 831"),
        ("Medicare  No :  4642  62912  9", "4642  62912  9"),
    ],
)
def test_bracketed_country_code_and_ocr_doubled_spaces(text: str, value: str) -> None:
    recognizers = (au.AuPhoneRecognizer(), au.AuMedicareRecognizer())
    hits = [hit for recognizer in recognizers for hit in found_in_context(recognizer, text)]
    assert [hit[:2] for hit in hits] == [span(text, value, 0)[:2]]


@pytest.mark.parametrize(
    "text",
    [
        "M (+61 431 821 831",  # unclosed bracket: the number starts at 431 ...
        "Medicare  No :  4642  62912 9",  # mixed gaps
    ],
)
def test_bracket_and_doubled_space_near_misses(text: str) -> None:
    whole = text[text.index("(") if "(" in text else text.index("4642") :]
    recognizers = (au.AuPhoneRecognizer(), au.AuMedicareRecognizer())
    hits = [hit for recognizer in recognizers for hit in found_in_context(recognizer, text)]
    assert all(text[start:end] != whole for start, end, _ in hits)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("payer K. Eszter, account 315 215 752, payee I. D.", ["315 215 752"]),
        ("acct no: 12345678 please", ["12345678"]),
        ('emp_id,name,bank_account\n0412,"Petrosyan, Anush",579093474\n', ["579093474"]),
        ("account for 315 215 752 units", []),  # a word between
        ("the account balance is 1234567", []),
        ('emp_id,name,order_ref\n0412,"Petrosyan, Anush",579093474\n', []),
    ],
)
def test_account_number_after_the_word_or_under_its_column(text: str, values: list[str]) -> None:
    recognizers = (au.AuAccountAfterWordRecognizer(), au.AuAccountNumberRecognizer())
    hits = {hit[:2] for recognizer in recognizers for hit in found_in_context(recognizer, text)}
    assert hits == {span(text, v, 0)[:2] for v in values}
