"""`forget VALUE`: every mapping of the value under whichever type's normalisation, in every scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from addon.operations.forget import forget, placeholders_in
from store.crypto import Vault
from store.mappings import MappingStore, erasure_count
from store.models import Mapping, ReplyMemory

SCOPES = ("scope-one", "scope-two")


@pytest.mark.parametrize(
    ("entity_type", "stored", "asked", "forgotten"),
    [
        ("EMAIL_ADDRESS", "Jane.Citizen@Example.com", "jane.citizen@example.com", 2),
        ("EMAIL_ADDRESS", "jane.citizen@example.com", " JANE.CITIZEN@EXAMPLE.COM ", 2),
        ("CREDIT_CARD", "4111 1111 1111 1111", "4111-1111-1111-1111", 2),
        ("PHONE_NUMBER", "+61 412 345 678", "+61412345678", 2),
        ("PHONE_NUMBER", "+61 412 345 678", "0412 345 678", 0),
        ("AU_TFN", "123 456 782", "123456782", 2),
        ("UK_NINO", "QQ 12 34 56 C", "qq123456c", 2),
        ("PERSON", "Jane  Citizen", "jane citizen", 2),
        ("PROJECT_CODENAME", "Bluebird", "BLUEBIRD", 2),
        ("PERSON", "Jane Citizen", "Jane", 0),
        ("EMAIL_ADDRESS", "jane.citizen@example.com", "someone.else@example.com", 0),
    ],
)
def test_forget_finds_the_value_in_every_scope(seed, entity_type: str, stored: str, asked: str, forgotten: int) -> None:
    for scope_id in SCOPES:
        seed(scope_id, [(entity_type, stored), ("EMAIL_ADDRESS", "keep.me@example.com")])
    assert forget(asked) == forgotten
    assert Mapping.select().count() == 4 - forgotten
    assert forget(asked) == 0


def test_forget_matches_each_type_only_with_its_own_normal_form(seed) -> None:
    # As a card the asked value is its digits; a CUSTOM term that is those digits is a different value.
    seed("scope-one", [("CUSTOM", "4111111111111111"), ("CREDIT_CARD", "4111 1111 1111 1111")])
    assert forget("4111-1111-1111-1111") == 1
    assert [row.entity_type for row in Mapping.select()] == ["CUSTOM"]


def test_forget_bumps_the_erasure_count_only_when_something_went(seed) -> None:
    seed("scope-one", [("EMAIL_ADDRESS", "jane@example.com")])
    before = erasure_count()
    assert forget("nobody@example.com") == 0
    assert erasure_count() == before
    assert forget("jane@example.com") == 1
    assert erasure_count() == before + 1


def test_forget_removes_remembered_replies_quoting_the_placeholder(seed, proxy_key: bytes) -> None:
    assigned = seed("scope-one", [("EMAIL_ADDRESS", "jane@example.com"), ("PERSON", "Bob Smith")])
    store = MappingStore(Vault(proxy_key))
    email, person = assigned["jane@example.com"], assigned["Bob Smith"]
    store.remember_reply("scope-one", "h-email", f"I wrote to {email.lower()} for you.")
    store.remember_reply("scope-one", "h-person", f"{person} says hello.")
    assert forget("jane@example.com") == 1
    assert [row.restored_hash for row in ReplyMemory.select()] == ["h-person"]
    assert store.recall_reply("scope-one", "h-person") == f"{person} says hello."


def test_forget_with_nothing_stored_needs_no_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "no-key-here"))
    assert forget("jane@example.com") == 0
    assert not (tmp_path / "no-key-here").exists()


@pytest.mark.parametrize("blank", ["", "   "])
def test_forget_refuses_a_blank_value(blank: str) -> None:
    with pytest.raises(ValueError, match="value"):
        forget(blank)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see [EMAIL_7K2Q9] and [person_abcde]", {"[EMAIL_7K2Q9]", "[PERSON_ABCDE]"}),
        ("\ue000" + "0123456789abcdef" + "\ue001", {"\ue000" + "0123456789abcdef" + "\ue001"}),
        ("nothing here", set()),
    ],
)
def test_placeholders_in(text: str, found: set[str]) -> None:
    assert placeholders_in(text) == found


def test_secrets_are_forgotten_exactly_and_rows_of_case_folding_versions_too(seed, proxy_key: bytes) -> None:
    seed("scope-one", [("PASSWORD", "Tr0ub4dor&3"), ("PASSWORD", "tr0ub4dor&3")])
    assert forget("Tr0ub4dor&3") == 1  # two passwords, not one
    assert Mapping.select().count() == 1
    # a row an earlier version wrote, its value hash taken from the case-folded secret
    vault = Vault(proxy_key)
    store = MappingStore(vault)
    store.ensure_scope("scope-old", "t", None, 3600)
    store.remember("scope-old", "[SECRET_OLD00]", "PASSWORD", vault.keyed_hash("value", "hunter2pass"), "HUNTER2pass")
    assert forget("HUNTER2pass") == 1
    assert store.lookup("scope-old", "[SECRET_OLD00]") is None
