"""Every recognizer of ours that validates a match (a checksum, a never-issued range, a format rule) cites the
published specification it follows on a "Reference:" line of its docstring, as Presidio's own recognizers do."""

from __future__ import annotations

import re

import pytest
from presidio_analyzer import PatternRecognizer

from detectors.regional import au, cued_ids, nz, uk, universal, us

VALIDATING = [
    cls
    for module in (universal, au, nz, uk, us, cued_ids)
    for cls in module.RECOGNIZERS
    if cls.validate_result is not PatternRecognizer.validate_result
]
REFERENCE = re.compile(r"^\s*Reference: .*?(https://\S+)", re.MULTILINE | re.DOTALL)


def test_the_checksum_recognizers_are_among_them():
    names = {cls.__name__ for cls in VALIDATING}
    checksums = {"AuTfnRecognizer", "AuMedicareRecognizer", "AuAbnRecognizer", "NzIrdRecognizer", "NzNhiRecognizer"}
    checksums |= {"UkNhsRecognizer", "UsSsnRecognizer", "VinRecognizer", "IbanRecognizer", "CreditCardRecognizer"}
    assert checksums <= names


@pytest.mark.parametrize("cls", VALIDATING, ids=lambda cls: cls.__name__)
def test_validating_recognizer_cites_its_specification(cls):
    assert cls.__doc__ and REFERENCE.search(cls.__doc__), f"{cls.__name__}'s docstring needs a 'Reference:' line"
