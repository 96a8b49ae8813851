"""Edit locks: free, held, stale (no heartbeat; a dead process on this host), taken over,
released, torn lock files."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from studio.workspace.locks import STALE_S, EditLock, LockInfo, lock_path, pid_alive

REL = "emails/marketing/spring.html"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_first_editor_holds_the_lock_and_the_second_sees_who(tmp_path: Path) -> None:
    a = EditLock(tmp_path, REL, holder="Ana")
    b = EditLock(tmp_path, REL, holder="Ben")
    assert a.acquire() is None and a.held
    assert a.path == tmp_path / ".mailwright" / "locks" / f"{REL}.lock"
    info = json.loads(a.path.read_text("utf-8"))
    assert {k: info[k] for k in ("file", "holder", "pid", "host")} == {
        "file": REL,
        "holder": "Ana",
        "pid": os.getpid(),
        "host": socket.gethostname(),
    }
    holder = b.acquire()
    assert holder is not None and holder.holder == "Ana" and holder.session == a.session
    assert not b.held
    assert a.acquire() is None  # ours already: still ours


def test_a_lock_without_heartbeat_for_60_s_is_stale(tmp_path: Path) -> None:
    clock = Clock()
    a = EditLock(tmp_path, REL, holder="Ana", clock=clock, host="elsewhere")
    b = EditLock(tmp_path, REL, holder="Ben", clock=clock)
    assert a.acquire() is None
    clock.now += STALE_S - 1
    assert b.acquire() is not None  # another host: its pid cannot be checked; heartbeat can
    assert a.beat() is None  # the heartbeat keeps it
    clock.now += STALE_S - 1
    assert b.acquire() is not None
    clock.now += 2
    info = a.read()
    assert info is not None and info.stale(clock.now).startswith("no heartbeat for 61")
    assert b.acquire() is None and b.held  # taken over silently
    assert a.beat() is not None and not a.held  # the old holder notices


def test_a_lock_of_a_dead_process_on_this_host_is_stale(tmp_path: Path) -> None:
    pid = dead_pid()
    assert not pid_alive(pid) and pid_alive(os.getpid())
    path = lock_path(tmp_path, REL)
    path.parent.mkdir(parents=True)
    import time

    info = LockInfo(REL, "Ana", pid, socket.gethostname(), "s1", time.time(), time.time())
    path.write_text(json.dumps(info.to_json()), "utf-8")
    assert info.stale() == f"process {pid} on this host has ended"
    b = EditLock(tmp_path, REL, holder="Ben")
    assert b.acquire() is None
    assert json.loads(path.read_text("utf-8"))["holder"] == "Ben"


def test_take_over_tells_the_previous_holder_on_its_next_check(tmp_path: Path) -> None:
    a = EditLock(tmp_path, REL, holder="Ana")
    b = EditLock(tmp_path, REL, holder="Ben")
    assert a.acquire() is None
    assert b.acquire() is not None
    previous = b.take_over()
    assert previous is not None and previous.holder == "Ana"
    other = a.check()
    assert other is not None and other.holder == "Ben"
    assert a.beat() is not None  # nothing written by the loser
    assert json.loads(a.path.read_text("utf-8"))["session"] == b.session
    a.release()  # not ours any more: left alone
    assert a.path.exists()
    b.release()
    assert not b.path.exists()


def test_a_torn_lock_file_counts_as_none(tmp_path: Path) -> None:
    path = lock_path(tmp_path, REL)
    path.parent.mkdir(parents=True)
    path.write_text('{"file": "emails/x', "utf-8")  # a kill in the middle of a write
    a = EditLock(tmp_path, REL, holder="Ana")
    assert a.read() is None
    assert a.acquire() is None and json.loads(path.read_text("utf-8"))["holder"] == "Ana"
