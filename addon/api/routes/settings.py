"""Runtime settings (layers, locale, min_score, style, ttl), validated as the CLI does; proxies apply them soon."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from addon.api.auth import admin, reader
from addon.api.errors import ERROR_RESPONSES, ApiError
from addon.api.schemas import SettingsBody, SettingsUpdate
from addon.operations import runtime_settings as ops

router = APIRouter(prefix="/api/v1", tags=["settings"], responses=ERROR_RESPONSES)


@router.get("/settings", response_model=SettingsBody, dependencies=[Depends(reader)])
def get_settings() -> dict[str, Any]:
    """Every setting in force: its value and where it comes from (store, the proxies' option, or the default)."""
    return ops.effective_settings()


@router.put("/settings", response_model=SettingsBody, dependencies=[Depends(admin)])
def put_settings(body: SettingsUpdate) -> dict[str, Any]:
    """Set the settings given (all are validated before any is stored); returns every setting."""
    given = body.model_dump(exclude_unset=True)
    if any(value is None for value in given.values()):
        raise ApiError(400, "invalid_setting", "null is not a value: DELETE /api/v1/settings?key= unsets one")
    try:
        for key, value in given.items():
            ops.parse_setting(key, value)
    except ValueError as exc:
        raise ApiError(400, "invalid_setting", str(exc)) from exc
    for key, value in given.items():
        ops.set_setting(key, value)
    return ops.effective_settings()


@router.delete("/settings", response_model=SettingsBody, dependencies=[Depends(admin)])
def delete_settings(
    key: Annotated[str | None, Query(max_length=64, description="The setting to unset; all when absent.")] = None,
) -> dict[str, Any]:
    """Unset one setting (or all), so each proxy's own option applies again; returns every setting."""
    try:
        for name in [key] if key is not None else list(ops.SETTINGS):
            ops.reset_setting(name)
    except ValueError as exc:
        raise ApiError(400, "invalid_setting", str(exc)) from exc
    return ops.effective_settings()
