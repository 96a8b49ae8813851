"""The dashboard / file manager: browse, search, create, import, duplicate, move, delete."""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.models.filetree import FILTERS, FileTreeModel, SearchModel, TreeNode
from studio.qt.icons import icon
from studio.workspace import STYLES_FILE, FileKind, SearchHit, Workspace, WorkspaceError

if TYPE_CHECKING:  # made when asked for (with its thumbnails): not needed to show the window
    from studio.qt.new_email import NewEmailDialog

REL_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Name", "Type", "Last edited", "Used in")
SORT_FOR_COLUMN = {0: "name", 2: "edited", 3: "used_in"}


class FileTree(QTreeWidget):
    """The file table; dropping an entry onto a folder moves it there."""

    moved = Signal(str, str)  # rel, destination folder

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(list(COLUMNS))
        self.setColumnWidth(0, 320)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Sorting is the model's (folders first), so Qt's own sorting stays off; but then
        # the header ignores clicks unless told otherwise.
        self.header().setSectionsClickable(True)

    def dropEvent(self, event: QDropEvent) -> None:
        target = self.itemAt(event.position().toPoint())
        source = self.currentItem()
        event.ignore()  # the workspace moves the file; the tree is rebuilt from disk
        if target is None or source is None:
            return
        dest = target.data(0, REL_ROLE)
        if target.data(1, REL_ROLE) != "folder":
            dest = dest.rsplit("/", 1)[0]
        self.moved.emit(source.data(0, REL_ROLE), dest)


