"""Bearer tokens: an admin token for everything, a read-only token for stats, logs, audit and metrics.

Tokens come from the environment or a file, are compared in constant time, and are never logged: a caller is
known by a short keyed hash of its token (`admin:3f9c1a2b`), which is what the audit trail records.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from addon.api.errors import ApiError

ADMIN_ENV = "ANONAMOOSE_API_TOKEN"
READ_ENV = "ANONAMOOSE_API_READ_TOKEN"
ADMIN, READ, LOCAL = "admin", "read", "local"
# Keys the token id: the id names a token without helping anyone guess it.
ID_KEY = b"anonamoose api token id"


class TokenError(ValueError):
    """A token file could not be read or holds no token."""


@dataclass(frozen=True)
class Caller:
    role: str  # admin | read | local (no token configured, loopback only)
    id: str  # what the audit trail records: role and a short keyed hash of the token

    @property
    def admin(self) -> bool:
        return self.role in (ADMIN, LOCAL)


def token_id(role: str, token: str) -> str:
    return f"{role}:{hmac.new(ID_KEY, token.encode(), sha256).hexdigest()[:8]}"


def read_token_file(path: Path) -> str:
    """The first line of a token file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TokenError(f"cannot read the token file {path}: {exc.strerror}") from exc
    token = lines[0].strip() if lines else ""
    if not token:
        raise TokenError(f"the token file {path} is empty")
    return token


@dataclass(frozen=True, repr=False)
class Tokens:
    """The configured tokens (either may be absent). repr() shows ids only."""

    admin: str | None = None
    read: str | None = None

    @classmethod
    def load(cls, admin_file: Path | None = None, read_file: Path | None = None) -> Tokens:
        """A file option wins over its environment variable; blank values count as unset."""
        admin = read_token_file(admin_file) if admin_file else os.environ.get(ADMIN_ENV, "").strip() or None
        read = read_token_file(read_file) if read_file else os.environ.get(READ_ENV, "").strip() or None
        if admin and read and hmac.compare_digest(admin.encode(), read.encode()):
            raise TokenError("the admin and read-only tokens must differ")
        return cls(admin, read)

    @property
    def configured(self) -> bool:
        return bool(self.admin or self.read)

    def identify(self, presented: str) -> Caller | None:
        """The caller a presented token belongs to, or None; both tokens are always compared (constant time)."""
        given = presented.encode()
        is_admin = bool(self.admin) and hmac.compare_digest(given, (self.admin or "").encode())
        is_read = bool(self.read) and hmac.compare_digest(given, (self.read or "").encode())
        if is_admin:
            return Caller(ADMIN, token_id(ADMIN, presented))
        if is_read:
            return Caller(READ, token_id(READ, presented))
        return None

    def __repr__(self) -> str:
        return f"Tokens(admin={self.admin is not None}, read={self.read is not None})"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_listen(host: str, tokens: Tokens) -> None:
    """Refuse (ValueError, one line) to listen beyond loopback when no token is configured."""
    if not tokens.configured and not is_loopback(host):
        raise ValueError(
            f"refusing to serve the API on {host} without a token: set {ADMIN_ENV} (or a token file), "
            "or listen on 127.0.0.1"
        )


def presented_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def identify_request(tokens: Tokens, authorization: str | None) -> Caller | None:
    """The caller an Authorization header names; the local caller when no token is configured; None if invalid."""
    if not tokens.configured:
        return Caller(LOCAL, "local:no-token")
    token = presented_token(authorization)
    return tokens.identify(token) if token is not None else None


bearer = HTTPBearer(auto_error=False, description="The admin token, or the read-only token for reads.")


def caller(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller:
    """Who is asking (the middleware already refused the rest): 401 without a valid token, unless none is
    configured (then the API listens on loopback only and callers are local)."""
    found = identify_request(request.app.state.tokens, request.headers.get("authorization"))
    if found is None:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")
    request.state.caller = found
    return found


def reader(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """Any valid token: stats, logs, audit, metrics, settings (read)."""
    return who


def admin(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """The admin token: every other route, and every write."""
    if not who.admin:
        raise ApiError(403, "forbidden", "the read-only token cannot do this; use the admin token")
    return who
