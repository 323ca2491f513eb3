"""Default-deny walking: every string of a request body is text to scan unless an adapter's rules exempt it.

An exemption names a key (or a key inside a named holder) and a shape the value must have there: a token
(model names, roles, `type` discriminators, enum-like values), an id in the provider's id format, or an opaque
base64 string (signatures, `encrypted_content`). A value at an exempt key that does not have that shape (an
email under `model`, a sentence under an `*_id` key) is scanned like any other string. Base64 binary parts
(images, audio, PDF) are not text: they are counted as attachments by kind, never scanned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from addon.providers.slot import KeySlot, Slot

# what no token, id or opaque string ever holds: an address sign, whitespace, a long digit run, a vendor key prefix
SIGNS_OF_A_VALUE = re.compile(
    r"[@\s]|\d{9}|^(?:sk-|sk_|rk_|pk_|ghp_|gho_|ghs_|github_pat_|glpat-|xox[abpr]-|AKIA|AIza)"
)
# enum-like values and names: short, no spaces; a 20-character run of letters and digits is a key, not a word
TOKEN_MAX = 128
TOKEN = re.compile(r"[A-Za-z0-9$][\w.:/+#$-]{0,127}")
RANDOM_RUN = re.compile(r"[A-Za-z0-9]{20,}")
BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
BASE64_LINES = re.compile(r"[A-Za-z0-9+/_\-\r\n]+={0,2}")
DATA_URI = re.compile(r"data:([\w.+/-]*)((?:;[\w.+-]+=[^;,]*)*);base64,", re.IGNORECASE)
# a base64 string this long is binary, whatever digit runs it holds by chance
LONG_BLOB = 1024
SHORT_BLOB = 16

# keys whose base64 string is a binary payload; its kind comes from a sibling MIME key or the holder
BINARY_KEYS = frozenset({"data", "file_data", "b64_json", "image_data", "audio_data", "result"})
MIME_KEYS = ("media_type", "mime_type", "mimeType", "format")
# words in a holder's type or key that say its base64 is binary
BINARY_HINTS = ("base64", "b64", "image", "audio", "video", "file", "inline", "document")


def is_token(value: str) -> bool:
    """An enum value, model name, role or tool name: one short word with no sign of a personal value."""
    return len(value) <= TOKEN_MAX and _token_shaped(value)


@lru_cache(maxsize=4096)  # roles, types and model names repeat in every message of every request
def _token_shaped(value: str) -> bool:
    return (
        TOKEN.fullmatch(value) is not None
        and SIGNS_OF_A_VALUE.search(value) is None
        and RANDOM_RUN.search(value) is None
    )


def is_valued_key(key: Any) -> bool:
    """An object key that shows a sign of a personal value rather than a field name."""
    if not isinstance(key, str):
        return False
    return _valued_key(key) if len(key) <= TOKEN_MAX else SIGNS_OF_A_VALUE.search(key) is not None


@lru_cache(maxsize=4096)  # field names repeat in every request; only short keys are kept
def _valued_key(key: str) -> bool:
    return SIGNS_OF_A_VALUE.search(key) is not None


def is_opaque(value: str) -> bool:
    """A signature or encrypted blob: base64 only, nothing a detector could find in it."""
    if BASE64.fullmatch(value) is None:
        return False
    return len(value) >= LONG_BLOB or SIGNS_OF_A_VALUE.search(value) is None


def is_binary(value: str, min_length: int = SHORT_BLOB) -> bool:
    """Base64 (line breaks allowed) long enough to be a file, not a word that happens to be base64."""
    if len(value) < min_length or BASE64_LINES.fullmatch(value) is None:
        return False
    return len(value) >= LONG_BLOB or SIGNS_OF_A_VALUE.search(value.replace("\r", "").replace("\n", "")) is None


def kind_of_mime(mime: str) -> str:
    """An attachment's kind from its MIME type (or a bare format such as `wav`)."""
    mime = mime.lower()
    top = mime.partition("/")[0]
    if top in ("image", "audio", "video"):
        return top
    if "pdf" in mime:
        return "pdf"
    if mime in ("wav", "mp3", "flac", "opus", "pcm16", "aac", "ogg"):
        return "audio"
    return "file"


