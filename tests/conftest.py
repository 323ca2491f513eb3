"""Shared fixtures: every test gets its own database and confdir; nothing touches ./data or ./certs."""

import pytest


@pytest.fixture(autouse=True)
def isolated_state(tmp_path, monkeypatch):
    monkeypatch.setenv("ANONAMOOSE_DB", str(tmp_path / "anonamoose.db"))
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "confdir"))
    monkeypatch.delenv("ANONAMOOSE_KEY", raising=False)
    yield
    from store.db import close_db

    close_db()
