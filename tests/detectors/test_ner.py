"""The NER layer's filtering: spaCy's PERSON and LOCATION spans minus code, common words, months and products."""

from __future__ import annotations

import pytest

from detectors.engine import build_detector
from detectors.ner import never_an_entity, plausible_entity, plausible_person
from detectors.settings import DetectionSettings


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
