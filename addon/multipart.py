"""multipart bodies (form-data uploads, Gemini's multipart/related): split into parts, put back byte for byte.

Only part bodies change; the preamble, every delimiter, every part's headers and the epilogue are kept as sent,
so the boundary stays the same and the body differs only where a value was redacted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mitmproxy.net.http.headers import parse_content_type

DISPOSITION_PARAM = re.compile(r';\s*([A-Za-z*]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


class MalformedMultipart(ValueError):
    """The body does not split into parts with the boundary its content-type names."""


@dataclass
class Part:
    """One part: its headers (names lower-cased) and where its body lies in the whole."""

    headers: dict[str, str]
    start: int
    end: int
    framing: bool = False  # the preamble or epilogue around the parts: servers ignore it, but it leaves too

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def filename(self) -> str | None:
        params = dict(
            (name.lower(), value.strip().strip('"'))
            for name, value in DISPOSITION_PARAM.findall(self.headers.get("content-disposition", ""))
        )
        return params.get("filename") or params.get("filename*")

    @property
    def encoded(self) -> bool:
        """A transfer encoding (base64, quoted-printable) hides the bytes from a text scan."""
        coding = self.headers.get("content-transfer-encoding", "").strip().lower()
        return coding not in ("", "7bit", "8bit", "binary")


@dataclass
class Multipart:
    body: bytes
    boundary: bytes
    parts: list[Part] = field(default_factory=list)

    def part_body(self, part: Part) -> bytes:
        return self.body[part.start : part.end]

    def rebuild(self, new_bodies: dict[int, bytes]) -> bytes:
        """The whole body with part i's body replaced by new_bodies[i]; the result must split the same way."""
        pieces, cursor = [], 0
        for index, part in enumerate(self.parts):
            if index in new_bodies:
                pieces += [self.body[cursor : part.start], new_bodies[index]]
                cursor = part.end
        pieces.append(self.body[cursor:])
        rebuilt = b"".join(pieces)
        if len(parse(rebuilt, self.boundary).parts) != len(self.parts):
            raise MalformedMultipart("a redacted part would contain the boundary")
        return rebuilt


def boundary_of(content_type: str) -> bytes:
    """The boundary parameter, case kept; MalformedMultipart when missing."""
    parsed = parse_content_type(content_type)
    boundary = next((v for k, v in (parsed[2] if parsed else {}).items() if k.lower() == "boundary"), "")
    boundary = boundary.strip().strip('"')
    if not boundary or len(boundary) > 200:
        raise MalformedMultipart("the content-type has no usable boundary")
    return boundary.encode("latin-1")


def _headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.decode("latin-1").splitlines():
        name, sep, value = line.partition(":")
        if not sep:
            raise MalformedMultipart("a part header line has no colon")
        headers[name.strip().lower()] = value.strip()
    return headers


def _head_end(body: bytes, start: int, end: int) -> tuple[int, int]:
    """(where the part's headers end, where its body starts): the first blank line, CRLF or bare LF."""
    for blank in (b"\r\n", b"\n"):
        if body.startswith(blank, start):  # no headers at all
            return start, start + len(blank)
    found = [(at, at + len(gap)) for gap in (b"\r\n\r\n", b"\n\n") if (at := body.find(gap, start, end)) >= 0]
    if not found:
        raise MalformedMultipart("a part has no blank line after its headers")
    return min(found)


def parse(body: bytes, boundary: bytes) -> Multipart:
    """Split `body` at `--boundary` lines (CRLF or bare LF); MalformedMultipart when it does not close."""
    delimiter = b"--" + boundary
    result = Multipart(body, boundary)
    position = 0 if body.startswith(delimiter) else body.find(b"\n" + delimiter) + 1
    if position == 0 and not body.startswith(delimiter):
        raise MalformedMultipart("the body does not start a part with its boundary")
    if body[:position].strip():  # its line break belongs to the delimiter that follows
        end = position - 1 - (body[position - 2 : position - 1] == b"\r")
        result.parts.append(Part({"content-type": "text/plain"}, 0, end, framing=True))
    position += len(delimiter)
    while not body.startswith(b"--", position):
        line_end = body.find(b"\n", position)
        if line_end < 0 or body[position:line_end].strip():
            raise MalformedMultipart("a boundary line is not followed by a line break")
        start = line_end + 1
        next_delimiter = body.find(b"\n" + delimiter, start)
        if next_delimiter < 0:
            raise MalformedMultipart("the last part is not closed by the boundary")
        end = next_delimiter - 1 if body[next_delimiter - 1 : next_delimiter] == b"\r" else next_delimiter
        head_end, body_start = _head_end(body, start, end)
        headers = _headers(body[start:head_end]) if head_end > start else {}
        result.parts.append(Part(headers, body_start, end))
        position = next_delimiter + 1 + len(delimiter)
    if body[position + 2 :].strip():
        result.parts.append(Part({"content-type": "text/plain"}, position + 2, len(body), framing=True))
    return result
