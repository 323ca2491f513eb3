import pytest

from detectors.dictionary import DictionaryRecognizer, fold_case


def spans(recognizer, text):
    return sorted((r.start, r.end, r.entity_type, r.score) for r in recognizer.analyze(text, []))


TERMS = [
    ("Project Bluebird", "PROJECT", False, True),
    ("ACME", "CUSTOM", True, True),
    ("zeta", "CODENAME", False, False),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about project bluebird today", [(6, 22, "PROJECT", 1.0)]),
        ("PROJECT BLUEBIRD and Project Bluebird", [(0, 16, "PROJECT", 1.0), (21, 37, "PROJECT", 1.0)]),
        ("ACME ships", [(0, 4, "CUSTOM", 1.0)]),
        ("acme ships", []),  # case-sensitive term
        ("ACMEcorp", []),  # whole word only
        ("alphazetabeta", [(5, 9, "CODENAME", 1.0)]),  # partial matching allowed for this term
        ("nothing here", []),
    ],
)
def test_terms(text, expected):
    assert spans(DictionaryRecognizer(TERMS), text) == expected


def test_offsets_survive_characters_whose_lowercase_is_longer():
    recognizer = DictionaryRecognizer([("secret plan", "CUSTOM", False, True)])
    text = "İİ Secret Plan"
    assert len(fold_case(text)) == len(text)
    assert spans(recognizer, text) == [(3, 14, "CUSTOM", 1.0)]


def test_every_occurrence_of_many_terms_is_found():
    terms = [(f"term{i:05d}x", "CUSTOM", False, True) for i in range(20_000)]
    recognizer = DictionaryRecognizer(terms)
    text = " ".join(f"term{i:05d}x" for i in range(0, 20_000, 7))
    found = spans(recognizer, text)
    assert len(found) == len(range(0, 20_000, 7))


def test_empty_dictionary_finds_nothing():
    recognizer = DictionaryRecognizer([])
    assert recognizer.term_count == 0
    assert spans(recognizer, "anything") == []
