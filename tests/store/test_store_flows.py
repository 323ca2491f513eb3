"""The flow log: stored rows hold types and counts; read back newest first as plain dicts."""

from __future__ import annotations

import peewee
import pytest

from store.flows import recent_flows, record_flow, record_flows
from store.models import FlowCount


@pytest.fixture(autouse=True)
def _db(store_db: peewee.Database) -> None:
    pass


def test_record_and_read_back() -> None:
    record_flow(
        client="127.0.0.1",
        host="api.openai.com",
        path="/v1/chat/completions",
        provider="openai_chat",
        method="POST",
        status=200,
        duration_ms=812.5,
        detect_ms=12.25,
        streamed=True,
        scope_id="ab12",
        detections={"EMAIL_ADDRESS": 2, "PERSON": 1},
        layers={"patterns": 2, "ner": 1},
        pii_count=3,
        restored=3,
        unknown=0,
        redacted_preview="Hi [PERSON_7K2Q9], mail [EMAIL_ADDRESS_X1]",
    )
    (row,) = recent_flows()
    assert row["detections"] == {"EMAIL_ADDRESS": 2, "PERSON": 1}
    assert row["layers"] == {"patterns": 2, "ner": 1}
    assert (row["status"], row["streamed"], row["pii_count"], row["error"]) == (200, True, 3, None)
    assert row["duration_ms"] == 812.5
    assert isinstance(row["time"], str)


def test_minimal_flow_gets_defaults() -> None:
    record_flow(host="api.anthropic.com", error="upstream timed out")
    (row,) = recent_flows()
    assert (row["detections"], row["layers"], row["pii_count"], row["streamed"]) == ({}, {}, 0, False)
    assert row["error"] == "upstream timed out"


def test_newest_first_and_limit() -> None:
    for i in range(5):
        record_flow(host=f"h{i}")
    assert [r["host"] for r in recent_flows(limit=3)] == ["h4", "h3", "h2"]


def test_unknown_field_is_refused() -> None:
    with pytest.raises(TypeError, match="value"):
        record_flow(host="h", value="alice@example.com")
    assert recent_flows() == []


def test_a_batch_of_flows_is_stored_row_by_row_with_its_counts() -> None:
    record_flows(
        [
            {"host": "h0", "detections": {"PERSON": 2}, "layers": {"ner": 2}, "pii_count": 2},
            {"host": "h1"},
            {"host": "h2", "detections": {"EMAIL_ADDRESS": 1}, "restored_types": {"EMAIL_ADDRESS": 3}},
        ]
    )
    rows = {row["host"]: row for row in recent_flows()}
    assert sorted(rows) == ["h0", "h1", "h2"]
    assert rows["h0"]["detections"] == {"PERSON": 2} and rows["h1"]["detections"] == {}
    assert rows["h2"]["restored_types"] == {"EMAIL_ADDRESS": 3}
    counts = {(c.flow.host, c.kind, c.name, c.count) for c in FlowCount.select()}
    assert counts == {
        ("h0", "type", "PERSON", 2),
        ("h0", "layer", "ner", 2),
        ("h2", "type", "EMAIL_ADDRESS", 1),
        ("h2", "restored", "EMAIL_ADDRESS", 3),
    }


def test_a_batch_with_an_unknown_field_stores_nothing() -> None:
    with pytest.raises(TypeError, match="value"):
        record_flows([{"host": "h0"}, {"host": "h1", "value": "alice@example.com"}])
    assert recent_flows() == []
