"""The store and key an operation works on: the open database (else the default one) and the confdir's key."""

from __future__ import annotations

import os
from pathlib import Path

from store.crypto import KEY_FILENAME, Vault, default_confdir, load_or_create_key
from store.db import current_db, open_db


class KeyMissing(LookupError):
    """There is no store key where the operation looked, so nothing stored could be read or matched."""


def ensure_store() -> None:
    """Open the default database ($ANONAMOOSE_DB) unless one is open already."""
    if current_db() is None:
        open_db()


def store_vault(confdir: Path | None = None) -> Vault:
    """The Vault for the proxy's key: $ANONAMOOSE_KEY, else the key file in the confdir (never created here)."""
    directory = confdir or default_confdir()
    if not os.environ.get("ANONAMOOSE_KEY") and not (directory / KEY_FILENAME).exists():
        raise KeyMissing(
            f"no key file {directory / KEY_FILENAME}: set ANONAMOOSE_CONFDIR to the proxy's confdir "
            "(or ANONAMOOSE_KEY to its key)"
        )
    return Vault(load_or_create_key(directory))
