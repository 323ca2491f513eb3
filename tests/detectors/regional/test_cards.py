"""Cards: 12-19 digit PANs of every network by IIN range and Luhn, any separators; any run beside a card cue."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from detectors.regional.universal import CardNumberNearCueRecognizer, CreditCardRecognizer, luhn_valid

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found, found_in_context, span  # noqa: E402


def with_check_digit(body: str) -> str:
    """The body plus the digit that makes it pass Luhn (computed independently of the code under test)."""
    for digit in "0123456789":
        total = 0
        for position, char in enumerate(reversed(body + digit)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return body + digit
    raise AssertionError("unreachable")


@pytest.mark.parametrize(
    "number",
    [
        with_check_digit("180016070420" + "45"),  # JCB 15
        with_check_digit("63042737339"),  # Maestro 12
        with_check_digit("220012345678901"),  # Mir 16
        with_check_digit("608012345678901"),  # RuPay 16
        with_check_digit("621234567890123456"),  # UnionPay 19
        with_check_digit("30123456789012"),  # Diners 15
        with_check_digit("601112345678901"),  # Discover 16
        with_check_digit("12200000000000"),  # UATP 15
    ],
)
def test_every_network_is_a_card_without_a_cue(number: str) -> None:
    assert luhn_valid(number)
    assert found(CreditCardRecognizer(), f"ref {number} end") == [span(f"ref {number} end", number, 1.0)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("cards 4012888888881881 and 4012-8888-8888-1881", "4012-8888-8888-1881"),
        ("paid with 4974 2740 5655 7 today", "4974 2740 5655 7"),
        ("paid with 4111.1111.1111.1111 today", "4111.1111.1111.1111"),
        ("amex 3714 496353 98431 ok", "3714 496353 98431"),
    ],
)
def test_any_separator_and_grouping(text: str, value: str) -> None:
    assert span(text, value, 1.0) in found(CreditCardRecognizer(), text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("card number 630427373391", "630427373391"),  # fails Luhn
        ('{"card_number": "4493-0777-2227-4"}', "4493-0777-2227-4"),
        ("CC: 1234 5678 9012 3456", "1234 5678 9012 3456"),
    ],
)
def test_any_run_beside_a_card_cue(text: str, value: str) -> None:
    assert found(CreditCardRecognizer(), text) == []
    assert found_in_context(CardNumberNearCueRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text", ["order 630427373391 shipped", "card 12345678901", "card 1234567890123456789012", "card 0000 0000 0000"]
)
def test_no_cue_too_short_too_long_or_a_mask_is_no_card(text: str) -> None:
    assert found_in_context(CardNumberNearCueRecognizer(), text) == []
