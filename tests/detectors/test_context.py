import pytest
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from detectors.context import WindowContextEnhancer, has_context, prefix_count_for, window_words


def test_window_words():
    text = "one two three four five six seven [X] after1 after2 after3 after4"
    start = text.index("[X]")
    assert window_words(text, start, start + 3, 6, 3) == [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "after1",
        "after2",
        "after3",
    ]


@pytest.mark.parametrize(
    ("words", "context", "expected"),
    [
        (["patient", "mrn"], ["mrn"], True),
        (["patients"], ["patient"], True),  # prefix match
        (["date", "of", "birth"], ["date of birth"], True),
        (["birth", "date"], ["date of birth"], False),
        (["order", "number"], ["mrn"], False),
        (["employee.tfn"], ["tfn"], True),  # a dotted code field: each part is a word too
        (["x-ird-no"], ["ird"], True),
        (["d.o.b"], ["d.o.b"], True),  # the whole word still counts
        (["employee.stfnx"], ["tfn"], False),  # parts are matched by prefix, not anywhere inside
        (["employee.id"], ["tfn"], False),
    ],
)
def test_has_context(words, context, expected):
    assert has_context(words, context) is expected


def test_context_raises_the_score_only_near_the_word():
    recognizer = PatternRecognizer("MRN", patterns=[Pattern("id", r"\b\d{6}\b", 0.2)], context=["mrn"])
    enhancer = WindowContextEnhancer()
    for text, expected in [("patient MRN: 123456 admitted", 0.6), ("order 123456 shipped", 0.2)]:
        results = recognizer.analyze(text, ["MRN"])
        for r in results:
            r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = recognizer.id
        enhanced = enhancer.enhance_using_context(text, results, None, [recognizer])
        assert [round(r.score, 2) for r in enhanced] == [expected]


class _WideRecognizer(PatternRecognizer):
    CONTEXT_PREFIX_COUNT = 10


@pytest.mark.parametrize(
    ("recognizer", "expected"),
    [
        (_WideRecognizer("MRN", patterns=[Pattern("id", r"x", 0.2)]), 10),
        (PatternRecognizer("MRN", patterns=[Pattern("id", r"x", 0.2)]), 6),
        (None, 6),
    ],
)
def test_prefix_count_for(recognizer, expected):
    assert prefix_count_for(recognizer, 6) == expected


@pytest.mark.parametrize(
    ("cls", "text", "expected"),
    [
        (_WideRecognizer, "MRN on the label in the lab is 123456 ok", 0.6),
        (PatternRecognizer, "MRN on the label in the lab is 123456 ok", 0.2),
        (_WideRecognizer, "MRN a b c d e f g h i j 123456 ok", 0.2),  # eleven words back
    ],
)
def test_a_recognizer_can_widen_its_prefix_window(cls, text, expected):
    recognizer = cls("MRN", patterns=[Pattern("id", r"\b\d{6}\b", 0.2)], context=["mrn"])
    results = recognizer.analyze(text, ["MRN"])
    for r in results:
        r.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = recognizer.id
    enhanced = WindowContextEnhancer().enhance_using_context(text, results, None, [recognizer])
    assert [round(r.score, 2) for r in enhanced] == [expected]
