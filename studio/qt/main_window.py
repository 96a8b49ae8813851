"""The studio window: dashboard, open editors, menus/toolbars from the action data.

Persistence (QSettings): window geometry and state, recent workspaces, the
preferences and the preview settings. No lost work: every open email, template,
component, snippet and sample-data file is journaled every ``autosave_seconds``, an
autosave left by a crash is offered back on open, and closing asks about unsaved
changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QFileSystemWatcher, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from compiler.liquid.snippets import snippet_name
from compiler.project import Project, ProjectError, load_project
from components.custom.names import tag_from_path
from studio import APPLICATION, ORGANIZATION
from studio.history import History, author_name, history_for
from studio.models.actions import ACTIONS, ActionRegistry
from studio.models.data_files import DataFile
from studio.models.document import DocumentError, EmailDocument, Journal, Journaled
from studio.models.layout import EditorLayout
from studio.models.preferences import Preferences, PreferencesModel
from studio.models.preview import PreviewSettings, PreviewState
from studio.models.styles_editor import StylesEditor
from studio.qt.actions import (
    CommandPalette,
    add_scoped,
    build_menus,
    build_qactions,
    build_toolbar,
    refresh_icons,
)
from studio.qt.code_editor import set_font_size, set_indent
from studio.qt.dashboard import Dashboard
from studio.qt.data_files import DataFilePage
from studio.qt.edit_lock import (
    DataFileLockGuard,
    EditLockGuard,
    StylesLockGuard,
    open_lock,
)
from studio.qt.editor_page import EditorPage, ask_language_code, load_sample_profiles
from studio.qt.styles_editor import StylesEditorWidget
from studio.qt.theme import apply_theme
from studio.qt.visual_editor import VisualEditor
from studio.workspace import STATE_DIR, STYLES_FILE, FileKind, Workspace, WorkspaceError
from styles.model import StylesError

if TYPE_CHECKING:  # imported where used: publishing, sending and reviewing (with the email
    # and SMTP packages) and the version history (its diff views) are not needed to show
    # the window (docs/performance.md, "Cold start")
    from studio.qt.history_panel import HistoryPanel
    from studio.qt.review_panel import ReviewDock, ReviewPanel
    from studio.qt.send_dialog import SendTestDialog

RECENT_WORKSPACES = 10
DISK_POLL_MS = 2000
STATUS_MS = 6000  # status-bar messages clear themselves after this long
WATCH_DEBOUNCE_MS = 100  # a save by another program is often several writes

# ask(title, text, buttons) -> the chosen button text (a dialog by default; tests replace it)
Ask = Callable[[str, str, tuple[str, ...]], str]


def message_box_ask(parent: QWidget) -> Ask:
    def ask(title: str, text: str, buttons: tuple[str, ...]) -> str:
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setText(text)
        made = [(box.addButton(b, QMessageBox.ButtonRole.ActionRole), b) for b in buttons]
        box.exec()
        clicked = box.clickedButton()
        return next((text for button, text in made if button is clicked), buttons[-1])

    return ask


def studio_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


class MainWindow(QMainWindow):
    closed = Signal()  # the window accepted a close (the session is over)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or studio_settings()
        self.setWindowTitle(APPLICATION)
        self.ask: Ask = message_box_ask(self)
        self.prefs = PreferencesModel(Preferences.from_dict(self._read_json("preferences")))
        self.preview_settings = PreviewSettings(PreviewState.from_json(self._read_json("preview")))
        self.registry = ActionRegistry(ACTIONS)
        self.command_palette: CommandPalette | None = None
        self.preferences_dialog: QDialog | None = None
        self.qactions = build_qactions(self.registry, self)
        build_menus(self.menuBar(), self.registry, self.qactions)
        for name in ("dashboard", "editor", "preview"):
            self.addToolBar(build_toolbar(name, self.registry, self.qactions))
        self._bind_actions()
        self.workspace: Workspace | None = None
        self.project: Project | None = None
        # link/image results kept while this workspace is open (Links/Images panels)
        self.url_cache: dict[str, Any] = {}
        self._styles_stamp: tuple[object, ...] | None = None
        self.journal: Journal | None = None
        self.history: History | None = None  # version history of the open workspace
        self.history_dock: QDockWidget | None = None
        self.review_dock: ReviewDock | None = None
        self.send_dialog: SendTestDialog | None = None
        self.dashboard: Dashboard | None = None
        self.stack = QStackedWidget()
        self.welcome = QLabel("Open a workspace (File ▸ Open Workspace…)")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.welcome)
        self.editors = QTabWidget()
        self.editors.setTabsClosable(True)
        self.editors.setDocumentMode(True)
        self.editors.tabCloseRequested.connect(self.close_editor)
        self.editors.currentChanged.connect(lambda _i: self._sync_editor_actions())
        self.editors.currentChanged.connect(lambda _i: self._follow_review())
        self.stack.addWidget(self.editors)
        self.setCentralWidget(self.stack)
        self.sidebar = QDockWidget("Files", self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar_list = QListWidget()
        self.sidebar_list.itemActivated.connect(
            lambda it: self.open_file(it.data(Qt.ItemDataRole.UserRole))
        )
        self.sidebar_list.itemDoubleClicked.connect(
            lambda it: self.open_file(it.data(Qt.ItemDataRole.UserRole))
        )
        self.sidebar.setWidget(self.sidebar_list)
        self.panels: dict[str, QDockWidget] = {}
        self._panel_defaults: dict[str, tuple[Qt.DockWidgetArea, bool]] = {}
        self.panels_menu = self._view_menu().addMenu("Panels")
        self.add_panel(self.sidebar, Qt.DockWidgetArea.LeftDockWidgetArea, visible=False)
        self.editor_layout = EditorLayout.from_json(self._read_json("layout/editor"))
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        self.disk_timer = QTimer(self)  # the fallback when the watcher misses something
        self.disk_timer.setInterval(DISK_POLL_MS)
        self.disk_timer.timeout.connect(self.check_disk)
        self.watcher = QFileSystemWatcher(self)
        self.watch_debounce = QTimer(self)
        self.watch_debounce.setSingleShot(True)
        self.watch_debounce.setInterval(WATCH_DEBOUNCE_MS)
        self.watch_debounce.timeout.connect(self.check_disk)
        self.watcher.fileChanged.connect(lambda _p: self.watch_debounce.start())
        self.watcher.directoryChanged.connect(lambda _p: self.watch_debounce.start())
        self.prefs.changed.connect(self._on_pref)
        # The application's style sheet waits until this window is first polished (just
        # before it first shows; see event()): a widget made under a style sheet is
        # polished again each time its subtree is re-parented, and a window's widgets are
        # put together bottom-up, some three times over (docs/performance.md, "Cold start").
        self._polished = False
        self.preview_settings.changed.connect(
            lambda s: self.settings.setValue("preview", json.dumps(s.to_json()))
        )
        self._apply_prefs()
        self.resize(1280, 800)
        self._default_state = self.saveState()
        self._restore_window()
        self.statusBar().showMessage("Ready", STATUS_MS)

    # ---- settings ---------------------------------------------------------------
    def _read_json(self, key: str) -> dict[str, Any]:
        raw = self.settings.value(key, "")
        try:
            data = json.loads(raw) if isinstance(raw, str) and raw else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _restore_window(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    # ---- panels and layout -------------------------------------------------------
    def _view_menu(self) -> QMenu:
        for act in self.menuBar().actions():
            menu = act.menu()
            if isinstance(menu, QMenu) and act.text() == "View":
                return menu
        return self.menuBar().addMenu("View")

    def add_panel(
        self, dock: QDockWidget, area: Qt.DockWidgetArea, *, visible: bool = True
    ) -> QDockWidget:
        """Register a dockable side panel (files, version history, the visual editor's insert,
        layers and properties panels): it can be moved, floated, closed and reopened from
        View ▸ Panels, its place is remembered with the window, and Reset Layout puts it
        back in ``area`` (shown or not as ``visible``). The dock needs an ``objectName``."""
        name = dock.objectName()
        if not name:
            raise ValueError("a panel needs an objectName (its key in the saved layout)")
        if name in self.panels:
            return self.panels[name]
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.panels[name] = dock
        self._panel_defaults[name] = (area, visible)
        if not self.restoreDockWidget(dock):  # where the user left it, else the default
            self.addDockWidget(area, dock)
            dock.setVisible(visible)
        self.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def reset_layout(self) -> None:
        """Panels and splitters as they start: docks in their default places, the editor
        pages' default proportions; the window size is kept."""
        self.restoreState(self._default_state)
        for name, dock in self.panels.items():
            area, visible = self._panel_defaults[name]
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.setVisible(visible)
        self.set_editor_layout(EditorLayout())
        self.statusBar().showMessage("Layout reset", STATUS_MS)

    def set_editor_layout(self, layout: EditorLayout) -> None:
        """Use ``layout`` on every editor page and remember it."""
        self.editor_layout = layout
        self.settings.setValue("layout/editor", json.dumps(layout.to_json()))
        for page in self.pages():
            if page.layout_state != layout:
                page.apply_layout(layout)
        self._sync_editor_actions()

    def save_window_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("preferences", json.dumps(self.prefs.value.to_dict()))
        self.settings.setValue("preview", json.dumps(self.preview_settings.state.to_json()))
        self.settings.setValue("layout/editor", json.dumps(self.editor_layout.to_json()))
        self.settings.sync()

    def recent_workspaces(self) -> list[str]:
        raw = self.settings.value("recentWorkspaces", "[]")
        try:
            items = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            items = []
        return [x for x in items if isinstance(x, str)]

    def _remember_workspace(self, root: Path) -> None:
        items = [str(root), *[x for x in self.recent_workspaces() if x != str(root)]]
        self.settings.setValue("recentWorkspaces", json.dumps(items[:RECENT_WORKSPACES]))

    def _apply_prefs(self) -> None:
        p = self.prefs.value
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, p.theme, style_sheet=self._polished)
        self.registry.set_checked("view.dark_theme", p.theme == "dark")
        refresh_icons(self.registry, self.qactions)
        self.autosave_timer.stop()
        if p.autosave_seconds > 0:
            self.autosave_timer.start(p.autosave_seconds * 1000)

    def _on_pref(self, change: tuple[str, Any]) -> None:
        name, value = change
        self.settings.setValue("preferences", json.dumps(self.prefs.value.to_dict()))
        if name in ("theme", "autosave_seconds"):
            self._apply_prefs()
        for page in self.pages():
            if name == "theme":
                page.editor.highlighter.set_theme(value)
            elif name == "font_size":
                set_font_size(page.editor, value)
            elif name == "mso_highlight":
                page.editor.highlighter.set_mso_highlight(value)
            elif name == "hover_support":
                page.editor.hover_enabled = value
            elif name == "code_checker":
                page.editor.set_code_checker(value)
            elif name == "wrap_lines":
                page.editor.set_wrap(value)
            elif name == "tab_width":
                set_indent(page.editor, value)
            elif name == "preview_debounce_ms":
                page.preview.debounce.setInterval(value)

    # ---- workspace --------------------------------------------------------------
    def open_workspace(self, root: Path) -> bool:
        try:
            ws = Workspace.open(root)
        except WorkspaceError as exc:
            self.statusBar().showMessage(str(exc), STATUS_MS)
            return False
        try:
            project = load_project(ws.root)
        except ProjectError as exc:
            self.statusBar().showMessage(f"workspace settings: {exc}", STATUS_MS)
            project = Project(root=ws.root)
        if not self.close_all_editors():
            return False
        self.workspace, self.project = ws, project
        self.url_cache = {}
        self._styles_stamp = self._styles_file_stamp()
        self.journal = Journal(ws.root / STATE_DIR / "autosave")
        if self.history is not None:
            self.history.close()
        self.history, problem = history_for(ws.root, project.settings)
        if problem:
            self.statusBar().showMessage(problem, STATUS_MS)
        if self.dashboard is not None:
            self.stack.removeWidget(self.dashboard)
            self.dashboard.deleteLater()
        self.dashboard = Dashboard(ws)
        self.dashboard.open_requested.connect(self.open_file)
        self.dashboard.tree_model.changed.connect(lambda _n: self._fill_sidebar())
        self.stack.insertWidget(0, self.dashboard)
        self.stack.setCurrentWidget(self.dashboard)
        self._fill_sidebar()
        self._remember_workspace(ws.root)
        self.setWindowTitle(f"{ws.name} — {APPLICATION}")
        self._update_watches()
        self.disk_timer.start()
        return True

    def _fill_sidebar(self) -> None:
        self.sidebar_list.clear()
        if self.workspace is None:
            return
        for f in self.workspace.files(folders=False):
            it = QListWidgetItem(f.rel)
            it.setData(Qt.ItemDataRole.UserRole, f.rel)
            self.sidebar_list.addItem(it)

    # ---- editors ----------------------------------------------------------------
    def pages(self) -> list[EditorPage]:
        out = []
        for i in range(self.editors.count()):
            w = self.editors.widget(i)
            if isinstance(w, EditorPage):
                out.append(w)
        return out

    def current_page(self) -> EditorPage | None:
        w = self.editors.currentWidget()
        return (
            w if isinstance(w, EditorPage) and self.stack.currentWidget() is self.editors else None
        )

    def open_file(self, rel: str) -> EditorPage | None:
        if self.workspace is None:
            return None
        path = self.workspace.path(rel)
        for page in self.pages():
            if page.document.path == path:
                self._show_page(page)
                return page
        if self.workspace.area_of(rel) in (FileKind.SNIPPET, FileKind.DATA):
            self.open_data_file(rel)
            return None
        if path.suffix.lower() == ".json":
            if rel == STYLES_FILE:
                self.open_styles()
            else:
                self.statusBar().showMessage(
                    f"{rel}: not an email, template or component", STATUS_MS
                )
            return None
        try:
            doc = EmailDocument.load(path)
        except DocumentError as exc:
            if self.dashboard is not None:
                self.dashboard.show_message(str(exc))
            return None
        doc.history = self.history
        # another studio editing it: view only, and its live autosave is not ours to recover
        lock, holder = open_lock(self.workspace.root, rel)
        if holder is None:
            self._offer_recovery(rel, doc)
        custom = tuple(
            tag_from_path(f.rel) for f in self.workspace.files(FileKind.COMPONENT, folders=False)
        )
        page = EditorPage(
            doc,
            project=self.project,
            preview_settings=self.preview_settings,
            theme=self.prefs.value.theme,
            custom_tags=custom,
            sample_profiles=load_sample_profiles(self.workspace.root),
            debounce_ms=self.prefs.value.preview_debounce_ms,
            editor_mode=self.prefs.value.editor_mode,
            layout=self.editor_layout,
        )
        EditLockGuard(page, lock, holder, journal=self.journal)
        page.editor_mode_changed.connect(lambda m: self.prefs.set("editor_mode", m))
        add_scoped(page.visual, "visual", self.registry, self.qactions)
        page.layout_changed.connect(self.set_editor_layout)
        page.language_requested.connect(self._open_path)
        page.add_language_requested.connect(lambda p=page: self.add_language(p))
        set_font_size(page.editor, self.prefs.value.font_size)
        set_indent(page.editor, self.prefs.value.tab_width)
        page.editor.set_code_checker(self.prefs.value.code_checker)
        page.editor.set_wrap(self.prefs.value.wrap_lines)
        page.editor.highlighter.mso_highlight = self.prefs.value.mso_highlight
        page.editor.hover_enabled = self.prefs.value.hover_support
        page.preview.shot_button.clicked.connect(self._screenshot_clicked)
        page.url_cache = self.url_cache  # its Links and Images panels', when built
        index = self.editors.addTab(page, page.title)
        page.title_changed.connect(
            lambda t, p=page: self.editors.setTabText(self.editors.indexOf(p), t)
        )
        self.workspace.touch_recent(rel)
        self._update_watches()
        self._show_page(page)
        self.editors.setCurrentIndex(index)
        return page

    def _offer_recovery(self, rel: str, doc: Journaled) -> None:
        """An autosave of ``doc`` from an earlier session: recover it, or discard it."""
        if self.journal is None or self.journal.recoverable(doc) is None:
            return
        choice = self.ask(
            "Recover unsaved changes",
            f"{rel} has unsaved changes from an earlier session (autosave). Recover them?",
            ("Recover", "Discard"),
        )
        if choice == "Recover":
            self.journal.recover(doc)
        else:
            self.journal.clear(doc)

    def data_pages(self) -> list[DataFilePage]:
        return [
            w
            for i in range(self.editors.count())
            if isinstance(w := self.editors.widget(i), DataFilePage)
        ]

    def open_data_file(self, rel: str) -> DataFilePage | None:
        """A snippet or data file in its own tab (``studio/qt/data_files.py``)."""
        if self.workspace is None:
            return None
        path = self.workspace.path(rel)
        page = next((p for p in self.data_pages() if p.path == path), None)
        if page is None:
            snippets = self.workspace.root / "snippets"
            is_snippet = self.workspace.area_of(rel) is FileKind.SNIPPET
            try:
                model = DataFile.load(path, snippet=is_snippet)
            except (OSError, UnicodeDecodeError) as exc:
                self.statusBar().showMessage(f"{rel}: cannot open: {exc}", STATUS_MS)
                return None
            lock, holder = open_lock(self.workspace.root, rel)
            page = DataFilePage(
                model,
                rel,
                self.workspace.snippet_references(rel) if is_snippet else None,
                snippet=snippet_name(path, snippets) if is_snippet else "",
                journal=self.journal,
            )
            # another studio editing it: view only, and its live autosave is not ours;
            # a recovered text reaches the editor as one undoable step
            if holder is None:
                self._offer_recovery(rel, model)
            DataFileLockGuard(page, lock, holder, journal=self.journal)
            page.title_changed.connect(
                lambda t, p=page: self.editors.setTabText(self.editors.indexOf(p), t)
            )
            page.saved.connect(lambda _p, snippet=is_snippet: self._data_saved(snippet))
            page.open_requested.connect(self.open_file)
            self.editors.addTab(page, page.title)
            self.workspace.touch_recent(rel)
        self.stack.setCurrentWidget(self.editors)
        self.editors.setCurrentWidget(page)
        self._sync_editor_actions()
        return page

    def _data_saved(self, snippet: bool) -> None:
        """A profile or snippet changed on disk: the open previews use it at once."""
        if self.workspace is None:
            return
        if snippet:  # the project's renderer holds the snippets it read
            self.reload_project()
        profiles = load_sample_profiles(self.workspace.root)
        for page in self.pages():
            page.reload_sample_data(profiles)

    def _close_data(self, page: DataFilePage) -> bool:
        if page.dirty:
            choice = self.ask(
                "Unsaved changes",
                f"Save changes to {page.path.name}?",
                ("Save", "Discard", "Cancel"),
            )
            if choice == "Cancel" or (choice == "Save" and not page.save()):
                return False
            if choice == "Discard" and self.journal is not None:
                self.journal.clear(page.model)
        self.editors.removeTab(self.editors.indexOf(page))
        page.deleteLater()
        if self.editors.count() == 0:
            self.show_dashboard()
        return True

    def add_language(
        self, page: EditorPage | None = None, code: str | None = None
    ) -> EditorPage | None:
        """Add language…: the email's translation in ``code`` (asked for when not given),
        written by ``Workspace.add_language`` and opened."""
        page = page or self.current_page()
        if page is None or page.document.path is None or self.workspace is None:
            return None
        code = code or ask_language_code(self, page.document.path)
        if not code:
            return None
        try:
            rel = self.workspace.add_language(self.workspace.rel(page.document.path), code)
        except WorkspaceError as exc:
            self.ask("Add language", str(exc), ("OK",))
            return None
        if self.dashboard is not None:
            self.dashboard.tree_model.refresh()
        for open_page in self.pages():
            open_page.fill_languages()
        return self.open_file(rel)

    def _open_path(self, path: str) -> EditorPage | None:
        if self.workspace is None:
            return None
        return self.open_file(self.workspace.rel(Path(path)))

    def _show_page(self, page: EditorPage) -> None:
        self.stack.setCurrentWidget(self.editors)
        self.editors.setCurrentWidget(page)
        page.editor.setFocus()
        self._sync_editor_actions()

    def _sync_editor_actions(self) -> None:
        page = self.current_page()
        self.registry.set_editor_open(
            page is not None
            or self._current_styles() is not None
            or isinstance(self.editors.currentWidget(), DataFilePage)
        )
        if page is not None:
            st = page.state
            self.registry.set_checked("preview.inspect", st.inspect_mode)
            self.registry.set_checked("preview.focus", st.focus_mode)
            self.registry.set_checked("preview.tables", st.table_view)
            self.registry.set_checked("view.toggle_preview", st.preview_visible)
            self.registry.set_checked("view.devtools", page.layout_state.devtools_open)
        else:  # nothing to toggle on the dashboard: show nothing as on
            for aid in (
                "preview.inspect",
                "preview.focus",
                "preview.tables",
                "view.toggle_preview",
                "view.devtools",
            ):
                self.registry.set_checked(aid, False)

    def show_dashboard(self) -> None:
        if self.dashboard is not None:
            self.dashboard.tree_model.refresh()
            self.stack.setCurrentWidget(self.dashboard)
        self._sync_editor_actions()

    def save(self, page: EditorPage | None = None) -> bool:
        data = self.editors.currentWidget()
        if (
            page is None
            and isinstance(data, DataFilePage)
            and self.stack.currentWidget() is self.editors
        ):
            if data.save():
                self.statusBar().showMessage(f"Saved {data.path.name}", 3000)
                return True
            self.statusBar().showMessage(
                f"{data.path.name} not saved: fix its errors first", STATUS_MS
            )
            return False
        styles = self.editors.currentWidget()
        if (
            page is None
            and isinstance(styles, StylesEditorWidget)
            and self.stack.currentWidget() is self.editors
        ):
            return styles.save()
        page = page or self.current_page()
        if page is None:
            return False
        try:
            if self.journal is not None:  # journal first, file, then clear: crash-safe
                self.journal.save(page.document)
            else:
                page.document.save()
        except DocumentError as exc:
            self.statusBar().showMessage(str(exc), STATUS_MS)
            return False
        self.statusBar().showMessage(
            page.document.history_error or f"Saved {page.document.name}", 3000
        )
        return True

    def close_editor(self, index: int | None = None) -> bool:
        i = self.editors.currentIndex() if index is None else index
        page = self.editors.widget(i)
        if isinstance(page, StylesEditorWidget):
            return self._close_styles(page)
        if isinstance(page, DataFilePage):
            return self._close_data(page)
        if not isinstance(page, EditorPage):
            return False
        if page.document.dirty:
            choice = self.ask(
                "Unsaved changes",
                f"Save changes to {page.document.name}?",
                ("Save", "Discard", "Cancel"),
            )
            if choice == "Cancel" or (choice == "Save" and not self.save(page)):
                return False
            if choice == "Discard" and self.journal is not None:
                self.journal.clear(page.document)
        page.shutdown()
        self.editors.removeTab(i)
        page.deleteLater()
        if not self.pages():
            self.show_dashboard()
        return True

    def close_all_editors(self) -> bool:
        dirty = [p for p in self.pages() if p.document.dirty]
        if dirty:
            names = ", ".join(p.document.name for p in dirty)
            choice = self.ask(
                "Unsaved changes", f"Save changes to {names}?", ("Save All", "Discard", "Cancel")
            )
            if choice == "Cancel":
                return False
            if choice == "Save All" and not all(self.save(p) for p in dirty):
                return False
            if choice == "Discard" and self.journal is not None:
                for p in dirty:
                    self.journal.clear(p.document)
        styles = self.styles_editor()
        if styles is not None and not self._close_styles(styles):
            return False
        if not all(self._close_data(d) for d in self.data_pages()):
            return False
        for p in self.pages():
            p.shutdown()
            self.editors.removeTab(self.editors.indexOf(p))
            p.deleteLater()
        return True

    def autosave(self) -> int:
        if self.journal is None:
            return 0
        docs: list[Journaled] = [p.document for p in self.pages()]
        docs += [d.model for d in self.data_pages()]
        return sum(1 for doc in docs if self.journal.autosave(doc))

    def check_disk(self) -> None:
        """Notice files changed by other programs (watcher first, the 2 s poll as fallback)."""
        if self.workspace is not None and self._styles_file_stamp() != self._styles_stamp:
            self.reload_project()
        if self.dashboard is not None:
            self.dashboard.tree_model.poll()
        for p in self.pages():
            p.check_disk()
        self._update_watches()

    def _update_watches(self) -> None:
        """Watch the workspace's folders and every open file (re-added after atomic saves)."""
        wanted: set[str] = set()
        if self.workspace is not None:
            root = self.workspace.root
            wanted.add(str(root))
            for area in ("emails", "templates", "components"):
                folder = root / area
                if folder.is_dir():
                    wanted.add(str(folder))
                    wanted.update(str(d) for d in folder.rglob("*") if d.is_dir())
            for p in self.pages():
                if p.document.path is not None and p.document.path.exists():
                    wanted.add(str(p.document.path))
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        gone = sorted(watched - wanted)
        new = sorted(wanted - watched)
        if gone:
            self.watcher.removePaths(gone)
        if new:
            self.watcher.addPaths(new)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and not self._polished:
            # first polish (children are polished after this): the theme's style sheet now
            self._polished = True
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, self.prefs.value.theme)
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_all_editors():
            event.ignore()
            return
        self.save_window_state()
        self.autosave_timer.stop()
        self.disk_timer.stop()
        self.watch_debounce.stop()
        event.accept()
        self.closed.emit()

    # ---- actions ----------------------------------------------------------------
    def _page_call(self, fn: Callable[[EditorPage], object]) -> Callable[[], None]:
        def run() -> None:
            page = self.current_page()
            if page is not None:
                fn(page)

        return run

    def _dash(self, fn: Callable[[Dashboard], object]) -> Callable[[], None]:
        def run() -> None:
            if self.dashboard is not None:
                self.stack.setCurrentWidget(self.dashboard)
                fn(self.dashboard)

        return run

    def _toggle_mode(self, name: str, action_id: str) -> Callable[[], None]:
        def run() -> None:
            page = self.current_page()
            if page is not None:
                page.state.set_mode(name, self.registry.checked(action_id))

        return run

    def _bind_actions(self) -> None:
        r = self.registry
        pc = self._page_call
        r.bind("file.new_email", self._dash(lambda d: d.prompt_create(FileKind.EMAIL)))
        r.bind("file.new_template", self._dash(lambda d: d.prompt_create(FileKind.TEMPLATE)))
        r.bind("file.new_component", self._dash(lambda d: d.prompt_create(FileKind.COMPONENT)))
        r.bind("file.new_folder", self._dash(Dashboard.prompt_folder))
        r.bind("file.import", self._dash(Dashboard.prompt_import))
        r.bind("file.open_workspace", self.prompt_open_workspace)
        r.bind("file.dashboard", self.show_dashboard)
        r.bind("file.save", self.save)
        r.bind("file.close_editor", self.close_editor)
        r.bind("file.reload", pc(EditorPage.reload_from_disk))
        r.bind("file.screenshot", self._screenshot_clicked)
        r.bind("file.quit", self.close)
        r.bind("file.global_styles", self.open_styles)
        r.bind("file.send_test", self.show_send_test)
        r.bind("file.publish", self.publish_current)
        r.bind("file.export_zip", lambda: self.export_current("zip"))
        r.bind("file.export_eml", lambda: self.export_current("eml"))
        r.bind("file.export_html", lambda: self.export_current("html"))
        r.bind("file.export_pdf", lambda: self.export_current("pdf"))
        r.bind("file.copy_html", lambda: self.export_current("clipboard"))
        r.bind("file.export_review", lambda: self.export_current("review"))
        r.bind("file.version_history", self.show_history)
        r.bind("file.review", self.show_review)
        r.bind("edit.undo", self._undo_redo(redo=False))
        r.bind("edit.redo", self._undo_redo(redo=True))
        r.bind("edit.find", pc(lambda p: p.editor.find_bar.open(False)))
        r.bind("edit.replace", pc(lambda p: p.editor.find_bar.open(True)))
        r.bind("edit.find_next", pc(lambda p: p.editor.find_next()))
        r.bind("edit.find_previous", pc(lambda p: p.editor.find_next(backward=True)))
        r.bind("edit.format", pc(lambda p: p.editor.format_document()))
        r.bind("edit.wrap_bold", pc(lambda p: p.editor.wrap_selection("b")))
        r.bind("edit.wrap_italic", pc(lambda p: p.editor.wrap_selection("i")))
        r.bind("edit.wrap_underline", pc(lambda p: p.editor.wrap_selection("u")))
        r.bind("edit.toggle_comment", pc(lambda p: p.editor.toggle_comment()))
        r.bind("edit.preferences", self.show_preferences)
        r.bind("line.move_up", pc(lambda p: p.editor.move_lines(-1)))
        r.bind("line.move_down", pc(lambda p: p.editor.move_lines(1)))
        r.bind("line.copy_up", pc(lambda p: p.editor.copy_lines(-1)))
        r.bind("line.copy_down", pc(lambda p: p.editor.copy_lines(1)))
        r.bind("line.delete", pc(lambda p: p.editor.delete_lines()))
        r.bind("line.indent", pc(lambda p: p.editor.indent_lines(1)))
        r.bind("line.outdent", pc(lambda p: p.editor.indent_lines(-1)))
        r.bind("line.select", pc(lambda p: p.editor.select_line()))
        r.bind("cursor.add_above", pc(lambda p: p.editor.add_cursor(-1)))
        r.bind("cursor.add_below", pc(lambda p: p.editor.add_cursor(1)))
        r.bind("edit.select_all_matches", pc(lambda p: p.editor.select_all_matches()))
        r.bind("cursor.select_next", pc(lambda p: p.editor.select_next_occurrence()))
        r.bind("fold.current", pc(lambda p: p.editor.fold_current()))
        r.bind("fold.unfold_current", pc(lambda p: p.editor.unfold_current()))
        r.bind("fold.unfold_all", pc(lambda p: p.editor.unfold_all()))
        r.bind("view.command_palette", self.show_command_palette)
        r.bind(
            "view.toggle_sidebar",
            lambda: self.sidebar.setVisible(self.registry.checked("view.toggle_sidebar")),
        )
        r.bind("view.toggle_preview", self._toggle_mode("preview_visible", "view.toggle_preview"))
        r.bind(
            "view.devtools",
            pc(lambda p: p.set_devtools_open(self.registry.checked("view.devtools"))),
        )
        r.bind("view.reset_layout", self.reset_layout)
        r.bind(
            "view.dark_theme",
            lambda: self.prefs.set(
                "theme", "dark" if self.registry.checked("view.dark_theme") else "light"
            ),
        )
        r.bind("view.shortcuts", self.show_shortcuts)
        r.bind("preview.inspect", self._toggle_mode("inspect_mode", "preview.inspect"))
        r.bind("preview.focus", self._toggle_mode("focus_mode", "preview.focus"))
        r.bind("preview.tables", self._toggle_mode("table_view", "preview.tables"))
        r.bind("preview.refresh", pc(lambda p: p.preview.request(p.document.text, True)))
        r.bind("text.generate", pc(lambda p: p.text_tab.generate()))
        r.bind("mode.visual", pc(lambda p: p.set_editor_mode("visual")))
        r.bind("mode.code", pc(lambda p: p.set_editor_mode("code")))
        r.bind("mode.split", pc(lambda p: p.set_editor_mode("split")))
        r.scope_active = self._scope_active
        v = self._visual_call
        r.bind("visual.duplicate", v(lambda e: e.duplicate()))
        r.bind("visual.delete", v(lambda e: e.delete()))
        r.bind("visual.copy", v(lambda e: e.copy()))
        r.bind("visual.cut", v(lambda e: e.cut()))
        r.bind("visual.paste", v(lambda e: e.paste()))
        r.bind("visual.move_up", v(lambda e: e.move_up()))
        r.bind("visual.move_down", v(lambda e: e.move_down()))
        r.bind("visual.rename", v(lambda e: e.start_rename()))
        r.bind("visual.hide", v(lambda e: e.hide_selection()))
        r.bind("visual.select_parent", v(lambda e: e.move_selection("parent")))
        r.bind("visual.select_child", v(lambda e: e.move_selection("child")))
        r.bind("visual.select_previous", v(lambda e: e.move_selection("previous")))
        r.bind("visual.select_next", v(lambda e: e.move_selection("next")))
        r.bind("visual.zoom_in", v(lambda e: e.zoom(1)))
        r.bind("visual.zoom_out", v(lambda e: e.zoom(-1)))
        r.bind("visual.zoom_reset", v(lambda e: e.zoom(0)))
        r.bind(
            "help.about",
            lambda: QMessageBox.about(
                self, APPLICATION, "Mailwright: email design studio and template compiler."
            ),
        )

    def _visual_call(self, fn: Callable[[VisualEditor], object]) -> Callable[[], None]:
        """A visual-editor action on the current page (shown in Visual or Split mode)."""

        def run() -> None:
            page = self.current_page()
            if page is not None and page.editor_mode != "code":
                fn(page.visual)

        return run

    def _scope_active(self, scope: str) -> bool:
        page = self.current_page()
        return (
            scope == "visual"
            and page is not None
            and page.editor_mode != "code"
            and page.visual.has_focus()
        )

    def _undo_redo(self, redo: bool) -> Callable[[], None]:
        def run() -> None:
            styles = self._current_styles()
            page = self.current_page()
            data = self.editors.currentWidget()
            if isinstance(data, DataFilePage) and self.stack.currentWidget() is self.editors:
                if redo:
                    data.editor.redo()
                else:
                    data.editor.undo()
            elif styles is not None:
                _ = styles.model.redo() if redo else styles.model.undo()
            elif page is not None:
                _ = page.document.redo() if redo else page.document.undo()

        return run

    # ---- global styles ----------------------------------------------------------
    def styles_editor(self) -> StylesEditorWidget | None:
        """The open styles editor tab, if any."""
        for i in range(self.editors.count()):
            w = self.editors.widget(i)
            if isinstance(w, StylesEditorWidget):
                return w
        return None

    def _current_styles(self) -> StylesEditorWidget | None:
        w = self.editors.currentWidget()
        return (
            w
            if isinstance(w, StylesEditorWidget) and self.stack.currentWidget() is self.editors
            else None
        )

    def open_styles(self) -> StylesEditorWidget | None:
        """Open the workspace's global styles (styles.json) in a tab."""
        if self.workspace is None:
            return None
        editor = self.styles_editor()
        if editor is None:
            try:
                model = StylesEditor.open(self.workspace.root / STYLES_FILE)
            except StylesError as exc:
                msg = (
                    f"{STYLES_FILE} cannot be edited until it loads; fix it in a text "
                    f"editor:\n{exc}"
                )
                if self.dashboard is not None:
                    self.dashboard.show_message(msg)
                self.statusBar().showMessage(msg.splitlines()[0], 8000)
                return None
            editor = StylesEditorWidget(model)
            StylesLockGuard(editor, *open_lock(self.workspace.root, STYLES_FILE))
            editor.saved.connect(lambda _p: self.reload_project())
            editor.title_changed.connect(
                lambda t, e=editor: self.editors.setTabText(self.editors.indexOf(e), t)
            )
            self.editors.addTab(editor, editor.title)
            self.workspace.touch_recent(STYLES_FILE)
        self.stack.setCurrentWidget(self.editors)
        self.editors.setCurrentWidget(editor)
        self._sync_editor_actions()
        return editor

    def _close_styles(self, editor: StylesEditorWidget) -> bool:
        if editor.model.dirty:
            choice = self.ask(
                "Unsaved changes", f"Save changes to {STYLES_FILE}?", ("Save", "Discard", "Cancel")
            )
            if choice == "Cancel" or (choice == "Save" and not editor.save()):
                return False
        self.editors.removeTab(self.editors.indexOf(editor))
        editor.deleteLater()
        if not self.editors.count():
            self.show_dashboard()
        return True

    def _styles_file_stamp(self) -> tuple[object, ...] | None:
        """When the files the project reads once changed: styles.json and the snippets
        (the project's Liquid renderer keeps the snippets it read)."""
        if self.workspace is None:
            return None
        stamps: list[object] = []
        snippets = self.workspace.root / "snippets"
        files = sorted(snippets.rglob("*")) if snippets.is_dir() else []
        for path in (self.workspace.root / STYLES_FILE, *files):
            try:
                st = path.stat()
            except OSError:
                continue
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(stamps)

    def reload_project(self) -> Project | None:
        """Read the workspace's settings, styles and components again and recompile every
        open email's preview with them (after the global styles were saved or changed)."""
        if self.workspace is None:
            return None
        self._styles_stamp = self._styles_file_stamp()
        try:
            project = load_project(self.workspace.root)
        except ProjectError as exc:
            self.statusBar().showMessage(f"workspace settings: {exc}", 8000)
            return None
        self.project = project
        for page in self.pages():
            page.set_project(project)
            page.preview.request(page.document.text, immediate=True)
        return project

    def prompt_open_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open workspace")
        if folder:
            self.open_workspace(Path(folder))

    def _screenshot_clicked(self, _checked: bool = False) -> None:
        self.screenshot()

    def screenshot(self, path: Path | None = None) -> Path | None:
        """Save a full-height PNG of the current email with the current preview settings.

        Without ``path`` a file dialog asks where.
        """
        page = self.current_page()
        if page is None:
            return None
        if path is None:
            default = str((page.document.path or Path("email")).with_suffix(".png"))
            name, _ = QFileDialog.getSaveFileName(self, "Save screenshot", default, "PNG (*.png)")
            if not name:
                return None
            path = Path(name)
        try:
            page.preview.screenshot(path)
        except (OSError, RuntimeError) as exc:
            self.statusBar().showMessage(f"Screenshot failed: {exc}", 8000)
            return None
        self.statusBar().showMessage(f"Screenshot saved to {path}", 5000)
        return path

    def show_send_test(self) -> SendTestDialog | None:
        """The "Send test…" dialog for the current editor (the editor's text is sent)."""
        page = self.current_page()
        path = page.document.path if page is not None else None
        if page is None or path is None:
            return None
        if self.send_dialog is not None:
            self.send_dialog.close()
            self.send_dialog.deleteLater()
        from studio.qt.send_dialog import SendTestDialog, go_to_issue

        doc = page.document
        self.send_dialog = SendTestDialog(
            path,
            self.project or Project(),
            profiles=page.sample_profiles,
            current_profile=page.preview.data_box.currentText(),
            source=lambda: doc.text,
            parent=self,
        )
        self.send_dialog.issue_activated.connect(lambda i, s=page.state: go_to_issue(s, i))
        self.send_dialog.show()
        return self.send_dialog

    # ---- publish and export (the work is in studio/qt/publishing.py) -------------------
    def publish_current(self) -> str | None:
        """Publish the current email — or, for a component or the global styles, every
        email using it — saved first; the outcome goes to the status bar."""
        page = self.current_page()
        styles = self._current_styles()
        path = (
            page.document.path
            if page is not None
            else (self.workspace.path(STYLES_FILE) if styles and self.workspace else None)
        )
        if path is None or self.project is None:
            return None
        if page is not None and page.document.dirty and not self.save(page):
            return None
        if styles is not None and styles.model.dirty and not styles.save():
            return None
        from studio.qt.publishing import ask_reason, publish_email

        status = publish_email(
            self.project, path, ask=self.ask, reason=lambda: ask_reason(self), parent=self
        )
        self.statusBar().showMessage(status, 10000)
        return status

    def export_current(self, fmt: str, target: Path | None = None) -> str | None:
        """Export the current email (saved first) as ``fmt``; without ``target`` a file
        dialog asks where. ``clipboard``: Copy HTML."""
        page = self.current_page()
        path = page.document.path if page is not None else None
        if page is None or path is None or self.project is None:
            return None
        if page.document.dirty and not self.save(page):
            return None
        from studio.qt.publishing import choose_export_path, copy_html, export_email

        if fmt == "clipboard":
            status = copy_html(self.project, path)
        else:
            target = target or choose_export_path(self, self.project, path, fmt)
            if target is None:
                return None
            status = export_email(self.project, path, fmt, target, parent=self)
        self.statusBar().showMessage(status, 10000)
        return status

    def _follow_review(self) -> None:
        """The Review panel, when shown, follows the current email."""
        dock = self.review_dock
        if (
            dock is not None
            and dock.isVisible()
            and dock.panel is not None
            and (page := self.current_page()) is not None
            and dock.panel.state is not page.state
        ):
            self.show_review()

    def show_review(self) -> ReviewPanel | None:
        """The "Review" dock (studio/qt/review_panel.py) for the current editor's email."""
        page = self.current_page()
        if page is None or self.project is None or self.project.root is None:
            return None
        if self.review_dock is None:
            from studio.qt.review_panel import ReviewDock

            self.review_dock = ReviewDock(self)
            self.add_panel(self.review_dock, Qt.DockWidgetArea.RightDockWidgetArea)
        panel = self.review_dock.show_for(
            self.project.root,
            page.state,
            page.preview,
            author=author_name(self.project.root),
            canvas=page.visual.canvas,
        )
        panel.status_changed.connect(lambda t: self.statusBar().showMessage(t, 5000))
        return panel

    def show_history(self) -> HistoryPanel | None:
        """The "Version history" dock for the current editor's file."""
        page = self.current_page()
        if page is None or self.history is None:
            return None
        if self.history_dock is None:
            self.history_dock = QDockWidget("Version History", self)
            self.history_dock.setObjectName("version_history")
            self.add_panel(self.history_dock, Qt.DockWidgetArea.RightDockWidgetArea)
        old = self.history_dock.widget()
        from studio.qt.history_panel import HistoryPanel  # with its diff views, when opened

        panel = HistoryPanel(self.history, page.document, ask=self.ask, project=self.project)
        panel.status_changed.connect(lambda t: self.statusBar().showMessage(t, 5000))
        self.history_dock.setWidget(panel)
        if old is not None:
            old.deleteLater()
        self.history_dock.show()
        return panel

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{a.text}</td><td><code>{a.shortcut}</code></td></tr>"
            for a in ACTIONS
            if a.shortcut
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_command_palette(self) -> CommandPalette:
        """The command palette (Ctrl/Cmd+Shift+P), window-modal, without blocking."""
        if self.command_palette is not None:
            self.command_palette.deleteLater()
        self.command_palette = CommandPalette(self.registry, self)
        self.command_palette.open()
        self.command_palette.query.setFocus()
        return self.command_palette

    def show_preferences(self) -> QDialog:
        """The Preferences dialog (Ctrl/Cmd+,); changes apply at once."""
        from studio.qt.preferences import PreferencesDialog

        if self.preferences_dialog is None:
            self.preferences_dialog = PreferencesDialog(self.prefs, self)
        self.preferences_dialog.open()
        return self.preferences_dialog
