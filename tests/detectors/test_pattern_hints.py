"""Pattern hints: a costly pattern is skipped only where it cannot match, so skipping never changes a result."""

from __future__ import annotations

import json
from pathlib import Path

import presidio_analyzer.predefined_recognizers as predefined
import pytest
import regex
from presidio_analyzer import PatternRecognizer

from detectors import pattern_hints, secrets
from detectors.detection_settings import DetectionSettings
from detectors.engine import build_recognizers
from detectors.patterns import compiled
from detectors.regional import presidio_countries, universal

EVAL_DIR = Path(__file__).resolve().parents[2] / "scripts" / "eval"
# Every tuned set; the blind test split is never read.
EVAL_FILES = (
    "labelled.jsonl",
    "clean.jsonl",
    "holdout_labelled.jsonl",
    "holdout_clean.jsonl",
    "fresh_labelled.jsonl",
    "fresh_clean.jsonl",
    "blind_dev_labelled.jsonl",
    "blind_dev_clean.jsonl",
)
# Hint words in other cases and shapes than the evaluation sets use.
EXTRA_TEXTS = (
    "PASSWORD=Hunter2!x and Pwd: 'Zx9!kk22' and client-Secret => s3cr3t!!",
    "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY "
    "aws.ſecret.key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ'",
    "Api-Key: abcdef123456, APIKEY=abc123def456, Auth_Token: tok123456789",
    "machine example.com LOGIN bob PassCode Xy7!pass",
    "The WiFi for the office is Blue7Horse!x",
    "MSH|^~\\&|A|B\nPID|1||MRN12345^^^H||Doe^Jane||19800101|F",
    "mrn MRN-2207841, UR:004512, URN 77123",
    "Rx #: 1234567, PRESCRIPTION number 7654321, CLAIM # 12345678, prior AUTH: 12345678, Referral: 1234567",
    "write to JANE.DOE@EXAMPLE.ORG or ftp://user:pa55w0rd@host.example",
    "see WWW.Example.com, wWw.x.io, HTTPS://A.B/c?d, www..x, ftp:/x and http//x",
    # digit-run hints: in other scripts' digits, at the text's edges, next to letters
    "pa1234567 DEA AB1234567 or a91234567; acct 0123456789012345, 123456789012345 mac 00a0c914c829 ٣٤٥٦٧٨٩",
    "AB١٢٣٤٥٦٧",
)


def texts() -> list[str]:
    found = list(EXTRA_TEXTS)
    for name in EVAL_FILES:
        assert not name.startswith("blind_test")
        path = EVAL_DIR / name
        if path.exists():
            found += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    return found


def hinted_patterns() -> list[tuple[PatternRecognizer, object]]:
    recognizers = build_recognizers(DetectionSettings(locales=frozenset({"AU", "NZ", "UK", "US"})))
    return [
        (recognizer, pattern)
        for recognizer in recognizers
        if isinstance(recognizer, PatternRecognizer)
        for pattern in recognizer.patterns
        if pattern_hints.hint_for(pattern.regex) is not None
    ]


def test_every_listed_hint_is_registered() -> None:
    """A listed pattern whose text changed (a Presidio upgrade) would lose its hint silently: say so here."""
    listed = (
        [next(p.regex for p in cls.PATTERNS if p.name == name) for cls, name in universal.PATTERN_HINTS]
        + [p.regex for p in secrets.PasswordRecognizer.PATTERNS if p.name in secrets.PASSWORD_HINTS]
        + [p.regex for p in secrets.ApiKeyRecognizer.PATTERNS if p.name in secrets.API_KEY_HINTS]
    )
    for class_name, name in presidio_countries.PATTERN_HINTS:
        listed += [p.regex for p in getattr(predefined, class_name).PATTERNS if p.name == name]
    assert len(listed) == len(universal.PATTERN_HINTS) + len(secrets.PASSWORD_HINTS) + len(secrets.API_KEY_HINTS) + len(
        presidio_countries.PATTERN_HINTS
    )
    assert all(pattern_hints.hint_for(pattern) is not None for pattern in listed)


def test_hinted_patterns_are_in_the_default_engine() -> None:
    names = {pattern.name for _, pattern in hinted_patterns()}
    assert {"email", "mrn (HL7 PID segment)", "Secret key-value pair", "Prescription number (Rx labelled)"} <= names


@pytest.mark.parametrize("text", texts())
def test_a_pattern_matches_only_where_its_hint_occurs(text: str) -> None:
    for recognizer, pattern in hinted_patterns():
        pattern_regex = compiled(pattern, recognizer.global_regex_flags or 0)
        if pattern_regex.search(text) is not None:
            hint = pattern_hints.hint_for(pattern.regex)
            assert regex.search(hint, text) is not None, (recognizer.name, pattern.name)


def test_extra_texts_exercise_the_hinted_patterns() -> None:
    """The hand-written texts hit most hinted patterns, so the test above checks them in unusual cases."""
    matched = {
        pattern.name
        for recognizer, pattern in hinted_patterns()
        for text in EXTRA_TEXTS
        if compiled(pattern, recognizer.global_regex_flags or 0).search(text) is not None
    }
    assert len(matched) >= 8, matched


def test_a_text_without_the_hint_skips_the_pattern() -> None:
    email = next(p for cls, name in universal.PATTERN_HINTS for p in cls.PATTERNS if p.name == "email")
    assert not pattern_hints.may_match(email, "no address here")
    assert pattern_hints.may_match(email, "write to a@b.example")


# Key names far from their token's start, several in one token, keys in a row, a run longer than the reach.
START_RULE_TEXTS = (
    "config.database.primary.connection.client_secret = 'Xy7!abcd9'",
    "a_very_long_prefix_that_runs_on_and_on_and_on_password=Hunter2!x",
    "x" * 60 + "_password=Hunter2!x and api_key=abc123def456 token:tok123456789",
    "passwordpassword=abc12345!x;pwd=Zz9!zz9!zz pass: p4ssw0rd!!",
    "auth-token => 'aa11bb22cc' secret:\n    multi-line-value-9",
    # addresses: runs broken by "@", dots, quotes, case-folded letters, a long local part
    "a@b@c.com x..y@z.com mailto:john.doe+tag@example.co.uk 'quoted'@example.com @@@ user@ .lead@x.io",
    "\u017ftrange@example.com \u212aelvin@example.com icon@2x.png " + "a" * 300 + "@example.com",
)


@pytest.mark.parametrize("text", texts() + list(START_RULE_TEXTS))
def test_matches_at_candidate_starts_are_finditer_s(text: str) -> None:
    for recognizer, pattern in hinted_patterns():
        flags = recognizer.global_regex_flags or 0
        pattern_regex = compiled(pattern, flags)
        expected = [match.span() for match in pattern_regex.finditer(text)]
        assert [match.span() for match in pattern_hints.matches(pattern, pattern_regex, text, flags)] == expected


def test_key_value_patterns_have_start_rules() -> None:
    key_value = [p for p in secrets.PasswordRecognizer.PATTERNS if p.name.startswith("Secret key-value pair")]
    assert len(key_value) == 2
    text = START_RULE_TEXTS[0]
    assert all(pattern_hints.candidate_starts(p, text, secrets.SECRET_REGEX_FLAGS) == [0] for p in key_value)
