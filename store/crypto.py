"""The store's key (env, or a 0600 file in the confdir) and the Vault that encrypts and keyed-hashes."""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
KEY_FILENAME = "anonamoose.key"
NONCE_BYTES = 12
TAG_BYTES = 16
DEFAULT_CONFDIR = "./certs"


class DecryptionError(ValueError):
    """A ciphertext failed authentication: wrong key, wrong context, or tampered with."""


class KeyFileExposed(ValueError):
    """The key file can be read (or written) by its group or by others: the store refuses to start on it."""


def check_key_file_private(path: Path) -> None:
    """KeyFileExposed, with the command that fixes it, when `path` grants any permission to group or others."""
    if os.name != "posix":
        return  # Windows modes do not say who else may read the file
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileExposed(
            f"key file {path} is readable by group or others (mode {mode:04o}): anyone who can read it can decrypt "
            f"every stored value; run `chmod 600 {path}` and start again"
        )


def default_confdir() -> Path:
    """$ANONAMOOSE_CONFDIR, else ./certs."""
    return Path(os.environ.get("ANONAMOOSE_CONFDIR") or DEFAULT_CONFDIR)


def parse_key(text: str, source: str) -> bytes:
    """Decode a key written as hex (64 digits) or base64 of 32 bytes; ValueError naming `source` otherwise."""
    text = text.strip()
    key: bytes | None = None
    if len(text) == 2 * KEY_BYTES:
        with contextlib.suppress(ValueError):
            key = bytes.fromhex(text)
    if key is None:
        padded = text + "=" * (-len(text) % 4)
        with contextlib.suppress(binascii.Error, ValueError):
            altchars = b"-_" if ("-" in text or "_" in text) else None
            key = base64.b64decode(padded, altchars=altchars, validate=True)
    if key is None or len(key) != KEY_BYTES:
        raise ValueError(
            f"{source} is not a valid key: expected {KEY_BYTES} bytes written as base64 or as "
            f"{2 * KEY_BYTES} hex digits"
        )
    return key


def _write_new_key_file(path: Path) -> None:
    """Create `path` holding a fresh key, mode 0600, never replacing an existing file.

    The key is written to a private temporary file and hard-linked into place, so another process never
    reads a half-written key; the link fails if the file appeared meanwhile.
    """
    encoded = base64.b64encode(os.urandom(KEY_BYTES)) + b"\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(encoded)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load_or_create_key(confdir: Path) -> bytes:
    """The store key: $ANONAMOOSE_KEY (base64 or hex of 32 bytes) if set, else confdir/anonamoose.key.

    The key file is created (32 random bytes, base64, mode 0600) on first use; an existing one open to group
    or others is refused (KeyFileExposed).
    """
    env_key = os.environ.get("ANONAMOOSE_KEY")
    if env_key:
        return parse_key(env_key, "ANONAMOOSE_KEY")
    path = Path(confdir) / KEY_FILENAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_new_key_file(path)
    check_key_file_private(path)
    return parse_key(path.read_text(encoding="ascii", errors="replace"), f"key file {path}")


class Vault:
    """Encrypts values (AES-GCM, context as associated data) and computes keyed hashes, all from one key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"a Vault key must be {KEY_BYTES} bytes, not {len(key)}")
        self._key = key
        self._subkeys: dict[str, bytes] = {}
        self._aead = AESGCM(self.subkey("encrypt"))

    def subkey(self, label: str) -> bytes:
        """A 32-byte key derived (HKDF-SHA256) for one purpose, so uses of the master key never overlap."""
        cached = self._subkeys.get(label)
        if cached is None:
            cached = HKDF(
                algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"anonamoose/" + label.encode()
            ).derive(self._key)
            self._subkeys[label] = cached
        return cached

    def encrypt(self, text: str, context: bytes = b"") -> bytes:
        """Nonce (12 random bytes) + AES-GCM ciphertext and tag; `context` must be given again to decrypt."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, text.encode("utf-8"), context)

    def decrypt(self, blob: bytes, context: bytes = b"") -> str:
        """The text `encrypt` was given; DecryptionError if the blob or context do not match."""
        blob = bytes(blob)
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("ciphertext is too short to be one of ours")
        try:
            plain = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context)
        except InvalidTag as e:
            raise DecryptionError("ciphertext failed authentication: wrong key or context, or altered") from e
        return plain.decode("utf-8")

    def keyed_hash(self, label: str, *parts: str) -> str:
        """HMAC-SHA256 hex of `parts` under the subkey for `label`; different labels never collide."""
        key = self._subkeys.get("hash/" + label) or self.subkey("hash/" + label)
        message = bytearray()
        for part in parts:
            encoded = part.encode("utf-8")
            # Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
            message += len(encoded).to_bytes(8, "big")
            message += encoded
        # One-shot: hmac.new's Python object cost more than the hash on every request's dozens of values.
        return hmac.digest(key, message, hashlib.sha256).hex()
