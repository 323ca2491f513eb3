"""Dictionary and allow-list operations: the functions the CLI, the API and the detector call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import peewee

from store import revisions
from store.db import database, tuple_rows
from store.models import AllowTerm, DictionaryTerm, utcnow

DEFAULT_ENTITY = "CUSTOM"
DICTIONARY_REVISION = "dictionary"
# 6 columns x 1000 rows stays below every backend's bound-variable limit (SQLite's is 32766).
IMPORT_BATCH = 1000


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(term: str) -> str:
    cleaned = term.strip()
    if not cleaned:
        raise ValueError("a dictionary term cannot be empty")
    return cleaned


def add_term(
    term: str, entity_type: str = DEFAULT_ENTITY, case_sensitive: bool = False, whole_word: bool = True
) -> bool:
    """Add a term, or update its entity type and whole-word flag; True if it was new."""
    term = _clean(term)
    now = utcnow()
    with database.atomic():
        updated = (
            DictionaryTerm.update(entity_type=entity_type, whole_word=whole_word, updated=now)
            .where((DictionaryTerm.term == term) & (DictionaryTerm.case_sensitive == case_sensitive))
            .execute()
        )
        if updated:
            # An edit moves neither the count nor the newest id, and a skewed clock may not move the newest time.
            revisions.bump(DICTIONARY_REVISION)
            return False
        DictionaryTerm.insert(
            term=term,
            entity_type=entity_type,
            case_sensitive=case_sensitive,
            whole_word=whole_word,
            created=now,
            updated=now,
        ).execute()
    return True


_IMPORT_FIELDS: list[peewee.Field] = [
    DictionaryTerm.term,
    DictionaryTerm.entity_type,
    DictionaryTerm.case_sensitive,
    DictionaryTerm.whole_word,
    DictionaryTerm.created,
    DictionaryTerm.updated,
]


def _import_rows(
    lines: Iterable[str], entity_type: str, case_sensitive: bool, whole_word: bool
) -> Iterator[tuple[object, ...]]:
    now = utcnow()
    for line in lines:
        term = line.strip()
        if term and not term.startswith("#"):
            yield (term, entity_type, case_sensitive, whole_word, now, now)


def _insert_ignoring_existing(rows: list[tuple[object, ...]]) -> None:
    """Insert rows of _IMPORT_FIELDS, skipping terms already there.

    peewee renders the one-row statement for whichever backend is open; executemany then runs it for every
    row, because rendering a many-row INSERT in Python costs ten times what SQLite takes to run it.
    """
    statement, _ = DictionaryTerm.insert_many(rows[:1], fields=_IMPORT_FIELDS).on_conflict_ignore().sql()
    params = [tuple(field.db_value(value) for field, value in zip(_IMPORT_FIELDS, row, strict=True)) for row in rows]
    database.cursor().executemany(statement, params)


def import_terms(
    lines: Iterable[str],
    entity_type: str = DEFAULT_ENTITY,
    case_sensitive: bool = False,
    whole_word: bool = True,
) -> int:
    """Add one term per line (blank lines and '#' comments skipped); existing terms are left as they are.

    Returns how many terms were new.
    """
    rows = _import_rows(lines, entity_type, case_sensitive, whole_word)
    with database.atomic():
        before = DictionaryTerm.select().count()
        for batch in peewee.chunked(rows, IMPORT_BATCH):
            _insert_ignoring_existing(batch)
        return DictionaryTerm.select().count() - before


def _term_row(row: DictionaryTerm) -> dict[str, object]:
    return {
        "term": row.term,
        "entity_type": row.entity_type,
        "case_sensitive": bool(row.case_sensitive),
        "whole_word": bool(row.whole_word),
        "created": _iso(row.created),
    }


def list_terms(limit: int | None = None) -> list[dict[str, object]]:
    """Dictionary terms, oldest first, as plain rows."""
    query = DictionaryTerm.select().order_by(DictionaryTerm.id)
    if limit is not None:
        query = query.limit(limit)
    return [_term_row(row) for row in query]


def remove_term(term: str) -> int:
    """Remove a term: the exact term, and case-insensitive entries equal to it ignoring case."""
    term = term.strip()
    exact = DictionaryTerm.term == term
    folded = (DictionaryTerm.case_sensitive == False) & (  # noqa: E712 - peewee builds SQL from ==
        peewee.fn.LOWER(DictionaryTerm.term) == term.lower()
    )
    with database.atomic():
        return DictionaryTerm.delete().where(exact | folded).execute()


def flush_terms() -> int:
    """Remove every dictionary term; returns how many there were."""
    with database.atomic():
        return DictionaryTerm.delete().execute()


def dictionary_terms() -> list[tuple[str, str, bool, bool]]:
    """(term, entity_type, case_sensitive, whole_word) for every term, as the detector takes them."""
    query = DictionaryTerm.select(
        DictionaryTerm.term,
        DictionaryTerm.entity_type,
        DictionaryTerm.case_sensitive,
        DictionaryTerm.whole_word,
    ).order_by(DictionaryTerm.id)
    return [(term, entity, bool(case), bool(whole)) for term, entity, case, whole in tuple_rows(query)]


def _version(model: type[peewee.Model], stamp: peewee.Field) -> str:
    count, max_id, latest = model.select(
        peewee.fn.COUNT(model._meta.primary_key), peewee.fn.MAX(model._meta.primary_key), peewee.fn.MAX(stamp)
    ).scalar(as_tuple=True)
    return f"{count}:{max_id or 0}:{latest or ''}"


def dictionary_version() -> str:
    """A cheap fingerprint that changes whenever a term is added, changed or removed."""
    return f"{_version(DictionaryTerm, DictionaryTerm.updated)}:{revisions.read(DICTIONARY_REVISION)}"


def add_allow(term: str) -> bool:
    """Add a term to the allow list; True if it was new."""
    term = _clean(term)
    with database.atomic():
        if AllowTerm.select().where(AllowTerm.term == term).exists():
            return False
        AllowTerm.insert(term=term, created=utcnow()).on_conflict_ignore().execute()
    return True


def list_allow(limit: int | None = None) -> list[dict[str, object]]:
    """Allow-list terms, oldest first, as plain rows."""
    query = AllowTerm.select().order_by(AllowTerm.id)
    if limit is not None:
        query = query.limit(limit)
    return [{"term": row.term, "created": _iso(row.created)} for row in query]


def remove_allow(term: str) -> int:
    """Remove a term from the allow list; returns how many rows went (0 or 1)."""
    with database.atomic():
        return AllowTerm.delete().where(AllowTerm.term == term.strip()).execute()


def allow_terms() -> list[str]:
    """Every allow-list term."""
    return [term for (term,) in tuple_rows(AllowTerm.select(AllowTerm.term).order_by(AllowTerm.id))]


def allow_version() -> str:
    """A cheap fingerprint that changes whenever the allow list does."""
    return _version(AllowTerm, AllowTerm.created)
