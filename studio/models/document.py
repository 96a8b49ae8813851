"""An open email (or template, component) being edited: text, undo, dirty state, disk.

The document is the one truth the code editor (and later the visual editor)
edit: views report what changed with :meth:`EmailDocument.sync_text` or
:meth:`EmailDocument.apply`, and apply what the document tells them through
:attr:`EmailDocument.changed`. Undo/redo live here, not in the views, so
several views over one document share one history.

No lost work: :attr:`dirty` is true while the text differs from the file;
:class:`Journal` keeps autosave copies under ``.mailwright/autosave`` and
:meth:`Journal.recover` offers them back after a crash (of emails, and of snippets and
sample data: :class:`Journaled`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from compiler.result import Envelope
from studio.history import History, record_save
from studio.models.envelope import envelope_of, set_front_matter
from studio.models.events import Event
from studio.models.merge import Merged, merge3
from studio.models.text import Edit, diff_edit
from styles.atomic import write_atomic

MERGE_WINDOW_S = 1.0
UNDO_LIMIT = 1000


@dataclass(slots=True)
class _Group:
    edits: list[Edit]
    time: float
    kind: str  # "type", "delete" or "other"
    #: what the view had selected before and after the step (visual edits), restored
    #: by undo and redo; None when the step does not say
    selection: tuple[object, object] | None = None


def _kind(edit: Edit) -> str:
    if not edit.removed and len(edit.inserted) == 1 and edit.inserted not in "\n":
        return "type"
    if not edit.inserted and len(edit.removed) == 1:
        return "delete"
    return "other"


@dataclass(frozen=True, slots=True)
class DiskState:
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> DiskState | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size)


class DocumentError(Exception):
    """The file cannot be read or written; ``str()`` says why."""


class EmailDocument:
    """One open source file."""

    def __init__(self, text: str = "", path: Path | None = None) -> None:
        self._text = text
        self.path = path
        self.bom = False  # the file starts with a UTF-8 byte-order mark (kept on save)
        self._saved_text = text if path is not None else ""
        self._disk = DiskState.of(path) if path else None
        self._undo: list[_Group] = []
        self._redo: list[_Group] = []
        self._dirty = text != self._saved_text
        self.revision = 0
        self.journal_revision = 0  # the revision the journal holds (autosave skips it)
        # version history: a version is recorded on every save (None: not recorded);
        # history_error says why the last save's version could not be recorded
        self.history: History | None = None
        self.history_error: str | None = None
        #: why this document may not be written now ("" when it may): another studio holds
        #: the file's edit lock (``studio.workspace.locks``); save and autosave refuse
        self.view_only = ""
        # events
        self.changed: Event[Edit] = Event()  # every change of the text
        self.dirty_changed: Event[bool] = Event()
        self.saved: Event[Path] = Event()
        self.path_changed: Event[Path] = Event()
        #: after undo/redo of a step that recorded a selection: the selection to show
        self.selection_restored: Event[object] = Event()

    # ---- loading / saving -------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> EmailDocument:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"{path}: cannot read ({exc.strerror})") from None
        if b"\x00" in data[:8192]:
            raise DocumentError(f"{path}: this is a binary file, not an email source")
        try:
            text = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "re-save it as UTF-8"
            ) from None
        doc = cls(text, path)
        doc.bom = data.startswith(b"\xef\xbb\xbf")
        return doc

    @property
    def file_text(self) -> str:
        """The text as the file holds it: with its byte-order mark when it had one."""
        return ("\ufeff" if self.bom else "") + self._text

    def save(self, path: Path | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("this document has no file yet: choose where to save it")
        if self.view_only:
            raise DocumentError(f"{self.name} is open view only: {self.view_only}")
        try:
            write_atomic(target, self.file_text)
        except OSError as exc:
            raise DocumentError(f"{target}: cannot save ({exc.strerror or exc})") from None
        moved = target != self.path
        self.path = target
        self.history_error = record_save(self.history, target, self.file_text)
        self._saved_text = self._text
        self._disk = DiskState.of(target)
        self._set_dirty(False)
        if moved:
            self.path_changed.emit(target)
        self.saved.emit(target)
        return target

    def disk_changed(self) -> bool:
        """True when another program changed (or removed) the file since we read or saved it."""
        if self.path is None:
            return False
        now = DiskState.of(self.path)
        if now == self._disk:
            return False
        if now is None:
            return True
        try:
            on_disk = self.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            return True
        if on_disk == self._saved_text:
            self._disk = now
            return False
        return True

    def reload(self) -> None:
        """Take the file's text from disk (undoable, like any other edit)."""
        if self.path is None:
            return
        fresh = EmailDocument.load(self.path)
        self.bom = fresh.bom
        self._saved_text = fresh.text
        self._disk = DiskState.of(self.path)
        self.set_text(fresh.text)
        self._set_dirty(self._text != self._saved_text)

    def merge_disk(self) -> Merged:
        """Merge the unsaved text with the file as it is on disk now: three-way over the
        text last read or saved (:func:`studio.models.merge.merge3`), applied as one
        undoable step. The disk's text becomes the saved text, so the document is
        unsaved exactly when the merge differs from the file. Raises
        :class:`DocumentError` when the file cannot be read."""
        if self.path is None:
            raise DocumentError("this document has no file to merge with")
        fresh = EmailDocument.load(self.path)
        merged = merge3(self._saved_text, self._text, fresh.text)
        self.bom = fresh.bom
        self._saved_text = fresh.text
        self._disk = DiskState.of(self.path)
        self.set_text(merged.text)
        self._set_dirty(self._text != self._saved_text)
        return merged

    # ---- text -------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    @property
    def saved_text(self) -> str:
        """The text as last read from or written to the file."""
        return self._saved_text

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def name(self) -> str:
        return self.path.name if self.path else "untitled"

    def apply(self, edit: Edit, *, record: bool = True) -> Edit:
        """Apply one edit (views call this, or :meth:`sync_text`)."""
        if self._text[edit.offset : edit.offset + len(edit.removed)] != edit.removed:
            raise ValueError(f"edit does not match the text at offset {edit.offset}")
        self._text = edit.apply(self._text)
        self.revision += 1
        if record:
            self._record(edit)
        self.changed.emit(edit)
        self._set_dirty(self._text != self._saved_text)
        return edit

    def sync_text(self, new_text: str, hint: int | None = None) -> Edit | None:
        """A view's whole text after the user changed it: recorded as one edit.

        ``hint``: where the view says the change starts (see :func:`diff_edit`).
        """
        edit = diff_edit(self._text, new_text, hint)
        if edit is None:
            return None
        return self.apply(edit)

    def set_text(self, new_text: str) -> Edit | None:
        """Replace the text as one undoable step that is never merged with typing."""
        edit = diff_edit(self._text, new_text)
        if edit is None:
            return None
        self._undo.append(_Group([edit], time.monotonic(), "other"))
        self._redo.clear()
        return self.apply(edit, record=False)

    def apply_group(
        self, edits: list[Edit], *, selection_before: object = None, selection_after: object = None
    ) -> list[Edit]:
        """Apply ``edits`` in order (each on the text the previous one left) as ONE undo
        step, never merged with typing. Undo restores ``selection_before`` and redo
        ``selection_after`` through :attr:`selection_restored` (visual edits pass the
        rows they had selected). Nothing is applied when one edit does not match."""
        text = self._text
        for edit in edits:
            if text[edit.offset : edit.offset + len(edit.removed)] != edit.removed:
                raise ValueError(f"edit does not match the text at offset {edit.offset}")
            text = edit.apply(text)
        done = [self.apply(e, record=False) for e in edits]
        if done:
            self._undo.append(
                _Group(list(done), time.monotonic(), "other", (selection_before, selection_after))
            )
            self._redo.clear()
            if len(self._undo) > UNDO_LIMIT:
                del self._undo[0]
        return done

    def replace(self, start: int, end: int, inserted: str) -> Edit:
        return self.apply(Edit(start, self._text[start:end], inserted))

    # ---- undo -------------------------------------------------------------------
    def _record(self, edit: Edit) -> None:
        now = time.monotonic()
        kind = _kind(edit)
        self._redo.clear()
        last = self._undo[-1] if self._undo else None
        if (
            last is not None
            and kind != "other"
            and last.kind == kind
            and now - last.time < MERGE_WINDOW_S
        ):
            prev = last.edits[-1]
            contiguous = (
                kind == "type"
                and edit.offset == prev.end_after
                and not (edit.inserted.isspace() and not prev.inserted.isspace())
            ) or (kind == "delete" and edit.offset + len(edit.removed) == prev.offset)
            if contiguous:
                last.edits.append(edit)
                last.time = now
                return
        self._undo.append(_Group([edit], now, kind))
        if len(self._undo) > UNDO_LIMIT:
            del self._undo[0]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def break_undo_group(self) -> None:
        """The next edit starts a new undo step (cursor moved, focus changed…)."""
        if self._undo:
            self._undo[-1].kind = "other"

    def undo(self) -> list[Edit]:
        if not self._undo:
            return []
        group = self._undo.pop()
        done = [self.apply(e.inverse(), record=False) for e in reversed(group.edits)]
        group.kind = "other"
        self._redo.append(group)
        if group.selection is not None:
            self.selection_restored.emit(group.selection[0])
        return done

    def redo(self) -> list[Edit]:
        if not self._redo:
            return []
        group = self._redo.pop()
        done = [self.apply(e, record=False) for e in group.edits]
        self._undo.append(group)
        if group.selection is not None:
            self.selection_restored.emit(group.selection[1])
        return done

    # ---- envelope ---------------------------------------------------------------
    @property
    def envelope(self) -> Envelope:
        return envelope_of(self._text)

    def set_envelope(self, envelope: Envelope) -> Edit | None:
        """Write the envelope into the front matter (one undoable step)."""
        return self.set_text(set_front_matter(self._text, envelope))

    def set_envelope_field(self, name: str, value: str) -> Edit | None:
        env = self.envelope
        if not hasattr(env, name):
            raise AttributeError(f"the envelope has no field {name!r}")
        setattr(env, name, value)
        return self.set_envelope(env)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    path: str
    text: str
    saved_at: float
    base_hash: str  # hash of the file's text the unsaved work started from

    @classmethod
    def read(cls, file: Path) -> JournalEntry | None:
        """The entry saved in ``file``; None when it is missing or unreadable."""
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            return cls(
                str(data["path"]),
                str(data["text"]),
                float(data["saved_at"]),
                str(data.get("base_hash", "")),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Journaled(Protocol):
    """What the journal needs of an edited file: an email document
    (:class:`EmailDocument`) or a snippet or sample-data file
    (:class:`studio.models.data_files.DataFile`)."""

    @property
    def path(self) -> Path | None: ...
    @property
    def text(self) -> str: ...
    @property
    def saved_text(self) -> str: ...
    @property
    def dirty(self) -> bool: ...
    @property
    def view_only(self) -> str: ...  # "" when the file may be written
    @property
    def revision(self) -> int: ...  # grows with every change of the text

    journal_revision: int  # the revision the journal holds

    def set_text(self, new_text: str, /) -> object: ...  # one undoable step


class Journal:
    """Autosave copies of unsaved documents (:class:`Journaled`: emails, snippets, sample
    data), under ``<workspace>/.mailwright/autosave``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, path: Path) -> Path:
        key = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:20]
        return self.folder / f"{key}.json"

    def write(self, doc: Journaled) -> None:
        if doc.path is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {
            "path": str(doc.path.resolve()),
            "text": doc.text,
            "saved_at": time.time(),
            "base_hash": _hash(doc.saved_text),
        }
        write_atomic(self._file(doc.path), json.dumps(entry))

    def read(self, path: Path) -> JournalEntry | None:
        return JournalEntry.read(self._file(path))

    def autosave(self, doc: Journaled) -> bool:
        """Write an autosave copy when ``doc`` has unsaved work not yet journaled; clear
        it when ``doc`` is saved. Never for a view-only document: the journal entry is
        the editing studio's. True when a copy was written."""
        if doc.view_only:
            return False
        if not doc.dirty:
            self.clear(doc)
            return False
        if doc.journal_revision == doc.revision:
            return False
        self.write(doc)
        doc.journal_revision = doc.revision
        return True

    @contextmanager
    def saving(self, doc: Journaled) -> Iterator[None]:
        """Around a save of ``doc``, so that a crash at any moment of it loses nothing.

        The text being saved is journaled first, then the body writes the file
        (atomically), then the journal is cleared when ``doc`` is saved. A crash before
        the file is replaced leaves a journal with the whole text; a crash after it
        leaves a journal equal to the file, which is not offered for recovery — never
        an older autosave that would undo the save. A save that was refused (errors,
        view only) or raised leaves the journal as it was.
        """
        before = doc.path
        if before is not None and doc.dirty and not doc.view_only:
            try:
                self.write(doc)
                doc.journal_revision = doc.revision
            except OSError:
                pass  # the journal is a safety net; the save itself goes on
        yield
        if not doc.dirty and not doc.view_only:
            self.clear(doc)
            if before is not None and before != doc.path:
                self.clear(before)

    def save(self, doc: EmailDocument, path: Path | None = None) -> Path:
        """Save an email crash-safely (:meth:`saving`). Raises :class:`DocumentError`."""
        if doc.view_only:
            raise DocumentError(f"{doc.name} is open view only: {doc.view_only}")
        with self.saving(doc):
            return doc.save(path)

    def keep(self, doc: Journaled) -> Path | None:
        """A copy of ``doc``'s unsaved text under ``kept/``, which no autosave, save or
        recovery of another session touches: for an editor that lost the file's edit lock
        to another studio. None when nothing is unsaved.

        The file's autosave copy, where it holds that same text (this editor's own), is
        removed: the text is in ``kept/`` now, and a later open of the file must not offer
        it a second time for recovery. Another studio's autosave (a different text) stays."""
        if doc.path is None or not doc.dirty:
            return None
        folder = self.folder / "kept"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        target = folder / f"{doc.path.stem}-{stamp}-{self._file(doc.path).stem[:8]}.json"
        entry = {
            "path": str(doc.path.resolve()),
            "text": doc.text,
            "saved_at": time.time(),
            "base_hash": _hash(doc.saved_text),
        }
        write_atomic(target, json.dumps(entry))
        autosaved = self.read(doc.path)
        if autosaved is not None and autosaved.text == doc.text:
            self.clear(doc)
        return target

    def clear(self, doc_or_path: Journaled | Path) -> None:
        path = doc_or_path if isinstance(doc_or_path, Path) else doc_or_path.path
        if path is not None:
            self._file(path).unlink(missing_ok=True)

    def entries(self) -> list[JournalEntry]:
        files = sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []
        return [e for e in map(JournalEntry.read, files) if e is not None]

    def recoverable(self, doc: Journaled) -> JournalEntry | None:
        """An autosave copy for ``doc`` whose text differs from what is open."""
        if doc.path is None:
            return None
        entry = self.read(doc.path)
        if entry is None or entry.text == doc.text:
            return None
        return entry

    def recover(self, doc: Journaled) -> bool:
        """Put the autosaved text into ``doc`` (unsaved, undoable). False when none."""
        entry = self.recoverable(doc)
        if entry is None:
            return False
        doc.set_text(entry.text)
        return True
