"""Recall first: an identifier next to its own name is kept when its checksum or issue range fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from detectors.regional import cued_ids

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode leaves this folder off sys.path
from recognizer_checks import found_in_context, span  # noqa: E402


@pytest.mark.parametrize(
    ("cls", "text", "value"),
    [
        (cued_ids.UsSsnNearCueRecognizer, "SSN: 912-34-5678", "912-34-5678"),  # never-issued 9xx area
        (cued_ids.UsSsnNearCueRecognizer, "his social security number is 000-12-3456", "000-12-3456"),
        (cued_ids.AuTfnNearCueRecognizer, "TFN 123 456 789", "123 456 789"),  # fails the ATO check
        (cued_ids.AuMedicareNearCueRecognizer, "Medicare 2123 45670 2", "2123 45670 2"),
        (cued_ids.AuAbnNearCueRecognizer, "ABN 52 824 753 556", "52 824 753 556"),
        (cued_ids.UkNhsNearCueRecognizer, "NHS number 401 023 2138", "401 023 2138"),
        (cued_ids.NzIrdNearCueRecognizer, "IRD 136-410-133", "136-410-133"),
        (cued_ids.NationalIdNearCueRecognizer, "national_id: 19606052115", "19606052115"),
        (cued_ids.NationalIdNearCueRecognizer, "my ID number for the tax return, it's 180287-268A.", "180287-268A"),
        (cued_ids.NationalIdNearCueRecognizer, "PESEL 44051401458", "44051401458"),
        (cued_ids.NationalIdNearCueRecognizer, "national_id: ZZ 84 43 00 T", "ZZ 84 43 00 T"),  # test-range NINO
        (cued_ids.NationalIdNearCueRecognizer, "my ID number is 254092A00488056.", "254092A00488056"),  # French NIR
        (cued_ids.NationalIdNearCueRecognizer, "codice fiscale PCNCCL67L02I782I", "PCNCCL67L02I782I"),
        (cued_ids.AuBsbAndAccountRecognizer, "BSB and account: 010-010146231", "010-010146231"),
        (cued_ids.AuBsbAndAccountRecognizer, "pay into acct 528 247 53556", "528 247 53556"),
    ],
)
def test_a_cue_keeps_a_value_of_the_rough_shape(cls: type, text: str, value: str) -> None:
    assert found_in_context(cls(), text) == [span(text, value, 0.6)]


def test_a_column_header_is_a_cue() -> None:
    text = "employee,national_id,iban\nSzekeres Anita,19606052115,x\nNagy Attila,29210292539,y"
    got = found_in_context(cued_ids.NationalIdNearCueRecognizer(), text)
    assert got == [span(text, "19606052115", 0.6), span(text, "29210292539", 0.6)]


@pytest.mark.parametrize(
    ("cls", "text"),
    [
        (cued_ids.UsSsnNearCueRecognizer, "order 912-34-5678 shipped"),
        (cued_ids.AuTfnNearCueRecognizer, "invoice 123 456 789 paid"),
        (cued_ids.AuBsbAndAccountRecognizer, "bsb 01001014623"),  # no separator inside the BSB
        (cued_ids.NationalIdNearCueRecognizer, "since 2019 the order 12345678 was late"),
        (cued_ids.UsSsnNearCueRecognizer, "SSN: 999-99-9999"),  # one digit repeated: a mask
        (cued_ids.NationalIdNearCueRecognizer, "the ID number is pending"),
        (cued_ids.NationalIdNearCueRecognizer, "Passport number: X1234567 please"[:0] + "passport: pending"),
    ],
)
def test_no_cue_or_no_shape_no_result(cls: type, text: str) -> None:
    assert found_in_context(cls(), text) == []


def test_cue_regions_find_words_and_phrases_with_any_separators() -> None:
    from detectors.regional.universal import cue_regions

    text = "x" * 300 + " Social\n security: 912-34-5678 " + "y" * 300 + " card_number=1"
    regions = cue_regions(text, ["social security", "card"], 6)
    assert len(regions) == 2
    assert any(start <= text.index("912") < end for start, end in regions)
    assert any(start <= text.index("card_number") < end for start, end in regions)
    assert not any(start <= 10 < end for start, end in regions)
