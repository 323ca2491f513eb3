"""The combined CA bundle and `anonamoose certs --bundle`: public roots kept, our CA added, nothing twice."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import certifi
import pytest
from click.testing import CliRunner

from addon.certs import combined_pem, ensure_ca, write_bundle
from addon.cli.commands.certs import certs

BEGIN, END = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"


def pem(body: str) -> str:
    return f"{BEGIN}\n{body}\n{END}\n"


@pytest.mark.parametrize(
    ("files", "count"),
    [
        ([pem("AAAA")], 1),
        ([pem("AAAA") + pem("BBBB"), pem("CCCC")], 3),
        ([pem("AAAA"), "# a comment\n" + pem("AAAA")], 1),
        ([pem("AAAA").replace("\n", "\r\n"), pem("AAAA")], 1),
        (["no certificates here\n", pem("BBBB")], 1),
    ],
)
def test_combined_pem_keeps_each_certificate_once(tmp_path: Path, files: list[str], count: int) -> None:
    paths = []
    for index, text in enumerate(files):
        paths.append(tmp_path / f"{index}.pem")
        paths[-1].write_bytes(text.encode())
    text, found = combined_pem(paths)
    assert found == count == text.decode().count(BEGIN)


@pytest.fixture
def ca(tmp_path: Path) -> Path:
    return ensure_ca(tmp_path / "confdir").cert_path


def test_bundle_trusts_our_ca_and_the_public_roots(tmp_path: Path, ca: Path) -> None:
    info = write_bundle(tmp_path / "out" / "bundle.pem", ca)
    assert info.sources[0] == certifi.where() and info.sources[-1] == str(ca)
    text = info.path.read_text()
    assert ca.read_text().strip() in text
    certifi_roots = Path(certifi.where()).read_text().count(BEGIN)
    assert info.certificates == text.count(BEGIN) >= certifi_roots + 1
    # It is a bundle OpenSSL accepts: every certificate in it loads.
    context = ssl.create_default_context(cafile=str(info.path))
    assert len(context.get_ca_certs()) == info.certificates


def test_certs_bundle_json(tmp_path: Path) -> None:
    target = tmp_path / "bundle.pem"
    result = CliRunner().invoke(certs, ["--confdir", str(tmp_path / "c"), "--bundle", str(target), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["bundle"] == str(target) and target.is_file()
    assert data["bundle_certificates"] == target.read_text().count(BEGIN)
    assert data["bundle_sources"][-1] == data["ca_cert"]
    assert len(data["fingerprint_sha256"].split(":")) == 32


def test_certs_table_names_the_bundle(tmp_path: Path) -> None:
    target = tmp_path / "bundle.pem"
    result = CliRunner().invoke(certs, ["--confdir", str(tmp_path / "c"), "--bundle", str(target)])
    assert result.exit_code == 0, result.output
    assert f"bundle: {target}" in result.output and "fingerprint_sha256:" in result.output


def test_certs_without_bundle_writes_none(tmp_path: Path) -> None:
    result = CliRunner().invoke(certs, ["--confdir", str(tmp_path / "c"), "--json"])
    assert "bundle" not in json.loads(result.output)
