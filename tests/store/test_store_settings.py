"""Settings stored as JSON: roundtrip, listing, removal and the version fingerprint."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import peewee
import pytest

from store import stored_settings as store_settings
from store.db import close_db, open_db
from store.stored_settings import all_settings, delete_setting, get_setting, set_setting, settings_version


@pytest.mark.parametrize(
    "value",
    [0.35, 7, True, None, "AU,UK", ["dictionary", "ner"], {"min_score": 0.5, "layers": ["names"]}],
)
def test_roundtrip(store_db: peewee.Database, value: object) -> None:
    set_setting("k", value)
    assert get_setting("k", default="unset") == value


def test_default_and_overwrite(store_db: peewee.Database) -> None:
    assert get_setting("missing") is None
    assert get_setting("missing", 3) == 3
    set_setting("locale", "AU")
    set_setting("locale", "UK")
    assert all_settings() == {"locale": "UK"}


def test_not_json_is_refused(store_db: peewee.Database) -> None:
    with pytest.raises(TypeError):
        set_setting("k", object())
    assert all_settings() == {}


def test_delete_and_version(store_db: peewee.Database) -> None:
    versions = [settings_version()]
    set_setting("a", 1)
    versions.append(settings_version())
    set_setting("a", 2)
    versions.append(settings_version())
    assert delete_setting("a") is True
    versions.append(settings_version())
    assert delete_setting("a") is False
    assert all(before != after for before, after in zip(versions, versions[1:], strict=False))
    assert get_setting("a") is None


def test_settings_survive_reopen(db_path: Path) -> None:
    open_db(db_path)
    set_setting("min_score", 0.6)
    close_db()
    open_db(db_path)
    try:
        assert get_setting("min_score") == 0.6
    finally:
        close_db()


def test_version_changes_even_when_the_changing_host_has_a_slow_clock(
    store_db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Several instances share one PostgreSQL: the CLI may run on a host whose clock is behind the proxy's.
    set_setting("style", "typed")
    set_setting("ttl", "1h")  # the newest row: a change stamped earlier moves neither count nor latest time
    before = settings_version()
    monkeypatch.setattr(store_settings, "utcnow", lambda: datetime(2000, 1, 1))
    set_setting("style", "pua")
    assert settings_version() != before
