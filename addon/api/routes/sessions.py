"""Sessions (scopes): list, show, extend, erase one, purge all; `forget` erases one value everywhere."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from addon.api.auth import admin
from addon.api.errors import ERROR_RESPONSES, ApiError
from addon.api.pagination import Cursor, Limit, Page, page
from addon.api.params import Confirm, require_confirm
from addon.api.schemas import Extended, ExtendRequest, ForgetRequest, Forgotten, Purged, Removed, Session, SessionDetail
from addon.operations import retention as retention_ops
from addon.operations import sessions as ops
from addon.operations.context import KeyMissing
from addon.operations.forget import forget as forget_value
from store.retention import API

router = APIRouter(prefix="/api/v1", tags=["sessions"], dependencies=[Depends(admin)], responses=ERROR_RESPONSES)
SessionId = Annotated[str, Path(min_length=1, max_length=128, description="A session id or a unique prefix.")]


def _session_error(exc: Exception) -> ApiError:
    if isinstance(exc, ops.SessionNotFound):
        return ApiError(404, "session_not_found", str(exc.args[0] if exc.args else exc))
    return ApiError(400, "invalid_request", str(exc.args[0] if exc.args else exc))


@router.get("/sessions", response_model=Page[Session])
def list_sessions(
    active: Annotated[bool, Query(description="Leave out expired sessions.")] = False,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    """Sessions, most recently seen first, with mapping counts by type (never values)."""
    return page(ops.list_sessions(include_expired=not active), limit, cursor)


@router.delete("/sessions", response_model=Purged)
def purge_sessions(confirm: Confirm = False) -> dict[str, Any]:
    """Erase every session, live or expired, with its mappings (needs ?confirm=true); leaves an expiry record."""
    require_confirm(confirm, "erase every session")
    expiry = retention_ops.purge_all(API)
    return {
        "scopes": expiry.scopes,
        "mappings": expiry.mappings,
        "replies": expiry.replies,
        "flow_rows": expiry.flow_rows,
    }


@router.get("/sessions/{session_id}", response_model=SessionDetail)
def show_session(session_id: SessionId) -> dict[str, Any]:
    """One session and its placeholders by type (no values)."""
    try:
        return ops.show_session(session_id)
    except (ops.SessionNotFound, ValueError) as exc:
        raise _session_error(exc) from exc


@router.delete("/sessions/{session_id}", response_model=Removed)
def delete_session(session_id: SessionId) -> dict[str, Any]:
    """Erase one session with its mappings: running proxies stop restoring its placeholders within seconds."""
    try:
        return {"id": ops.remove_session(session_id), "removed": True}
    except (ops.SessionNotFound, ValueError) as exc:
        raise _session_error(exc) from exc


@router.post("/sessions/{session_id}/extend", response_model=Extended)
def extend_session(session_id: SessionId, body: ExtendRequest) -> dict[str, Any]:
    """Make a live session expire `ttl` from now."""
    try:
        full_id = ops.show_session(session_id)["id"]
        return {"id": full_id, "expires": ops.extend_session(full_id, body.ttl)}
    except (ops.SessionNotFound, ValueError) as exc:
        raise _session_error(exc) from exc


@router.post("/forget", response_model=Forgotten)
def forget(body: ForgetRequest) -> dict[str, Any]:
    """Erase every mapping of a value in every session; returns how many (never the value)."""
    try:
        return {"forgotten": forget_value(body.value)}
    except ValueError as exc:
        raise ApiError(400, "invalid_request", str(exc.args[0] if exc.args else exc)) from exc
    except KeyMissing as exc:
        raise ApiError(503, "key_missing", "the store key is not available to the API process") from exc