def attachment_kind(key: str | None, value: str, holder: dict | None, where: str | None) -> str | None:
    """The kind of a base64 binary part (data: URI anywhere, base64 at a binary key), else None."""
    if value[0] in "dD" and value[:5].lower() == "data:":
        match = DATA_URI.match(value)
        if match is None or not is_binary(value[match.end() :], 1):
            return None
        return kind_of_mime(match.group(1) or "file")
    if key not in BINARY_KEYS:
        # a long base64 blob is binary under any key (Ollama's `images`, a vendor's own field)
        return _kind_by_hint(key, holder, where) if len(value) >= LONG_BLOB and is_binary(value) else None
    holder = holder or {}
    if holder.get("type") == "text":  # a plain-text document source is text, whatever it looks like
        return None
    mime = next((m for m in (holder.get(k) for k in MIME_KEYS) if isinstance(m, str)), None)
    # a part that says it is binary (a MIME type, a binary part type or holder) may be short
    hint = _hint(key, holder, where)
    declared = mime is not None or any(word in hint for word in BINARY_HINTS)
    if not is_binary(value, 4 if declared else SHORT_BLOB):
        return None
    if mime is not None:
        return kind_of_mime(mime)
    return _kind_by_hint(key, holder, where)


def _hint(key: str | None, holder: dict | None, where: str | None) -> str:
    kind = holder.get("type") if holder else None
    return f"{key or ''} {where or ''} {kind if isinstance(kind, str) else ''}".lower()


def _kind_by_hint(key: str | None, holder: dict | None, where: str | None) -> str:
    hint = _hint(key, holder, where)
    return next((kind for kind in ("image", "audio", "video") if kind in hint), "file")


@dataclass(frozen=True)
class Rules:
    """One adapter's exemptions: the short list of positions whose strings are structural, not text.

    `holder` is the object holding the key; `where` the key under which that object sits (lists are
    transparent), so `("function", "name")` exempts a function's name but not a chat message's `name`.
    """

    tokens: frozenset[str] = frozenset()  # enum-like keys anywhere: exempt when token-shaped
    scoped_tokens: frozenset[tuple[str, str]] = frozenset()  # (where, key): exempt when token-shaped
    kind_tokens: frozenset[tuple[str, str]] = frozenset()  # (holder's type, key): exempt when token-shaped
    id_keys: frozenset[str] = frozenset()  # keys holding ids: exempt when they match `id_format`
    id_suffixes: tuple[str, ...] = ()  # keys ending so hold ids too (the generic walk's `*_id`, `*Id`)
    id_format: re.Pattern[str] = re.compile(r"(?!)")
    opaque: frozenset[str] = frozenset()  # signed or encrypted strings: exempt when base64-shaped
    kind_opaque: frozenset[tuple[str, str]] = frozenset()  # (holder's type, key): exempt when base64-shaped
    json_keys: frozenset[str] = frozenset()  # strings holding JSON: scanned JSON-aware
    # every key some rule names: any other key is not exempt, without a closer look
    _keys: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        keys = self.tokens | self.id_keys | self.opaque
        keys |= {key for _, key in self.scoped_tokens | self.kind_tokens | self.kind_opaque}
        object.__setattr__(self, "_keys", frozenset(keys))

    def exempt(self, key: str | None, value: str, holder: dict | None, where: str | None) -> bool:
        if key is None or (key not in self._keys and not (self.id_suffixes and key.endswith(self.id_suffixes))):
            return False
        kind = holder.get("type") if holder is not None else None
        kind = kind if isinstance(kind, str) else None  # a JSON schema's `type` may be a list
        if key in self.tokens or (where, key) in self.scoped_tokens or (kind, key) in self.kind_tokens:
            return is_token(value)
        if key in self.id_keys or (self.id_suffixes and key.endswith(self.id_suffixes)):
            return self.id_format.fullmatch(value) is not None and SIGNS_OF_A_VALUE.search(value) is None
        if key in self.opaque or (kind, key) in self.kind_opaque:
            return is_opaque(value)
        return False


