"""Bodies that are not one provider JSON document: uploads, forms, text, JSON Lines and binary attachments.

`plan_body` turns a body into a ScanPlan: the strings to redact (as slots, so the pipeline redacts them with
everything else of the request) and how to put the body back together afterwards. Binary content that no
detector can read is counted in `attachments` by kind, for the attachments policy to pass (marked) or refuse.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from addon import multipart
from addon.forms import FormValues, parse_form
from addon.providers.base import Slot
from addon.providers.generic import Generic
from addon.sniff import attachment_kind, body_kind, json_document

MAX_NESTING = 3  # multipart inside multipart: deeper is refused, not guessed at


class Unscannable(ValueError):
    """A body that claims a shape (text, JSON, multipart, form) its bytes do not have."""


class UnsupportedBody(ValueError):
    """A well-formed body in a format no detector reads (gRPC's protobuf): HTTP's 415."""


@dataclass
class ScanPlan:
    """The strings of one body to redact, and the body rebuilt from them (None when nothing changed)."""

    slots: list[Slot] = field(default_factory=list)
    rebuild: Callable[[], bytes | None] = lambda: None
    attachments: Counter[str] = field(default_factory=Counter)


def _changed(slots: list[Slot]) -> Callable[[], bool]:
    originals = [slot.get() for slot in slots]
    return lambda: any(slot.get() != original for slot, original in zip(slots, originals, strict=True))


def _compact(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def json_plan(document: Any) -> ScanPlan:
    """A JSON document outside any provider's API (an uploaded file, a form part): the generic walk."""
    holder = [document]
    slots = list(Generic().request_slots(document)) if isinstance(document, dict | list) else []
    if isinstance(document, str):  # a JSON string is text too
        slots = [Slot(holder, 0)]
    changed = _changed(slots)
    return ScanPlan(slots, lambda: _compact(holder[0]) if changed() else None)


def json_lines_plan(lines: list[str]) -> ScanPlan | None:
    """JSON Lines (a batch file): each line walked as its own document; None when a line is not JSON."""
    documents: dict[int, Any] = {}
    for index, line in enumerate(lines):
        if line.strip():
            document = json_document(line)
            if document is None:
                return None
            documents[index] = document
    if not documents:
        return None
    plans = {index: json_plan(document) for index, document in documents.items()}

    def rebuild() -> bytes | None:
        new = {index: plan.rebuild() for index, plan in plans.items()}
        if not any(new.values()):
            return None
        out = [
            new_line.decode() + ("\r" if line.endswith("\r") else "") if (new_line := new.get(i)) else line
            for i, line in enumerate(lines)
        ]
        return "\n".join(out).encode()

    return ScanPlan([slot for plan in plans.values() for slot in plan.slots], rebuild)


def text_plan(data: bytes) -> ScanPlan:
    """UTF-8 text: a JSON document or JSON Lines are walked as JSON, anything else is scanned as one text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unscannable("a text body that is not UTF-8") from exc
    document = json_document(text)
    if document is not None:
        return json_plan(document)
    lines = text.split("\n")
    if len(lines) > 1:
        plan = json_lines_plan(lines)
        if plan is not None:
            return plan
    holder = {"text": text}
    slot = Slot(holder, "text")
    return ScanPlan([slot], lambda: holder["text"].encode() if holder["text"] != text else None)


def form_plan(data: bytes) -> ScanPlan:
    try:
        form = parse_form(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise Unscannable("a form body that is not UTF-8") from exc
    return values_plan(form)


def values_plan(form: FormValues) -> ScanPlan:
    """Form or query values; a value holding JSON is walked as JSON."""
    # only objects and arrays: a bare number parses as JSON too, and a phone number must still be scanned
    slots = [Slot(form.values, i, json_encoded=form.values[i].lstrip()[:1] in ("{", "[")) for i in form.scanned]
    return ScanPlan(slots, lambda: form.encode().encode() if form.changed else None)


def multipart_plan(content_type: str, data: bytes, depth: int) -> ScanPlan:
    """Every part planned by what it holds; the body rebuilt with the same boundary and part headers."""
    if depth >= MAX_NESTING:
        raise Unscannable("multipart nested too deeply")
    whole = multipart.parse(data, multipart.boundary_of(content_type))
    plans: list[tuple[int, ScanPlan]] = []
    for index, part in enumerate(whole.parts):
        body = whole.part_body(part)
        if part.encoded:
            plans.append((index, _attachment(part.content_type, part.filename)))
        else:
            plans.append((index, plan_body(part.content_type, body, depth + 1, part.filename)))
    attachments: Counter[str] = Counter()
    for _, plan in plans:
        attachments.update(plan.attachments)

    def rebuild() -> bytes | None:
        new = {index: body for index, plan in plans if (body := plan.rebuild()) is not None}
        return whole.rebuild(new) if new else None

    return ScanPlan([slot for _, plan in plans for slot in plan.slots], rebuild, attachments)


def _attachment(content_type: str, filename: str | None) -> ScanPlan:
    return ScanPlan(attachments=Counter({attachment_kind(content_type, filename): 1}))


def plan_body(content_type: str, data: bytes, depth: int = 0, filename: str | None = None) -> ScanPlan:
    """The plan for a body (or an upload part) by what it holds; JSON here gets the generic walk.

    Unscannable (or another ValueError) when the bytes are not what the label says.
    """
    kind = body_kind(content_type, data)
    if kind == "empty":
        return ScanPlan()
    if kind == "multipart":
        return multipart_plan(content_type, data, depth)
    if kind == "form":
        return form_plan(data)
    if kind == "grpc":
        raise UnsupportedBody("gRPC bodies (protobuf) cannot be scanned")
    if kind == "json":
        try:
            return json_plan(json.loads(data))
        except (ValueError, UnicodeDecodeError) as exc:
            raise Unscannable(f"the JSON body does not parse: {exc}") from exc
    if kind == "text":
        return text_plan(data)
    return _attachment(content_type, filename)
