"""The key (file 0600 or ANONAMOOSE_KEY) and the Vault: AES-GCM with context, keyed hashes per label."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from store.crypto import (
    KEY_FILENAME,
    DecryptionError,
    KeyFileExposed,
    Vault,
    default_confdir,
    load_or_create_key,
)

KEY = bytes(range(32))


def test_key_file_created_0600_and_reused(tmp_path: Path) -> None:
    confdir = tmp_path / "certs"
    key = load_or_create_key(confdir)
    path = confdir / KEY_FILENAME
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert base64.b64decode(path.read_text()) == key
    assert load_or_create_key(confdir) == key
    assert [p.name for p in confdir.iterdir()] == [KEY_FILENAME]  # no temporary file left behind


def test_existing_key_file_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / KEY_FILENAME).write_text(KEY.hex() + "\n")
    (tmp_path / KEY_FILENAME).chmod(0o600)
    assert load_or_create_key(tmp_path) == KEY
    assert (tmp_path / KEY_FILENAME).read_text() == KEY.hex() + "\n"


def test_two_confdirs_get_different_keys(tmp_path: Path) -> None:
    assert load_or_create_key(tmp_path / "a") != load_or_create_key(tmp_path / "b")


@pytest.mark.parametrize(
    "written",
    [
        base64.b64encode(KEY).decode(),
        base64.b64encode(KEY).decode().rstrip("="),
        base64.urlsafe_b64encode(KEY).decode(),
        KEY.hex(),
        KEY.hex().upper(),
        f"  {KEY.hex()}\n",
    ],
)
def test_env_key_wins_in_base64_or_hex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str) -> None:
    monkeypatch.setenv("ANONAMOOSE_KEY", written)
    assert load_or_create_key(tmp_path) == KEY
    assert not (tmp_path / KEY_FILENAME).exists()


@pytest.mark.parametrize(
    "written",
    [
        "not a key",
        base64.b64encode(KEY[:16]).decode(),  # too short
        base64.b64encode(KEY + b"x").decode(),  # too long
        "zz" * 32,  # 64 characters, not hex, not base64 of 32 bytes
        KEY.hex()[:-1],
    ],
)
def test_malformed_env_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str) -> None:
    monkeypatch.setenv("ANONAMOOSE_KEY", written)
    with pytest.raises(ValueError, match="ANONAMOOSE_KEY is not a valid key: expected 32 bytes"):
        load_or_create_key(tmp_path)


def test_malformed_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / KEY_FILENAME).write_text("garbage")
    (tmp_path / KEY_FILENAME).chmod(0o600)
    with pytest.raises(ValueError, match=r"key file .*anonamoose\.key is not a valid key"):
        load_or_create_key(tmp_path)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o660, 0o601])
def test_key_file_open_to_group_or_others_stops_the_start(tmp_path: Path, mode: int) -> None:
    path = tmp_path / KEY_FILENAME
    path.write_text(KEY.hex() + "\n")
    path.chmod(mode)
    with pytest.raises(
        KeyFileExposed,
        match=rf"key file .*anonamoose\.key is readable by group or others \(mode {mode:04o}\)"
        rf".*chmod 600",
    ):
        load_or_create_key(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == mode  # reported, never silently changed


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_key_file_private_to_its_owner_is_read(tmp_path: Path, mode: int) -> None:
    path = tmp_path / KEY_FILENAME
    path.write_text(KEY.hex() + "\n")
    path.chmod(mode)
    assert load_or_create_key(tmp_path) == KEY


def test_env_key_is_used_whatever_the_key_file_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / KEY_FILENAME).write_text("garbage")
    (tmp_path / KEY_FILENAME).chmod(0o644)
    monkeypatch.setenv("ANONAMOOSE_KEY", KEY.hex())
    assert load_or_create_key(tmp_path) == KEY


def test_default_confdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_confdir() == Path("./certs")
    monkeypatch.setenv("ANONAMOOSE_CONFDIR", str(tmp_path))
    assert default_confdir() == tmp_path


def test_vault_wants_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Vault(b"short")


@pytest.mark.parametrize(
    ("text", "context"),
    [("alice@example.com", b""), ("Zoë Ñúñez — 📞 +61 2 9999 0000", b"scope\x00[EMAIL_1]"), ("", b"x")],
)
def test_encrypt_roundtrip(text: str, context: bytes) -> None:
    vault = Vault(KEY)
    blob = vault.encrypt(text, context)
    assert text.encode() not in blob or text == ""
    assert vault.decrypt(blob, context) == text


def test_encryption_is_randomised() -> None:
    vault = Vault(KEY)
    assert vault.encrypt("same", b"c") != vault.encrypt("same", b"c")


def _flip_last_byte(blob: bytes) -> bytes:
    return blob[:-1] + bytes([blob[-1] ^ 1])


@pytest.mark.parametrize(
    ("key", "context", "alter"),
    [
        (KEY, b"other-context", lambda b: b),
        (KEY, b"", lambda b: b),
        (bytes(32), b"ctx", lambda b: b),
        (KEY, b"ctx", _flip_last_byte),
        (KEY, b"ctx", lambda b: b[:20]),
    ],
    ids=["wrong-context", "missing-context", "wrong-key", "tampered", "truncated"],
)
def test_decrypt_detects_mismatch(key: bytes, context: bytes, alter: object) -> None:
    blob = Vault(KEY).encrypt("alice@example.com", b"ctx")
    with pytest.raises(DecryptionError):
        Vault(key).decrypt(alter(blob), context)  # type: ignore[operator]


def test_keyed_hash_properties() -> None:
    vault = Vault(KEY)
    digest = vault.keyed_hash("value", "alice@example.com")
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest == Vault(KEY).keyed_hash("value", "alice@example.com")
    assert digest != vault.keyed_hash("scope", "alice@example.com")
    assert digest != Vault(bytes(32)).keyed_hash("value", "alice@example.com")
    assert vault.keyed_hash("x", "ab", "c") != vault.keyed_hash("x", "a", "bc")


def test_subkeys_differ_per_label_and_from_the_key() -> None:
    vault = Vault(KEY)
    keys = {vault.subkey(label) for label in ("a", "b", "encrypt")}
    assert len(keys) == 3 and KEY not in keys
    assert all(len(k) == 32 for k in keys)
    assert vault.subkey("a") == Vault(KEY).subkey("a")


def test_key_file_is_not_world_readable_even_with_loose_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        load_or_create_key(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / KEY_FILENAME).stat().st_mode) == 0o600
