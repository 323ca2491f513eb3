"""Start rules for the costly regional patterns: tried only near their hints, they find what a full scan finds."""

from __future__ import annotations

import pytest
import regex
from presidio_analyzer import Pattern, PatternRecognizer

from detectors import pattern_hints
from detectors.detection_settings import DetectionSettings
from detectors.engine import build_recognizers
from detectors.patterns import ConstantPatternRecognizer, compiled
from detectors.regional import start_hints

# Near misses and edge shapes for each listed pattern: runs too long, lead digits, letters folded by case, no space.
TEXTS = (
    "NINO AB123456C, ab 12 34 56 c, QQ-12-34-56-D, AB1234567C, XAB123456C, AB 12 34 56 E and 12 34 56 A",
    "licence SMITH812076AB1CD, MORGA753116SM9IJ 35, A9999812076AB1CD, ABCD9 812076 AB1CD, 1SMITH812076AB1CD",
    "EC1A 1BB, ec1a1bb, GIR 0AA, gir0aa, M1 1AE, M11AE, W1A 0AX, SW1A2AA1, EC1A 1BBB, A1 1AAA, 12AB 3CD",
    "call 1.555-555-5555 or 1-555.555.5555, 555-555-5555, 555.555.5555x, 2-555-555-5555, 1.555.555-5555",
    "passport PA1234567, N1234567, ABC1234567, A12345678, NZ LA123456 and L1234567 or la123456",
    "cars AB12 CDE, ab12cde, AB51-XYZ, A123 BCD, a1bcd, ABC 123D, abc-1-d, ABC1234D, 1AB12CDE, AB12CDEF, P12 ABC",
    "A1-BCD a12 bcd A1234BCD B123-CDEF 9A1BCD ABC-12-D abc1d ABCD123D ABC 1234D ABC 12 D1 ABC12Dx A٣BCD ABC١٢D",
    "\u212aA123456C \u017f1234567 K1234567 ٣٤٥٦٧٨٩ A١٢٣٤٥٦٧ 5551234567890 555-555-55555",
    "mac 00:1A:2b:3C:4d:5E, 00-1a-2b-3c-4d-5e, 0:00:1a:2b:3c:4d:5e, a00:1a:2b:3c:4d:5e:6f, 00:1a-2b:3c:4d:5e, "
    "100:1a:2b:3c:4d:5e:ff:ee 00:1a:2b:3c:4d:5e-x 00:1A:2B:3C:4D:5E:6F:7A, 0a:0b:0c:0d:0e:0f\u212a",
    "iban GB82WEST12345698765432, GB82 WEST 1234 5698 7654 32, XGB82WEST12345698765432, de89370400440532013000, "
    "DE89-3704-0044-0532-0130-00, 1GB82WEST12345698765432, GBGB82WEST12345698765432 NO9386011117947 NO938601111794",
)


PRESIDIO_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE


def listed_patterns() -> list[tuple[str, int, Pattern]]:
    """(recognizer class name, regex flags, pattern) for every listed pattern."""
    ours = [
        (cls.__name__, cls.REGEX_FLAGS, pattern)
        for (cls, name) in start_hints.START_HINTS
        for pattern in cls.PATTERNS
        if pattern.name == name
    ]
    presidio = [
        (class_name, PRESIDIO_FLAGS, pattern)
        for (class_name, name) in start_hints.PRESIDIO_START_HINTS
        for pattern in start_hints.presidio_patterns(class_name)
        if pattern.name == name
    ]
    return ours + presidio


def test_every_listed_pattern_exists_and_has_its_rule() -> None:
    """A pattern renamed or rewritten loses its hint silently (it is then scanned in full): say so here."""
    listed = listed_patterns()
    assert len(listed) == len(start_hints.START_HINTS) + len(start_hints.PRESIDIO_START_HINTS)
    for _, _, pattern in listed:
        assert pattern_hints.hint_for(pattern.regex) is not None
        assert pattern_hints.has_start_rule(pattern)


def test_every_digit_run_hint_is_registered() -> None:
    """A hinted pattern rewritten since its hint was proved loses the hint (it is then scanned in full): say so."""
    listed = [(list(cls.PATTERNS), name, hint) for (cls, name), (hint, _) in start_hints.DIGIT_RUN_HINTS.items()]
    listed += [
        (start_hints.presidio_patterns(class_name), name, hint)
        for (class_name, name), (hint, _) in start_hints.PRESIDIO_DIGIT_RUN_HINTS.items()
    ]
    for patterns, name, hint in listed:
        pattern = next(p for p in patterns if p.name == name)
        assert pattern_hints.hint_for(pattern.regex) == hint, name
        assert not pattern_hints.has_start_rule(pattern)


