"""A throwaway HAProxy in TCP (L4) mode in front of proxy instances, on a loopback port: the gateway's shape."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

START_TIMEOUT_S = 15.0


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)


def config(listen_port: int, backends: Sequence[int]) -> str:
    """An haproxy.cfg for N instances: TCP passthrough (TLS stays end to end), round robin per connection."""
    servers = "\n".join(f"    server anonamoose{i} 127.0.0.1:{port} check" for i, port in enumerate(backends, 1))
    return f"""global
    maxconn 4096

defaults
    mode tcp
    timeout connect 5s
    timeout client 10m
    timeout server 10m

frontend llm_gateway
    bind 127.0.0.1:{listen_port}
    default_backend anonamoose

backend anonamoose
    balance roundrobin
{servers}
"""


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class HAProxy:
    """`haproxy -db` (foreground) with the config above; stop() ends it."""

    def __init__(self, workdir: Path, listen_port: int, backends: Sequence[int]) -> None:
        binary = haproxy_binary()
        if binary is None:
            raise RuntimeError("haproxy is not installed (Debian: apt-get install haproxy)")
        self.port = listen_port
        self.config_path = workdir / "haproxy.cfg"
        self.config_path.write_text(config(listen_port, backends))
        self.log_path = workdir / "haproxy.log"
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [binary, "-db", "-f", str(self.config_path)], stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _port_open(listen_port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"haproxy did not start: {self.log_path.read_text(errors='replace')}")
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)
        self._log.close()
