"""Uploads, forms, query strings, mislabelled bodies, attachments and compression bombs through a real mitmdump.

Real openai SDK (Files API uploads, chat), real httpx for what SDKs do not send; the mock upstream records every
byte it received, and no test's value may be among them.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from click.testing import CliRunner

from addon.cli import cli
from tests.e2e.conftest import MitmdumpProcess, proxy_process

EMAIL = "jane.citizen@example.com"
PHONE = "+61 412 345 678"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
AUTH = {"authorization": "Bearer sk-test-1"}
WRITE_WAIT_S = 15.0


@pytest.fixture(scope="module")
def proxy(test_ca: Any, _mock_llm_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MitmdumpProcess]:
    """One mitmdump with the addon in its default attachments policy (pass), shared by this module's tests."""
    process = proxy_process(tmp_path_factory.mktemp("uploads-proxy"), test_ca, _mock_llm_server.port).start()
    yield process
    process.stop()


@pytest.fixture
def client(proxy: MitmdumpProcess, openai_client: Any) -> openai.OpenAI:
    return openai_client(proxy)


@pytest.fixture
def http(proxy: MitmdumpProcess, httpx_client: Any) -> Any:
    return httpx_client(proxy)


def upstream_bytes(mock_llm: Any) -> bytes:
    """Everything the upstream received: paths, headers and bodies."""
    sent = mock_llm.requests_to("api.openai.com")
    return b"\n".join(r.path.encode() + b" " + repr(r.headers).encode() + b"\n" + r.body for r in sent)


def assert_never_upstream(mock_llm: Any, *values: str) -> None:
    wire = upstream_bytes(mock_llm)
    assert wire, "the upstream received nothing"
    for value in values:
        assert value.encode() not in wire, f"{value!r} reached the upstream"
        assert value.replace("@", "%40").encode() not in wire


def test_a_batch_jsonl_upload_is_redacted_line_by_line(client: openai.OpenAI, mock_llm: Any) -> None:
    lines = [
        {
            "custom_id": f"r{i}",
            "method": "POST",
            "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Write to {EMAIL} ({i})"}]},
        }
        for i in range(3)
    ]
    jsonl = "\n".join(json.dumps(line) for line in lines).encode()
    created = client.files.create(file=("batch.jsonl", io.BytesIO(jsonl)), purpose="batch")
    assert created.id == "file-mock"
    assert_never_upstream(mock_llm, EMAIL)
    upload = mock_llm.requests_to("api.openai.com")[-1]
    assert upload.header("content-type").startswith("multipart/form-data; boundary=")
    assert int(upload.header("content-length")) == len(upload.body)
    sent = [json.loads(line) for line in upload.body.split(b"\r\n\r\n", 2)[-1].split(b"\r\n--")[0].splitlines()]
    assert [line["custom_id"] for line in sent] == ["r0", "r1", "r2"]
    assert all(line["body"]["messages"][0]["content"].startswith("Write to [EMAIL_") for line in sent)


def test_a_text_file_upload_is_redacted(client: openai.OpenAI, mock_llm: Any) -> None:
    text = f"Meeting notes\nCall Jane on {PHONE} or mail {EMAIL}.\n".encode()
    client.files.create(file=("notes.txt", io.BytesIO(text), "text/plain"), purpose="assistants")
    assert_never_upstream(mock_llm, EMAIL, PHONE)
    assert b"Meeting notes\n" in mock_llm.last.body and b" on [PHONE_" in mock_llm.last.body


def test_a_chat_body_labelled_octet_stream_is_read_as_json(http: Any, mock_llm: Any) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]})
    reply = http.post(
        "https://api.openai.com/v1/chat/completions",
        content=body.encode(),
        headers={**AUTH, "content-type": "application/octet-stream"},
    )
    assert reply.status_code == 200
    assert_never_upstream(mock_llm, EMAIL)
    assert reply.json()["choices"][0]["message"]["content"] == f"You said: mail {EMAIL}"  # restored for the client


def test_query_string_values_are_redacted(client: openai.OpenAI, mock_llm: Any) -> None:
    reply = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hello"}],
        extra_query={"note": f"for {EMAIL}", "api-version": "2024-10-21"},
    )
    assert reply.choices[0].message.content == "You said: hello"
    assert_never_upstream(mock_llm, EMAIL)
    query = mock_llm.last.query
    assert query["note"][0].startswith("for [EMAIL_") and query["api-version"] == ["2024-10-21"]


