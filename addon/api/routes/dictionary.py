"""The dictionary (always-redacted terms, with bulk import and flush) and the allow-list (never-redacted terms)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from addon.api.auth import admin
from addon.api.errors import ERROR_RESPONSES, ApiError
from addon.api.pagination import Cursor, Limit, Page, page
from addon.api.params import Confirm, require_confirm
from addon.api.schemas import Added, AllowedTerm, AllowRequest, Count, ImportRequest, Term, TermsRequest
from store import dictionary as terms

router = APIRouter(prefix="/api/v1", tags=["dictionary"], dependencies=[Depends(admin)], responses=ERROR_RESPONSES)
TermQuery = Annotated[str | None, Query(max_length=1000, description="The term to remove.")]


@router.get("/dictionary", response_model=Page[Term])
def list_terms(limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    """Dictionary terms, oldest first."""
    return page(terms.list_terms(), limit, cursor)


@router.post("/dictionary", response_model=Added)
def add_terms(body: TermsRequest) -> dict[str, Any]:
    """Add terms (an existing term gets the new type and whole-word flag)."""
    wanted = [t for t in body.terms if t.strip()]
    added = sum(terms.add_term(t, body.entity_type.upper(), body.case_sensitive, not body.partial) for t in wanted)
    return {"added": added, "present": len(body.terms) - added}


@router.post("/dictionary/import", response_model=Count)
def import_terms(body: ImportRequest) -> dict[str, Any]:
    """Bulk import: one term per line; existing terms are left as they are. Returns how many were new."""
    count = terms.import_terms(body.text.splitlines(), body.entity_type.upper(), body.case_sensitive, not body.partial)
    return {"count": count}


@router.delete("/dictionary", response_model=Count)
def remove_terms(term: TermQuery = None, confirm: Confirm = False) -> dict[str, Any]:
    """Remove one term (`?term=`), or flush every term (`?confirm=true`). Returns how many went."""
    if term is not None:
        removed = terms.remove_term(term)
        if not removed:
            raise ApiError(404, "term_not_found", "that term is not in the dictionary")
        return {"count": removed}
    require_confirm(confirm, "remove every dictionary term (or give ?term=)")
    return {"count": terms.flush_terms()}


@router.get("/allow", response_model=Page[AllowedTerm])
def list_allow(limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    """Allow-list terms (never redacted), oldest first."""
    return page(terms.list_allow(), limit, cursor)


@router.post("/allow", response_model=Added)
def add_allow(body: AllowRequest) -> dict[str, Any]:
    """Add terms to the allow-list."""
    added = sum(terms.add_allow(t) for t in body.terms if t.strip())
    return {"added": added, "present": len(body.terms) - added}


@router.delete("/allow", response_model=Count)
def remove_allow(
    term: Annotated[str, Query(min_length=1, max_length=1000, description="The term to remove.")],
) -> dict[str, Any]:
    """Remove one term from the allow-list."""
    removed = terms.remove_allow(term)
    if not removed:
        raise ApiError(404, "term_not_found", "that term is not in the allow-list")
    return {"count": removed}
