"""The "Anonamoose" content view: a request as written beside what was sent, and a reply before and after restoring.

mitmproxy picks it for every flow the addon handled (redacted, restored or refused); other flows keep their views.
It shows original values, held in this process's memory only, to the operator of this proxy.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from mitmproxy import contentviews, http
from mitmproxy.contentviews import Contentview, Metadata, SyntaxHighlight
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from addon.inspection import FlowInspection, InspectionRegistry, RedactedText
from addon.units import counts_text
from detectors.types import Detection

META = "anonamoose"
# Above every built-in view (JSON 1, GraphQL 2): the addon's account of a flow is what its operator looks for.
PRIORITY = 3
NO_RECORD = "none in memory: not an intercepted LLM request, one of more than the last {n} flows, or loaded from a file"


def mark_detections(text: str, detections: Sequence[Detection]) -> str:
    """`text` with each detection bracketed and tagged with its type and layer: ⟦value⟧{TYPE/layer}."""
    out, position = [], 0
    for det in sorted(detections, key=lambda d: d.start):
        if det.start < position:  # overlaps never reach here (resolved before redaction); never garble text
            continue
        out.append(text[position : det.start])
        out.append(f"⟦{text[det.start : det.end]}⟧{{{det.entity_type}/{det.layer}}}")
        position = det.end
    out.append(text[position:])
    return "".join(out)


def block(text: str) -> LiteralScalarString:
    return LiteralScalarString(text)


def pretty_body(text: str) -> LiteralScalarString:
    """JSON indented for reading; anything else (an event stream) as it is."""
    try:
        return block(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
    except ValueError:
        return block(text)


def detection_row(det: Detection, placeholder: str) -> CommentedMap:
    row = CommentedMap(
        type=det.entity_type,
        layer=det.layer,
        score=round(det.score, 2),
        at=f"{det.start}-{det.end}",
        placeholder=placeholder,
    )
    row.fa.set_flow_style()
    return row


def text_entry(text: RedactedText) -> dict[str, Any]:
    return {
        "written": block(mark_detections(text.original, text.detections)),
        "sent": block(text.sent),
        "detections": [detection_row(d, p) for d, p in zip(text.detections, text.placeholders, strict=False)],
    }


def request_summary(meta: Mapping[str, Any]) -> str:
    if "refused" in meta:
        return f"refused with {meta['refused']}, nothing was sent: {meta.get('error', '')}"
    if meta.get("closed"):
        return f"closed, nothing was sent: {meta.get('error', '')}"
    if meta.get("unscanned"):
        return "NOT scanned (fail-open): sent as the client wrote it"
    if meta.get("attachments"):
        kinds = counts_text(meta["attachments"], ", ")
        return f"attachments forwarded unscanned ({kinds}); {meta.get('pii', 0)} PII redacted in the rest"
    if meta.get("pii"):
        types, layers = counts_text(meta.get("detections", {}), ", "), counts_text(meta.get("layers", {}), ", ")
        return f"{meta['pii']} PII redacted ({types}); by layer: {layers}"
    return "no PII found"


def view_head(summary: str, meta: Mapping[str, Any], record: FlowInspection | None, max_flows: int) -> dict[str, Any]:
    """What every view starts with: the summary, the provider, and why there is nothing more when nothing was kept."""
    view: dict[str, Any] = {"anonamoose": summary, "provider": meta.get("provider", "?")}
    if record is None:
        view["original"] = NO_RECORD.format(n=max_flows)
    return view


def render_request(
    meta: Mapping[str, Any], record: FlowInspection | None, sent: bytes, max_flows: int
) -> dict[str, Any]:
    """The request view as data: summary, each redacted text (written / sent / detections), both bodies."""
    view = view_head(request_summary(meta), meta, record, max_flows)
    if record is None:
        return view
    types = Counter(d.entity_type for t in record.texts for d in t.detections)
    view["texts redacted"] = f"{len(record.texts)} ({counts_text(types, ', ')})" if record.texts else "none"
    view["texts"] = [text_entry(t) for t in record.texts]
    view["request as written"] = pretty_body(record.request_text())
    view["request as sent"] = pretty_body(sent.decode("utf-8", "replace"))
    return view


def reply_summary(meta: Mapping[str, Any]) -> str:
    if "restored" not in meta:
        return "reply not restored (no reply yet, or the request was refused)"
    kind = "streamed reply" if meta.get("streamed") else "reply"
    return f"{kind}: {meta['restored']} placeholder(s) restored, {meta.get('unknown', 0)} unknown left as they are"


def render_response(
    meta: Mapping[str, Any], record: FlowInspection | None, received: bytes, max_flows: int
) -> dict[str, Any]:
    """The response view as data: summary, each changed text before / after, the bodies before / after."""
    view = view_head(reply_summary(meta), meta, record, max_flows)
    if record is None:
        return view
    view["restored"] = [
        {"from provider": block(written), "to client": block(restored)} for written, restored in record.reply_texts
    ]
    provider_text = record.reply_text()
    if provider_text is not None:
        suffix = " (cut: too long to keep)" if record.reply_truncated else ""
        view["reply from provider" + suffix] = pretty_body(provider_text)
    view["reply to client"] = pretty_body(received.decode("utf-8", "replace"))
    return view


def to_yaml(view: Mapping[str, Any]) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1 << 16  # never fold a line of the user's text
    out = io.StringIO()
    yaml.dump(dict(view), out)
    return out.getvalue()


class AnonamooseContentview(Contentview):
    """mitmproxy's content view over the InspectionRegistry the addon fills."""

    def __init__(self, registry: InspectionRegistry) -> None:
        self.registry = registry

    @property
    def name(self) -> str:
        return "Anonamoose"

    @property
    def syntax_highlight(self) -> SyntaxHighlight:
        return "yaml"

    def render_priority(self, data: bytes, metadata: Metadata) -> float:
        flow = metadata.flow
        handled = isinstance(flow, http.HTTPFlow) and META in flow.metadata
        return PRIORITY if handled and metadata.http_message is not None else -1

    def prettify(self, data: bytes, metadata: Metadata) -> str:
        flow = metadata.flow
        if not isinstance(flow, http.HTTPFlow):
            raise ValueError("the Anonamoose view is for HTTP flows")
        meta = flow.metadata.get(META, {})
        record = self.registry.get(flow.id)
        if metadata.http_message is flow.request:
            return to_yaml(render_request(meta, record, data, self.registry.max_flows))
        return to_yaml(render_response(meta, record, data, self.registry.max_flows))


class AnonamooseView:
    """The addon that registers the view (mitmproxy replaces it by name when a script reloads)."""

    def __init__(self, registry: InspectionRegistry) -> None:
        self.view = AnonamooseContentview(registry)

    def load(self, loader: Any) -> None:
        contentviews.add(self.view)
