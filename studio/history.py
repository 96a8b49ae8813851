"""Version history of a workspace's files, in SQLite (``.mailwright/history.sqlite``).

    history = History(workspace_root)
    history.record(path, text)                 # on save: a new version, if the text changed
    history.versions(path)                     # newest first
    history.diff(path, 3, 5)                   # unified diff
    history.restore(path, 3)                   # keeps the current text as a version first

A version holds the file's source text, its envelope (subject, preheader, …
read from the front matter and the ``<email>.json`` sidecar), when, who (git's
``user.name``, else ``$USER``), what kind of event made it (save, publish,
restore, manual) and an optional name and message. Versions are numbered 1, 2,
3… per file (workspace-relative path).

The database is opened lazily, in WAL mode with a busy timeout, so the studio,
the command line and several processes can use it at once. Its schema is
versioned with ``PRAGMA user_version`` and upgraded by :data:`MIGRATIONS`. A
corrupt database is moved aside (``history.sqlite.corrupt-<time>``) and
reported with :class:`HistoryCorrupt` — checked with ``PRAGMA quick_check`` each
time the database is opened, so damage anywhere is found before it can read as
"no versions yet"; the next use starts a new one. See
``docs/history.md``.
"""

from __future__ import annotations

import contextlib
import difflib
import getpass
import hashlib
import json
import os
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from compiler.envelope import read_front_matter, read_sidecar
from compiler.root import STATE_DIR
from styles.atomic import write_atomic

DATABASE = "history.sqlite"
BUSY_TIMEOUT_MS = 5000
KINDS = ("save", "publish", "restore", "manual", "review")
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class HistoryError(Exception):
    """The history cannot do what was asked; ``str()`` says why."""


class HistoryCorrupt(HistoryError):
    """The database was damaged; it was moved to :attr:`moved_to` and a new one starts."""

    def __init__(self, message: str, moved_to: Path | None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


@dataclass(frozen=True, slots=True)
class Version:
    """One recorded version of one file. ``text`` is None when not loaded (listings)."""

    file: str
    number: int
    created: float
    author: str
    kind: str
    name: str = ""
    message: str = ""
    envelope: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    size: int = 0
    text: str | None = None

    @property
    def when(self) -> str:
        """Local time, ``2024-05-01 14:03:07``."""
        return datetime.fromtimestamp(self.created).strftime("%Y-%m-%d %H:%M:%S")

    @property
    def label(self) -> str:
        """``3 · publish · "Launch copy"``: what lists show."""
        out = f"{self.number} · {self.kind}"
        return out + (f" · “{self.name}”" if self.name else "")

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.file,
            "number": self.number,
            "created": self.created,
            "when": self.when,
            "author": self.author,
            "kind": self.kind,
            "name": self.name,
            "message": self.message,
            "envelope": self.envelope,
            "size": self.size,
        }
        if self.text is not None:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class PrunePolicy:
    """Which old versions are deleted after each save.

    A version is kept when it is one of the newest ``keep_last`` of its file,
    or younger than ``keep_days``, or (with ``keep_named``) named or published.
    """

    keep_last: int = 100
    keep_days: float = 30.0
    keep_named: bool = True

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> PrunePolicy:
        """``[history]`` of ``mailwright.toml``; raises :class:`HistoryError` for bad values."""
        table = settings.get("history", {})
        if not isinstance(table, Mapping):
            raise HistoryError("mailwright.toml: [history] must be a table")
        unknown = sorted(set(table) - {"keep_last", "keep_days", "keep_named"})
        if unknown:
            raise HistoryError(
                f"mailwright.toml: [history] unknown key(s): {', '.join(unknown)}"
                " (known: keep_days, keep_last, keep_named)"
            )
        default = cls()
        keep_last = table.get("keep_last", default.keep_last)
        keep_days = table.get("keep_days", default.keep_days)
        keep_named = table.get("keep_named", default.keep_named)
        if isinstance(keep_last, bool) or not isinstance(keep_last, int) or keep_last < 1:
            raise HistoryError(
                f"mailwright.toml: [history] keep_last = {keep_last!r}: must be "
                "a whole number of at least 1"
            )
        if isinstance(keep_days, bool) or not isinstance(keep_days, int | float) or keep_days < 0:
            raise HistoryError(
                f"mailwright.toml: [history] keep_days = {keep_days!r}: must be "
                "a number of days, 0 or more"
            )
        if not isinstance(keep_named, bool):
            raise HistoryError(
                f"mailwright.toml: [history] keep_named = {keep_named!r}: must be true or false"
            )
        return cls(keep_last, float(keep_days), keep_named)


# ---- schema -----------------------------------------------------------------------------


