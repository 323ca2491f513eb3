"""Who is asking: the scope a flow's placeholders live in, derived with a keyed hash from its credentials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from mitmproxy import http

CREDENTIAL_HEADERS = ("authorization", "x-api-key", "x-goog-api-key", "api-key")
CREDENTIAL_QUERY = "key"
SESSION_HEADER = "x-anonamoose-session"


class KeyedHasher(Protocol):
    def keyed_hash(self, label: str, *parts: str) -> str: ...


@dataclass(frozen=True)
class Scope:
    """The mappings a flow may use. `id` is what the store keys on; no credential is ever kept."""

    id: str
    tenant_hash: str
    session_hash: str | None


def credential_of(flow: http.HTTPFlow) -> str:
    """The client's credential: proxy user plus API key material, whichever the client sent."""
    parts = []
    auth = flow.metadata.get("proxyauth")
    if auth:
        parts.append(f"proxyuser={auth[0]}")
    headers = flow.request.headers
    # One pass over the raw names first: a header look-up walks every field, and most are absent.
    present = {name.lower() for name, _ in headers.fields}
    for name in CREDENTIAL_HEADERS:
        value = headers.get(name) if name.encode() in present else None
        if value:
            parts.append(f"{name}={value.strip()}")
    key = flow.request.query.get(CREDENTIAL_QUERY) if "?" in flow.request.path else None
    if key:
        parts.append(f"query-key={key}")
    if not any(part.startswith(("query-key=", *(f"{name}=" for name in CREDENTIAL_HEADERS))) for part in parts):
        # No API credential: a scope per client address (and proxy user), never one shared by every such client.
        peer = flow.client_conn.peername
        parts.append(f"client={peer[0] if peer else ''}")
    return "\n".join(parts)


def scope_for(flow: http.HTTPFlow, hasher: KeyedHasher) -> Scope:
    """The flow's scope; removes the session header so it never reaches the provider.

    A session narrows the scope within the tenant: its hash includes the tenant's, so naming another
    tenant's session reaches nothing of theirs.
    """
    tenant_hash = hasher.keyed_hash("tenant", credential_of(flow))
    session = flow.request.headers.pop(SESSION_HEADER, None)
    session_hash = hasher.keyed_hash("session", tenant_hash, session.strip()) if session and session.strip() else None
    scope_id = hasher.keyed_hash("scope", tenant_hash, session_hash or "")[:32]
    return Scope(scope_id, tenant_hash, session_hash)
