"""Placeholders: their format and keyed derivation, and restoring them in replies, whole or streamed.

Pure and I/O free: the store is reached only through the `owner` and `lookup` callables passed in.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import NamedTuple, Protocol

Escape = Callable[[str], str]
Lookup = Callable[[list[str]], dict[str, str]]

STYLES: tuple[str, ...] = ("typed", "pua")

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TYPED_CODE_LENGTHS: tuple[int, ...] = tuple(range(5, 14))
PUA_HEX_LENGTHS: tuple[int, ...] = tuple(range(16, 49, 4))
PUA_OPEN, PUA_CLOSE = "\ue000", "\ue001"
LABEL_MAX_LEN = 16

# The longest text a placeholder can occupy once mangled: a JSON-escaped pua one, `\ue000` + 48 hex + `\ue001`.
MAX_PLACEHOLDER_LEN = 6 + PUA_HEX_LENGTHS[-1] + 6

LABELS: dict[str, str] = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CARD",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP",
    "MAC_ADDRESS": "MAC",
    "URL": "URL",
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ADDRESS": "ADDRESS",
    "ORGANIZATION": "ORG",
    "NRP": "NRP",
    "DATE_TIME": "DATE",
    "DATE_OF_BIRTH": "DOB",
    "MEDICAL_RECORD_NUMBER": "MRN",
    "LICENCE_NUMBER": "LICENCE",
    "US_DRIVER_LICENSE": "LICENCE",
    "VIN": "VIN",
    "CRYPTO": "CRYPTO",
    "API_KEY": "SECRET",
    "PRIVATE_KEY": "SECRET",
    "JWT": "SECRET",
    "PASSWORD": "SECRET",
    "SECRET": "SECRET",
    "US_SSN": "SSN",
    "US_ITIN": "ITIN",
    "US_PASSPORT": "PASSPORT",
    "US_BANK_NUMBER": "ACCOUNT",
    "AU_TFN": "TFN",
    "AU_ABN": "ABN",
    "AU_ACN": "ACN",
    "AU_MEDICARE": "MEDICARE",
    "AU_PASSPORT": "PASSPORT",
    "AU_BANK_ACCOUNT": "ACCOUNT",
    "AU_POSTCODE": "POSTCODE",
    "NZ_IRD": "IRD",
    "NZ_NHI": "NHI",
    "NZ_PASSPORT": "PASSPORT",
    "NZ_BANK_ACCOUNT": "ACCOUNT",
    "UK_NHS": "NHS",
    "UK_NINO": "NINO",
    "UK_PASSPORT": "PASSPORT",
    "UK_BANK_ACCOUNT": "ACCOUNT",
    "UK_SORT_CODE": "SORTCODE",
    "UK_POSTCODE": "POSTCODE",
}

# Only these labels are recognised without brackets: an unknown label next to a code is too likely ordinary text.
KNOWN_LABELS: frozenset[str] = frozenset(LABELS.values())

_DIGIT_TYPES = frozenset({"CREDIT_CARD", "PHONE_NUMBER"})
# Secrets are case- and space-sensitive: "Tr0ub4dor&3" and "tr0ub4dor&3" are two passwords, never one.
EXACT_TYPES = frozenset({"API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD", "SECRET"})
_ID_TYPES = frozenset(
    {
        "AU_TFN",
        "AU_ABN",
        "AU_ACN",
        "AU_MEDICARE",
        "UK_NHS",
        "UK_NINO",
        "US_SSN",
        "US_ITIN",
        "NZ_IRD",
        "NZ_NHI",
        "IBAN_CODE",
        "US_BANK_NUMBER",
        "UK_SORT_CODE",
        "US_PASSPORT",
        "AU_PASSPORT",
        "NZ_PASSPORT",
        "UK_PASSPORT",
        "US_DRIVER_LICENSE",
        "LICENCE_NUMBER",
        "MEDICAL_RECORD_NUMBER",
        "VIN",
    }
)


def normalise(entity_type: str, value: str) -> str:
    """The form of `value` that decides whether two detections are the same value."""
    if entity_type in EXACT_TYPES:
        return value
    if entity_type == "EMAIL_ADDRESS":
        return value.strip().casefold()
    if entity_type in _DIGIT_TYPES:
        digits = re.sub(r"[^0-9]", "", value)
        if digits:
            return digits
    elif entity_type in _ID_TYPES:
        alnum = re.sub(r"[^0-9A-Za-z]", "", value).upper()
        if alnum:
            return alnum
    # Also the fallback when an id held no digits at all: never collapse distinct values to "".
    return " ".join(value.split()).casefold()


def legacy_normalise(value: str) -> str:
    """How versions before exact secrets normalised a secret (case-folded): only to erase their rows."""
    return " ".join(value.split()).casefold()


def label_for(entity_type: str) -> str:
    """The short ASCII label of the typed style: `LABELS`, else the type itself sanitised to [A-Z0-9_]."""
    if entity_type in LABELS:
        return LABELS[entity_type]
    sanitised = re.sub(r"[^A-Z0-9]+", "_", entity_type.upper()).strip("_")
    return sanitised[:LABEL_MAX_LEN].rstrip("_") or "PII"


def _crockford(digest: bytes, length: int) -> str:
    bits = int.from_bytes(digest, "big")
    total = len(digest) * 8
    return "".join(CROCKFORD_ALPHABET[(bits >> (total - 5 * (i + 1))) & 31] for i in range(length))


class PlaceholderExhausted(RuntimeError):
    """Every candidate placeholder for a value is owned by another value (practically impossible)."""


class SubkeySource(Protocol):
    def subkey(self, label: str) -> bytes: ...


# The HKDF purpose of the placeholder HMAC's key: never the master key itself, never the vault's keys.
PLACEHOLDER_SUBKEY = "placeholder"


class PlaceholderFactory:
    """Derives placeholders with a keyed HMAC: the same scope, type and value always give the same one."""

    @classmethod
    def for_vault(cls, vault: SubkeySource, style: str = "typed") -> PlaceholderFactory:
        """The factory keyed with the vault's placeholder subkey (HKDF of the master key)."""
        return cls(vault.subkey(PLACEHOLDER_SUBKEY), style)

    def __init__(self, key: bytes, style: str = "typed"):
        if style not in STYLES:
            raise ValueError(f"unknown placeholder style {style!r} (expected one of {', '.join(STYLES)})")
        if not key:
            raise ValueError("the placeholder key must not be empty")
        self._key = key
        self.style = style

    def _digest(self, scope_id: str, entity_type: str, normalised_value: str) -> bytes:
        message = bytearray(b"anonamoose-placeholder-v1")
        # Length-prefixed fields: no two different triples can produce the same message.
        for field in (scope_id, entity_type, normalised_value):
            encoded = field.encode("utf-8", "surrogatepass")
            message += len(encoded).to_bytes(4, "big") + encoded
        return hmac.digest(self._key, message, hashlib.sha256)

    def candidates(self, scope_id: str, entity_type: str, normalised_value: str) -> Iterator[str]:
        """Placeholders to try in order; later ones are longer, for the rare collision."""
        digest = self._digest(scope_id, entity_type, normalised_value)
        if self.style == "pua":
            for length in PUA_HEX_LENGTHS:
                yield f"{PUA_OPEN}{digest.hex()[:length]}{PUA_CLOSE}"
            return
        label = label_for(entity_type)
        for length in TYPED_CODE_LENGTHS:
            yield f"[{label}_{_crockford(digest, length)}]"

    def writes(self, placeholder: str, entity_type: str) -> bool:
        """Whether `placeholder` has the form this factory gives `entity_type` (its style, its label)."""
        if self.style == "pua":
            return placeholder.startswith(PUA_OPEN)
        return placeholder.startswith(f"[{label_for(entity_type)}_")

    def assign(
        self,
        scope_id: str,
        entity_type: str,
        value: str,
        owner: Callable[[str], str | None],
        value_hash: str,
    ) -> str:
        """The first candidate nobody else owns: `owner(placeholder)` is the owning value's hash or None."""
        for candidate in self.candidates(scope_id, entity_type, normalise(entity_type, value)):
            current = owner(candidate)
            if current is None or current == value_hash:
                return candidate
        raise PlaceholderExhausted(f"no free placeholder for a {entity_type} value")


