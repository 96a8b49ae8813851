"""Edit locks: one writer per open file.

A studio that opens a file for editing holds its lock, a small JSON file::

    .mailwright/locks/<path in the workspace>.lock

with the holder's name (git ``user.name``, else ``$USER``), process id, host name, a
session id (one per open editor) and a heartbeat time the holder rewrites every
:data:`HEARTBEAT_S` seconds. Another studio opening the file finds the lock and
opens it view only, unless the lock is **stale**: no heartbeat for :data:`STALE_S`
seconds, or a holder on this host whose process has ended (``kill -9``, a crash).
A stale lock is taken over silently. "Take over" replaces a live lock; the previous
holder notices on its next look at the lock (it watches the folder) and drops to
view only.

Plain Python (no Qt): ``studio/qt/edit_lock.py`` is the studio's side.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compiler.root import STATE_DIR
from styles.atomic import write_atomic

LOCKS_DIR = "locks"
HEARTBEAT_S = 10.0
STALE_S = 60.0

Clock = Callable[[], float]


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` exists on this host (signal 0 probes without signalling)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    except OSError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) is not alive (Linux)
        stat = Path(f"/proc/{pid}/stat").read_text("ascii", "replace")
        return stat[stat.rfind(")") + 2 :][:1] != "Z"
    except OSError:
        return True


@dataclass(frozen=True)
class LockInfo:
    """Who holds a file's lock."""

    file: str  # workspace-relative path of the locked file
    holder: str
    pid: int
    host: str
    session: str
    since: float  # epoch seconds
    heartbeat: float  # epoch seconds

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "holder": self.holder,
            "pid": self.pid,
            "host": self.host,
            "session": self.session,
            "since": self.since,
            "heartbeat": self.heartbeat,
        }

    @classmethod
    def from_json(cls, data: object) -> LockInfo | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["file"]),
                str(data["holder"]),
                int(data["pid"]),
                str(data["host"]),
                str(data["session"]),
                float(data["since"]),
                float(data["heartbeat"]),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def stale(
        self,
        now: float | None = None,
        *,
        host: str | None = None,
        alive: Callable[[int], bool] = pid_alive,
    ) -> str:
        """Why this lock no longer counts ("" while its holder is alive)."""
        now = time.time() if now is None else now
        if now - self.heartbeat > STALE_S:
            return f"no heartbeat for {now - self.heartbeat:.0f} s"
        if self.host == (host or socket.gethostname()) and not alive(self.pid):
            return f"process {self.pid} on this host has ended"
        return ""

    def describe(self) -> str:
        return f"{self.holder} (process {self.pid} on {self.host})"


_held: weakref.WeakSet[EditLock] = weakref.WeakSet()


def lock_path(root: Path, rel: str) -> Path:
    return Path(root) / STATE_DIR / LOCKS_DIR / f"{rel}.lock"


class EditLock:
    """The lock of one file for one editor session."""

    def __init__(
        self,
        root: Path,
        rel: str,
        *,
        holder: str,
        clock: Clock = time.time,
        host: str | None = None,
    ) -> None:
        self.root = Path(root)
        self.rel = rel
        self.path = lock_path(self.root, rel)
        self.holder = holder
        self.session = uuid.uuid4().hex
        self.host = host or socket.gethostname()
        self.clock = clock
        self.since = clock()
        self.held = False

    def read(self) -> LockInfo | None:
        """The lock as the file says now; None when there is none (or it is unreadable:
        a half-written lock of a killed process counts as none)."""
        try:
            return LockInfo.from_json(json.loads(self.path.read_text("utf-8")))
        except (OSError, ValueError):
            return None

    def _mine(self) -> LockInfo:
        return LockInfo(
            self.rel, self.holder, os.getpid(), self.host, self.session, self.since, self.clock()
        )

    def _data(self) -> bytes:
        return (json.dumps(self._mine().to_json(), indent=2) + "\n").encode("utf-8")

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, self._data())
        self.held = True
        _held.add(self)

    def _create(self) -> bool:
        """Create the lock file if there is none (atomic: O_EXCL); False when one exists."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        try:
            os.write(fd, self._data())
            os.fsync(fd)
        finally:
            os.close(fd)
        self.held = True
        _held.add(self)
        return True

    def acquire(self) -> LockInfo | None:
        """Hold the lock if it is free, ours or stale; else return its live holder."""
        for _ in range(3):
            current = self.read()
            if current is None:
                if self.path.exists():  # unreadable: a torn write; replace it
                    self._write()
                    return None
                if self._create():
                    return None
                continue  # someone created it just now: read it
            if current.session == self.session or current.stale(self.clock(), host=self.host):
                self._write()
                return None
            self.held = False
            return current
        return self.read()

    def take_over(self) -> LockInfo | None:
        """Hold the lock whoever holds it; returns the previous holder (None: nobody)."""
        previous = self.read()
        self._write()
        return previous if previous is not None and previous.session != self.session else None

    def check(self) -> LockInfo | None:
        """Without writing: who holds the lock when it is not this session (None: we do,
        or nobody does)."""
        current = self.read()
        if current is None or current.session == self.session:
            return None
        return current

    def beat(self) -> LockInfo | None:
        """The heartbeat: rewrite our lock's time. Returns the other holder when the lock
        was taken over (nothing is written then)."""
        other = self.check()
        if other is not None:
            self.held = False
            return other
        self._write()
        return None

    def release(self) -> None:
        """Remove the lock if this session holds it."""
        if self.check() is None and self.path.exists():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.held = False
        _held.discard(self)


def release_all() -> None:
    """Release every lock this process holds (at exit)."""
    for lock in list(_held):
        lock.release()
