"""The in-memory registry behind the content view: bounded, decoded on demand, erasable."""

import gzip

import pytest

from addon.inspection import InspectionRegistry, redact_and_record
from detectors.types import Detection

TEXT = "Ann mailed ann@x.io"
DETECTIONS = [Detection(11, 19, "EMAIL_ADDRESS", 1.0, "patterns"), Detection(0, 3, "PERSON", 0.6, "names")]


def assign(entity_type: str, value: str) -> str:
    return f"[{entity_type[:5]}_{len(value)}]"


def test_redact_and_record_notes_each_detections_placeholder_in_text_order():
    sent, record = redact_and_record(TEXT, DETECTIONS, assign)
    assert sent == "[PERSO_3] mailed [EMAIL_8]"
    assert record.original == TEXT and record.sent == sent
    assert [d.entity_type for d in record.detections] == ["PERSON", "EMAIL_ADDRESS"]
    assert record.placeholders == ("[PERSO_3]", "[EMAIL_8]")


@pytest.mark.parametrize(
    ("max_flows", "recorded", "kept"),
    [(2, ["a", "b", "c"], ["b", "c"]), (5, ["a", "b", "a"], ["b", "a"]), (0, ["a"], [])],
)
def test_only_the_most_recent_flows_are_kept(max_flows, recorded, kept):
    registry = InspectionRegistry(max_flows=max_flows)
    for flow_id in recorded:
        registry.record_request(flow_id, b"{}", None, [])
    assert [flow_id for flow_id, _ in registry.items()] == kept


def test_oldest_flows_go_once_the_kept_bytes_pass_the_budget():
    registry = InspectionRegistry(max_total_bytes=250)
    for flow_id in ("a", "b", "c"):
        registry.record_request(flow_id, b"x" * 100, None, [])
    assert [flow_id for flow_id, _ in registry.items()] == ["b", "c"]
    registry.record_request("huge", b"x" * 1000, None, [])
    assert [flow_id for flow_id, _ in registry.items()] == ["huge"]


def test_replies_and_reply_texts_count_towards_the_budget_and_dropped_flows_free_it():
    registry = InspectionRegistry(max_total_bytes=250)
    registry.record_request("a", b"x" * 50, None, [])
    registry.record_reply("a", b"y" * 60, None)  # streamed chunks count as they arrive
    registry.record_reply("a", b"y" * 40, None)
    registry.record_request("b", b"x" * 50, None, [])
    assert [flow_id for flow_id, _ in registry.items()] == ["a", "b"]  # 200 bytes kept
    registry.record_reply_texts("b", [("p" * 30, "q" * 30)])
    registry.record_request("c", b"x" * 10, None, [])  # 270 bytes: a goes
    assert [flow_id for flow_id, _ in registry.items()] == ["b", "c"]
    registry.forget_value("q" * 30)  # b goes; what it held no longer counts
    registry.record_request("d", b"x" * 200, None, [])
    assert [flow_id for flow_id, _ in registry.items()] == ["c", "d"]
    registry.clear()
    registry.record_request("e", b"x" * 240, None, [])
    registry.record_request("f", b"x" * 10, None, [])
    assert [flow_id for flow_id, _ in registry.items()] == ["e", "f"]


def test_request_body_is_decoded_for_the_view():
    registry = InspectionRegistry()
    registry.record_request("f", gzip.compress(b'{"a": "b"}'), "gzip", [])
    registry.record_request("g", b"\x00junk", "br", [])
    assert registry.get("f").request_text() == '{"a": "b"}'
    assert registry.get("g").request_text().startswith("(the body does not decode")


def test_tap_records_the_stream_as_received_and_passes_it_on():
    registry = InspectionRegistry(max_reply_bytes=10)
    registry.record_request("f", b"{}", None, [])
    seen = []
    tapped = registry.tap("f", lambda data: seen.append(data) or [data.upper()], None)
    assert [tapped(b"abcdef"), tapped(b"ghijkl"), tapped(b"")] == [[b"ABCDEF"], [b"GHIJKL"], [b""]]
    assert seen == [b"abcdef", b"ghijkl", b""]
    record = registry.get("f")
    assert record.reply_text() == "abcdefghij" and record.reply_truncated


def test_a_reply_for_an_unknown_flow_is_not_kept():
    registry = InspectionRegistry()
    registry.record_reply("nobody", b"reply", None)
    assert registry.get("nobody") is None and len(registry) == 0


@pytest.mark.parametrize(
    ("value", "dropped"),
    [("ANN@X.IO", ["f"]), ("ann", ["f", "g"]), ("bob", []), ("restored-only", ["g"])],
)
def test_forget_value_drops_every_flow_holding_it(value, dropped):
    registry = InspectionRegistry()
    _, record = redact_and_record(TEXT, DETECTIONS, assign)
    registry.record_request("f", TEXT.encode(), None, [record])
    registry.record_request("g", b"Joanne", None, [])
    registry.record_reply_texts("g", [("[PERSO_3]", "restored-only")])
    assert registry.forget_value(value) == len(dropped)
    assert [flow_id for flow_id in ("f", "g") if registry.get(flow_id) is None] == dropped
