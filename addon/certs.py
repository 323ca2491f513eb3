"""The proxy's CA in the confdir: created on first use, private key 0600, fingerprint for humans."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
    return CAInfo(confdir, cert_path, fingerprint, cert.subject.rfc4514_string(),
                  cert.not_valid_after_utc.isoformat())
