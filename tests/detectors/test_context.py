import pytest
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from detectors.context import WindowContextEnhancer, has_context, window_words


def test_window_words():
    text = "one two three four five six seven [X] after1 after2 after3 after4"
    start = text.index("[X]")
    assert window_words(text, start, start + 3, 6, 3) == [
        "two", "three", "four", "five", "six", "seven", "after1", "after2", "after3"]


@pytest.mark.parametrize(
    ("words", "context", "expected"),
    [
        (["patient", "mrn"], ["mrn"], True),
        (["patients"], ["patient"], True),  # prefix match
        (["date", "of", "birth"], ["date of birth"], True),
        (["birth", "date"], ["date of birth"], False),
        (["order", "number"], ["mrn"], False),
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
