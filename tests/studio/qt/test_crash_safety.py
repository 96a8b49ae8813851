"""Crash safety, proven: ``kill -9`` the studio while it types, autosaves and saves.

A real studio runs in a subprocess (``crash_driver.py``: the main window,
offscreen, typing with real key events). The test waits for the lines it
prints — never for a time — and kills it with SIGKILL between autosaves, at
the moment a save of the email starts, and at the moment a save of the styles
file starts. After every kill it checks the files a crash may have hit, then
restarts the studio and checks that every letter typed before the last
completed autosave (or save) is back:

- the email on disk is a state the editor really had (never a mix, never empty);
- ``styles.json`` loads and is one of the versions the styles editor wrote;
- the history database passes ``PRAGMA integrity_check`` and every version in
  it is a state the editor had;
- reopening recovers at least every letter older than the autosave interval,
  and never fewer than the email on disk holds (a recovery never undoes a save).

A snippet typed into its own tab gets the same kills (between autosaves, during its
save) and the same checks.

``MAILWRIGHT_CRASH_ROUNDS`` sets the number of kills (default 3: one of each kind;
run it with more to repeat);
``MAILWRIGHT_CRASH_SEED`` the seed of the random choices (printed on failure).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from studio.workspace import Workspace
from styles.atomic import TEMP_SUFFIX
from styles.io import DEFAULT_STYLES_PATH, load_styles
from tests.studio.qt.crash_driver import STYLES_COLOR_ID, typed_count

pytestmark = pytest.mark.qt

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "emails/crash.html"
WAIT_S = 240.0  # the longest wait for one event on a loaded machine (a hang fails, never passes)
ROUNDS = int(os.environ.get("MAILWRIGHT_CRASH_ROUNDS", "3"))
MOMENTS = ("start", "temp", "replaced")
SEED = int(os.environ.get("MAILWRIGHT_CRASH_SEED", str(random.randrange(1 << 30))))

FILLER = "".join(f"  <!-- line {i}: padding so a save takes a while -->\n" for i in range(2000))
EMAIL_SOURCE = (
    "<x-base>\n  <x-section>\n    <x-paragraph>TYPE-HERE:</x-paragraph>\n"
    f"  </x-section>\n{FILLER}</x-base>\n"
)


@dataclass
class Studio:
    """One studio subprocess and the lines it printed."""

    proc: subprocess.Popen[str]
    watched: tuple[Path, ...] = ()
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    inodes: dict[Path, int] = field(default_factory=dict)  # of each watched file, per event

    def next_event(self) -> tuple[str, str]:
        try:
            line = self.lines.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError(
                f"no event from the studio in {WAIT_S:g} s; last lines: {self.seen[-5:]}"
            ) from None
        if line == "":
            raise AssertionError(
                f"the studio ended (code {self.proc.wait()}); last lines: {self.seen[-5:]}"
            )
        self.seen.append(line[:200])
        kind, _, rest = line.partition(" ")
        if kind not in ("saving", "styles-saving"):  # the file as it was before a save
            self.inodes = {p: p.stat().st_ino for p in self.watched}
        assert kind != "error", f"the studio reported: {line}"
        return kind, rest

    def wait_for(self, kind: str, count: int = 1) -> tuple[str, int]:
        """Wait for the ``count``-th ``kind`` line; returns it and the highest letter count
        that was made durable (autosaved or saved) on the way."""
        durable = -1
        while True:
            got, rest = self.next_event()
            if got in ("autosaved", "saved"):
                durable = max(durable, int(rest))
            if got == kind:
                count -= 1
                if count == 0:
                    return rest, durable

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def kill_during_write(self, target: Path, moment: str) -> None:
        """SIGKILL at ``moment`` of the write of ``target`` that just started: ``"start"``
        (at once), ``"temp"`` (its temporary file exists: writing or fsync) or
        ``"replaced"`` (the new file is in place: history and journal come next).

        The studio is stepped: stopped (SIGSTOP, and waited for), the folder looked
        at, continued — so the kill lands right after the event, however fast the
        save is. If the save ends first, the kill comes then."""
        if moment != "start":
            before = self.inodes[target]
            pid = self.proc.pid
            deadline = time.monotonic() + WAIT_S
            while time.monotonic() < deadline:
                os.kill(pid, signal.SIGSTOP)
                _, status = os.waitpid(pid, os.WUNTRACED)
                if not os.WIFSTOPPED(status):
                    return  # it ended on its own (the test then fails on the lines)
                if moment == "temp" and any(
                    p.name.startswith(f".{target.name}.") and p.name.endswith(TEMP_SUFFIX)
                    for p in target.parent.iterdir()
                ):
                    break
                if moment == "replaced" and target.stat().st_ino != before:
                    break
                if not self.lines.empty():  # the save finished (or anything else happened)
                    break
                os.kill(pid, signal.SIGCONT)
                os.sched_yield()
        self.kill()


def start(ws: Path, log: Path, file: str = EMAIL, *, data: bool = False, **options: int) -> Studio:
    """The studio editing ``file`` (a snippet or data file with ``data``)."""
    args = [sys.executable, "-m", "tests.studio.qt.crash_driver", str(ws), file]
    if data:
        args.append("--data")
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("a"), text=True
    )
    studio = Studio(proc, (ws / file, ws / "styles.json"))

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            studio.lines.put(line.rstrip("\n"))
        studio.lines.put("")

    threading.Thread(target=read, daemon=True).start()
    return studio


def is_state(text: str, source: str = EMAIL_SOURCE) -> bool:
    """``text`` is the email (or ``source``) with some letters typed, and nothing else
    changed."""
    n = typed_count(text)
    return (
        n >= 0
        and text.replace("TYPE-HERE:" + text.split("TYPE-HERE:", 1)[1][:n], "TYPE-HERE:", 1)
        == source
    )


def crash(studio: Studio, kind: str, rng: random.Random, saved: Path) -> int:
    """Kill ``studio`` "between autosaves" (after one or two autosaves and up to 30 more
    typed letters) or "during a save" of ``saved`` (at one of :data:`MOMENTS` of the
    write); the most letters the studio said were autosaved, typed or being saved."""
    durable = 0
    if kind == "between autosaves":
        _, durable = studio.wait_for("autosaved", rng.randint(1, 2))
        for _ in range(rng.randint(0, 30)):
            _, got = studio.wait_for("typed")
            durable = max(durable, got)
        studio.kill()
    else:
        _, durable = studio.wait_for("saving", rng.randint(1, 2))
        studio.kill_during_write(saved, rng.choice(MOMENTS))
    return durable


def check_files(ws: Path, styles_versions: set[str]) -> None:
    email = (ws / EMAIL).read_text(encoding="utf-8")
    assert is_state(email), "the email on disk is not a state the editor had"
    styles_text = (ws / "styles.json").read_text(encoding="utf-8")
    load_styles(ws / "styles.json")  # raises on a damaged file
    assert styles_text in styles_versions, "styles.json is not a version the studio wrote"
    db = ws / ".mailwright" / "history.sqlite"
    if db.exists():
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            texts = [row[0] for row in con.execute("SELECT text FROM versions")]
        finally:
            con.close()
        assert all(is_state(t) for t in texts), "a history version is not a state"


def styles_version_texts() -> set[str]:
    """The texts styles.json may hold: as created, and each colour the driver sets."""
    from styles.io import dumps_styles

    texts = {DEFAULT_STYLES_PATH.read_text(encoding="utf-8")}
    for hex_value in ("#1a2b3c", "#3c2b1a"):
        styles = load_styles(DEFAULT_STYLES_PATH)
        for color in styles.colors:
            if color.id == STYLES_COLOR_ID:
                color.hex = hex_value
        texts.add(dumps_styles(styles))
    return texts


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    ws = Workspace.create(tmp_path / "ws", "Crash").root
    (ws / "styles.json").write_bytes(DEFAULT_STYLES_PATH.read_bytes())
    (ws / EMAIL).write_text(EMAIL_SOURCE, encoding="utf-8")
    yield ws


def test_kill_9_loses_nothing_older_than_the_autosave_interval(
    workspace: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    log = tmp_path / "studio.log"
    versions = styles_version_texts()
    durable = 0  # letters that must survive every crash from now on
    kinds = ["between autosaves", "during a save", "during a styles save"]
    for round_no in range(ROUNDS):
        kind = kinds[round_no % len(kinds)]
        where = f"seed {SEED}, round {round_no} ({kind}); studio log: {log}"
        studio = start(
            workspace, log, save_every=rng.choice((25, 40)), styles_every=rng.choice((30, 45))
        )
        try:
            text, _ = studio.wait_for("opened")
            opened = json.loads(text)
            assert is_state(opened), where
            assert typed_count(opened) >= durable, (
                f"{where}: {typed_count(opened)} letters back, {durable} were autosaved or saved"
            )
            if kind in ("between autosaves", "during a save"):
                durable = max(durable, crash(studio, kind, rng, workspace / EMAIL))
            else:
                _, got = studio.wait_for("styles-saving")
                durable = max(durable, got)
                studio.kill_during_write(workspace / "styles.json", rng.choice(MOMENTS))
        finally:
            if studio.proc.poll() is None:
                studio.kill()
        check_files(workspace, versions)
        # what reached the disk is durable too: a recovery must never undo a save
        durable = max(durable, typed_count((workspace / EMAIL).read_text(encoding="utf-8")))
    studio = start(workspace, log)
    try:
        text, _ = studio.wait_for("opened")
        opened = json.loads(text)
        assert is_state(opened)
        assert typed_count(opened) >= durable, (
            f"seed {SEED}: {typed_count(opened)} letters back, {durable} were autosaved or saved"
        )
    finally:
        studio.kill()


SNIPPET = "snippets/crash.html"
SNIPPET_SOURCE = f"<x-paragraph>TYPE-HERE:</x-paragraph>\n{FILLER[:40000]}"


def test_kill_9_loses_no_snippet_text_older_than_the_autosave_interval(
    workspace: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    log = tmp_path / "studio.log"
    snippet = workspace / SNIPPET
    snippet.parent.mkdir(exist_ok=True)
    snippet.write_text(SNIPPET_SOURCE, encoding="utf-8")
    durable = 0
    for kind in ("between autosaves", "during a save"):
        where = f"seed {SEED}, snippet ({kind}); studio log: {log}"
        studio = start(
            workspace,
            log,
            SNIPPET,
            data=True,
            save_every=0 if kind == "between autosaves" else rng.choice((25, 40)),
        )
        try:
            text, _ = studio.wait_for("opened")
            opened = json.loads(text)
            assert is_state(opened, SNIPPET_SOURCE), where
            assert typed_count(opened) >= durable, (
                f"{where}: {typed_count(opened)} letters back, {durable} were autosaved or saved"
            )
            durable = max(durable, crash(studio, kind, rng, snippet))
        finally:
            if studio.proc.poll() is None:
                studio.kill()
        on_disk = snippet.read_text(encoding="utf-8")
        assert is_state(on_disk, SNIPPET_SOURCE), f"{where}: the snippet on disk is not a state"
        durable = max(durable, typed_count(on_disk))
    studio = start(workspace, log, SNIPPET, data=True)
    try:
        text, _ = studio.wait_for("opened")
        opened = json.loads(text)
        assert is_state(opened, SNIPPET_SOURCE)
        assert durable > 0 and typed_count(opened) >= durable, (
            f"seed {SEED}: {typed_count(opened)} letters back, {durable} were autosaved or saved"
        )
    finally:
        studio.kill()
