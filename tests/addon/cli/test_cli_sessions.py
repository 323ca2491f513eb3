"""`anonamoose sessions ...` and `anonamoose hydrate` through CliRunner, error paths included."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from addon.cli import cli
from store.models import Mapping, Scope, utcnow

EMAIL, NAME = "jane.citizen@example.com", "Jane Citizen"
SCOPE_A, SCOPE_B = "aaaa1111" + "0" * 24, "bbbb2222" + "0" * 24


@pytest.fixture
def placeholders(seed) -> dict[str, str]:
    assigned = seed(SCOPE_A, [("EMAIL_ADDRESS", EMAIL), ("PERSON", NAME)])
    seed(SCOPE_B, [("EMAIL_ADDRESS", "bob@example.com")])
    return assigned


def run(*args: str, input: str | None = None):  # noqa: A002 - click's name
    return CliRunner().invoke(cli, list(args), input=input)


def test_list_table_json_and_csv_show_counts_never_values(placeholders: dict[str, str]) -> None:
    table = run("sessions", "list")
    assert table.exit_code == 0, table.output
    assert SCOPE_A[:12] in table.output and "EMAIL_ADDRESS×1" in table.output
    rows = {row["id"]: row for row in json.loads(run("sessions", "list", "--json").output)}
    assert rows[SCOPE_A]["by_type"] == {"EMAIL_ADDRESS": 1, "PERSON": 1} and rows[SCOPE_A]["mappings"] == 2
    assert rows[SCOPE_A]["expires"].endswith("Z")
    parsed = list(csv.DictReader(io.StringIO(run("sessions", "list", "--csv").output)))
    assert {row["id"]: json.loads(row["by_type"]) for row in parsed}[SCOPE_B] == {"EMAIL_ADDRESS": 1}
    for fmt in ([], ["--json"], ["--csv"]):
        output = run("sessions", "list", *fmt).output
        assert EMAIL not in output and NAME not in output and "bob@example.com" not in output


def test_list_active_only(placeholders: dict[str, str]) -> None:
    Scope.update(expires_at=utcnow() - timedelta(seconds=1)).where(Scope.id == SCOPE_B).execute()
    assert [row["id"] for row in json.loads(run("sessions", "list", "--active", "--json").output)] == [SCOPE_A]


def test_show_lists_placeholders_not_values(placeholders: dict[str, str]) -> None:
    shown = run("sessions", "show", "aaaa")
    assert shown.exit_code == 0, shown.output
    assert placeholders[EMAIL] in shown.output and EMAIL not in shown.output
    row = json.loads(run("sessions", "show", "aaaa", "--json").output)
    assert row["id"] == SCOPE_A and {p["placeholder"] for p in row["placeholders"]} == set(placeholders.values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sessions", "show", "ffff"), "no session starts with 'ffff'; `anonamoose sessions list` shows them"),
        (("sessions", "extend", "ffff", "1h"), "no session starts with 'ffff'"),
        (("sessions", "extend", "aaaa", "soon"), "cannot extend a session by 'soon': expected a number of seconds"),
        (("sessions", "rm", "ffff", "--yes"), "no session starts with 'ffff'"),
        (("hydrate", "--session", "ffff", "x"), "no session starts with 'ffff'"),
    ],
)
def test_errors_are_sentences(placeholders: dict[str, str], args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output


def test_extend_prints_the_new_expiry(placeholders: dict[str, str]) -> None:
    result = run("sessions", "extend", "aaaa", "7d")
    assert result.exit_code == 0 and result.output.startswith("expires ")
    assert Scope.get_by_id(SCOPE_A).expires_at > utcnow() + timedelta(days=6)


def test_rm_asks_first(placeholders: dict[str, str]) -> None:
    refused = run("sessions", "rm", "aaaa", input="n\n")
    assert refused.exit_code == 1 and Scope.get_or_none(Scope.id == SCOPE_A) is not None
    confirmed = run("sessions", "rm", "aaaa", input="y\n")
    assert confirmed.exit_code == 0 and f"removed session {SCOPE_A}" in confirmed.output
    assert Mapping.select().where(Mapping.scope == SCOPE_A).count() == 0
    assert run("sessions", "rm", SCOPE_B, "--yes").exit_code == 0
    assert Scope.select().count() == 0


def test_purge_asks_first_and_counts(placeholders: dict[str, str]) -> None:
    Scope.update(expires_at=utcnow() - timedelta(seconds=1)).where(Scope.id == SCOPE_B).execute()
    assert run("sessions", "purge", input="n\n").exit_code == 1
    assert Scope.select().count() == 2
    result = run("sessions", "purge", "--yes")
    assert result.exit_code == 0 and "purged 1 expired session(s)" in result.output
    assert [s.id for s in Scope.select()] == [SCOPE_A]


def test_hydrate_from_argument_file_and_stdin(placeholders: dict[str, str], tmp_path: Path) -> None:
    text = f"Dear {placeholders[NAME]}, I wrote to {placeholders[EMAIL]}."
    expected = f"Dear {NAME}, I wrote to {EMAIL}.\n"
    assert run("hydrate", "--session", "aaaa", text).output == expected
    path = tmp_path / "reply.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert run("hydrate", "--session", "aaaa", "--file", str(path)).output == expected
    assert run("hydrate", "--session", "aaaa", input=text).output == expected
    # another session's mappings never apply
    assert run("hydrate", "--session", SCOPE_B, text).output == text + "\n"


def test_hydrate_refuses_text_twice_and_a_missing_key(
    placeholders: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.txt"
    path.write_text("x")
    assert run("hydrate", "--session", "aaaa", "--file", str(path), "x").exit_code == 2
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "empty"))
    result = run("hydrate", "--session", "aaaa", "x")
    assert result.exit_code == 1 and "no key file" in result.output
