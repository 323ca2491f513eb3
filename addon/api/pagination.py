"""Lists as pages: `limit` rows from an opaque `cursor`; `next_cursor` is null on the last page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from addon.api.errors import ApiError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Cursor = Annotated[str | None, Query(max_length=32, description="`next_cursor` of the previous page.")]


class Page[T](BaseModel):
    items: list[T]
    next_cursor: str | None


def offset_of(cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    if not cursor.isascii() or not cursor.isdigit():
        raise ApiError(400, "invalid_cursor", "cursor must be a next_cursor this API returned")
    return int(cursor)


def page(rows: Sequence[Any], limit: int, cursor: str | None) -> dict[str, Any]:
    """The rows from the cursor's position, at most `limit` of them, and the cursor of the next page."""
    start = offset_of(cursor)
    end = start + limit
    return {"items": list(rows[start:end]), "next_cursor": str(end) if end < len(rows) else None}