# ---- restoring -------------------------------------------------------------------------------------------

_CODE = "[0-9A-HJKMNP-TV-Z]"
_BARE_LABELS = "|".join(sorted(KNOWN_LABELS, key=lambda label: (-len(label), label)))
# A backslash before `[` or `u` is a markdown/JSON escape only if it is not itself escaped.
_ESC = r"(?:(?<!\\)\\)"
_TYPED = (
    rf"{_ESC}?\[(?P<label>[A-Z0-9](?:[A-Z0-9]|\\?_){{0,{LABEL_MAX_LEN - 1}}})"
    rf"\\?_(?P<code>{_CODE}{{{TYPED_CODE_LENGTHS[0]},{TYPED_CODE_LENGTHS[-1]}}})\\?\]"
)
_PUA = (
    rf"(?:{PUA_OPEN}|{_ESC}uE000)"
    rf"(?P<hex>(?:[0-9A-F]{{4}}){{{PUA_HEX_LENGTHS[0] // 4},{PUA_HEX_LENGTHS[-1] // 4}}})"
    rf"(?:{PUA_CLOSE}|\\uE001)"
)
# After a JSON `\n`, `\r` or `\t` (tool-call arguments) a bare placeholder still starts a word.
_BARE_START = r"(?:(?<![A-Z0-9_])|(?<=\\[NRT]))"
# Without brackets only in upper case: otherwise any word start could begin one, and a stream would hold back
# every such word until its next piece arrived.
_BARE = (
    rf"{_BARE_START}(?-i:(?P<bare_label>{_BARE_LABELS})"
    rf"\\?_(?P<bare_code>{_CODE}{{{TYPED_CODE_LENGTHS[0]},{TYPED_CODE_LENGTHS[-1]}}}))(?![A-Z0-9_])"
)
_FLAGS = re.ASCII | re.IGNORECASE
# Every placeholder starts with `\`, `[`, the PUA opener or a bare label's first (upper-case) letter: a position
# that holds none of them fails at once instead of trying every branch (a 2 KB reply: ~200 us down to ~30 us).
_FIRST_CHARS = re.escape("".join(sorted({"\\", "[", PUA_OPEN, *(label[0] for label in KNOWN_LABELS)})))
PLACEHOLDER_PATTERN = re.compile(f"(?=(?-i:[{_FIRST_CHARS}]))(?:{_TYPED}|{_PUA}|{_BARE})", _FLAGS)

