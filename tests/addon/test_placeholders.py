"""Placeholder format and derivation: normalising, labels, the keyed factory and collision-safe assignment."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.placeholders import (
    CROCKFORD_ALPHABET,
    KNOWN_LABELS,
    LABELS,
    PLACEHOLDER_PATTERN,
    PlaceholderExhausted,
    PlaceholderFactory,
    canonical,
    label_for,
    normalise,
)

KEY = b"test-key-0123456789abcdef0123456"
TYPED_RE = re.compile(r"\[([A-Z0-9_]{1,16})_([0-9A-HJKMNP-TV-Z]{5,13})\]")
PUA_RE = re.compile("\ue000([0-9a-f]+)\ue001")


@pytest.mark.parametrize(
    ("entity_type", "value", "expected"),
    [
        ("EMAIL_ADDRESS", "  Alice.Smith@Example.COM ", "alice.smith@example.com"),
        ("EMAIL_ADDRESS", "bob@x.org", "bob@x.org"),
        ("CREDIT_CARD", "4111 1111-1111 1111", "4111111111111111"),
        ("PHONE_NUMBER", "+61 (4) 1234 5678", "61412345678"),
        ("PHONE_NUMBER", "0412-345-678", "0412345678"),
        ("AU_TFN", "123 456 782", "123456782"),
        ("AU_ABN", "51 824 753 556", "51824753556"),
        ("AU_MEDICARE", "2123 45670 1", "2123456701"),
        ("UK_NHS", "943 476 5919", "9434765919"),
        ("US_SSN", "078-05-1120", "078051120"),
        ("NZ_IRD", "49-091-850", "49091850"),
        ("IBAN_CODE", "gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"),
        ("PERSON", "  Jane   van der  BERG ", "jane van der berg"),
        ("LOCATION", "New\tYork\nCity", "new york city"),
        ("SOMETHING_ELSE", "Mixed  Case\u00a0Value", "mixed case value"),
        # An id with no digits at all still normalises to something that tells values apart.
        ("PHONE_NUMBER", "call me", "call me"),
    ],
)
def test_normalise(entity_type: str, value: str, expected: str) -> None:
    assert normalise(entity_type, value) == expected


@pytest.mark.parametrize(
    ("entity_type", "label"),
    [
        ("EMAIL_ADDRESS", "EMAIL"),
        ("PHONE_NUMBER", "PHONE"),
        ("CREDIT_CARD", "CARD"),
        ("IBAN_CODE", "IBAN"),
        ("IP_ADDRESS", "IP"),
        ("PERSON", "PERSON"),
        ("LOCATION", "LOCATION"),
        ("DATE_OF_BIRTH", "DOB"),
        ("MEDICAL_RECORD_NUMBER", "MRN"),
        ("LICENCE_NUMBER", "LICENCE"),
        ("API_KEY", "SECRET"),
        ("PRIVATE_KEY", "SECRET"),
        ("JWT", "SECRET"),
        ("PASSWORD", "SECRET"),
        ("US_SSN", "SSN"),
        ("AU_TFN", "TFN"),
        ("UK_NHS", "NHS"),
        ("AU_MEDICARE", "MEDICARE"),
        ("NZ_IRD", "IRD"),
        # Unknown types: sanitised to [A-Z0-9_], at most 16 characters, never empty.
        ("CUSTOM", "CUSTOM"),
        ("org-term", "ORG_TERM"),
        ("a very long entity type name", "A_VERY_LONG_ENTI"),
        ("ÜBER_NAME", "BER_NAME"),
        ("__x__", "X"),
        ("ABCDEFGHIJKLMNO_Q", "ABCDEFGHIJKLMNO"),
        ("---", "PII"),
    ],
)
def test_label_for(entity_type: str, label: str) -> None:
    assert label_for(entity_type) == label


def test_builtin_labels_are_short_ascii_words() -> None:
    for label in LABELS.values():
        assert re.fullmatch(r"[A-Z0-9]{1,16}", label), label
    assert frozenset(LABELS.values()) == KNOWN_LABELS


@given(st.text(max_size=40))
def test_any_type_gets_a_valid_label(entity_type: str) -> None:
    assert re.fullmatch(r"[A-Z0-9](?:[A-Z0-9_]{0,14}[A-Z0-9])?", label_for(entity_type))


@pytest.mark.parametrize("style", ["", "TYPED", "uuid", "hash"])
def test_factory_refuses_unknown_style(style: str) -> None:
    with pytest.raises(ValueError, match="style"):
        PlaceholderFactory(KEY, style)


def test_factory_refuses_empty_key() -> None:
    with pytest.raises(ValueError, match="key"):
        PlaceholderFactory(b"")


def test_typed_candidates_pinned() -> None:
    # Pinned: a change here breaks every stored mapping and every cached prompt.
    candidates = list(PlaceholderFactory(KEY).candidates("scope-1", "EMAIL_ADDRESS", "alice@example.com"))
    assert candidates == [
        "[EMAIL_3638P]",
        "[EMAIL_3638P1]",
        "[EMAIL_3638P1J]",
        "[EMAIL_3638P1JN]",
        "[EMAIL_3638P1JN2]",
        "[EMAIL_3638P1JN21]",
        "[EMAIL_3638P1JN217]",
        "[EMAIL_3638P1JN217W]",
        "[EMAIL_3638P1JN217WB]",
    ]


def test_pua_candidates_pinned() -> None:
    candidates = list(PlaceholderFactory(KEY, "pua").candidates("scope-1", "EMAIL_ADDRESS", "alice@example.com"))
    assert candidates[:2] == ["\ue00019868b0655104fc5\ue001", "\ue00019868b0655104fc5e187\ue001"]
    assert [len(PUA_RE.fullmatch(c)[1]) for c in candidates] == list(range(16, 49, 4))  # type: ignore[index]


def _independent_digest(key: bytes, scope: str, entity_type: str, value: str) -> bytes:
    message = b"anonamoose-placeholder-v1"
    for field in (scope, entity_type, value):
        encoded = field.encode()
        message += len(encoded).to_bytes(4, "big") + encoded
    return hmac.new(key, message, hashlib.sha256).digest()


_RFC_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD_ALPHABET)


@given(
    scope=st.text(max_size=20),
    entity_type=st.sampled_from(sorted(LABELS) + ["CUSTOM_TYPE"]),
    value=st.text(max_size=30),
)
def test_candidates_match_an_independent_derivation(scope: str, entity_type: str, value: str) -> None:
    digest = _independent_digest(KEY, scope, entity_type, value)
    code = base64.b32encode(digest).decode().translate(_RFC_TO_CROCKFORD)
    label = label_for(entity_type)
    typed = list(PlaceholderFactory(KEY).candidates(scope, entity_type, value))
    assert typed == [f"[{label}_{code[:n]}]" for n in range(5, 14)]
    pua = list(PlaceholderFactory(KEY, "pua").candidates(scope, entity_type, value))
    assert pua == [f"\ue000{digest.hex()[:n]}\ue001" for n in range(16, 49, 4)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("s1", "EMAIL_ADDRESS", "a@x.org"), ("s2", "EMAIL_ADDRESS", "a@x.org")),
        (("s1", "EMAIL_ADDRESS", "a@x.org"), ("s1", "EMAIL_ADDRESS", "b@x.org")),
        (("s1", "PERSON", "jo"), ("s1", "LOCATION", "jo")),
        # Field boundaries are unambiguous: shifting text between fields changes the result.
        (("ab", "PERSON", "c"), ("a", "PERSON", "bc")),
    ],
)
def test_candidates_differ_across_scope_type_and_value(a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    factory = PlaceholderFactory(KEY)
    assert set(factory.candidates(*a)).isdisjoint(factory.candidates(*b))


def test_candidates_depend_on_the_key() -> None:
    args = ("s1", "PERSON", "jane")
    first = next(PlaceholderFactory(KEY).candidates(*args))
    assert first == next(PlaceholderFactory(bytes(KEY)).candidates(*args))
    assert first != next(PlaceholderFactory(KEY + b"!").candidates(*args))


@given(entity_type=st.text(max_size=30), value=st.text(max_size=30), style=st.sampled_from(["typed", "pua"]))
def test_every_candidate_is_found_by_the_restorer_pattern(entity_type: str, value: str, style: str) -> None:
    for candidate in PlaceholderFactory(KEY, style).candidates("scope", entity_type, value):
        match = PLACEHOLDER_PATTERN.fullmatch(candidate)
        assert match is not None, candidate
        assert canonical(match) == candidate


def test_assign_is_deterministic_and_normalised() -> None:
    factory = PlaceholderFactory(KEY)
    owners: dict[str, str] = {}
    first = factory.assign("s", "EMAIL_ADDRESS", "Alice@Example.com", owners.get, "h-alice")
    again = PlaceholderFactory(KEY).assign("s", "EMAIL_ADDRESS", " alice@example.COM", owners.get, "h-alice")
    assert first == again == next(factory.candidates("s", "EMAIL_ADDRESS", "alice@example.com"))


def test_assign_keeps_a_placeholder_its_value_already_owns() -> None:
    factory = PlaceholderFactory(KEY)
    first = next(factory.candidates("s", "PERSON", "jane"))
    assert factory.assign("s", "PERSON", "Jane", {first: "h-jane"}.get, "h-jane") == first


def test_assign_skips_candidates_owned_by_other_values() -> None:
    factory = PlaceholderFactory(KEY)
    candidates = list(factory.candidates("s", "PERSON", "jane"))
    owners = {candidates[0]: "h-other", candidates[1]: "h-third"}
    assert factory.assign("s", "PERSON", "Jane", owners.get, "h-jane") == candidates[2]


def test_assign_asks_owner_in_candidate_order_and_stops_at_the_first_free() -> None:
    factory = PlaceholderFactory(KEY, "pua")
    candidates = list(factory.candidates("s", "PERSON", "jane"))
    asked: list[str] = []

    def owner(placeholder: str) -> str | None:
        asked.append(placeholder)
        return "h-other" if placeholder == candidates[0] else None

    assert factory.assign("s", "PERSON", "jane", owner, "h-jane") == candidates[1]
    assert asked == candidates[:2]


def test_assign_raises_when_every_candidate_is_taken() -> None:
    with pytest.raises(PlaceholderExhausted):
        PlaceholderFactory(KEY).assign("s", "PERSON", "jane", lambda _: "h-other", "h-jane")


@pytest.mark.parametrize("entity_type", ["PASSWORD", "API_KEY", "SECRET", "JWT", "PRIVATE_KEY"])
def test_secrets_keep_exact_identity(entity_type):
    assert normalise(entity_type, "Tr0ub4dor&3") != normalise(entity_type, "tr0ub4dor&3")
    assert normalise(entity_type, "Tr0ub4dor&3") == "Tr0ub4dor&3"
    factory = PlaceholderFactory(KEY)
    owners: dict[str, str] = {}
    first = factory.assign("s", entity_type, "Tr0ub4dor&3", owners.get, normalise(entity_type, "Tr0ub4dor&3"))
    owners[first] = normalise(entity_type, "Tr0ub4dor&3")
    second = factory.assign("s", entity_type, "tr0ub4dor&3", owners.get, normalise(entity_type, "tr0ub4dor&3"))
    assert first != second
    # emails still fold case: one address, one placeholder
    assert normalise("EMAIL_ADDRESS", "Ann@Example.com") == normalise("EMAIL_ADDRESS", "ann@example.com")
