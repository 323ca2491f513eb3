"""UK recognizers: spans and scores for published formats, near misses, and checksums against an oracle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

from detectors.context import WindowContextEnhancer
from detectors.regional import uk
from detectors.types import LayerTagged

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found, span  # noqa: E402


def nhs_oracle(digits: str) -> bool:
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = {11: 0}.get(11 - total % 11, 11 - total % 11)
    return check < 10 and check == int(digits[9])


def test_every_recognizer_is_listed_tagged_and_builds_without_arguments() -> None:
    entities = set()
    for cls in uk.RECOGNIZERS:
        recognizer = cls()
        assert isinstance(recognizer, PatternRecognizer)
        assert isinstance(recognizer, LayerTagged)
        assert (cls.LAYER, cls.COUNTRY_CODE) == ("patterns", "uk")
        assert cls.PATTERNS and cls.CONTEXT
        entities.update(recognizer.supported_entities)
    assert entities == {
        "PHONE_NUMBER",
        "UK_NINO",
        "UK_NHS",
        "UK_PASSPORT",
        "UK_DRIVING_LICENCE",
        "UK_SORT_CODE",
        "UK_POSTCODE",
    }


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        # Ofcom's drama ranges.
        ("Call 020 7946 0958 now", "020 7946 0958", 0.65),
        ("Call (020) 7946 0958", "(020) 7946 0958", 0.65),
        ("Call 020-7946-0958", "020-7946-0958", 0.65),
        ("Call 0161 496 0000.", "0161 496 0000", 0.65),
        ("Call 0113 496 0000", "0113 496 0000", 0.65),
        ("Call 01632 960 123", "01632 960 123", 0.65),
        ("Call 01632 960123", "01632 960123", 0.65),
        ("Call 0300 123 4567", "0300 123 4567", 0.65),
        ("Text 07700 900123", "07700 900123", 0.65),
        ("Text 07700 900 123", "07700 900 123", 0.65),
        ("Ring +44 20 7946 0958", "+44 20 7946 0958", 0.75),
        ("Ring +44 (0)20 7946 0958", "+44 (0)20 7946 0958", 0.75),
        ("Ring +44 7700 900123", "+44 7700 900123", 0.75),
        ("Ring +447700900123", "+447700900123", 0.75),
        ("Ring +44 161 496 0000", "+44 161 496 0000", 0.75),
        ("07700900123", "07700900123", 0.4),
        ("02079460958", "02079460958", 0.4),
    ],
)
def test_phone_found(text: str, value: str, score: float) -> None:
    assert found(uk.UkPhoneRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "order #07700900123",
        "born 01/02/2023, seen 01-02-2023 at 12:30:45",
        "ISO 2023-01-02T12:30:45Z",
        "v07.700.900.123",
        "id 107700900123 and 077009001234",
        "0800 123 4567",  # freephone: not one of the 01/02/03/07 ranges
        "020 7946 095",  # one digit short
        "ref X-07700900123",
    ],
)
def test_phone_not_found(text: str) -> None:
    assert found(uk.UkPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("NI number AB 12 34 56 C", "AB 12 34 56 C", 0.6),
        ("NI number AB123456C.", "AB123456C", 0.6),
        ("NI number JG 103759 A", "JG 103759 A", 0.6),
        ("NI number ab123456c", "ab123456c", 0.4),  # lower case needs context
    ],
)
def test_nino_found(text: str, value: str, score: float) -> None:
    assert found(uk.UkNinoRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "QQ 12 34 56 C",  # HMRC's specimen: Q is never a first letter
        "DA123456A",  # D first
        "AO123456A",  # O second
        "BG123456A",  # never-issued pairs
        "GB123456A",
        "NK123456A",
        "TN123456A",
        "ZZ123456A",
        "AB123456E",  # suffix beyond D
        "AB12345C",  # five digits
        "XAB123456C",
    ],
)
def test_nino_not_found(text: str) -> None:
    assert found(uk.UkNinoRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("NHS 943 476 5919", "943 476 5919", 1.0),
        ("NHS 401-023-2137", "401-023-2137", 1.0),
        ("NHS 9434765919", "9434765919", 1.0),
    ],
)
def test_nhs_found(text: str, value: str, score: float) -> None:
    assert found(uk.UkNhsRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    ["NHS 943 476 5918", "NHS 9434765918", "NHS 000 000 0000", "NHS 943 476-5919", "id 19434765919"],
)
def test_nhs_not_found(text: str) -> None:
    assert found(uk.UkNhsRecognizer(), text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_nhs_formatted_matches_oracle(digits: str) -> None:
    text = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    expected = nhs_oracle(digits) and len(set(digits)) > 1
    assert (found(uk.UkNhsRecognizer(), text) == [(0, 12, 1.0)]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("passport 925076473", ["925076473"]),
        ("passport 92507647", []),
        ("passport 9250764731", []),
        ("passport AB1234567", ["AB1234567"]),  # the newer books: two letters, seven digits
        ("passport ab1234567", ["ab1234567"]),
        ("passport AB12345678", []),
    ],
)
def test_passport_is_context_only(text: str, expected: list[str]) -> None:
    assert found(uk.UkPassportRecognizer(), text) == [span(text, v, 0.2) for v in expected]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("licence MORGA753116SM9IJ", "MORGA753116SM9IJ"),
        ("licence MORGA 753116 SM9IJ", "MORGA 753116 SM9IJ"),
        ("licence LEE99662242J99AB", "LEE99662242J99AB"),  # short surname padded with 9, woman (+50 month)
        ("licence morga753116sm9ij", "morga753116sm9ij"),
    ],
)
def test_driving_licence_found(text: str, value: str) -> None:
    assert found(uk.UkDrivingLicenceRecognizer(), text) == [span(text, value, 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "MORGA702316SM9IJ",  # 31 February
        "MORGA713116SM9IJ",  # month 13
        "MORGA700016SM9IJ",  # month 00
        "MORGA753116SM9IJX",
        "MOR9A753116SM9IJ",  # padding only after the letters
    ],
)
def test_driving_licence_not_found(text: str) -> None:
    assert found(uk.UkDrivingLicenceRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("sort code 12-34-56", "12-34-56", 0.2),  # the engine's context boost lifts it
        ("sort code 12 34 56", "12 34 56", 0.2),
        ("Sort code: 123456", "123456", 0.6),  # labelled right before: trusted as written
        ("sortcode is 123456", "123456", 0.6),
    ],
)
def test_sort_code_found(text: str, value: str, score: float) -> None:
    assert found(uk.UkSortCodeRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize("text", ["we sorted 123456 rows", "123456", "12-34-567", "12-34 56", "1.12-34-56"])
def test_sort_code_not_found(text: str) -> None:
    assert found(uk.UkSortCodeRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "value", "score"),
    [
        ("Send it to SW1A 1AA please", "SW1A 1AA", 0.5),
        ("EC1A 1BB", "EC1A 1BB", 0.5),
        ("W1A 0AX", "W1A 0AX", 0.5),
        ("Manchester M1 1AE", "M1 1AE", 0.5),
        ("B33 8TH", "B33 8TH", 0.5),
        ("CR2 6XH", "CR2 6XH", 0.5),
        ("DN55 1PT", "DN55 1PT", 0.5),
        ("GIR 0AA", "GIR 0AA", 0.5),
        ("St Helier JE2 3AB", "JE2 3AB", 0.5),
        # Lower case or without the space: needs a context word.
        ("sw1a 1aa", "sw1a 1aa", 0.4),
        ("SW1A1AA", "SW1A1AA", 0.4),
        ("m1 1ae", "m1 1ae", 0.4),
    ],
)
def test_postcode_found(text: str, value: str, score: float) -> None:
    assert found(uk.UkPostcodeRecognizer(), text) == [span(text, value, score)]


@pytest.mark.parametrize(
    "text",
    [
        "PS4 1TB or PS5 2TB",  # shaped like postcodes, but PS is no postcode area
        "ps4 1tb",
        "QA1 1AA",  # Q never starts a postcode
        "SW1A 1AC",  # C is never an inward letter
        "SW1A 1A",
        "the A1 road and M25",
        "H264 and MP3 files",
        "ab12 3cd",  # AB area, but D... 3CD has C: invalid inward
        "XSW1A 1AA",
    ],
)
def test_postcode_not_found(text: str) -> None:
    assert found(uk.UkPostcodeRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        ("NINO,DOB,SortCode,TaxCode\nPJ936531D,1990-02-26,303405,BR\n", True),
        ("NINO,DOB,sort_code\nPJ936531D,1990-02-26,303405\n", True),
        ("NINO,DOB,OrderId,TaxCode\nPJ936531D,1990-02-26,303405,BR\n", False),  # another column
        ("sort the 303405 rows", False),  # "sort" alone is not a sort code
    ],
)
def test_bare_sort_code_needs_its_column(text: str, found_it: bool) -> None:

    recognizer = uk.UkBareSortCodeRecognizer()
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    for result in results:
        result.recognition_metadata = {"recognizer_identifier": recognizer.id}
    enhanced = WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
    assert any(r.score >= 0.5 and text[r.start : r.end] == "303405" for r in enhanced) is found_it