# Texts that could still grow into a placeholder (or change one that ends here) as more arrives.
# Inside `\[`: a label of escaped underscores at worst, `\_`, the longest code, the `\` of `\]`.
_TYPED_INNER_MAX = 1 + 2 * (LABEL_MAX_LEN - 1) + 2 + TYPED_CODE_LENGTHS[-1] + 1
_LABEL_PREFIXES = "|".join(sorted({label[:n] for label in KNOWN_LABELS for n in range(1, len(label))}))
_PARTIAL_PATTERN = re.compile(
    "|".join(
        (
            rf"\\?(?:\[[A-Z0-9_\\]{{0,{_TYPED_INNER_MAX}}})?",
            rf"(?:{PUA_OPEN}|\\uE000)[0-9A-F]{{0,{PUA_HEX_LENGTHS[-1]}}}(?:\\[UE01]{{0,5}})?",
            r"\\(?:U(?:E(?:0(?:0(?:0)?)?)?)?)?",
            rf"{_BARE_START}(?-i:{_LABEL_PREFIXES}|(?:{_BARE_LABELS})(?:\\|\\?_{_CODE}{{0,{TYPED_CODE_LENGTHS[-1]}}})?)",
        )
    ),
    _FLAGS,
)
_BACKSLASH = "\\"
# The lookbehinds above read at most two characters before a placeholder.
_CONTEXT_LEN = 2


def canonical(match: re.Match[str]) -> str:
    """The placeholder a (possibly mangled) match stands for, as the factory wrote it."""
    if match["hex"] is not None:
        return f"{PUA_OPEN}{match['hex'].lower()}{PUA_CLOSE}"
    label = match["label"] if match["label"] is not None else match["bare_label"]
    code = match["code"] if match["code"] is not None else match["bare_code"]
    return f"[{label.replace(_BACKSLASH, '').upper()}_{code.upper()}]"


