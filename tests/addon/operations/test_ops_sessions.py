"""Session operations against a real store written the way the proxy writes it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from addon.operations import sessions as ops
from addon.operations.context import KeyMissing
from store.mappings import erasure_count
from store.models import Mapping, Scope, utcnow

EMAIL, NAME, CARD = "jane.citizen@example.com", "Jane Citizen", "4111 1111 1111 1111"
SCOPE_A, SCOPE_B = "a1b2c3d4" + "0" * 24, "a1b2ffff" + "1" * 24


def expire(scope_id: str) -> None:
    Scope.update(expires_at=utcnow() - timedelta(seconds=1)).where(Scope.id == scope_id).execute()


@pytest.fixture
def two_scopes(seed):
    a = seed(SCOPE_A, [("EMAIL_ADDRESS", EMAIL), ("PERSON", NAME), ("EMAIL_ADDRESS", "bob@example.com")])
    b = seed(SCOPE_B, [("CREDIT_CARD", CARD)], session="s-hash")
    return a, b


def test_list_sessions_counts_by_type_and_no_values(two_scopes) -> None:
    rows = {row["id"]: row for row in ops.list_sessions()}
    assert set(rows) == {SCOPE_A, SCOPE_B}
    assert rows[SCOPE_A]["by_type"] == {"EMAIL_ADDRESS": 2, "PERSON": 1}
    assert rows[SCOPE_A]["mappings"] == 3 and rows[SCOPE_A]["session"] is False
    assert rows[SCOPE_B]["by_type"] == {"CREDIT_CARD": 1} and rows[SCOPE_B]["session"] is True
    assert rows[SCOPE_A]["expires"] > rows[SCOPE_A]["created"] and not rows[SCOPE_A]["expired"]
    text = json.dumps(list(rows.values()), default=str)
    for value in (EMAIL, NAME, CARD, "bob@example.com"):
        assert value not in text


def test_list_sessions_active_only_leaves_out_expired(two_scopes) -> None:
    expire(SCOPE_B)
    assert [row["id"] for row in ops.list_sessions(include_expired=False)] == [SCOPE_A]
    assert {row["id"]: row["expired"] for row in ops.list_sessions()} == {SCOPE_A: False, SCOPE_B: True}


@pytest.mark.parametrize(
    ("given", "expected"),
    [(SCOPE_A, SCOPE_A), ("a1b2c3", SCOPE_A), ("A1B2FF", SCOPE_B), (f"  {SCOPE_B} ", SCOPE_B)],
)
def test_show_session_by_id_or_unique_prefix(two_scopes, given: str, expected: str) -> None:
    a, _ = two_scopes
    row = ops.show_session(given)
    assert row["id"] == expected
    if expected == SCOPE_A:
        assert {p["placeholder"] for p in row["placeholders"]} == set(a.values())
        assert row["replies"] == 0 and row["requests"] == 0


@pytest.mark.parametrize(
    ("given", "error"), [("a1b2", ValueError), ("ffff", ops.SessionNotFound), ("", ops.SessionNotFound)]
)
def test_show_session_ambiguous_or_unknown(two_scopes, given: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ops.show_session(given)


@pytest.mark.parametrize(("ttl", "seconds"), [(90, 90), ("30m", 1800), ("2d", 172_800), ("1w", 604_800)])
def test_extend_session_sets_expiry_from_now(two_scopes, ttl: int | str, seconds: int) -> None:
    before = utcnow()
    expires = ops.extend_session("a1b2c3", ttl)
    assert before + timedelta(seconds=seconds) <= expires <= utcnow() + timedelta(seconds=seconds)
    assert Scope.get_by_id(SCOPE_A).expires_at == expires


def test_extend_session_shorter_is_an_erasure_for_caches(two_scopes) -> None:
    before = erasure_count()
    ops.extend_session(SCOPE_A, "2h")  # seeded with 1 h: longer
    assert erasure_count() == before
    ops.extend_session(SCOPE_A, "1m")
    assert erasure_count() == before + 1


@pytest.mark.parametrize(
    ("given", "ttl", "error", "message"),
    [
        (SCOPE_A, "soon", ValueError, "duration"),
        (SCOPE_A, "0", ValueError, "at least one second"),
        ("ffff", "1h", ops.SessionNotFound, "no session"),
        (SCOPE_B, "1h", ValueError, "expired"),
    ],
)
def test_extend_session_refuses(two_scopes, given: str, ttl: str, error: type[Exception], message: str) -> None:
    expire(SCOPE_B)
    with pytest.raises(error, match=message):
        ops.extend_session(given, ttl)


def test_remove_session_erases_only_that_scope(two_scopes) -> None:
    before = erasure_count()
    assert ops.remove_session("a1b2c3") == SCOPE_A
    assert Scope.get_or_none(Scope.id == SCOPE_A) is None
    assert Mapping.select().where(Mapping.scope == SCOPE_A).count() == 0
    assert Mapping.select().where(Mapping.scope == SCOPE_B).count() == 1
    assert erasure_count() == before + 1
    with pytest.raises(ops.SessionNotFound):
        ops.remove_session(SCOPE_A)


def test_purge_expired_counts_scopes(two_scopes) -> None:
    assert ops.purge_expired() == 0
    expire(SCOPE_B)
    assert ops.purge_expired() == 1
    assert [row["id"] for row in ops.list_sessions()] == [SCOPE_A]


def test_hydrate_restores_only_that_scopes_placeholders(two_scopes) -> None:
    a, b = two_scopes
    text = f"Dear {a[NAME]}, mail {a[EMAIL].lower()} not {b[CARD]}."
    assert ops.hydrate("a1b2c3", text) == f"Dear {NAME}, mail {EMAIL} not {b[CARD]}."
    assert ops.hydrate(SCOPE_B, text) == f"Dear {a[NAME]}, mail {a[EMAIL].lower()} not {CARD}."


def test_hydrate_of_an_expired_scope_restores_nothing(two_scopes) -> None:
    a, _ = two_scopes
    expire(SCOPE_A)
    assert ops.hydrate(SCOPE_A, a[EMAIL]) == a[EMAIL]


def test_hydrate_refuses_unknown_session_and_missing_key(two_scopes, tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ops.SessionNotFound):
        ops.hydrate("ffff", "x")
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "elsewhere"))
    with pytest.raises(KeyMissing, match="ANONAMOOSE_CONFDIR"):
        ops.hydrate(SCOPE_A, "x")
    assert not (tmp_path / "elsewhere").exists()
