"""Query parameters several routes share: periods like 24h, 7d or all."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Query

from addon.api.errors import ApiError
from addon.options import parse_duration

Since = Annotated[str, Query(max_length=32, description="How far back: 90m, 24h, 7d, 2w (or all).")]
MAX_PERIOD_S = 100 * 365 * 86400
Confirm = Annotated[bool, Query(description="Must be true: this erases everything of its kind.")]


def period(text: str | None, name: str = "since") -> timedelta | None:
    """'24h' -> timedelta(hours=24); 'all' (or nothing) -> None; a 400 for anything else."""
    if text is None or text.strip().lower() in ("", "all"):
        return None
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        raise ApiError(400, "invalid_period", f"{name}: {exc}") from exc
    if not 1 <= seconds <= MAX_PERIOD_S:
        raise ApiError(400, "invalid_period", f"{name}: a period must be between one second and 100 years")
    return timedelta(seconds=seconds)


def require_confirm(confirm: bool, what: str) -> None:
    if not confirm:
        raise ApiError(400, "confirmation_required", f"add ?confirm=true to {what}")