def _name(match: re.Match[str]) -> str:
    """`canonical(match)`, without rebuilding it when the match is already written as the factory writes it."""
    text = match.group()
    # `[LABEL_CODE]` in upper case with no escape is its own canonical form (the usual case in a reply).
    if text[0] == "[" and text[-1] == "]" and _BACKSLASH not in text and text.isupper():
        return text
    return canonical(match)


def placeholders_in(text: str) -> set[str]:
    """The placeholders a text holds, as the factory wrote them (bare `LABEL_CODE` words included)."""
    return {canonical(match) for match in PLACEHOLDER_PATTERN.finditer(text)}


class RestoreResult(NamedTuple):
    text: str
    restored: int
    unknown: int


class Restorer:
    """Puts original values back for the placeholders in a text: one regex pass, one `lookup` batch."""

    def __init__(self, lookup: Lookup):
        self._lookup = lookup
        # Every placeholder this restorer put a value back for, and how often: the flow log counts them by type.
        self.restored_placeholders: Counter[str] = Counter()

    def restore(self, text: str, escape: Escape | None = None) -> RestoreResult:
        """`text` with every known placeholder replaced by its value (passed through `escape` if given)."""
        return self.rewrite(text, 0, len(text), list(PLACEHOLDER_PATTERN.finditer(text)), escape)

    def rewrite(
        self, text: str, start: int, end: int, matches: list[re.Match[str]], escape: Escape | None
    ) -> RestoreResult:
        """`text[start:end]` with `matches` (which lie inside it) restored; for the stream restorer."""
        if not matches:
            return RestoreResult(text[start:end], 0, 0)
        names = [_name(m) for m in matches]  # once a match: the lookup, the values and the counts use it
        known = self._lookup(list(dict.fromkeys(names)))
        pieces: list[str] = []
        restored = unknown = 0
        position = start
        for match, name in zip(matches, names, strict=True):
            pieces.append(text[position : match.start()])
            value = known.get(name)
            if value is None:
                pieces.append(match.group())
                # A bare `LABEL_CODE` nobody knows is most likely an ordinary identifier, not an invented one.
                unknown += match["bare_label"] is None
            else:
                pieces.append(escape(value) if escape else value)
                restored += 1
                self.restored_placeholders[name] += 1
            position = match.end()
        pieces.append(text[position:end])
        return RestoreResult("".join(pieces), restored, unknown)


class StreamRestorer:
    """Restores text that arrives in pieces, holding back only a tail that could still become a placeholder.

    The joined output of `feed` calls and the final `flush` equals `Restorer.restore` of the whole text.
    """

    def __init__(self, restorer: Restorer, escape: Escape | None = None):
        self._restorer = restorer
        self._escape = escape
        self._buffer = ""  # already-emitted context (for lookbehinds), then the pending text
        self._pending_from = 0
        self.restored = 0
        self.unknown = 0

    @property
    def pending(self) -> str:
        """The text held back, waiting to see whether it completes a placeholder."""
        return self._buffer[self._pending_from :]

    def feed(self, chunk: str) -> str:
        """The restored text that can be released now that `chunk` has arrived."""
        if not chunk:
            return ""
        self._buffer += chunk
        return self._release(final=False)

    def flush(self) -> str:
        """Everything still held, restored as the end of the text."""
        return self._release(final=True)

    def _release(self, final: bool) -> str:
        buffer, start = self._buffer, self._pending_from
        hold = len(buffer) if final else _first_partial(buffer, start)
        matches: list[re.Match[str]] = []
        for match in PLACEHOLDER_PATTERN.finditer(buffer, start):
            if match.start() >= hold:
                break
            matches.append(match)
            if match.end() > hold:
                # A complete placeholder swallowed the partial-looking tail: look again after it.
                hold = _first_partial(buffer, match.end())
        result = self._restorer.rewrite(buffer, start, hold, matches, self._escape)
        self.restored += result.restored
        self.unknown += result.unknown
        keep_from = max(0, hold - _CONTEXT_LEN)
        self._buffer, self._pending_from = buffer[keep_from:], hold - keep_from
        return result.text


def _first_partial(text: str, start: int) -> int:
    """The first position from `start` where the rest of `text` could still grow into a placeholder."""
    for position in range(max(start, len(text) - MAX_PLACEHOLDER_LEN), len(text)):
        if _PARTIAL_PATTERN.fullmatch(text, position):
            return position
    return len(text)
