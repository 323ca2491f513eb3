"""Runtime settings kept in the store as JSON, so the CLI can change what a running proxy does."""

from __future__ import annotations

import json
from typing import Any

import peewee

from store import revisions
from store.db import database, tuple_rows
from store.models import Setting, utcnow

# Bumped by every change, so running proxies notice it whatever the clocks of the hosts that made it say.
SETTINGS_REVISION = "settings"


def get_setting(key: str, default: Any = None) -> Any:
    """The setting's value, or `default` if it was never set."""
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def set_setting(key: str, value: Any) -> None:
    """Set a setting to any JSON-serialisable value (TypeError if it is not)."""
    encoded = json.dumps(value)
    now = utcnow()
    with database.atomic():
        Setting.insert(key=key, value=encoded, updated=now).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: encoded, Setting.updated: now}
        ).execute()
        revisions.bump(SETTINGS_REVISION)


def delete_setting(key: str) -> bool:
    """Remove a setting so its default applies again; True if it existed."""
    with database.atomic():
        deleted = bool(Setting.delete().where(Setting.key == key).execute())
        if deleted:
            revisions.bump(SETTINGS_REVISION)
        return deleted


def all_settings() -> dict[str, Any]:
    """Every stored setting, key to value."""
    return {key: json.loads(value) for key, value in tuple_rows(Setting.select(Setting.key, Setting.value))}


def settings_version() -> str:
    """A cheap fingerprint that changes whenever a setting is set or removed."""
    count, latest = Setting.select(peewee.fn.COUNT(Setting.id), peewee.fn.MAX(Setting.updated)).scalar(as_tuple=True)
    return f"{count}:{latest or ''}:{revisions.read(SETTINGS_REVISION)}"
