"""A real `anonamoose api` process over a proxy's store, for the API's end-to-end and contract tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60.0
ADMIN_TOKEN = "e2e-admin-token-7f3a9c"
READ_TOKEN = "e2e-read-token-21b4d8"


def anonamoose_binary() -> str:
    beside = Path(sys.executable).parent / "anonamoose"
    return str(beside if beside.exists() else REPO_ROOT / ".venv" / "bin" / "anonamoose")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiProcess:
    """`anonamoose api --listen 127.0.0.1:PORT` with the given environment (store, confdir, tokens)."""

    def __init__(self, workdir: Path, env: Mapping[str, str], args: Sequence[str] = ()) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        self.args = list(args)
        self.log_path = workdir / f"api-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready: bool = True) -> ApiProcess:
        """Start and wait for /healthz (and /readyz, the spaCy model loaded, when `ready`)."""
        self._log = self.log_path.open("ab")
        command = [anonamoose_binary(), "api", "--listen", f"127.0.0.1:{self.port}", *self.args]
        self._process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        path = "/readyz" if ready else "/healthz"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"anonamoose api exited with {self._process.returncode}:\n{self.log_text()}")
            try:
                if httpx.get(self.url + path, timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"anonamoose api not ready after {STARTUP_TIMEOUT_S}s:\n{self.log_text()}")

    def log_text(self) -> str:
        if self._log is not None:
            self._log.flush()
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


def wait_for(condition: object, within_s: float = STARTUP_TIMEOUT_S) -> bool:
    """Poll `condition()` (connection errors count as not yet) until it is true or time runs out."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False
