"""Names in record and form shapes: CSV cells and columns, HL7, bookings, chat exports, initials, CAPS surnames."""

from __future__ import annotations

import pytest

from detectors import name_forms
from detectors.name_forms import FORM_SCORE, SHAPE_SCORE, NameFormRecognizer, find_form_names
from detectors.names import RECOGNIZERS
from tests.detectors.test_pattern_hints import texts


def found(text: str) -> list[tuple[str, float]]:
    return [(text[span.start : span.end], span.score) for span in find_form_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted "Surname, Forename" cell
        ('id,who\n7,"Okonkwo, Adaeze",x\n', [("Okonkwo, Adaeze", FORM_SCORE)]),
        ('city\n"Paris, France"\n', []),  # a place: "France" is an English word
        ('note,"Hello, World"\n', []),
        # HL7 name fields, family^given
        (
            "PID|1||X1^^^H^MR||Ngata^Tamati||19800101|M\n",
            [("Ngata", FORM_SCORE), ("Tamati", FORM_SCORE)],
        ),
        ("MSH|^~\\&|PAS|RHH|LAB|ADT^A04|MSG1|P|2.4\n", []),  # message types and codes are no names
        ("PV1|1|O|Ward^Bed^^^X|\n", []),
        # airline booking names, and the same name again in the DOCS line
        (
            "  1.OKAFOR/CHIDI MR\n  SSR DOCS QF HK1/P/NG/A1/NG/01JAN80/M/01JAN30/OKAFOR/CHIDI/P1\n",
            [("OKAFOR/CHIDI", FORM_SCORE), ("OKAFOR/CHIDI", FORM_SCORE)],
        ),
        ("route SYD/AKL via CHC\n", []),  # no title after: a route, not a passenger
        # chat-export speakers
        (
            "12/03/2025, 21:14 - Bohdana: hi\n[09:42] Nomvula: ok\n",
            [("Bohdana", FORM_SCORE), ("Nomvula", FORM_SCORE)],
        ),
        ("[10:02:14] Agent: anything else?\n12/03/2025, 21:14 - System: restarted\n", []),
        # initials before a rare surname
        ("Next appt with Y. Tsai Tue.", [("Y. Tsai", SHAPE_SCORE)]),
        ("see section A. Introduction and Fig. 3", []),
        # family name first, in capitals
        ("Attendance: RESTREPO Camila present", [("RESTREPO Camila", SHAPE_SCORE)]),
        ("PERSON OF INTEREST: PHAN Nhung", [("PHAN Nhung", SHAPE_SCORE)]),
        ("the NHS Trust and the API Gateway; RHH Clive", []),  # acronyms, English words, no vowel
        # a person column of a CSV table, bare or quoted
        (
            "NINO,Surname,Forename,DOB\nAB1,Etxeberria,Nerea,1983\n",
            [("Etxeberria", FORM_SCORE), ("Nerea", FORM_SCORE)],
        ),
        (
            "host,assigned_to\nlt-1,B. Hargreaves\n",
            [("B. Hargreaves", SHAPE_SCORE), ("B. Hargreaves", FORM_SCORE)],  # initials + surname, and the column
        ),
        ("host,assigned_to\nlt-1,Unknown\n", []),
        ("service,name\napi,Checkout Button\n", []),  # a "name" column also names components
        ("host_name,ip\nWeb,10.0.0.1\n", []),  # a technical name column
        # a whitespace-aligned table under a name header, with a row index
        (
            "      name         dob\n0   Iestyn Bowen  1971-01-17\n",
            [("Iestyn Bowen", FORM_SCORE)],
        ),
        ("      service      port\n0   Checkout Api  8080\n", []),
        # FHIR names
        (
            '{"name": [{"family": "Okafor", "given": ["Chidi"]}]}',
            [("Okafor", FORM_SCORE), ("Chidi", FORM_SCORE)],
        ),
        ('{"family": "Sans", "size": 3}', []),  # a font family: no "given" beside it
        # a role or rank before a rare name
        ("Customer Zeynep will try again.", [("Zeynep", SHAPE_SCORE)]),
        ("Informant: Det Sgt Charoenkul.", [("Charoenkul", SHAPE_SCORE)]),
        ("Contact Support or the Customer Portal.", []),
        # a dash signature and a self-introduction
        ("Thanks for the letter. — Bushra", [("Bushra", SHAPE_SCORE)]),
        ("Hi all, Clive here — covering today.", [("Clive", SHAPE_SCORE)]),
        ("— Summary", []),
        ("Click here.", []),
    ],
)
def test_form_names(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


def test_form_recognizer_is_in_the_names_layer() -> None:
    assert NameFormRecognizer in RECOGNIZERS
    results = NameFormRecognizer().analyze("[09:42] Nomvula: ok", ["PERSON"])
    assert [(result.entity_type, result.start, result.end) for result in results] == [("PERSON", 8, 15)]


# Roles after digits, underscores and non-ASCII letters, in other cases, longer than a role can be, blanks and tabs.
ROLE_TEXTS = (
    "Det Sgt Charoenkul and Insp.  Ngata; CUSTOMER\tZeynep, customer Zeynep Grewal, ReviewedBy Afua",
    "x_customer Zeynep 9customer Zeynep éCustomer Zeynep customerabcdefghijklmnopq Zeynep Surname Grewal",
    "Patient Āperahama, patient\t \tIoana Petrescu; Sergeant Ōtake said",
)


def test_roles_are_tried_where_the_overlapped_scan_finds_them() -> None:
    for text in [*texts(), *ROLE_TEXTS]:
        expected = [
            m.span()
            for m in name_forms.ROLE_THEN_NAME.finditer(text, overlapped=True)
            if name_forms._is_role(m.group("role"))
        ]
        assert [m.span() for m in name_forms._role_matches(text)] == expected, text[:60]
    assert len(name_forms._role_matches(ROLE_TEXTS[0])) >= 4