# a frame: the (key, value) pairs still to visit, their container, the key list items are judged by, the
# object holding them and the key that object sits under
_Frame = tuple[Iterator[tuple[Any, Any]], Any, str | None, dict | None, str | None]


def walk(node: Any, rules: Rules, attachments: Counter[str] | None = None) -> Iterator[Slot]:
    """Every string under `node` that `rules` does not exempt, in document order; binary parts are counted."""
    # an explicit stack: a hostile, deeply nested body must not hit the recursion limit
    stack: list[_Frame] = [(_pairs(node), node, None, node if isinstance(node, dict) else None, None)]
    while stack:
        pairs, parent, list_key, holder, where = stack[-1]
        in_dict = parent is holder
        for key, value in pairs:
            name = key if in_dict else list_key
            # a key is a name, but one that looks like a value (an email, a card number) is scanned and renamed
            key_slot = [KeySlot(parent, key)] if in_dict and is_valued_key(key) else []
            if isinstance(value, str):
                slot = _string_slot(parent, key, name, value, rules, holder, where, attachments)
                if slot is not None:
                    yield slot
                yield from key_slot  # after the value's slot: renaming the key first would orphan it
            elif isinstance(value, dict):
                yield from key_slot
                stack.append((_pairs(value), value, None, value, name))
                break
            elif isinstance(value, list):
                yield from key_slot
                stack.append((_pairs(value), value, name, holder, where))
                break
            else:
                yield from key_slot
        else:
            stack.pop()


def _string_slot(
    parent: Any,
    key: Any,
    name: str | None,
    value: str,
    rules: Rules,
    holder: dict | None,
    where: str | None,
    attachments: Counter[str] | None,
) -> Slot | None:
    """The slot of one string, or None when it is empty, exempt, or a binary part (then counted)."""
    if not value:
        return None
    # cheap guards first: most strings are prose under a key no rule names
    if value[0] in "dD" or len(value) >= LONG_BLOB or name in BINARY_KEYS:
        kind = attachment_kind(name, value, holder, where)
        if kind is not None:
            if attachments is not None:
                attachments[kind] += 1
            return None
    if rules.exempt(name, value, holder, where):
        return None
    return Slot(parent, key, name in rules.json_keys)


def attachments_of(node: Any, rules: Rules) -> Counter[str]:
    """The unscanned binary parts under `node`, by kind."""
    found: Counter[str] = Counter()
    for _ in walk(node, rules, found):
        pass
    return found


def _pairs(node: Any) -> Iterator[tuple[Any, Any]]:
    # a snapshot: a slot set while walking must not disturb the iteration
    if isinstance(node, dict):
        return iter(list(node.items()))
    if isinstance(node, list):
        return iter(list(enumerate(node)))
    return iter(())


# shared by every adapter: keys that are enum-like or names of things, never prose
COMMON_TOKENS = frozenset(
    {
        "model",
        "role",
        "type",
        "object",
        "format",
        "mime_type",
        "mimeType",
        "media_type",
        "detail",
        "status",
        "finish_reason",
        "stop_reason",
        "reasoning_effort",
        "effort",
        "service_tier",
        "verbosity",
        "modalities",
        "voice",
        "encoding_format",
        "truncation",
        "include",
        "input_type",
        "embedding_types",
        "quality",
        "size",
        "language",
        "tool_choice",
        "mode",
        "ttl",
        "strict",
        "$schema",
        "$ref",
    }
)
COMMON_OPAQUE = frozenset({"signature", "encrypted_content", "thoughtSignature", "thought_signature"})
