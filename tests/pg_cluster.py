"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary directory, on a free port.

Standard library only, so `.ci/run` can use it before the venv exists:

    python3 tests/pg_cluster.py start DIR   # prints the cluster's postgresql:// URL
    python3 tests/pg_cluster.py stop DIR

initdb refuses to run as root, so as root the binaries run as the unprivileged `postgres` user (runuser).
Nothing listens beyond 127.0.0.1; authentication is trust, on loopback and the socket in DIR only.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
# Unsafe for data anyone keeps, fine for a cluster that lives as long as a test run: no fsync, no WAL safety.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")
START_TIMEOUT_S = 60


class NoPostgres(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3].split(".")[0]))
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    """One cluster in `root` (created if needed): start, stop, start again; `url` reaches its `postgres` db."""

    def __init__(self, root: Path | None = None, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise NoPostgres("no PostgreSQL server binaries (initdb, pg_ctl); install Debian's `postgresql`")
        self.bindir = found
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="anonamoose-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port_file = self.root / "port"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses root: the cluster belongs to the unprivileged postgres user.
            self._as_user = ["runuser", "-u", SUPERUSER, "--"]
            self.root.chmod(0o755)
            try:
                owner = pwd.getpwnam(SUPERUSER)
            except KeyError as exc:
                raise NoPostgres(f"no `{SUPERUSER}` user to run PostgreSQL as (root may not)") from exc
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    @property
    def port(self) -> int:
        return int(self.port_file.read_text())

    @property
    def url(self) -> str:
        return self.url_for(SUPERUSER)

    def url_for(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        command = [*self._as_user, *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, timeout=START_TIMEOUT_S)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}\n{log}")

    def start(self) -> PgCluster:
        """initdb on first use, then start the server on a free port (the same port on a restart)."""
        if not (self.data / "PG_VERSION").exists():
            self._run(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "--auth=trust",
                f"--username={SUPERUSER}",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            )
        if not self.port_file.exists():
            self.port_file.write_text(str(free_port()))
        options = " ".join(
            ["-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-k {self.root}", *(f"-c {s}" for s in FAST_SETTINGS)]
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        """Stop the server now: every connection is cut, as in an outage; committed data stays for a restart."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        """Stop the server and delete the cluster."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"start", "stop"}:
        print(f"usage: {argv[0]} start|stop DIR", file=sys.stderr)
        return 2
    root = Path(argv[2])
    if argv[1] == "start":
        root.mkdir(parents=True, exist_ok=True)
        print(PgCluster(root).start().url)
    else:
        PgCluster(root).destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