def _schema_1(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            file TEXT NOT NULL,
            number INTEGER NOT NULL,
            created REAL NOT NULL,
            author TEXT NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL DEFAULT '',
            envelope TEXT NOT NULL DEFAULT '{}',
            digest TEXT NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (file, number)
        )""")


def _schema_2(db: sqlite3.Connection) -> None:
    # Named versions ("Save Current Version" with a name) and listing by time.
    db.execute("ALTER TABLE versions ADD COLUMN name TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX versions_by_file_time ON versions (file, created)")


# MIGRATIONS[i] upgrades a database at user_version i to i + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_schema_1, _schema_2)
SCHEMA_VERSION = len(MIGRATIONS)


# ---- helpers ----------------------------------------------------------------------------


def author_name(root: Path | None = None, environ: Mapping[str, str] | None = None) -> str:
    """git's ``user.name`` (for the workspace's repository), else ``$USER``."""
    try:
        out = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root or None,
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        )
        name = out.stdout.strip()
        if out.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    env = os.environ if environ is None else environ
    for key in ("USER", "USERNAME", "LOGNAME"):
        if env.get(key):
            return env[key]
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def envelope_json(text: str, path: Path | None = None) -> dict[str, str]:
    """The envelope a version of ``text`` carries (front matter, then the sidecar)."""
    fm = read_front_matter(text)
    if path is not None:
        read_sidecar(path, fm)
    return {k: v for k, v in fm.envelope.to_json().items() if v}


def read_exact(path: Path) -> str:
    """A file's text exactly as its bytes say: a byte-order mark and CRLF line ends are
    kept (a version restores the bytes it was recorded from). Raises OSError or
    UnicodeDecodeError."""
    return path.read_bytes().decode("utf-8")


def write_restored(path: Path, text: str) -> None:
    """Write a restored version over ``path`` (atomically; the file keeps its mode)."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise HistoryError(f"{path}: cannot write ({exc.strerror or exc})") from None


