"""One writer per open file: the editor's side of ``studio.workspace.locks``.

:func:`open_lock` asks for a file's edit lock before the window offers autosave
recovery (another studio's live autosave is not ours to recover). The
:class:`EditLockGuard` the window attaches to the editor page then

* keeps the lock alive (a heartbeat every :data:`HEARTBEAT_S` s) while it edits;
* opens the page **view only** when another live studio holds the lock: code,
  visual editor, envelope, text part and transformers read-only, Save refused by
  the document, with a banner naming the holder and a **Take over** button;
* watches the lock's folder: when another studio takes over, the page keeps its
  unsaved text in the autosave folder's ``kept/`` (``Journal.keep``), shows the text
  as saved on disk, and drops to view only, saying who took over; taking over again
  brings the kept text back (unsaved, undoable). Emails, templates, components,
  snippets and sample data alike (:class:`studio.models.document.Journaled`); the
  global styles editor keeps its unsaved values on screen instead.

A stale lock (no heartbeat for 60 s, or a holder on this host whose process ended)
is taken over silently when the file is opened.
"""

from __future__ import annotations

import atexit
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from compiler.root import STYLES_FILE
from studio.history import author_name
from studio.models.document import Journal, Journaled, JournalEntry
from studio.workspace.locks import HEARTBEAT_S, EditLock, LockInfo, release_all

if TYPE_CHECKING:
    from studio.qt.data_files import DataFilePage
    from studio.qt.editor_page import EditorPage
    from studio.qt.styles_editor import StylesEditorWidget

atexit.register(release_all)


def open_lock(
    root: Path, rel: str, *, holder: str | None = None
) -> tuple[EditLock, LockInfo | None]:
    """The file's lock for a new editor, and the live studio holding it (None: this
    editor holds it now — it was free, stale, or already ours)."""
    lock = EditLock(root, rel, holder=holder or author_name(root))
    return lock, lock.acquire()


class LockBanner(QWidget):
    """ "… is editing this file — view only" with Take over."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockBanner { background:#fff4e5; color:#5c3b00; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Take over")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        self.hide()


class LockGuard(QObject):
    """The edit lock of one editing widget (its child; released with it): heartbeat,
    the watch on the lock folder, the banner and Take over. Subclasses say how their
    widget turns read-only (:meth:`_apply`), keep unsaved work when the lock is lost
    (:meth:`_keep`) and bring it back on take over (:meth:`_restore`)."""

    taken_over = Signal(object)  # LockInfo of the studio that took the file
    editable_changed = Signal(bool)

    def __init__(
        self,
        host: QWidget,
        lock: EditLock,
        holder: LockInfo | None,
        *,
        name: str,
        banner_at: int = 0,
        journal: Journal | None = None,
    ) -> None:
        super().__init__(host)
        self.journal = journal
        self.kept: Path | None = None  # the unsaved text kept when the lock was lost
        self.setObjectName("editLock")
        self.lock = lock
        self.name = name
        self.editable = True
        self.banner = LockBanner()
        self.banner.button.clicked.connect(self._take_over_clicked)
        layout = host.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(banner_at, self.banner)
        self.timer = QTimer(self)
        self.timer.setInterval(int(HEARTBEAT_S * 1000))
        self.timer.timeout.connect(self.beat)
        self.watcher = QFileSystemWatcher(self)
        with contextlib.suppress(OSError):
            lock.path.parent.mkdir(parents=True, exist_ok=True)
        self.watcher.addPath(str(lock.path.parent))
        self.watcher.directoryChanged.connect(self.check)
        host.destroyed.connect(lambda *_: lock.release())

    # ---- what the host does -----------------------------------------------------------
    def _apply(self, on: bool, reason: str) -> None:
        raise NotImplementedError

    def _document(self) -> Journaled | None:
        """The text document the widget edits (None: not a text document)."""
        return None

    def _show_text(self, text: str) -> None:
        """Put ``text`` in the widget's document as one undoable step."""
        raise NotImplementedError

    def _keep(self) -> str:
        """Keep unsaved work before dropping to view only; a note for the banner. A text
        document's unsaved text goes to the journal's ``kept/`` and the widget shows the
        saved file."""
        doc = self._document()
        if self.journal is None or doc is None or not doc.dirty:
            return ""
        try:
            self.kept = self.journal.keep(doc)
        except OSError as exc:
            return f" Your unsaved changes could not be kept ({exc.strerror or exc})."
        if self.kept is None:
            return ""
        self._show_text(doc.saved_text)  # undoable; the kept copy comes back on take over
        return (
            f" Your unsaved changes are kept in {self._shown(self.kept)}; Take over "
            "to continue with them."
        )

    def _restore(self) -> None:
        """Bring kept work back after taking over again (unsaved, undoable)."""
        if self.kept is not None:
            entry = JournalEntry.read(self.kept)
            if entry is not None:
                self._show_text(entry.text)
                with contextlib.suppress(OSError):
                    self.kept.unlink()
            self.kept = None

    # ---- state --------------------------------------------------------------------
    def _set_editable(self, on: bool, other: LockInfo | None = None, note: str = "") -> None:
        self._apply(
            on,
            ""
            if on
            else (f"{other.describe()} is editing it" if other is not None else "view only"),
        )
        if on:
            self.timer.start()
            self.banner.hide()
        else:
            self.timer.stop()
            who = other.describe() if other is not None else "Another studio"
            self.banner.label.setText(
                note or f"View only: {who} is editing {self.name}. Take over to edit here."
            )
            self.banner.show()
        changed = on != self.editable
        self.editable = on
        if changed:
            self.editable_changed.emit(on)

    def beat(self) -> None:
        """The heartbeat (while editing): keep the lock fresh, or notice it was taken."""
        if self.editable:
            other = self.lock.beat()
            if other is not None:
                self._lost(other)

    def check(self, _folder: str = "") -> None:
        """The lock folder changed: was the lock taken over (or, view only, let go)?"""
        if self.editable:
            other = self.lock.check()
            if other is not None:
                self._lost(other)
            return
        current = self.lock.read()
        if current is None or current.stale():
            self.banner.label.setText(f"No one is editing {self.name} now. Take over to edit here.")

    def _lost(self, other: LockInfo) -> None:
        """Another studio took over: keep our unsaved work, view only, say who."""
        note = self._keep()
        self._set_editable(
            False, other, f"{other.describe()} took over editing {self.name}: view only.{note}"
        )
        self.taken_over.emit(other)

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.lock.root).as_posix()
        except ValueError:
            return str(path)

    # ---- take over ------------------------------------------------------------------
    def _take_over_clicked(self, _checked: bool = False) -> None:
        self.take_over()

    def take_over(self) -> LockInfo | None:
        """Edit here: the lock becomes ours (the other studio drops to view only); kept
        unsaved work, if any, comes back. Returns the previous holder."""
        previous = self.lock.take_over()
        self._set_editable(True)
        self._restore()
        return previous

    def release(self) -> None:
        self.timer.stop()
        self.lock.release()


