"""Uploads, forms, query strings and sniffed bodies: what is scanned, how the body is put back, what is counted."""

from __future__ import annotations

import json

import pytest

from addon import multipart
from addon.forms import parse_form, parse_query
from addon.sniff import attachment_kind, body_kind
from addon.uploads import Unscannable, plan_body

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
BOUNDARY = "----anonamooseBoundary7MA4YWxk"


def form_data(*parts: tuple[str, str | None, str | None, bytes], boundary: str = BOUNDARY) -> bytes:
    """A multipart/form-data body: (field name, filename, content type, bytes) per part."""
    out = b""
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        out += head.encode() + b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def redact_all(plan, marker: str = "[REDACTED]") -> bytes | None:
    """Stand-in for detection: every scanned string containing '@' gets its address swapped."""
    for slot in plan.slots:
        text = slot.get()
        words = [marker if "@" in word else word for word in text.split(" ")]
        slot.set(" ".join(words))
    return plan.rebuild()


CT = f"multipart/form-data; boundary={BOUNDARY}"


@pytest.mark.parametrize(
    ("content_type", "data", "kind"),
    [
        ("application/json", b'{"a": 1}', "json"),
        ("application/octet-stream", b'{"messages": []}', "json"),
        ("", b'[{"x": 1}]', "json"),
        ("application/octet-stream", "Grüße, call me".encode(), "text"),
        ("", b"plain words", "text"),
        ("image/png", PNG, "binary"),
        ("application/octet-stream", PNG, "binary"),
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        ("text/csv", b"name,email\n", "text"),
        ("application/x-ndjson", b'{"a":1}\n{"a":2}\n', "text"),
        ("application/x-www-form-urlencoded", b"a=1", "form"),
        (CT, b"--x", "multipart"),
        ("application/grpc", b"\x00\x00", "grpc"),
        ("application/json", b"   ", "empty"),
    ],
)
def test_body_kind_believes_text_labels_and_sniffs_the_rest(content_type, data, kind):
    assert body_kind(content_type, data) == kind


def test_attachment_kinds():
    assert attachment_kind("image/png") == "image"
    assert attachment_kind("audio/mpeg") == "audio"
    assert attachment_kind("application/octet-stream", "report.PDF") == "pdf"
    assert attachment_kind("application/octet-stream", "archive.zip") == "zip"
    assert attachment_kind("", None) == "binary"


def test_multipart_text_parts_are_scanned_and_binary_parts_counted():
    body = form_data(
        ("purpose", None, None, b"assistants"),
        ("file", "notes.txt", "text/plain", b"write to jane@example.com today"),
        ("image", "cat.png", "image/png", PNG),
    )
    plan = plan_body(CT, body)
    assert plan.attachments == {"image": 1}
    rebuilt = redact_all(plan)
    assert rebuilt is not None and b"jane@example.com" not in rebuilt and b"write to [REDACTED] today" in rebuilt
    # same boundary, headers and binary bytes; only the text part changed
    assert rebuilt == body.replace(b"jane@example.com", b"[REDACTED]")
    parsed = multipart.parse(rebuilt, BOUNDARY.encode())
    assert [p.filename for p in parsed.parts] == [None, "notes.txt", "cat.png"]


def test_batch_jsonl_lines_are_walked_as_json():
    lines = [
        {
            "custom_id": "r1",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "mail jane@example.com"}]},
        },
        {
            "custom_id": "r2",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]},
        },
    ]
    jsonl = "\n".join(json.dumps(line) for line in lines).encode() + b"\n"
    body = form_data(("purpose", None, None, b"batch"), ("file", "batch.jsonl", "application/octet-stream", jsonl))
    rebuilt = redact_all(plan_body(CT, body))
    assert rebuilt is not None and b"jane@example.com" not in rebuilt
    part = multipart.parse(rebuilt, BOUNDARY.encode()).parts[1]
    out_lines = rebuilt[part.start : part.end].decode().split("\n")
    assert json.loads(out_lines[0])["body"]["messages"][0]["content"] == "mail [REDACTED]"
    assert out_lines[1] == json.dumps(lines[1])  # an unchanged line goes back as written
    assert out_lines[2] == ""


def test_nothing_changed_means_the_original_bytes():
    body = form_data(("file", "a.txt", "text/plain", b"nothing here"))
    assert redact_all(plan_body(CT, body)) is None


def test_preamble_and_epilogue_are_scanned_too():
    body = b"sent by jane@example.com\r\n" + form_data(("a", None, None, b"x")) + b"epilogue bob@example.org"
    rebuilt = redact_all(plan_body(CT, body))
    assert rebuilt is not None and b"@example" not in rebuilt


@pytest.mark.parametrize(
    "body",
    [
        b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data; name=a\r\n\r\nnever closed",
        b"no boundary at all",
        b"--" + BOUNDARY.encode() + b"\r\nno blank line after headers\r\n--" + BOUNDARY.encode() + b"--",
    ],
)
def test_malformed_multipart_is_refused(body):
    with pytest.raises(ValueError):
        plan_body(CT, body)


def test_multipart_without_boundary_is_refused():
    with pytest.raises(ValueError, match="boundary"):
        plan_body("multipart/form-data", b"--x\r\n\r\na\r\n--x--")


def test_transfer_encoded_parts_are_attachments():
    body = (
        f"--{BOUNDARY}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"am9obkBleGFtcGxlLmNvbQ==\r\n--{BOUNDARY}--\r\n"
    ).encode()
    assert plan_body(CT, body).attachments == {"binary": 1}


def test_form_values_are_scanned_keys_kept_and_unchanged_pairs_kept_verbatim():
    body = b"name=Jane+Doe&email=jane%40example.com&n=1&flag"
    rebuilt = redact_all(plan_body("application/x-www-form-urlencoded", body))
    assert rebuilt == b"name=Jane+Doe&email=%5BREDACTED%5D&n=1&flag"


def test_form_values_holding_json_are_walked_as_json():
    form = parse_form("payload=" + '{"to": "jane@example.com", "n": 1}'.replace(" ", "+"))
    assert form.scanned == [0]


def test_query_keeps_structural_parameters():
    form = parse_query("/v1beta/models/x:generateContent?alt=sse&key=AIzaSECRET&q=jane%40example.com&api-version=1")
    assert [form.values[i] for i in form.scanned] == ["jane@example.com"]


def test_bad_utf8_form_is_unscannable():
    with pytest.raises(ValueError):
        plan_body("application/x-www-form-urlencoded", b"a=%ff%fe")
    with pytest.raises(Unscannable):
        plan_body("text/plain", b"caf\xe9")


def test_a_binary_body_is_one_attachment_and_unchanged():
    plan = plan_body("application/octet-stream", PNG)
    assert plan.attachments == {"binary": 1} and not plan.slots and plan.rebuild() is None
    assert plan_body("audio/wav", b"RIFF\x00\x00\x00\x00WAVE").attachments == {"audio": 1}


def test_a_json_string_document_is_scanned():
    plan = plan_body("application/json", b'"mail jane@example.com"')
    assert redact_all(plan) == b'"mail [REDACTED]"'


def test_a_number_in_a_form_value_is_scanned_as_text():
    plan = plan_body("application/x-www-form-urlencoded", b"phone=0412345678&doc=%7B%22a%22%3A1%7D")
    assert [slot.json_encoded for slot in plan.slots] == [False, True]