def unified_diff(old: str, new: str, old_label: str, new_label: str, context: int = 3) -> str:
    """A unified diff of two texts (empty when they are equal)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        old_label,
        new_label,
        n=context,
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    words = str(exc).lower()
    return "malformed" in words or "not a database" in words


_COLUMNS = "file, number, created, author, kind, name, message, envelope, digest, length(text)"


def _version(row: tuple[Any, ...], text: str | None = None) -> Version:
    file, number, created, author, kind, name, message, envelope, digest, size = row
    try:
        env = json.loads(envelope)
    except ValueError:
        env = {}
    return Version(
        file,
        number,
        created,
        author,
        kind,
        name,
        message,
        env if isinstance(env, dict) else {},
        digest,
        size or 0,
        text,
    )


# ---- the history ------------------------------------------------------------------------


class History:
    """The version history of one workspace. Safe to share between threads."""

    def __init__(
        self,
        root: Path,
        *,
        author: str | None = None,
        policy: PrunePolicy | None = None,
        database: Path | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.path = database or self.root / STATE_DIR / DATABASE
        self._author = author
        self.policy = policy or PrunePolicy()
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def author(self) -> str:
        if self._author is None:
            self._author = author_name(self.root)
        return self._author

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- connection, migrations, corruption ----------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"{self.path.parent}: cannot create ({exc.strerror})") from None
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Switching to WAL and migrating need a lock that SQLite does not wait for
            # (it answers "busy" at once when another connection opens the file at the
            # same moment), so these first steps retry until the busy timeout.
            deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
            while True:
                try:
                    db.execute("PRAGMA journal_mode = WAL")
                    db.execute("PRAGMA synchronous = NORMAL")
                    self._migrate(db)
                    break
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise
                    time.sleep(0.02)
            # Damage the next queries would not touch (old versions of other files) must not
            # read as "no versions yet": check every page once per opening.
            found = db.execute("PRAGMA quick_check(5)").fetchall()
            if [row[0] for row in found] != ["ok"]:
                raise sqlite3.DatabaseError(
                    "database disk image is malformed (quick_check: "
                    + "; ".join(str(r[0]) for r in found)
                    + ")"
                )
        except BaseException:
            db.close()
            raise
        self._db = db
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        if current == SCHEMA_VERSION:
            return
        if current > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.path}: made by a newer Mailwright (schema {current}; this one knows "
                f"{SCHEMA_VERSION}); update Mailwright to use it"
            )
        db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            current = db.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[current:]:
                step(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    def _move_aside(self) -> Path | None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                os.replace(side, target.with_name(target.name + suffix))
        return target

    @contextlib.contextmanager
    def _database(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, in a transaction when ``write``; corruption and locks explained."""
        with self._lock:
            try:
                db = self._connect()
                if write:
                    db.execute("BEGIN IMMEDIATE")
                    try:
                        yield db
                        db.execute("COMMIT")
                    except BaseException:
                        if db.in_transaction:
                            with contextlib.suppress(sqlite3.Error):
                                db.execute("ROLLBACK")
                        raise
                else:
                    yield db
            except sqlite3.OperationalError as exc:
                if _is_corruption(exc):
                    self._corrupt(exc)
                if _is_busy(exc):
                    raise HistoryError(
                        f"{self.path}: busy (another program held it for more "
                        f"than {BUSY_TIMEOUT_MS // 1000} s); try again"
                    ) from None
                raise HistoryError(f"{self.path}: {exc}") from None
            except sqlite3.DatabaseError as exc:
                if _is_corruption(exc):
                    self._corrupt(exc)
                raise HistoryError(f"{self.path}: {exc}") from None

    def _corrupt(self, exc: sqlite3.DatabaseError) -> None:
        moved = self._move_aside()
        where = f"moved to {moved.name}" if moved else "could not be moved aside"
        raise HistoryCorrupt(
            f"{self.path}: the version history is damaged ({exc}); it was {where} and a new "
            "history starts with the next save",
            moved,
        ) from None

    # -- files ---------------------------------------------------------------------------

    def relative(self, file: Path | str) -> str:
        """The key a file's versions are kept under: its workspace-relative path."""
        p = Path(file)
        if p.is_absolute():
            try:
                return p.resolve().relative_to(self.root).as_posix()
            except ValueError:
                return p.resolve().as_posix()
        return p.as_posix()

    def _absolute(self, file: Path | str) -> Path:
        p = Path(file)
        return p if p.is_absolute() else self.root / p

    # -- recording -----------------------------------------------------------------------

    def record(
        self,
        file: Path | str,
        text: str,
        *,
        kind: str = "save",
        name: str = "",
        message: str = "",
        author: str | None = None,
        envelope: Mapping[str, str] | None = None,
        when: float | None = None,
        repeat: bool = False,
    ) -> Version | None:
        """Record ``text`` as the newest version of ``file``.

        Returns None (nothing recorded) when the text equals the latest version's,
        as the reference product refuses to save an unchanged version — unless
        ``repeat`` (a publish marks the text it published even when it was just saved).
        """
        if kind not in KINDS:
            raise HistoryError(f"unknown kind of version {kind!r} (use {', '.join(KINDS)})")
        rel = self.relative(file)
        digest = digest_of(text)
        env = dict(envelope) if envelope is not None else envelope_json(text, self._absolute(file))
        created = time.time() if when is None else when
        who = author if author is not None else self.author
        with self._database(write=True) as db:
            last = db.execute(
                "SELECT number, digest FROM versions WHERE file = ? ORDER BY number DESC LIMIT 1",
                (rel,),
            ).fetchone()
            if last is not None and last[1] == digest and not repeat:
                return None
            number = (last[0] if last else 0) + 1
            db.execute(
                "INSERT INTO versions (file, number, created, author, kind, name, "
                "message, envelope, digest, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rel,
                    number,
                    created,
                    who,
                    kind,
                    name.strip(),
                    message.strip(),
                    json.dumps(env, ensure_ascii=False),
                    digest,
                    text,
                ),
            )
            self._prune(db, rel, self.policy, time.time())
        return Version(
            rel,
            number,
            created,
            who,
            kind,
            name.strip(),
            message.strip(),
            env,
            digest,
            len(text),
            text,
        )

    # -- reading -------------------------------------------------------------------------

    def versions(self, file: Path | str, *, named_only: bool = False) -> list[Version]:
        """Every version of ``file``, newest first (``text`` not loaded)."""
        rel = self.relative(file)
        sql = f"SELECT {_COLUMNS} FROM versions WHERE file = ?"
        if named_only:
            sql += " AND name != ''"
        with self._database() as db:
            rows = db.execute(sql + " ORDER BY number DESC", (rel,)).fetchall()
        return [_version(r) for r in rows]

    def latest(self, file: Path | str) -> Version | None:
        rel = self.relative(file)
        with self._database() as db:
            row = db.execute(
                f"SELECT {_COLUMNS}, text FROM versions WHERE file = ? "
                "ORDER BY number DESC LIMIT 1",
                (rel,),
            ).fetchone()
        return _version(row[:-1], row[-1]) if row else None

    def get(self, file: Path | str, number: int) -> Version:
        """Version ``number`` of ``file`` with its text; :class:`HistoryError` if there is none."""
        rel = self.relative(file)
        with self._database() as db:
            row = db.execute(
                f"SELECT {_COLUMNS}, text FROM versions WHERE file = ? AND number = ?",
                (rel, number),
            ).fetchone()
            if row is None:
                numbers = [
                    n
                    for (n,) in db.execute(
                        "SELECT number FROM versions WHERE file = ? ORDER BY number", (rel,)
                    )
                ]
        if row is None:
            have = (
                f"it has versions {numbers[0]}–{numbers[-1]}"
                if len(numbers) > 1
                else f"it has version {numbers[0]}"
                if numbers
                else "it has no versions yet"
            )
            raise HistoryError(f"{rel}: no version {number} ({have})")
        return _version(row[:-1], row[-1])

    def files(self) -> list[str]:
        """Every file with versions, sorted."""
        with self._database() as db:
            return [f for (f,) in db.execute("SELECT DISTINCT file FROM versions ORDER BY file")]

    def diff(self, file: Path | str, old: int, new: int | None = None, context: int = 3) -> str:
        """Unified diff from version ``old`` to version ``new`` (None: the file on disk)."""
        a = self.get(file, old)
        rel = self.relative(file)
        a_label = f"{rel} (version {a.number}, {a.when})"
        if new is None:
            path = self._absolute(file)
            try:
                b_text = read_exact(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise HistoryError(f"{rel}: cannot read the current file ({exc})") from None
            b_label = f"{rel} (current file)"
        else:
            b = self.get(file, new)
            b_text, b_label = b.text or "", f"{rel} (version {b.number}, {b.when})"
        return unified_diff(a.text or "", b_text, a_label, b_label, context)

    # -- restoring -----------------------------------------------------------------------

    def restore(
        self,
        file: Path | str,
        number: int,
        *,
        current_text: str | None = None,
        author: str | None = None,
    ) -> Version:
        """Put version ``number`` back into the file, never losing the current text.

        The current text (``current_text``, e.g. an editor's unsaved text, else the
        file on disk) is recorded first as a version of its own; then the old text
        is written atomically and recorded as a ``restore`` version, which is
        returned.
        """
        target = self.get(file, number)
        path = self._absolute(file)
        if current_text is None and path.exists():
            try:
                current_text = read_exact(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise HistoryError(
                    f"{self.relative(file)}: cannot read the current file "
                    f"before restoring ({exc}); nothing was changed"
                ) from None
        if current_text is not None:
            self.record(
                file,
                current_text,
                kind="save",
                author=author,
                message=f"before restoring version {number}",
            )
        text = target.text or ""
        write_restored(path, text)
        made = self.record(
            file, text, kind="restore", author=author, message=f"restored version {number}"
        )
        if made is not None:
            return made
        latest = self.latest(file)  # the text already was the latest version's
        assert latest is not None
        return latest

    # -- pruning -------------------------------------------------------------------------

    def prune(
        self,
        file: Path | str | None = None,
        policy: PrunePolicy | None = None,
        now: float | None = None,
    ) -> int:
        """Delete the versions ``policy`` (default: this history's) does not keep.
        Returns how many were deleted."""
        policy = policy or self.policy
        now = time.time() if now is None else now
        with self._database(write=True) as db:
            files = (
                [self.relative(file)]
                if file is not None
                else [f for (f,) in db.execute("SELECT DISTINCT file FROM versions")]
            )
            return sum(self._prune(db, f, policy, now) for f in files)

    @staticmethod
    def _prune(db: sqlite3.Connection, rel: str, policy: PrunePolicy, now: float) -> int:
        cutoff = now - policy.keep_days * 86400
        named = "AND name = '' AND kind != 'publish'" if policy.keep_named else ""
        cur = db.execute(
            f"DELETE FROM versions WHERE file = ? AND created < ? {named} AND number NOT IN "
            "(SELECT number FROM versions WHERE file = ? ORDER BY number DESC LIMIT ?)",
            (rel, cutoff, rel, policy.keep_last),
        )
        return cur.rowcount


def record_save(history: History | None, path: Path, text: str) -> str | None:
    """Record a version after a save. Returns a message when the history failed: the save
    itself stands, so this never raises."""
    if history is None:
        return None
    try:
        history.record(path, text, kind="save")
    except HistoryError as exc:
        return str(exc)
    return None


def history_for(root: Path, settings: Mapping[str, Any]) -> tuple[History, str | None]:
    """The workspace's history with the ``[history]`` policy (the default policy and the
    reason when that table is wrong)."""
    try:
        return History(root, policy=PrunePolicy.from_settings(settings)), None
    except HistoryError as exc:
        return History(root), str(exc)
