"""Run newsbot (or honcho) as real child processes and always take the whole tree down.

Honcho starts each Procfile line in a session of its own, so signalling honcho's process group
does not reach them, and a honcho killed outright leaves them running. ``ProcessTree``
therefore records every descendant it sees (from /proc, while they run) and, on ``stop()``,
asks honcho to stop first (SIGTERM: it stops its children), then kills whatever of the
recorded process groups is still alive.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment (already stripped of Slack/newsbot settings) plus ``extra``,
    with the virtualenv's scripts first on PATH so a Procfile's ``newsbot`` is this one."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # The command name is in parentheses and may hold spaces; ppid follows it.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


class ProcessTree:
    """A child started in its own session; ``stop()`` ends it and every descendant seen."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path):
        self.log = log
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            list(argv),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.seen: set[int] = {self.proc.pid}

    def remember(self) -> set[int]:
        """Record the current descendants (call while waiting: they may outlive honcho)."""
        tree = _children()
        todo = [self.proc.pid]
        while todo:
            pid = todo.pop()
            for child in tree.get(pid, []):
                if child not in self.seen:
                    self.seen.add(child)
                todo.append(child)
        return self.seen

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> list[int]:
        return [pid for pid in self.seen if _alive(pid)]

    def stop(self, grace: float = 10.0) -> None:
        self.remember()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + grace
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in self.alive():
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=grace)
        self._out.close()


def wait_until(
    predicate: Callable[[], bool],
    timeout: float,
    tree: ProcessTree | None = None,
    what: str = "condition",
) -> None:
    """Poll ``predicate`` until true; fail with the process output when it never is."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if tree is not None:
            tree.remember()
            if tree.proc.poll() is not None:
                raise AssertionError(f"process exited before {what}:\n{tree.output()}")
        if predicate():
            return
        time.sleep(0.2)
    detail = f":\n{tree.output()}" if tree is not None else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}{detail}")


def healthy(port: int) -> bool:
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2.0)
    except httpx.HTTPError:
        return False
    return answer.status_code == 200 and answer.json() == {"ok": True}
