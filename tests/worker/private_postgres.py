"""A PostgreSQL cluster of the test's own (initdb into a temporary folder, a free port), so a
test may restart it without disturbing any other test. Same binaries as
scripts/start-postgres.sh; ``binaries()`` is None when the machine has none."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.selfhost.processes import free_port


def binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for folder in reversed(found):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _as_postgres(argv: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PrivatePostgres:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "newsbot", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "newsbot", "newsbot")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://newsbot@127.0.0.1:{self.port}/newsbot"

    def _run(self, tool: str, *args: str) -> None:
        argv = _as_postgres([str(self.bindir / tool), *args])
        done = subprocess.run(argv, capture_output=True, cwd=self.folder, timeout=180, check=False)
        if done.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise AssertionError(f"{tool} {args[-1]} failed: {done.stderr.decode()}\n{tail}")

    def _ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=300 -c authentication_timeout=5s"
        )
        log = str(self.folder / "server.log")
        argv = ["-D", str(self.data), "-o", options, "-l", log, "-w", "-t", "120", *extra, action]
        self._run("pg_ctl", *argv)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """Stop (closing every connection) and start again: what a database restart does."""
        self._ctl("restart", "-m", "fast")

    def destroy(self) -> None:
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
