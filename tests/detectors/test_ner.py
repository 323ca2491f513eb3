"""The NER layer's filtering: spaCy's PERSON and LOCATION spans minus code, common words, months and products."""

from __future__ import annotations

import pytest

from detectors.detection_settings import DetectionSettings
from detectors.engine import build_detector
from detectors.name_words import follows_product
from detectors.ner import (
    names_an_eponym,
    never_an_entity,
    plausible_entity,
    plausible_person,
    reads_as_sentence_word,
)


@pytest.mark.parametrize(
    ("span", "plausible"),
    [
        ("Sarah Johnson", True),
        ("Ngaire Te Awa", True),
        ("Mehmet Yılmaz", True),
        ("Charlotte", True),
        ("Jelena Petrović", True),
        ("Taylor Swift", True),  # a given name leads: the product word is a surname here
        ("Volunteer", False),  # a common English word opening a sentence
        ("Email", False),
        ("Date", False),
        ("Redis", False),  # a tech product
        ("Jun", False),  # a month abbreviation
        ("Head Office", False),  # every word is common English
        ("Happy Friday", False),
        ("Amazon Aurora", False),  # a product inside
        ("Run Terraform Cloud", False),
    ],
)
def test_person_spans_are_filtered(span: str, plausible: bool) -> None:
    assert plausible_person(span) is plausible


@pytest.mark.parametrize(
    ("span", "never"),
    [("Jun", True), ("Postgres", True), ("Kubernetes", True), ("Monday", True), ("Ruby", False), ("Bristol", False)],
)
def test_lone_months_and_products_are_never_entities(span: str, never: bool) -> None:
    assert never_an_entity(span) is never


@pytest.mark.parametrize(
    ("span", "plausible"),
    [("Sarah", True), ("get_name", False), ("JSON", False), ("UserProfile", False), ("src/app.py", False)],
)
def test_code_is_never_an_entity(span: str, plausible: bool) -> None:
    assert plausible_entity(span) is plausible


NER_ONLY = build_detector(DetectionSettings(layers=frozenset({"ner"})))


@pytest.mark.parametrize(
    "text",
    [
        "Postgres listens on 5432, Redis on 6379 and the API on 8080; only 443 is exposed publicly.",
        "Python 3.12.4 (main, Jun  6 2024, 18:26:22) [Clang 15.0.0 (clang-1500.3.9.4)] on darwin",
        "commit 8a375d74aa62d2ab1b3422c551f8baa8618de632\nDate:   Mon Mar 18 09:41:22 2024 +1100\n",
        "Volunteer roster for Saturday: bring gloves.",
    ],
)
def test_spacy_false_positives_are_dropped(text: str) -> None:
    assert [d for d in NER_ONLY.detect(text) if d.entity_type == "PERSON"] == []


def test_spacy_names_are_kept() -> None:
    text = "Dmitri Volkov was absent on Tuesday; their guardian Andrei Popescu called."
    found = {text[d.start : d.end] for d in NER_ONLY.detect(text) if d.entity_type == "PERSON"}
    assert found == {"Dmitri Volkov", "Andrei Popescu"}


@pytest.mark.parametrize(
    ("text", "word", "sentence_word"),
    [
        ("Mark any blockers in the tracker.", "Mark", True),  # a verb opening an imperative
        ("Frank feedback from the retro: ship less.", "Frank", True),  # an adjective
        ("Merge: 9667188 c1499ea", "Merge", True),
        ("Mark said he would ring back.", "Mark", False),  # a person's verb follows
        ("Grace is mobilising with a frame.", "Grace", False),
        ("Frank, can you check?", "Frank", False),
        ("Thanks,\nMark", "Mark", False),  # alone on its line: a sign-off
        ("Nathaniel feedback", "Nathaniel", False),  # not an English word at all
        ("please ask Mark any time", "Mark", False),  # not at a sentence start
    ],
)
def test_lone_english_words_opening_a_sentence(text: str, word: str, sentence_word: bool) -> None:
    start = text.index(word)
    assert reads_as_sentence_word(text, start, start + len(word)) is sentence_word


@pytest.mark.parametrize(
    ("text", "word", "after"),
    [
        ("We use Amazon Aurora now", "Aurora", True),
        ("Open Google  Chrome", "Chrome", True),
        ("Ask Aurora now", "Aurora", False),
        ("amazon Aurora", "Aurora", False),  # only a capitalised product word counts
    ],
)
def test_words_right_after_a_product(text: str, word: str, after: bool) -> None:
    assert follows_product(text, text.index(word)) is after


@pytest.mark.parametrize(
    "text",
    [
        "commit c1499ea\nMerge: 9667188 c1499ea\n\n    Merge branch 'release'",
        "Will the migration finish before the freeze? Mark any blockers in the tracker.",
        "Frank feedback from the retro: the release checklist is too long.",
    ],
)
def test_spacy_sentence_opening_words_are_dropped(text: str) -> None:
    assert [d for d in NER_ONLY.detect(text) if d.entity_type == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "word", "eponym"),
    [
        ("Chapter 12 covers Markov chains next.", "Markov", True),
        ("Gaussian blur with sigma 1.5", "Gaussian", True),
        ("by the Bayes theorem", "Bayes", True),
        ("Priya processed the claim", "Priya", False),
        ("Markov said no.", "Markov", False),
        ("ask Priya about it", "Priya", False),
        ("Gaussian", "Gaussian", False),
    ],
)
def test_names_before_a_method_or_law(text: str, word: str, eponym: bool) -> None:
    start = text.index(word)
    assert names_an_eponym(text, start + len(word)) is eponym


@pytest.mark.parametrize(
    ("span", "entity_type", "with_regions", "kept"),
    [
        ("Sarah Chen", "PERSON", False, False),  # kept, two words
        ("Priya", "PERSON", False, True),  # kept, a lone word
        ("Texas", "LOCATION", False, None),  # a bare region stays unless regions are on
        ("Texas", "LOCATION", True, True),
        ("user_id", "PERSON", False, None),  # code
        ("Redis", "LOCATION", False, None),  # a tech product
        ("Atlas Backup Suite", "PERSON", False, None),  # a product's name
        ("Atlas Backup Suite", "LOCATION", False, False),
    ],
)
def test_what_the_span_alone_decides(span: str, entity_type: str, with_regions: bool, kept: bool | None) -> None:
    from detectors.ner import _kept_span

    assert _kept_span(span, entity_type, with_regions) is kept
