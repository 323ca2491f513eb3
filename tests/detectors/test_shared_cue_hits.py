"""The context-only recognizers of one analysis share one pass for their context words: same hits, fewer passes."""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerResult

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector
from detectors.regional import universal
from detectors.regional.universal import _cue_hits, shared_cue_hits

CONTEXTS = (
    ("card", "cc", "Credit", "primary account number"),
    ("phone", "mobile", "tel", "call"),
    ("card", "visa"),  # a word another context also has
    ("dob", "d.o.b", "date of birth", "born"),
    (),
)
TEXTS = (
    "Credit card 4111 1111 1111 1111, cc: 5500 0000 0000 0004; call me on 0412 345 678 (mobile).",
    "DOB: 01/02/1980, D.O.B 1980-02-01, born 1 Feb 1980; scorecard and telco are not cues. CARD_NUMBER=1234",
    "İstanbul card 12",  # a letter whose lower case is longer: the regex path
    "",
)


@pytest.mark.parametrize("text", TEXTS)
def test_shared_hits_are_the_hits_of_each_context_alone(text: str) -> None:
    alone = [sorted(_cue_hits(text, context)) for context in CONTEXTS]
    with shared_cue_hits():
        shared = [sorted(_cue_hits(text, context)) for context in CONTEXTS]
        again = [sorted(_cue_hits(text, context)) for context in reversed(CONTEXTS)]
    assert shared == alone
    assert again == list(reversed(alone))


def test_one_pass_per_text_once_the_words_are_known(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[int] = []
    real = universal._word_hits

    def counted(lowered: str, words: frozenset[str]) -> dict[str, list[tuple[int, int]]]:
        passes.append(len(words))
        return real(lowered, words)

    monkeypatch.setattr(universal, "_word_hits", counted)
    with shared_cue_hits():
        for context in CONTEXTS:
            _cue_hits(TEXTS[0], context)  # learns every word
    passes.clear()
    with shared_cue_hits():
        for text in TEXTS[:2]:
            for context in CONTEXTS:
                _cue_hits(text, context)
    assert len(passes) == 2  # one per text


def test_the_engine_with_a_shared_pass_finds_what_it_finds_without() -> None:
    analyzer = build_detector(DetectionSettings()).analyzer
    text = TEXTS[0] + "\n" + TEXTS[1]

    def key(results: list[RecognizerResult]) -> list[tuple[int, int, str, float]]:
        return sorted((r.start, r.end, r.entity_type, r.score) for r in results)

    shared = analyzer.analyze(text, language="en")  # ours: the context-only recognizers share a pass
    unshared = AnalyzerEngine.analyze(analyzer, text, language="en")  # each recognizer scans for its words alone
    assert shared and key(shared) == key(unshared)


PHRASE_TEXTS = (
    *TEXTS,
    "date of birth of birth date: DATE-OF_BIRTH, xdate of birth, date  of\nbirth; date of",
    "primary account number primary account numbers _primary account number",
    "date of bírth and date of birth",  # not ASCII: the regex scans the text
    "codigo postal 1234, CÓDIGO POSTAL 5678, zip code: 90210, zip_code=1, zipcode 2, s number 4, S_Number, s  number",
    "ſtreet address 5 and street address 6",
)


@pytest.mark.parametrize("text", PHRASE_TEXTS)
# phrases that overlap: finditer resumes after a match, so "birth date" inside "date of birth date" is not one
@pytest.mark.parametrize(
    "context",
    [
        *(c for c in CONTEXTS if any(" " in word for word in c)),
        ("date of birth", "birth date"),
        # a first word no ASCII text can hold, one that a case-insensitive regex matches in ASCII ("ſ" as "s")
        ("código postal", "zip code", "s number"),
        ("ſtreet address", "zip code"),
    ],
)
def test_phrases_are_found_where_the_regex_alone_finds_them(text: str, context: tuple[str, ...]) -> None:
    split = universal._split_context(context)
    expected = [hit.span() for hit in universal._cue_regex(split.phrases).finditer(text)]
    found = universal._word_hits(text.lower(), split.words)
    assert universal._phrase_hits(text, split, found) == expected


def test_first_words_no_ascii_text_holds_are_left_to_the_regex_only_where_they_could_match() -> None:
    assert universal._split_context(("código postal", "zip code")).firsts == frozenset({"zip"})
    assert universal._split_context(("ſtreet address", "zip code")).firsts is None