# Each digits-only shape at its shortest and one digit short, in ASCII and in other scripts' digits.
DIGIT_RUNS = tuple(
    f"id {'1' * length} and {'2' * (length - 1)}x, ref ٣{'4' * (length - 1)}; {'0' * length}" for length in range(6, 20)
)


@pytest.mark.parametrize("text", DIGIT_RUNS)
def test_a_digits_only_shape_matches_only_where_its_run_occurs(text: str) -> None:
    listed = [(cls.REGEX_FLAGS, list(cls.PATTERNS), name) for (cls, name) in start_hints.DIGIT_RUN_HINTS]
    listed += [
        (PRESIDIO_FLAGS, start_hints.presidio_patterns(class_name), name)
        for (class_name, name) in start_hints.PRESIDIO_DIGIT_RUN_HINTS
    ]
    for flags, patterns, name in listed:
        pattern = next(p for p in patterns if p.name == name)
        if compiled(pattern, flags).search(text) is not None:
            assert pattern_hints.may_match(pattern, text), name


@pytest.mark.parametrize("text", TEXTS)
def test_matches_near_hints_are_a_full_scan_s(text: str) -> None:
    for class_name, flags, pattern in listed_patterns():
        pattern_regex = compiled(pattern, flags)
        expected = [match.span() for match in pattern_regex.finditer(text)]
        assert [match.span() for match in pattern_hints.matches(pattern, pattern_regex, text, flags)] == expected, (
            class_name,
            pattern.name,
        )


def test_the_edge_texts_hit_every_listed_pattern() -> None:
    """The texts above exercise each rule, so the test above checks more than empty results."""
    for class_name, flags, pattern in listed_patterns():
        assert any(compiled(pattern, flags).search(text) for text in TEXTS), (class_name, pattern.name)


def test_a_within_rule_tries_every_position_up_to_its_reach() -> None:
    pattern = Pattern("toy", r"(?<!\w)[a-z]{0,3}\d\d", 0.5)
    pattern_hints.register(pattern.regex, r"\d\d")
    pattern_hints.register_starts(pattern.regex, pattern_hints.within(3))
    assert pattern_hints.candidate_starts(pattern, "x abc12", 0) == [2, 3, 4, 5]
    assert pattern_hints.candidate_starts(pattern, "12", 0) == [0]
    assert pattern_hints.candidate_starts(pattern, "no digits", 0) == []


@pytest.mark.parametrize("text", TEXTS)
def test_regional_recognizers_return_what_presidio_s_scan_returns(text: str) -> None:
    """Our analyze keeps Presidio's scoring and duplicate removal, result for result."""
    recognizers = build_recognizers(DetectionSettings(locales=frozenset({"AU", "NZ", "UK", "US"})))
    regional = [r for r in recognizers if type(r).__module__.rsplit(".", 1)[-1] in ("au", "nz", "uk", "us")]
    assert len(regional) >= 20
    for recognizer in regional:
        assert isinstance(recognizer, ConstantPatternRecognizer)
        ours = recognizer.analyze(text, [])
        theirs = PatternRecognizer.analyze(recognizer, text, [])
        assert [(r.start, r.end, r.entity_type, r.score, r.recognition_metadata) for r in ours] == [
            (r.start, r.end, r.entity_type, r.score, r.recognition_metadata) for r in theirs
        ], recognizer.name


def test_hints_are_valid_regexes() -> None:
    for hint, _, _ in [*start_hints.START_HINTS.values(), *start_hints.PRESIDIO_START_HINTS.values()]:
        regex.compile(hint)


def test_a_rewritten_pattern_gets_no_hint() -> None:
    """A hint is proved for one regex: a pattern whose regex changed is scanned in full, never wrongly skipped."""
    (cls, name), (hint, reach, digest) = next(iter(start_hints.START_HINTS.items()))
    pattern = next(p for p in cls.PATTERNS if p.name == name)
    assert start_hints.regex_digest(pattern.regex) == digest
    assert start_hints.regex_digest(pattern.regex + "|x") != digest
