"""Dictionary and allow-list operations against a real SQLite store."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from store import dictionary as d


@pytest.fixture(autouse=True)
def _db(store_db: peewee.Database) -> None:
    pass


@pytest.mark.parametrize(
    ("adds", "expected_results", "expected_terms"),
    [
        ([("Acme",)], [True], [("Acme", "CUSTOM", False, True)]),
        ([("Acme",), ("Acme", "ORG")], [True, False], [("Acme", "ORG", False, True)]),
        ([("  Acme  ",), ("Acme",)], [True, False], [("Acme", "CUSTOM", False, True)]),
        (
            [("Acme", "ORG", True), ("Acme", "ORG", False)],
            [True, True],
            [("Acme", "ORG", True, True), ("Acme", "ORG", False, True)],
        ),
        ([("Project X", "PROJECT", False, False)], [True], [("Project X", "PROJECT", False, False)]),
    ],
)
def test_add_term_upserts(
    adds: list[tuple[object, ...]], expected_results: list[bool], expected_terms: list[tuple[str, str, bool, bool]]
) -> None:
    assert [d.add_term(*args) for args in adds] == expected_results  # type: ignore[arg-type]
    assert d.dictionary_terms() == expected_terms


def test_add_empty_term_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        d.add_term("   ")


def test_import_skips_blanks_comments_and_existing() -> None:
    d.add_term("Acme", "ORG")
    lines = ["# a comment", "", "Acme", "  Globex  \n", "Initech", "Initech", "   ", "#Acme"]
    assert d.import_terms(lines, entity_type="COMPANY") == 2
    assert d.dictionary_terms() == [
        ("Acme", "ORG", False, True),  # existing terms are left as they were
        ("Globex", "COMPANY", False, True),
        ("Initech", "COMPANY", False, True),
    ]


def test_import_options_apply_to_every_term() -> None:
    assert d.import_terms(["a", "b"], "X", case_sensitive=True, whole_word=False) == 2
    assert d.dictionary_terms() == [("a", "X", True, False), ("b", "X", True, False)]


def test_import_hundred_thousand_terms() -> None:
    count = 100_000
    assert d.import_terms(f"client-{i:06d}" for i in range(count)) == count
    terms = d.dictionary_terms()
    assert len(terms) == count
    assert terms[0] == ("client-000000", "CUSTOM", False, True)
    assert terms[-1][0] == "client-099999"
    # A second import of the same list adds nothing.
    assert d.import_terms(f"client-{i:06d}" for i in range(count)) == 0


def test_list_terms_rows_and_limit() -> None:
    d.import_terms(["one", "two", "three"])
    rows = d.list_terms()
    assert [r["term"] for r in rows] == ["one", "two", "three"]
    assert set(rows[0]) == {"term", "entity_type", "case_sensitive", "whole_word", "created"}
    assert isinstance(rows[0]["created"], str)
    assert [r["term"] for r in d.list_terms(limit=2)] == ["one", "two"]


@pytest.mark.parametrize(
    ("stored", "remove", "removed", "left"),
    [
        ([("Acme", False)], "Acme", 1, []),
        ([("Acme", False)], "acme", 1, []),  # case-insensitive entries match ignoring case
        ([("Acme", True)], "acme", 0, ["Acme"]),  # case-sensitive ones only exactly
        ([("Acme", True), ("Acme", False)], "Acme", 2, []),
        ([("Acme", False)], "Globex", 0, ["Acme"]),
    ],
)
def test_remove_term(stored: list[tuple[str, bool]], remove: str, removed: int, left: list[str]) -> None:
    for term, case_sensitive in stored:
        d.add_term(term, case_sensitive=case_sensitive)
    assert d.remove_term(remove) == removed
    assert [t[0] for t in d.dictionary_terms()] == left


def test_flush_terms() -> None:
    d.import_terms(["a", "b", "c"])
    assert d.flush_terms() == 3
    assert d.dictionary_terms() == []
    assert d.flush_terms() == 0


def test_dictionary_version_changes_on_every_kind_of_edit() -> None:
    edits = [
        lambda: d.add_term("a"),
        lambda: d.add_term("a", entity_type="ORG"),  # edit in place: same count, same ids
        lambda: d.remove_term("a"),
        lambda: d.add_term("b"),
        lambda: d.remove_term("b"),
        lambda: d.add_term("c"),  # the empty table hands out the same row id again
        lambda: d.import_terms(["x", "y"]),
        lambda: d.flush_terms(),
    ]
    versions = [d.dictionary_version()]
    for edit in edits:
        edit()
        versions.append(d.dictionary_version())
        assert d.dictionary_version() == versions[-1]  # stable while nothing changes
    assert all(before != after for before, after in zip(versions, versions[1:], strict=False))


def test_allow_list() -> None:
    assert d.add_allow("Sydney") is True
    assert d.add_allow(" Sydney ") is False
    assert d.add_allow("Alice") is True
    assert d.allow_terms() == ["Sydney", "Alice"]
    assert [r["term"] for r in d.list_allow()] == ["Sydney", "Alice"]
    assert d.remove_allow("Sydney") == 1
    assert d.remove_allow("Sydney") == 0
    assert d.allow_terms() == ["Alice"]


def test_allow_version_changes() -> None:
    v0 = d.allow_version()
    d.add_allow("x")
    v1 = d.allow_version()
    d.remove_allow("x")
    d.add_allow("y")
    v2 = d.allow_version()
    assert len({v0, v1, v2}) == 3
    assert d.allow_version() == v2


def test_allow_and_dictionary_are_separate() -> None:
    d.add_allow("Acme")
    assert d.dictionary_terms() == []
    d.add_term("Globex")
    assert d.allow_terms() == ["Acme"]


def test_an_edit_from_a_host_with_a_slow_clock_changes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    # Instances on several hosts share one PostgreSQL: the CLI's clock may be behind the proxy's.
    d.add_term("a")
    d.add_term("b")  # the newest row: an edit stamped earlier moves neither count, newest id nor newest time
    before = d.dictionary_version()
    monkeypatch.setattr(d, "utcnow", lambda: datetime(2000, 1, 1))
    assert d.add_term("a", entity_type="ORG") is False
    assert d.dictionary_version() != before