class Dashboard(QWidget):
    open_requested = Signal(str)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.tree_model = FileTreeModel(workspace)
        self.search_model = SearchModel(workspace)
        self.title = QLabel(f"<h2>{html.escape(workspace.name)}</h2>")
        self.search = QLineEdit(placeholderText="Search by name or content")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.run_search)
        self.filter_box = QComboBox()
        for name in FILTERS:
            self.filter_box.addItem(name.capitalize(), name)
        self.filter_box.currentIndexChanged.connect(
            lambda _i: self.tree_model.set_filter(self.filter_box.currentData())
        )
        self.create_button = QPushButton("Create ▾")
        menu = QMenu(self.create_button)
        menu.addAction("Email…", lambda: self.prompt_create(FileKind.EMAIL))
        menu.addAction("Template…", lambda: self.prompt_create(FileKind.TEMPLATE))
        menu.addAction("Component…", lambda: self.prompt_create(FileKind.COMPONENT))
        menu.addAction("New folder…", self.prompt_folder)
        self.create_button.setMenu(menu)
        # The start of a designer's day: New Email (the starter gallery) first.
        self.new_email_button = QPushButton(icon("email-plus-outline"), "New Email…")
        self.new_email_button.setObjectName("dashboardNewEmail")
        self.new_email_button.setToolTip(
            "A new email from a starter layout, a template or from scratch (Ctrl+N)"
        )
        self.new_email_button.setDefault(True)
        self.new_email_button.clicked.connect(self.new_email_dialog)
        self.import_button = QPushButton("Import…")
        self.import_button.clicked.connect(self.prompt_import)
        self.new_email: NewEmailDialog | None = None  # the open New Email dialog
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.recent = QListWidget()
        self.recent.setFlow(QListWidget.Flow.LeftToRight)
        self.recent.setMaximumHeight(56)
        self.recent.itemActivated.connect(lambda it: self.open_requested.emit(it.data(REL_ROLE)))
        self.recent.itemDoubleClicked.connect(
            lambda it: self.open_requested.emit(it.data(REL_ROLE))
        )
        self.collapsed: set[str] = set()  # folders the user folded
        self.tree = FileTree()
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemDoubleClicked.connect(self._activate)
        self.tree.moved.connect(self.move_entry)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.header().sectionClicked.connect(self._sort_clicked)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open_hit)
        self.results.itemDoubleClicked.connect(self._open_hit)
        self.results_label = QLabel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        res = QWidget()
        rl = QVBoxLayout(res)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.results_label)
        rl.addWidget(self.results)
        self.stack.addWidget(res)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.new_email_button)
        top.addWidget(self.create_button)
        top.addWidget(self.import_button)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.filter_box)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(bar)
        lay.addWidget(self.message)
        lay.addWidget(QLabel("Recent files"))
        self.no_recent = QLabel(
            "The files you open show here. Start with New Email…, or double-click an email below."
        )
        self.no_recent.setObjectName("noRecentFiles")
        self.no_recent.setStyleSheet("color: palette(placeholder-text); padding: 4px 0;")
        lay.addWidget(self.no_recent)
        lay.addWidget(self.recent)
        lay.addWidget(self.stack, 1)
        self.tree_model.changed.connect(lambda _n: self.rebuild())
        self.search_model.changed.connect(self.show_hits)
        self.rebuild()

    # ---- building ---------------------------------------------------------------
    def rebuild(self) -> None:
        # Folders open unless the user folded them (kept through searches and refreshes;
        # a new folder opens).
        self.collapsed = {
            it.data(0, REL_ROLE)
            for it in self._items()
            if it.data(1, REL_ROLE) == "folder" and not it.isExpanded()
        }
        self.tree.clear()
        root = self.tree_model.tree()

        def add(parent: QTreeWidget | QTreeWidgetItem, node: TreeNode) -> None:
            for child in node.children:
                e = child.entry
                assert e is not None
                edited = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.modified))
                used = (
                    str(child.used_in) if e.kind in (FileKind.COMPONENT, FileKind.SNIPPET) else ""
                )
                item = QTreeWidgetItem([e.name, e.kind.value, edited, used])
                item.setData(0, REL_ROLE, e.rel)
                item.setData(1, REL_ROLE, e.kind.value)
                if isinstance(parent, QTreeWidget):
                    parent.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(item, child)
                if e.is_dir and e.rel not in self.collapsed:
                    item.setExpanded(True)

        add(self.tree, root)
        for column in (1, 2, 3):  # type, date and count are never cut off
            self.tree.resizeColumnToContents(column)
        self.recent.clear()
        for rel in self.workspace.recent():
            it = QListWidgetItem(rel.rsplit("/", 1)[-1])
            it.setToolTip(rel)
            it.setData(REL_ROLE, rel)
            self.recent.addItem(it)
        self.recent.setVisible(self.recent.count() > 0)  # no empty box on a first start
        self.no_recent.setVisible(self.recent.count() == 0)

    def rows(self) -> list[str]:
        """Workspace-relative paths in display order (for tests and keyboard navigation)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            out.append(item.data(0, REL_ROLE))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

    def _items(self) -> list[QTreeWidgetItem]:
        flags = Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive
        return self.tree.findItems("*", flags)

    def item_for(self, rel: str) -> QTreeWidgetItem | None:
        for it in self._items():
            if it.data(0, REL_ROLE) == rel:
                return it
        return None

    def _sort_clicked(self, column: int) -> None:
        key = SORT_FOR_COLUMN.get(column)
        if key is None:
            return
        desc = not self.tree_model.descending if self.tree_model.sort_key == key else False
        self.tree_model.set_sort(key, desc)
        self.tree.header().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
        )
        self.tree.header().setSortIndicatorShown(True)

    # ---- search -----------------------------------------------------------------
    def run_search(self, query: str) -> None:
        if not query.strip():
            self.stack.setCurrentIndex(0)
            return
        self.search_model.set_query(query, FILTERS[self.tree_model.filter])

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.stack.setCurrentIndex(1)
        self.results.clear()
        self.results_label.setText(self.search_model.summary)
        for hit in hits:
            it = QListWidgetItem()
            it.setData(REL_ROLE, (hit.file.rel, hit.excerpts[0].line if hit.excerpts else 0))
            label = QLabel(_hit_html(hit))
            label.setTextFormat(Qt.TextFormat.RichText)
            it.setSizeHint(label.sizeHint())
            self.results.addItem(it)
            self.results.setItemWidget(it, label)

    def _open_hit(self, item: QListWidgetItem) -> None:
        rel, _line = item.data(REL_ROLE)
        self.open_requested.emit(rel)

    # ---- operations -------------------------------------------------------------
    def _activate(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        if item.data(1, REL_ROLE) != "folder":
            self.open_requested.emit(item.data(0, REL_ROLE))

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            "background:#fdecea;color:#8a1c1c;padding:6px;"
            if error
            else "background:#e8f5e9;color:#1b5e20;padding:6px;"
        )
        self.message.show()

    def _do(self, fn: object, *args: str) -> str | None:
        try:
            result = fn(*args)  # type: ignore[operator]
        except WorkspaceError as exc:
            self.show_message(str(exc))
            return None
        self.message.hide()
        self.tree_model.refresh()
        return result if isinstance(result, str) else ""

    def create_file(
        self, kind: FileKind, name: str, folder: str = "", template: str = ""
    ) -> str | None:
        fn = {
            FileKind.EMAIL: self.workspace.create_email,
            FileKind.TEMPLATE: self.workspace.create_template,
            FileKind.COMPONENT: self.workspace.create_component,
        }[kind]
        if kind is FileKind.EMAIL and template:
            return self._do(fn, name, folder, template)
        return self._do(fn, name, folder)

    def create_folder(self, name: str, parent: str) -> str | None:
        return self._do(self.workspace.create_folder, name, parent)

    def duplicate(self, rel: str) -> str | None:
        return self._do(self.workspace.duplicate, rel)

    def move_entry(self, rel: str, folder: str) -> str | None:
        return self._do(self.workspace.move, rel, folder)

    def rename(self, rel: str, name: str) -> str | None:
        return self._do(self.workspace.rename, rel, name)

    def delete(self, rel: str) -> bool:
        return self._do(self.workspace.delete, rel) is not None

    def import_files(self, paths: list[Path], folder: str = "emails") -> list[str]:
        done: list[str] = []
        notes: list[str] = []
        for p in paths:
            try:
                res = self.workspace.import_file(p, folder)
            except WorkspaceError as exc:
                self.show_message(str(exc))
                continue
            done.append(res.path)
            notes.extend(f"{res.path}: {n}" for n in res.notes)
        self.tree_model.refresh()
        if done and not notes:
            self.show_message("Imported " + ", ".join(done), error=False)
        elif notes:
            self.show_message("Imported with notes:\n" + "\n".join(notes), error=False)
        return done

    # ---- dialogs ----------------------------------------------------------------
    def _selected_folder(self, kind: FileKind) -> str:
        item = self.tree.currentItem()
        if item is None:
            return ""
        rel = item.data(0, REL_ROLE)
        folder = rel if item.data(1, REL_ROLE) == "folder" else rel.rsplit("/", 1)[0]
        return folder if self.workspace.area_of(folder) is kind else ""

    def new_email_dialog(self) -> NewEmailDialog:
        """The New Email dialog (name, folder, subject, starter layout or template); Create
        makes the email and opens it. Returned open, so tests can drive it."""
        from studio.qt.new_email import NewEmailDialog

        dialog = NewEmailDialog(self.workspace, self._selected_folder(FileKind.EMAIL), self)
        self.new_email = dialog
        dialog.accepted.connect(lambda: self._create_from(dialog))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _create_from(self, dialog: NewEmailDialog) -> None:
        choice = dialog.value()
        rel = self._do(lambda: choice.create(self.workspace))
        if rel:
            self.open_requested.emit(rel)

    def prompt_create(self, kind: FileKind) -> None:
        if kind is FileKind.EMAIL:
            self.new_email_dialog()
            return
        name, ok = QInputDialog.getText(self, f"New {kind.value}", "Name:")
        if ok and name:
            rel = self.create_file(kind, name, self._selected_folder(kind))
            if rel and kind is not FileKind.STYLES:
                self.open_requested.emit(rel)

    def prompt_folder(self) -> None:
        item = self.tree.currentItem()
        parent = "emails"
        if item is not None:
            rel = item.data(0, REL_ROLE)
            parent = rel if item.data(1, REL_ROLE) == "folder" else rel.rsplit("/", 1)[0]
        name, ok = QInputDialog.getText(self, "New folder", f"Folder name (in {parent}):")
        if ok and name:
            self.create_folder(name, parent)

    def prompt_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import emails",
            str(Path.home()),
            "Emails (*.html *.htm *.eml *.mjml);;All files (*)",
        )
        if files:
            done = self.import_files([Path(f) for f in files])
            if len(done) == 1:
                self.open_requested.emit(done[0])

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        rel = item.data(0, REL_ROLE)
        is_folder = item.data(1, REL_ROLE) == "folder"
        menu = QMenu(self)
        if not is_folder:
            menu.addAction("Open", lambda: self.open_requested.emit(rel))
        if "/" in rel or rel == STYLES_FILE:
            menu.addAction("Duplicate", lambda: self.duplicate(rel))
            menu.addAction("Rename…", lambda: self._prompt_rename(rel))
        if is_folder:
            menu.addAction("New Folder…", lambda: self._prompt_subfolder(rel))
        if "/" in rel:
            menu.addSeparator()
            menu.addAction("Delete…", lambda: self._confirm_delete(rel))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _prompt_rename(self, rel: str) -> None:
        name, ok = QInputDialog.getText(self, "Rename", "New name:", text=rel.rsplit("/", 1)[-1])
        if ok and name:
            self.rename(rel, name)

    def _prompt_subfolder(self, rel: str) -> None:
        name, ok = QInputDialog.getText(self, "New folder", f"Folder name (in {rel}):")
        if ok and name:
            self.create_folder(name, rel)

    def _confirm_delete(self, rel: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        what = (
            "this folder and everything in it"
            if self.workspace.path(rel).is_dir()
            else rel.rsplit("/", 1)[-1]
        )
        answer = QMessageBox.question(self, "Delete", f"Permanently delete {what}?")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(rel)


def _hit_html(hit: SearchHit) -> str:
    parts = [
        f"<b>{html.escape(hit.file.rel)}</b> <small>({hit.match_count} match"
        f"{'es' if hit.match_count != 1 else ''})</small>"
    ]
    for ex in hit.excerpts:
        text = ex.text
        out, pos = [], 0
        for a, b in ex.highlights:
            out.append(html.escape(text[pos:a]))
            out.append(f"<span style='background:#ffe066'>{html.escape(text[a:b])}</span>")
            pos = b
        out.append(html.escape(text[pos:]))
        parts.append(f"<br><small>{ex.line}:</small> <code>{''.join(out)}</code>")
    return "".join(parts)
