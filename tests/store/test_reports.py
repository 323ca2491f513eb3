"""Report queries over a real SQLite store populated through the store's own functions."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from store import reports
from store.crypto import Vault, load_or_create_key
from store.dictionary import add_allow, add_term
from store.flows import record_flow
from store.mappings import MappingStore
from store.models import utcnow
from store.stored_settings import set_setting

# Half past an hour in the past: per-minute buckets are exact, the flows minutes before it never straddle
# midnight, and scopes made by the real clock come after it.
NOW = utcnow().replace(minute=30, second=0, microsecond=0) - timedelta(hours=1)


def flow(minutes_ago: float, **fields: Any) -> None:
    defaults: dict[str, Any] = dict(
        host="api.openai.com",
        path="/v1/chat/completions",
        method="POST",
        provider="openai_chat",
        status=200,
        duration_ms=100.0,
        detect_ms=10.0,
        scope_id="scope-a",
        detections={},
        layers={},
        pii_count=0,
    )
    record_flow(time=NOW - timedelta(minutes=minutes_ago), **{**defaults, **fields})


@pytest.fixture
def traffic(store_db: Any) -> None:
    """Five flows in the last day, one two days ago, one refused."""
    flow(
        1,
        detections={"EMAIL_ADDRESS": 2, "PERSON": 1},
        layers={"patterns": 2, "ner": 1},
        pii_count=3,
        restored=3,
        restored_types={"EMAIL_ADDRESS": 2, "PERSON": 1},
        duration_ms=100.0,
        detect_ms=10.0,
        redacted_preview="mail [EMAIL_AAAAA] about [PERSON_BBBBB]",
    )
    flow(
        2,
        detections={"EMAIL_ADDRESS": 1},
        layers={"patterns": 1},
        pii_count=1,
        restored=1,
        unknown=1,
        restored_types={"EMAIL_ADDRESS": 1},
        duration_ms=200.0,
        detect_ms=20.0,
        host="api.anthropic.com",
        path="/v1/messages",
        scope_id="scope-b",
    )
    flow(3, duration_ms=300.0, detect_ms=30.0)
    flow(
        4,
        detections={"API_KEY": 1},
        layers={"secrets": 1},
        pii_count=1,
        duration_ms=400.0,
        detect_ms=40.0,
        streamed=True,
    )
    flow(5, status=502, scope_id=None, error="the request body does not parse as JSON", duration_ms=5.0, detect_ms=0.0)
    flow(60 * 48, detections={"PERSON": 4}, layers={"ner": 4}, pii_count=4, host="api.mistral.ai")


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([7.0], 99, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([100.0, 200.0, 300.0, 400.0, 5.0], 50, 200.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0], 95, 4.8),
        ([10.0, 20.0], 99, 19.9),
    ],
)
def test_percentile_interpolates_between_ranks(values: list[float], p: int, expected: float | None) -> None:
    result = reports.percentile(values, p)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # By type: each type's own placeholders restored; unknown ones have no type.
        (
            "type",
            {"EMAIL_ADDRESS": (2, 3, 3, 0), "PERSON": (1, 1, 1, 0), "API_KEY": (1, 1, 0, 0), "(none)": (2, 0, 0, 1)},
        ),
        (
            "layer",
            {
                "patterns": (2, 3, None, None),
                "ner": (1, 1, None, None),
                "secrets": (1, 1, None, None),
                "(none)": (2, 0, None, None),
            },
        ),
        ("host", {"api.openai.com": (4, 4, 3, 0), "api.anthropic.com": (1, 1, 1, 1)}),
        ("scope", {"scope-a": (3, 4, 3, 0), "scope-b": (1, 1, 1, 1), "(none)": (1, 0, 0, 0)}),
        ("day", "by day"),
    ],
)
def test_summary_groups_requests_pii_restored_unknown(traffic: None, by: str, expected: dict) -> None:
    if expected == "by day":
        expected = {(NOW - timedelta(minutes=3)).date().isoformat(): (5, 5, 4, 1)}
    rows = reports.summary(timedelta(hours=24), by, now=NOW)
    got = {row[by]: (row["requests"], row["pii"], row["restored"], row["unknown"]) for row in rows}
    assert got == expected


def test_summary_by_type_counts_restored_placeholders_under_their_own_type(store_db: Any) -> None:
    # A follow-up with no PII whose reply restores the PERSON an earlier turn sent, and a row from before
    # restored_types (its restorations have no recorded type).
    flow(1, restored=2, restored_types={"PERSON": 2})
    flow(
        2,
        detections={"EMAIL_ADDRESS": 1},
        layers={"patterns": 1},
        pii_count=1,
        restored=3,
        restored_types={"EMAIL_ADDRESS": 1},
    )
    flow(3, detections={"PERSON": 1}, layers={"ner": 1}, pii_count=1, restored=2)
    rows = {row["type"]: row for row in reports.summary(timedelta(hours=24), "type", now=NOW)}
    got = {key: (row["requests"], row["pii"], row["restored"]) for key, row in rows.items()}
    assert got == {"PERSON": (1, 1, 2), "EMAIL_ADDRESS": (1, 1, 1), "(none)": (1, 0, 4)}
    assert sum(row["restored"] for row in rows.values()) == reports.overall(timedelta(hours=24), now=NOW)["restored"]


def test_summary_latency_percentiles_and_errors(traffic: None) -> None:
    rows = {row["host"]: row for row in reports.summary(timedelta(hours=24), "host", now=NOW)}
    openai = rows["api.openai.com"]
    # durations 100, 300, 400, 5 -> sorted 5, 100, 300, 400
    assert (openai["duration_p50"], openai["duration_p95"], openai["duration_p99"]) == (200.0, 385.0, 397.0)
    assert openai["detect_p50"] == 20.0  # detect 10, 30, 40, 0
    assert openai["errors"] == 1 and rows["api.anthropic.com"]["errors"] == 0


def test_summary_period_and_day_grouping(traffic: None) -> None:
    days = reports.summary(None, "day", now=NOW)
    two_days_ago = (NOW - timedelta(days=2)).date().isoformat()
    assert [(row["day"], row["requests"], row["pii"]) for row in days][0] == (two_days_ago, 1, 4)
    assert sum(row["requests"] for row in days) == 6
    assert reports.overall(timedelta(minutes=2, seconds=30), now=NOW)["requests"] == 2


def test_summary_refuses_an_unknown_grouping(store_db: Any) -> None:
    with pytest.raises(ValueError, match="choose one of type, layer, host, scope, day"):
        reports.summary(by="colour")


def test_overall_counts_each_flow_once(traffic: None) -> None:
    total = reports.overall(timedelta(hours=24), now=NOW)
    assert (total["requests"], total["pii"], total["restored"], total["unknown"], total["errors"]) == (5, 5, 4, 1, 1)


def test_flow_log_filters_and_orders_oldest_first(traffic: None) -> None:
    everything = reports.flow_log(limit=None)
    assert [row["id"] for row in everything] == [1, 2, 3, 4, 5, 6]
    assert [row["id"] for row in reports.flow_log(limit=2)] == [5, 6]
    assert [row["id"] for row in reports.flow_log(host="API.Anthropic.com")] == [2]
    assert [row["id"] for row in reports.flow_log(status=502)] == [5]
    assert [row["id"] for row in reports.flow_log(since=timedelta(minutes=3, seconds=30), now=NOW)] == [1, 2, 3]
    assert [row["id"] for row in reports.flow_log(after_id=4)] == [5, 6]
    assert [row["id"] for row in reports.flow_log(after_id=4, status=200)] == [6]
    assert reports.flow_log(after_id=6) == [] and reports.last_flow_id() == 6
    first = everything[0]
    assert first["detections"] == {"EMAIL_ADDRESS": 2, "PERSON": 1} and first["layers"] == {"patterns": 2, "ner": 1}
    assert list(first) == reports.FLOW_COLUMNS


def test_requests_per_minute_counts_whole_minutes(traffic: None) -> None:
    # the current minute (12:00) is last and empty; 11:55 to 11:59 hold one flow each
    assert reports.requests_per_minute(6, now=NOW) == [1, 1, 1, 1, 1, 0]
    assert reports.requests_per_minute(3, now=NOW + timedelta(seconds=30)) == [1, 1, 0]


def test_dashboard_figures(traffic: None) -> None:
    data = reports.dashboard(timedelta(hours=24), minutes=10, recent=3, now=NOW)
    assert (data["requests"], data["pii"], data["restored"], data["unknown"], data["refused"]) == (5, 5, 4, 1, 1)
    assert data["by_type"] == [("EMAIL_ADDRESS", 3), ("API_KEY", 1), ("PERSON", 1)]
    assert data["by_layer"] == [("patterns", 3), ("ner", 1), ("secrets", 1)]
    assert data["hosts"] == [("api.openai.com", 4), ("api.anthropic.com", 1)]
    assert data["latency"]["duration"]["p50"] == 200.0
    assert [row["id"] for row in data["recent"]] == [4, 5, 6]
    assert sum(data["per_minute"]) == 5


def test_audit_defaults_on_an_empty_store(store_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path / "no-key-yet"))
    evidence = reports.audit_evidence(timedelta(days=30), now=NOW)
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
    evidence = reports.audit_evidence(timedelta(days=1))

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
    crypto = reports.audit_evidence(now=NOW)["encryption"]
    assert crypto["anonamoose_key_env_used"] and crypto["key_source"].startswith("ANONAMOOSE_KEY")
    assert crypto["key_file_mode"] == "0644" and crypto["key_file_private"] is False


@pytest.mark.parametrize(
    ("stored", "text", "seconds"),
    [(604800, "7d", 604800), ("90m", "90m", 5400), (45, "45s", 45), ("36h", "36h", 129600)],
)
def test_audit_ttl_as_the_settings_command_stores_it(store_db: Any, stored: Any, text: str, seconds: int) -> None:
    set_setting("ttl", stored)
    retention = reports.audit_evidence(now=NOW)["retention"]
    assert (retention["ttl"], retention["ttl_seconds"], retention["ttl_source"]) == (text, seconds, "store")


def test_a_stored_setting_that_no_longer_parses_is_reported(store_db: Any) -> None:
    set_setting("layers", "dictionary,telepathy")
    detection = reports.audit_evidence(now=NOW)["detection"]
    assert detection["layers_on"] == list(reports.LAYERS) and "invalid" in detection["layers_source"]
