"""mitmweb end to end: real mitmweb + the addon, the real openai SDK through its proxy port, then its HTTP API.

Asserts what an operator sees in the UI: marks and comments with the PII types and counts, the Anonamoose
content view (original beside sent, detections, reply before / after restoring), and the body of a streamed
flow.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import MitmwebProcess, proxy_process

pytestmark = pytest.mark.e2e

OPENAI_MODEL = "gpt-4o-mini"
EMAIL, CARD = "jane.citizen@example.com", "4111 1111 1111 1111"
USER_TEXT = f"Please email {EMAIL} about card {CARD}."
ECHO = "You said: " + USER_TEXT
CHAT_URL = "https://api.openai.com/v1/chat/completions"


@pytest.fixture
def mitmweb(tmp_path: Path, test_ca: Any, mock_llm: Any) -> Iterator[MitmwebProcess]:
    process = proxy_process(tmp_path, test_ca, mock_llm.port, process_class=MitmwebProcess).start()
    yield process
    process.stop()


@pytest.fixture
def web_api(mitmweb: MitmwebProcess) -> Iterator[httpx.Client]:
    with mitmweb.api_client() as client:
        yield client


def content_view(web_api: httpx.Client, flow_id: str, message: str) -> dict[str, Any]:
    response = web_api.get(f"/flows/{flow_id}/{message}/content/Anonamoose.json")
    response.raise_for_status()
    view: dict[str, Any] = response.json()
    assert view["view_name"] == "Anonamoose" and view["syntax_highlight"] == "yaml"
    return view


def sse_text(body: bytes) -> str:
    """The assistant text of an OpenAI chat stream."""
    text = []
    for line in body.decode().splitlines():
        if line.startswith("data: {"):
            for choice in json.loads(line[6:])["choices"]:
                text.append(choice["delta"].get("content") or "")
    return "".join(text)


def test_mitmweb_shows_marks_content_view_and_streamed_body(
    mitmweb: MitmwebProcess, web_api: httpx.Client, openai_client: Any, httpx_client: Any
) -> None:
    assert web_api.get("/flows", headers={"Authorization": "Bearer wrong"}).status_code == 403
    client = openai_client(mitmweb)
    messages = [{"role": "user", "content": USER_TEXT}]
    plain = client.chat.completions.create(model=OPENAI_MODEL, messages=messages)
    assert plain.choices[0].message.content == ECHO
    stream = client.chat.completions.create(model=OPENAI_MODEL, messages=messages, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == ECHO
    refused = httpx_client(mitmweb).post(CHAT_URL, content=b"{not json", headers={"content-type": "application/json"})
    assert refused.status_code == 400  # the client's invalid JSON

    assert "anonamoose" in web_api.get("/state").json()["contentViews"]
    flows = [f for f in web_api.get("/flows").json() if f["request"]["path"] == "/v1/chat/completions"]
    assert len(flows) == 3
    plain_flow, streamed_flow, refused_flow = flows

    # Marks (plain letters: no emoji font needed) and comments: the types and counts, refused flows apart.
    for flow in (plain_flow, streamed_flow):
        assert flow["marked"] == "R"
        assert flow["comment"] == "anonamoose: 2 PII redacted (CREDIT_CARD×1, EMAIL_ADDRESS×1)"
    assert refused_flow["marked"] == "X" and refused_flow["comment"].startswith("anonamoose: refused (400)")

    # The flow list shows the comments; the option editor offers each fixed set's choices.
    options = web_api.get("/options").json()
    assert "comment" in options["web_columns"]["value"]
    assert options["anonamoose_style"]["choices"] == ["typed", "pua"]
    assert options["anonamoose_attachments"]["choices"] == ["pass", "refuse"]

    # mitmweb's automatic view choice picks the Anonamoose view for every flow the addon handled.
    for flow in (plain_flow, streamed_flow, refused_flow):
        for message in ("request", "response"):
            auto = web_api.get(f"/flows/{flow['id']}/{message}/content/Auto.json").json()
            assert auto["view_name"] == "Anonamoose", (flow["id"], message)

    # The request view: as written (detections marked with type and layer) beside what was sent.
    for flow in (plain_flow, streamed_flow):
        text = content_view(web_api, flow["id"], "request")["text"]
        assert "2 PII redacted (CREDIT_CARD×1, EMAIL_ADDRESS×1)" in text
        assert f"⟦{EMAIL}⟧{{EMAIL_ADDRESS/patterns}}" in text and f"⟦{CARD}⟧{{CREDIT_CARD/patterns}}" in text
        sent = text.split("\n  sent: |-\n    ", 1)[1].splitlines()[0]
        assert sent.startswith("Please email [EMAIL_") and EMAIL not in sent and CARD not in sent
        assert "type: EMAIL_ADDRESS, layer: patterns" in text
    # ...and the body the provider got holds placeholders only.
    sent_body = web_api.get(f"/flows/{plain_flow['id']}/request/content.data").content
    assert EMAIL.encode() not in sent_body and b"[EMAIL_" in sent_body

    # The reply view: before and after restoring, plain and streamed.
    for flow, kind in ((plain_flow, "reply"), (streamed_flow, "streamed reply")):
        text = content_view(web_api, flow["id"], "response")["text"]
        assert f"{kind}: 2 placeholder(s) restored, 0 unknown" in text
        before = text.split("from provider: |-\n    ", 1)[1].splitlines()[0]
        after = text.split("to client: |-\n    ", 1)[1].splitlines()[0]
        assert before.startswith("You said: Please email [EMAIL_") and after == ECHO

    # The streamed flow keeps its restored body for the UI.
    assert streamed_flow["response"]["contentLength"]
    body = web_api.get(f"/flows/{streamed_flow['id']}/response/content.data").content
    assert sse_text(body) == ECHO

    assert "refused with 400" in content_view(web_api, refused_flow["id"], "request")["text"]


def run_command(web_api: httpx.Client, name: str, *arguments: str) -> Any:
    """POST /commands/<name>. Tornado wants the same XSRF token as cookie and header (double submit) on a POST."""
    token = "e2e0" * 8
    response = web_api.post(
        f"/commands/{name}",
        json={"arguments": list(arguments)},
        headers={"X-XSRFToken": token, "Cookie": f"_mitmproxy_xsrf={token}"},
    )
    response.raise_for_status()
    result = response.json()
    assert "error" not in result, result
    return result["value"]


def test_mitmweb_runs_the_anonamoose_commands(
    mitmweb: MitmwebProcess, web_api: httpx.Client, openai_client: Any
) -> None:
    client = openai_client(mitmweb)
    client.chat.completions.create(model=OPENAI_MODEL, messages=[{"role": "user", "content": USER_TEXT}])
    (flow,) = web_api.get("/flows").json()

    commands = web_api.get("/commands").json()
    assert commands["anonamoose.forget"]["return_type"] == "int"
    assert commands["anonamoose.stats"]["return_type"] == "data[][]" and commands["anonamoose.stats"]["help"]
    assert run_command(web_api, "anonamoose.flows") == [
        ["flow", "texts", "types"],
        [flow["id"], "1", "CREDIT_CARD×1, EMAIL_ADDRESS×1"],
    ]
    header, *rows = run_command(web_api, "anonamoose.sessions")
    assert len(rows) == 1 and dict(zip(header, rows[0], strict=True))["mappings"] == "2"

    # An erasure request: the mapping goes, and so does the original text the view kept.
    assert run_command(web_api, "anonamoose.forget", EMAIL) == 1
    assert run_command(web_api, "anonamoose.forget", EMAIL) == 0
    text = content_view(web_api, flow["id"], "request")["text"]
    assert "none in memory" in text and EMAIL not in text
