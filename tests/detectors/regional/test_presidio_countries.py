"""Presidio's own country recognizers under our locale filter: 'default' keeps today's four, 'all' turns every
country on, a list names countries; ours replace Presidio's where we find the same entity."""

from __future__ import annotations

import pytest
from presidio_analyzer.predefined_recognizers import AbaRoutingRecognizer, CryptoRecognizer

from detectors.detection_settings import DetectionSettings, parse_locales
from detectors.regional import presidio_countries
from detectors.types import DEFAULT_LOCALES, LOCALES, PRESIDIO_LOCALES


def entities(locales: frozenset[str]) -> set[str]:
    return {e for r in presidio_countries.build(locales) for e in r.supported_entities}


def test_every_country_presidio_ships_is_a_locale_we_accept() -> None:
    assert set(presidio_countries.country_classes()) == set(LOCALES) - {"NZ"}
    assert set(PRESIDIO_LOCALES) <= set(presidio_countries.country_classes())


def test_locale_words() -> None:
    assert parse_locales("default") == parse_locales("") == frozenset(DEFAULT_LOCALES)
    assert parse_locales("all") == frozenset(LOCALES)
    assert parse_locales("de, in") == frozenset({"DE", "IN"})
    with pytest.raises(ValueError, match="unknown locale"):
        parse_locales("FR")


def test_default_runs_no_other_country_and_all_runs_every_one() -> None:
    default = entities(parse_locales("default"))
    everything = entities(parse_locales("all"))
    assert {"CRYPTO", "ABA_ROUTING_NUMBER", "AU_ACN", "US_ITIN", "UK_VEHICLE_REGISTRATION"} <= default
    assert not any(e.startswith(("DE_", "ES_", "IN_", "KR_", "TR_", "TH_", "SE_")) for e in default)
    assert {
        "DE_TAX_ID",
        "ES_NIF",
        "IT_FISCAL_CODE",
        "PL_PESEL",
        "FI_PERSONAL_IDENTITY_CODE",
        "SE_PERSONNUMMER",
        "IN_AADHAAR",
        "KR_RRN",
        "SG_NRIC_FIN",
        "TR_NATIONAL_ID",
        "NG_NIN",
        "TH_TNIN",
        "CA_SIN",
    } <= everything


def test_ours_replace_presidios_for_the_same_entity() -> None:
    names = {type(r).__name__ for r in presidio_countries.build(parse_locales("all"))}
    assert not names & {
        "AuTfnRecognizer",
        "AuAbnRecognizer",
        "AuMedicareRecognizer",
        "NhsRecognizer",
        "UkNinoRecognizer",
        "UsSsnRecognizer",
        "UkPostcodeRecognizer",
    }


def test_they_analyse_in_our_engines_language() -> None:
    recognizers = presidio_countries.build(parse_locales("all"))
    assert recognizers and all(r.supported_language == "en" for r in recognizers)
    assert any(isinstance(r, CryptoRecognizer) for r in recognizers)
    assert any(isinstance(r, AbaRoutingRecognizer) for r in recognizers)


@pytest.mark.parametrize(
    ("text", "value", "locale"),
    [
        ("wallet 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ please", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", "default"),
        ("routing 121000358 for the transfer", "121000358", "default"),
        ("Mi NIE es X9613851N", "X9613851N", "ES"),
        ("TC Kimlik No: 10000000146", "10000000146", "TR"),
        ("My Aadhaar number is 400123456787 today", "400123456787", "IN"),
        ("Steuer-ID 65 929 970 489", "65 929 970 489", "DE"),  # in groups: checksum read without the spaces
        ("RRN 050912-0000008", "050912-0000008", "KR"),  # gender digit 0: born before 1900
    ],
)
def test_their_values_are_found_when_the_locale_is_on(text: str, value: str, locale: str) -> None:
    found = {
        text[r.start : r.end]
        for rec in presidio_countries.build(parse_locales(locale))
        for r in rec.analyze(text, rec.supported_entities)
        if r.score >= 0.5
    }
    assert value in found
    off = {
        text[r.start : r.end]
        for rec in presidio_countries.build(frozenset())
        for r in rec.analyze(text, rec.supported_entities)
        if r.score >= 0.5
    }
    assert locale == "default" or value not in off


def test_a_match_cut_out_of_a_longer_token_is_dropped() -> None:
    assert presidio_countries.inside_a_longer_token("JD797407499NL", 0, 9)
    assert presidio_countries.inside_a_longer_token("x12345678", 2, 9)
    assert not presidio_countries.inside_a_longer_token("id is030594W903B.", 5, 16)


def test_our_linear_scan_scores_as_presidio_does() -> None:
    """scan_patterns replaces Presidio's quadratic analyze: same spans, same scores on Presidio's own cases."""
    import json
    from pathlib import Path

    from presidio_analyzer import PatternRecognizer

    cases = Path(__file__).resolve().parents[1] / "presidio_cases"
    texts = [
        c["text"] for g in ("other", "us", "au", "uk") for c in json.loads((cases / f"{g}.json").read_text())["cases"]
    ]
    for recognizer in presidio_countries.build(parse_locales("all")):
        if not isinstance(recognizer, PatternRecognizer) or not presidio_countries._plain(recognizer):
            continue
        for text in texts:
            ours = {
                (r.start, r.end, round(r.score, 3))
                for r in presidio_countries.scan_patterns(recognizer, text, [(0, len(text))])
            }
            theirs = {
                (r.start, r.end, round(r.score, 3))
                for r in PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities)
            }
            assert ours == theirs, (type(recognizer).__name__, text)


def test_our_regional_recognizers_follow_the_locale_by_presidios_country_code():
    from detectors.engine import build_recognizers
    from detectors.types import recognizer_locale

    def locales_built(chosen: set[str]) -> set[str | None]:
        built = build_recognizers(DetectionSettings(layers=frozenset({"patterns"}), locales=frozenset(chosen)))
        return {recognizer_locale(type(r)) for r in built}

    assert locales_built({"AU"}) >= {None, "AU"}
    assert not locales_built({"AU"}) & {"NZ", "UK", "US", "DE"}
    assert locales_built({"UK", "DE"}) >= {None, "UK", "DE"}
    assert not locales_built({"UK", "DE"}) & {"AU", "NZ", "US"}


def test_our_extra_cue_words_lift_their_values() -> None:
    from detectors.context import WindowContextEnhancer

    text = "You can vote with your CPJ4467918 number"
    (voter,) = [r for r in presidio_countries.build(parse_locales("IN")) if r.name == "InVoterRecognizer"]
    results = voter.analyze(text, voter.supported_entities)
    for result in results:
        result.recognition_metadata = {"recognizer_identifier": voter.id}
    lifted = WindowContextEnhancer().enhance_using_context(text, results, None, [voter])  # type: ignore[arg-type]
    assert [(text[r.start : r.end], r.score >= 0.5) for r in lifted] == [("CPJ4467918", True)]


def test_grouped_checksum_is_mixed_into_its_own_class_only() -> None:
    recognizers = {r.name: r for r in presidio_countries.build(parse_locales("all"))}
    assert recognizers["DeTaxIdRecognizer"].validate_result("65 929 970 489") is True
    # A validate_result on every class would make each look checksum-backed and scan whole texts.
    assert recognizers["UsPassportRecognizer"].context_only  # type: ignore[attr-defined]
    assert recognizers["DePlzRecognizer"].context_only  # type: ignore[attr-defined]
