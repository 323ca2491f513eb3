"""scripts/gateway.sh and scripts/install-ca.sh: their --dry-run commands, refusals, and a sandboxed CA install."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from addon.certs import ensure_ca

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
GATEWAY = SCRIPTS / "gateway.sh"
INSTALL_CA = SCRIPTS / "install-ca.sh"


def script(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(path), *args], capture_output=True, text=True, timeout=60)


def redirect(op: str, iface: str, dport: int, port: int) -> str:
    return (
        f"iptables -t nat {op} PREROUTING -i {iface} -p tcp --dport {dport} "
        f"-m comment --comment anonamoose-gateway -j REDIRECT --to-ports {port}"
    )


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["up", "--interface", "eth1", "--dry-run"],
            [
                "sysctl -w net.ipv4.ip_forward=1",
                "sysctl -w net.ipv4.conf.all.send_redirects=0",
                redirect("-A", "eth1", 80, 8080),
                redirect("-A", "eth1", 443, 8080),
                "anonamoose run --listen 0.0.0.0 --port 8080 -- --mode transparent",
                "# when the proxy exits:",
                redirect("-D", "eth1", 80, 8080),
                redirect("-D", "eth1", 443, 8080),
            ],
        ),
        (
            ["up", "-i", "veth-lan", "--port", "3128", "--dry-run", "--", "--set", "termlog_verbosity=warn"],
            [
                "sysctl -w net.ipv4.ip_forward=1",
                "sysctl -w net.ipv4.conf.all.send_redirects=0",
                redirect("-A", "veth-lan", 80, 3128),
                redirect("-A", "veth-lan", 443, 3128),
                "anonamoose run --listen 0.0.0.0 --port 3128 -- --mode transparent --set termlog_verbosity=warn",
                "# when the proxy exits:",
                redirect("-D", "veth-lan", 80, 3128),
                redirect("-D", "veth-lan", 443, 3128),
            ],
        ),
        (
            ["up", "-i", "eth1", "--rules-only", "--dry-run"],
            [
                "sysctl -w net.ipv4.ip_forward=1",
                "sysctl -w net.ipv4.conf.all.send_redirects=0",
                redirect("-A", "eth1", 80, 8080),
                redirect("-A", "eth1", 443, 8080),
            ],
        ),
        (
            ["down", "-i", "eth1", "--port", "3128", "--dry-run"],
            [
                redirect("-D", "eth1", 80, 3128),
                redirect("-D", "eth1", 443, 3128),
            ],
        ),
    ],
)
def test_gateway_dry_run_prints_the_commands(args: list[str], lines: list[str]) -> None:
    result = script(GATEWAY, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "first argument must be up or down"),
        (["sideways", "-i", "eth1"], "first argument must be up or down"),
        (["up", "--dry-run"], "--interface is required"),
        (["up", "-i", "eth1;reboot", "--dry-run"], "is not an interface name"),
        (["up", "-i", "eth1", "--port", "70000", "--dry-run"], "--port must be 1-65535"),
        (["up", "-i", "eth1", "--port", "80; id", "--dry-run"], "--port must be 1-65535"),
        (["up", "-i", "eth1", "--bogus"], "unknown argument: --bogus"),
    ],
)
def test_gateway_refuses_bad_arguments(args: list[str], message: str) -> None:
    result = script(GATEWAY, *args)
    assert result.returncode == 1
    assert message in result.stderr and not result.stdout


def test_gateway_help() -> None:
    result = script(GATEWAY, "--help")
    assert result.returncode == 0 and "transparent" in result.stdout and "--dry-run" in result.stdout


@pytest.fixture(scope="module")
def ca_cert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_ca(tmp_path_factory.mktemp("confdir")).cert_path


def sha1_hex(cert: Path) -> str:
    out = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-noout", "-fingerprint", "-sha1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split("=", 1)[1].strip().replace(":", "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--os", "debian"],
            [
                "mkdir -p /usr/local/share/ca-certificates",
                "install -m 0644 {cert} /usr/local/share/ca-certificates/anonamoose-ca.crt",
                "update-ca-certificates",
            ],
        ),
        (
            ["--os", "debian", "--uninstall"],
            [
                "rm -f /usr/local/share/ca-certificates/anonamoose-ca.crt",
                "update-ca-certificates --fresh",
            ],
        ),
        (["--os", "macos"], ["security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {cert}"]),
        (
            ["--os", "macos", "--uninstall"],
            [
                "security remove-trusted-cert -d {cert}",
                "security delete-certificate -Z {sha1} /Library/Keychains/System.keychain",
            ],
        ),
    ],
)
def test_install_ca_dry_run(ca_cert: Path, args: list[str], expected: list[str]) -> None:
    if "macos" in args and "--uninstall" in args and not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    result = script(INSTALL_CA, "--dry-run", "--cert", str(ca_cert), *args)
    assert result.returncode == 0, result.stderr
    sha1 = sha1_hex(ca_cert) if "-Z" in " ".join(expected) else ""
    assert result.stdout.splitlines() == [line.format(cert=ca_cert, sha1=sha1) for line in expected]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--os", "debian", "--cert", "/nonexistent/ca.pem"], "no CA certificate at /nonexistent/ca.pem"),
        (["--os", "windows"], "--os must be debian or macos"),
        (["--os", "macos", "--root", "/tmp/x"], "--root works for debian only"),
        (["--frobnicate"], "unknown argument"),
    ],
)
def test_install_ca_refuses(ca_cert: Path, args: list[str], message: str) -> None:
    result = (
        script(INSTALL_CA, "--dry-run", "--cert", str(ca_cert), *args)
        if "--cert" not in args
        else script(INSTALL_CA, "--dry-run", *args)
    )
    assert result.returncode == 1 and message in result.stderr


def test_install_ca_refuses_a_file_that_is_not_a_certificate(tmp_path: Path) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n")
    result = script(INSTALL_CA, "--dry-run", "--os", "debian", "--cert", str(junk))
    assert result.returncode == 1 and "is not a PEM certificate" in result.stderr


@pytest.mark.skipif(not shutil.which("update-ca-certificates"), reason="not a Debian/Ubuntu system")
def test_install_ca_really_installs_and_uninstalls_in_a_sandboxed_trust_store(ca_cert: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    for directory in ("etc/ssl/certs", "usr/share/ca-certificates/public", "etc/ca-certificates/update.d"):
        (root / directory).mkdir(parents=True)
    # One stand-in "public root" that must survive the uninstall, as the distribution's roots do.
    public_root = ensure_ca(tmp_path / "public").cert_path.read_text()
    (root / "usr/share/ca-certificates/public/root.crt").write_text(public_root)
    (root / "etc/ca-certificates.conf").write_text("public/root.crt\n")
    bundle = root / "etc/ssl/certs/ca-certificates.crt"

    installed = script(INSTALL_CA, "--os", "debian", "--root", str(root), "--cert", str(ca_cert))
    assert installed.returncode == 0, installed.stderr
    assert ca_cert.read_text().strip() in bundle.read_text() and public_root.strip() in bundle.read_text()
    assert (root / "usr/local/share/ca-certificates/anonamoose-ca.crt").stat().st_mode & 0o777 == 0o644

    removed = script(INSTALL_CA, "--os", "debian", "--root", str(root), "--uninstall", "--cert", str(ca_cert))
    assert removed.returncode == 0, removed.stderr
    assert ca_cert.read_text().strip() not in bundle.read_text()
    assert public_root.strip() in bundle.read_text()
