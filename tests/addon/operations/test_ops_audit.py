"""`audit` evidence over a real store: settings and where each comes from, counts, retention, encryption."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from addon.operations.audit import audit_evidence
from detectors.types import LAYERS
from store.crypto import Vault, load_or_create_key
from store.dictionary import add_allow, add_term
from store.mappings import MappingStore
from store.stored_settings import set_setting
from tests.store.traffic import NOW


def test_audit_defaults_on_an_empty_store(store_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "no-key-yet"))
    evidence = audit_evidence(timedelta(days=30), now=NOW)
    detection = evidence["detection"]
    assert detection["layers_on"] == ["dictionary", "ner", "patterns", "names", "secrets"]
    assert detection["locales_on"] == ["AU", "NZ", "UK", "US"] and detection["min_score"] == 0.5
    assert detection["layers_source"] == "default"
    assert evidence["retention"]["ttl"] == "24h" and evidence["retention"]["ttl_seconds"] == 86400
    assert evidence["activity"]["requests"] == 0 and evidence["period"]["days"] == 30
    assert evidence["encryption"]["key_file_exists"] is False


def test_audit_reports_settings_dictionary_retention_and_activity(
    traffic: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "conf"))
    set_setting("layers", "dictionary,patterns,secrets")
    set_setting("locale", "au,nz")
    set_setting("min_score", 0.7)
    set_setting("ttl", "7d")
    for term in ("Project Bluebird", "Acme Internal"):
        add_term(term, "PROJECT")
    add_term("ZX-81", "CODENAME")
    add_allow("Sydney")
    vault = Vault(load_or_create_key(tmp_path / "conf"))
    store = MappingStore(vault)
    store.ensure_scope("live", "tenant", None, ttl_seconds=3600)
    store.ensure_scope("stale", "tenant", "session", ttl_seconds=-60)
    store.remember("stale", "[EMAIL_AAAAA]", "EMAIL_ADDRESS", vault.keyed_hash("value", "x"), "secret@example.com")

    # Now, not NOW: the scopes expire by the clock; the traffic (minutes before NOW) is within the day.
    evidence = audit_evidence(timedelta(days=1))

    detection = evidence["detection"]
    assert detection["layers_on"] == ["dictionary", "patterns", "secrets"]
    assert detection["layers_off"] == ["ner", "names"] and detection["layers_source"] == "store"
    assert detection["locales_on"] == ["AU", "NZ"] and detection["min_score"] == 0.7
    assert evidence["dictionary"] == {
        "dictionary_terms": 3,
        "dictionary_terms_by_type": {"CODENAME": 1, "PROJECT": 2},
        "allow_list_terms": 1,
    }
    retention = evidence["retention"]
    assert (retention["ttl"], retention["ttl_seconds"], retention["ttl_source"]) == ("7d", 604800, "store")
    assert (retention["scopes"], retention["sessions"], retention["mappings"]) == (2, 1, 1)
    assert (retention["expired_unpurged_scopes"], retention["expired_unpurged_mappings"]) == (1, 1)
    activity = evidence["activity"]
    assert (activity["requests"], activity["requests_with_pii"], activity["pii"]) == (5, 3, 5)
    assert activity["pii_by_type"] == {"EMAIL_ADDRESS": 3, "PERSON": 1, "API_KEY": 1}
    assert activity["pii_by_layer"] == {"patterns": 3, "ner": 1, "secrets": 1}
    assert (activity["refused"], activity["refused_by_status"]) == (1, {"502": 1})
    assert [(h["host"], h["requests"]) for h in activity["hosts"]] == [("api.openai.com", 4), ("api.anthropic.com", 1)]
    crypto = evidence["encryption"]
    assert crypto["key_file_exists"] and crypto["key_file_mode"] == "0600" and crypto["key_file_private"]
    assert crypto["anonamoose_key_env_used"] is False
    assert "secret@example.com" not in repr(evidence)
    assert {c["control"] for c in evidence["controls"]} >= {"ISO 27001 A.8.12", "HIPAA 164.514(b)", "GDPR Art. 32"}


def test_audit_names_the_environment_key_and_a_loose_key_file(
    store_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path))
    (tmp_path / "anonamoose.key").write_text("x")
    os.chmod(tmp_path / "anonamoose.key", 0o644)
    monkeypatch.setenv("ANONAMOOSE_KEY", "00" * 32)
    crypto = audit_evidence(now=NOW)["encryption"]
    assert crypto["anonamoose_key_env_used"] and crypto["key_source"].startswith("ANONAMOOSE_KEY")
    assert crypto["key_file_mode"] == "0644" and crypto["key_file_private"] is False


@pytest.mark.parametrize(
    ("stored", "text", "seconds"),
    [(604800, "7d", 604800), ("90m", "90m", 5400), (45, "45s", 45), ("36h", "36h", 129600)],
)
def test_audit_ttl_as_the_settings_command_stores_it(store_db: Any, stored: Any, text: str, seconds: int) -> None:
    set_setting("ttl", stored)
    retention = audit_evidence(now=NOW)["retention"]
    assert (retention["ttl"], retention["ttl_seconds"], retention["ttl_source"]) == (text, seconds, "store")


def test_a_stored_setting_that_no_longer_parses_is_reported(store_db: Any) -> None:
    set_setting("layers", "dictionary,telepathy")
    detection = audit_evidence(now=NOW)["detection"]
    assert detection["layers_on"] == list(LAYERS) and "invalid" in detection["layers_source"]
