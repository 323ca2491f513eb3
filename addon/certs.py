"""The proxy's CA in the confdir (created on first use, private key 0600) and a combined trust bundle for clients."""

from __future__ import annotations

import os
import re
import ssl
from dataclasses import dataclass
from pathlib import Path

import certifi
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from mitmproxy import certs

CA_BASENAME = "mitmproxy"
KEY_SIZE = 2048


@dataclass(frozen=True)
class CAInfo:
    confdir: Path
    cert_path: Path
    fingerprint_sha256: str
    subject: str
    not_after: str


def ensure_ca(confdir: Path) -> CAInfo:
    """Create the CA in `confdir` if missing (what mitmproxy would do on start) and describe it."""
    confdir.mkdir(parents=True, exist_ok=True)
    certs.CertStore.from_store(str(confdir), CA_BASENAME, KEY_SIZE)
    for private in (confdir / f"{CA_BASENAME}-ca.pem", confdir / f"{CA_BASENAME}-ca.p12"):
        if private.exists():
            os.chmod(private, 0o600)
    cert_path = confdir / f"{CA_BASENAME}-ca-cert.pem"
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    fingerprint = cert.fingerprint(hashes.SHA256()).hex(":").upper()
    return CAInfo(confdir, cert_path, fingerprint, cert.subject.rfc4514_string(), cert.not_valid_after_utc.isoformat())


# Where distributions keep their system trust store, most common first.
SYSTEM_BUNDLE_CANDIDATES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Alpine
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",  # openSUSE
    "/etc/ssl/cert.pem",  # macOS, BSDs
)
PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n.+?-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class BundleInfo:
    path: Path
    sources: tuple[str, ...]
    certificates: int


def system_bundle() -> Path | None:
    """The system's CA bundle file, if this machine has one."""
    compiled_in = ssl.get_default_verify_paths().openssl_cafile
    for candidate in (compiled_in, *SYSTEM_BUNDLE_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def bundle_sources(ca_cert: Path) -> list[Path]:
    """certifi's roots, the system bundle if present, then our CA: what a combined bundle is made of."""
    sources = [Path(certifi.where())]
    system = system_bundle()
    if system is not None and system.resolve() != sources[0].resolve():
        sources.append(system)
    return [*sources, ca_cert]


def combined_pem(sources: list[Path]) -> tuple[bytes, int]:
    """Every certificate of `sources` once, in order, as one PEM text, and how many there are."""
    seen: dict[bytes, None] = {}
    for source in sources:
        for block in PEM_BLOCK.findall(source.read_bytes()):
            seen.setdefault(block.replace(b"\r\n", b"\n"), None)
    return b"\n".join(seen) + b"\n", len(seen)


def write_bundle(path: Path, ca_cert: Path) -> BundleInfo:
    """Write a PEM bundle trusting the public roots and our CA, so SSL_CERT_FILE breaks no other host."""
    sources = bundle_sources(ca_cert)
    pem, count = combined_pem(sources)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole then renamed, so a client never reads half a bundle.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(pem)
    os.replace(partial, path)
    return BundleInfo(path, tuple(str(s) for s in sources), count)
