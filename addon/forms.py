"""`application/x-www-form-urlencoded` bodies and URL query strings: values are scanned, keys never are.

A pair whose value is unchanged goes back exactly as it was written; a redacted value is re-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote_plus, unquote_plus

# Query parameters that steer the API rather than carry text: versions, formats, paging, and `key`, the
# Gemini credential the scope is derived from (the provider needs it as sent).
STRUCTURAL_QUERY_KEYS = frozenset(
    {
        "api-version",
        "alt",
        "key",
        "$alt",
        "prettyPrint",
        "uploadType",
        "upload_id",
        "upload_protocol",
        "pageSize",
        "pageToken",
        "limit",
        "order",
        "after",
        "before",
        "purpose",
        "beta",
        "stream",
    }
)


class MalformedForm(ValueError):
    """A value whose percent-escapes do not decode as UTF-8."""


@dataclass
class FormValues:
    """The pairs of a form body or query string, with the decoded values a scan may change."""

    pairs: list[tuple[str, str, str]]  # (raw key, separator, raw value) as written
    values: list[str]  # decoded values, changed in place by the scan
    scanned: list[int] = field(default_factory=list)  # indexes of the values to scan

    def encode(self) -> str:
        """The form with only the changed values re-encoded."""
        out = []
        for (key, sep, raw), value in zip(self.pairs, self.values, strict=True):
            out.append(f"{key}{sep}{raw}" if value == _decode(raw) else f"{key}={quote_plus(value, safe='')}")
        return "&".join(out)

    @property
    def changed(self) -> bool:
        return any(value != _decode(raw) for (_, _, raw), value in zip(self.pairs, self.values, strict=True))


def _decode(raw: str) -> str:
    return unquote_plus(raw, errors="strict")


def parse_form(text: str, structural: frozenset[str] = frozenset()) -> FormValues:
    """Split `a=1&b=2`; every value is scanned except those whose key is in `structural`."""
    pairs: list[tuple[str, str, str]] = []
    values: list[str] = []
    scanned: list[int] = []
    for index, pair in enumerate(text.split("&") if text else []):
        key, sep, raw = pair.partition("=")
        try:
            value = _decode(raw)
            name = _decode(key)
        except UnicodeDecodeError as exc:
            raise MalformedForm(f"a form value does not decode as UTF-8: {exc.reason}") from exc
        pairs.append((key, sep, raw))
        values.append(value)
        if value and name not in structural:
            scanned.append(index)
    return FormValues(pairs, values, scanned)


def split_query(path: str) -> tuple[str, str]:
    """('/v1/x', 'a=1') for '/v1/x?a=1'; the query is '' when absent."""
    base, _, query = path.partition("?")
    return base, query


def parse_query(path: str) -> FormValues:
    """The query string of a request path, with structural parameters left out of the scan."""
    return parse_form(split_query(path)[1], STRUCTURAL_QUERY_KEYS)