class EditLockGuard(LockGuard):
    """The edit lock of an email, template or component editor page."""

    def __init__(
        self,
        page: EditorPage,
        lock: EditLock,
        holder: LockInfo | None,
        *,
        journal: Journal | None = None,
    ) -> None:
        self.page = page
        super().__init__(
            page, lock, holder, name=page.document.name, banner_at=1, journal=journal
        )  # below the Visual/Code/Split switch
        self._set_editable(holder is None, holder)

    def _apply(self, on: bool, reason: str) -> None:
        page = self.page
        page.document.view_only = reason
        page.editor.setReadOnly(not on)
        for widget in (page.visual, page.envelope_section, page.text_tab, page.transformers_tab):
            widget.setEnabled(on)

    def _document(self) -> Journaled:
        return self.page.document

    def _show_text(self, text: str) -> None:
        self.page.document.set_text(text)


class StylesLockGuard(LockGuard):
    """The edit lock of the global styles editor (``styles.json``): view only, its
    fields disabled and Save refused by the model; unsaved values stay on screen (and
    unsaved, so nothing overwrites the other studio's file) until Take over."""

    def __init__(self, editor: StylesEditorWidget, lock: EditLock, holder: LockInfo | None) -> None:
        self.editor = editor
        super().__init__(editor, lock, holder, name=STYLES_FILE, banner_at=1)
        self._set_editable(holder is None, holder)

    def _apply(self, on: bool, reason: str) -> None:
        ed = self.editor
        ed.model.view_only = reason
        for widget in (ed.tabs, ed.save_button, ed.undo_button, ed.redo_button):
            widget.setEnabled(on)
        if on:
            ed.undo_button.setEnabled(ed.model.can_undo)
            ed.redo_button.setEnabled(ed.model.can_redo)

    def _keep(self) -> str:
        if not self.editor.model.dirty:
            return ""
        return " Your unsaved changes are still shown here, unsaved; Take over to save them."


class DataFileLockGuard(LockGuard):
    """The edit lock of a snippet or sample-data page: the text read-only and Save
    refused by the model while another studio edits the file; unsaved text kept in the
    journal's ``kept/`` as an email's is."""

    def __init__(
        self,
        page: DataFilePage,
        lock: EditLock,
        holder: LockInfo | None,
        *,
        journal: Journal | None = None,
    ) -> None:
        self.page = page
        super().__init__(page, lock, holder, name=page.rel, banner_at=1, journal=journal)
        self._set_editable(holder is None, holder)

    def _apply(self, on: bool, reason: str) -> None:
        self.page.model.view_only = reason
        self.page.editor.setReadOnly(not on)
        self.page.save_button.setEnabled(on and not self.page.model.errors)

    def _document(self) -> Journaled:
        return self.page.model

    def _show_text(self, text: str) -> None:
        self.page.replace_text(text)