def test_a_form_body_is_redacted(http: Any, mock_llm: Any) -> None:
    http.post("https://api.openai.com/v1/moderations", data={"input": f"reach me at {EMAIL}", "n": "2"}, headers=AUTH)
    assert_never_upstream(mock_llm, EMAIL)
    assert mock_llm.last.header("content-type") == "application/x-www-form-urlencoded"
    assert mock_llm.last.body.endswith(b"&n=2") and b"%5BEMAIL_" in mock_llm.last.body


def flow_rows(db: Path, path: str, count: int, row: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
    """The flow log rows for `path`, once the proxy has written `count` of them (and `row`, if given): it writes
    off the event loop, so an earlier test's row for the same path may be there first."""
    deadline = time.monotonic() + WRITE_WAIT_S
    rows: list[tuple[Any, ...]] = []
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT status, attachments FROM flow_record WHERE path = ?", (path,)).fetchall()
        if len(rows) >= count and (row is None or row in rows):
            return rows
        time.sleep(0.1)
    raise AssertionError(f"{len(rows)} of {count} flows for {path} logged")


def test_an_image_upload_passes_marked_and_counted(
    proxy: MitmdumpProcess, client: openai.OpenAI, mock_llm: Any
) -> None:
    client.files.create(file=("cat.png", io.BytesIO(PNG), "image/png"), purpose="vision")
    upload = mock_llm.last
    assert PNG in upload.body  # forwarded as sent: the policy is pass
    rows = flow_rows(Path(proxy.env["ANONAMOOSE_DB"]), "/v1/files", 1, row=(200, 1))
    assert (200, 1) in rows
    env = {"ANONAMOOSE_DB": proxy.env["ANONAMOOSE_DB"], "ANONAMOOSE_CONFDIR": str(proxy.confdir)}
    report = CliRunner().invoke(cli, ["report", "--by", "host", "--json"], env=env)
    assert report.exit_code == 0, report.output
    assert json.loads(report.output)[0]["attachments"] >= 1
    table = CliRunner().invoke(cli, ["report", "--by", "host"], env=env)
    assert "attached" in table.output


def test_a_gzip_bomb_is_413_and_the_next_request_is_served(http: Any, client: openai.OpenAI, mock_llm: Any) -> None:
    bomb = gzip.compress(b"\0" * (256 * 1024**2), compresslevel=9)  # about 250 KB on the wire
    refused = http.post(
        "https://api.openai.com/v1/chat/completions",
        content=bomb,
        headers={**AUTH, "content-type": "application/json", "content-encoding": "gzip"},
    )
    assert refused.status_code == 413
    assert "anonamoose" in refused.json()["error"]["message"]
    assert not mock_llm.requests_to("api.openai.com")
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": f"to {EMAIL}"}])
    assert reply.choices[0].message.content == f"You said: to {EMAIL}"
    assert_never_upstream(mock_llm, EMAIL)


def test_an_image_is_refused_in_the_providers_shape_when_attachments_refuse(
    start_proxy: Any, tmp_path: Path, openai_client: Any, anthropic_client: Any, mock_llm: Any
) -> None:
    proxy = start_proxy(tmp_path, extra_args=["--set", "anonamoose_attachments=refuse"])
    with pytest.raises(openai.APIStatusError) as refused:
        openai_client(proxy).files.create(file=("cat.png", io.BytesIO(PNG), "image/png"), purpose="vision")
    assert refused.value.status_code == 415
    assert "attachments" in refused.value.message and "image" in refused.value.message
    assert not mock_llm.requests_to("api.openai.com")
    # text still goes through under refuse
    openai_client(proxy).files.create(file=("notes.txt", io.BytesIO(f"mail {EMAIL}".encode())), purpose="assistants")
    assert_never_upstream(mock_llm, EMAIL)


def test_a_body_over_the_limit_is_refused_from_its_headers(http: Any, client: openai.OpenAI, mock_llm: Any) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x" * (9 * 1024**2)}]})
    refused = http.post(
        "https://api.openai.com/v1/chat/completions",
        content=body.encode(),
        headers={**AUTH, "content-type": "application/json"},
    )
    assert refused.status_code == 413 and "byte limit" in refused.json()["error"]["message"]
    assert not mock_llm.requests_to("api.openai.com")
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}])
    assert reply.choices[0].message.content == "You said: hello"
