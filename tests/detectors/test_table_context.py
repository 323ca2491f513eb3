"""Column headers as context for the values in CSV, TSV and Markdown table rows."""

from __future__ import annotations

import pytest

from detectors.table_context import TableHeaders

CSV = "name,tfn,bsb_account\nAroha Ngata,123 456 782,062-000 12345678\n"
MARKDOWN = "| Name | DOB | Ref |\n|---|---|---|\n| Aroha | 03/04/1988 | 7 |\n"
TSV = "patient\tmrn\nA\tX123456\n"


@pytest.mark.parametrize(
    ("text", "value", "header"),
    [
        (CSV, "062-000", "bsb_account"),
        (CSV, "123 456", "tfn"),
        (CSV, "Aroha", "name"),
        (MARKDOWN, "03/04", "DOB"),
        (MARKDOWN, "7 |", "Ref"),
        (TSV, "X123456", "mrn"),
    ],
)
def test_a_cell_gets_its_column_header(text: str, value: str, header: str) -> None:
    assert TableHeaders(text).header_words(text.index(value)) == header


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("name,dob\nAroha,03/04/1988,extra\n", "03/04"),  # a row of another shape is not in the table
        ("name,dob\n\nAroha,03/04/1988\n", "03/04"),  # a blank line ends the table
        ("Aroha,03/04/1988\nname,dob\n", "03/04"),  # a header only heads the rows below it
        ("order 1,2024 total\n1,03/04/1988\n", "03/04"),  # a line with digits is not a header
        ("Thanks for the update, we will ship it tomorrow\nThe order total is 42, paid\n", "42"),
        ("", ""),
    ],
)
def test_no_header_outside_a_table(text: str, value: str) -> None:
    assert TableHeaders(text).header_words(text.index(value)) == ""


@pytest.mark.parametrize(
    ("text", "found_it"),
    [
        ("name,bsb_account\nAroha Ngata,062-000 12345678\n", True),  # the header says what the cell is
        ("name,order_ref\nAroha Ngata,062-000 12345678\n", False),
    ],
)
def test_the_engine_context_reads_column_headers(text: str, found_it: bool) -> None:
    from detectors.context import WindowContextEnhancer
    from detectors.regional.au import AuBankAccountRecognizer

    recognizer = AuBankAccountRecognizer()
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    for result in results:
        result.recognition_metadata = {"recognizer_identifier": recognizer.id}
    enhanced = WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])  # type: ignore[arg-type]
    assert any(result.score >= 0.5 for result in enhanced) is found_it


QUOTED_CSV = 'emp_id,name,tfn,bank_account\n0412,"Petrosyan, Anush",853764947,579093474\n'
DATA_FRAME = (
    "                name         dob        nhs_no  postcode\n"
    "0   Angharad Rees-Pugh  1958-09-30  4589129698  KT22 7NG\n"
    "1   Iestyn Bowen  1971-01-17  4832724053  SA1 1NW\n"
)
ALIGNED_NO_INDEX = "name    dob         ref\nAroha   03/04/1988  X1\n"


@pytest.mark.parametrize(
    ("text", "value", "header"),
    [
        (QUOTED_CSV, "853764947", "tfn"),  # the quoted comma does not shift the columns
        (QUOTED_CSV, "579093474", "bank_account"),
        (DATA_FRAME, "1958-09-30", "dob"),
        (DATA_FRAME, "4832724053", "nhs_no"),  # a row not aligned with the header still counts from the right
        (DATA_FRAME, "SA1", "postcode"),
        (ALIGNED_NO_INDEX, "03/04", "dob"),
    ],
)
def test_quoted_and_aligned_cells_get_their_header(text: str, value: str, header: str) -> None:
    assert TableHeaders(text).header_words(text.index(value)) == header


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Surname :  Tsai   Given  names : Yi\nD . O . B  :  07/10/1969\n", "07/10"),  # a form's labels, not a header
        ("name  dob  ref\nAroha  03/04/1988\n", "03/04"),  # too few cells
        ("name  dob\nAroha  03/04/1988\n", "03/04"),  # two names are a phrase, not a table
        ('name,tfn\n"Petrosyan, Anush,853764947\n', "853764947"),  # an unclosed quote hides the rest of the row
    ],
)
def test_no_header_for_forms_and_ragged_rows(text: str, value: str) -> None:
    assert TableHeaders(text).header_words(text.index(value)) == ""


@pytest.mark.parametrize(
    "line",
    ["name,email,phone", "Name  Email  Phone", "", " ", "id,name", "a1", "x" * 300 + "1", "é,ü", "naïve,ok", "٣abc"],
)
def test_a_header_line_is_one_without_digits_or_breaks_and_with_a_letter(line: str) -> None:
    import re

    from detectors import table_context

    shaped = re.fullmatch(r"[^\d\r\n]*[A-Za-z][^\d\r\n]*", line) is not None
    quick = not table_context._NOT_IN_HEADER.search(line) and table_context._HEADER_LETTER.search(line) is not None
    assert quick == shaped
