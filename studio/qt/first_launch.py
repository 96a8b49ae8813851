"""First launch: no workspace yet. Offer the demo, a new workspace from a starter, a folder.

A dialog of its own over the empty main window (``offer(window)``, called by
``studio.qt.app.run`` when no workspace opens). Every choice ends in ``chosen`` with
the folder to open; the files are made by ``studio.new_workspace`` (pure Python).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.new_workspace import DEMO, Starter, create_workspace, starters
from studio.workspace import STATE_DIR, WorkspaceError

DEMO_FOLDER_NAME = "Fernway demo"


def default_base() -> Path:
    """Where new workspaces and the demo's copy go by default: ~/Mailwright."""
    return Path.home() / "Mailwright"


class FirstLaunchDialog(QDialog):
    chosen = Signal(str)  # the workspace folder to open

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        base: Path | None = None,
        starter_list: list[Starter] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstLaunch")
        self.setWindowTitle("Welcome to Mailwright")
        self.base = base or default_base()
        self.starter_list = starters() if starter_list is None else starter_list
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<h2>Welcome to Mailwright</h2>"
            "<p>Look around the demo workspace, start a new workspace from a "
            "starter, or open a workspace folder you already have.</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.demo_button = QPushButton("Open the demo")
        self.demo_button.clicked.connect(self.open_demo)
        layout.addWidget(self.demo_button)

        group = QGroupBox("New workspace")
        form = QFormLayout(group)
        self.name_edit = QLineEdit("My emails")
        form.addRow("Name", self.name_edit)
        self.starter_box = QComboBox()
        for starter in self.starter_list:
            self.starter_box.addItem(starter.label)
        form.addRow("Starter", self.starter_box)
        where = QHBoxLayout()
        self.location_edit = QLineEdit(str(self.base))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_location)
        where.addWidget(self.location_edit, 1)
        where.addWidget(browse)
        form.addRow("In folder", where)
        self.create_button = QPushButton("New workspace")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create_clicked)
        form.addRow(self.create_button)
        layout.addWidget(group)

        self.folder_button = QPushButton("Open folder…")
        self.folder_button.clicked.connect(self._open_folder_clicked)
        layout.addWidget(self.folder_button)
        self.error = QLabel("")
        self.error.setObjectName("firstLaunchError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error)

    # ---- the three choices (the buttons call these; so do the tests) -------------------
    def open_demo(self) -> Path:
        """Copy the bundled demo to ``base/Fernway demo`` (once) and open the copy.

        The copy keeps the bundled original clean and lives where the user can edit it.
        """
        target = self.base / DEMO_FOLDER_NAME
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns(STATE_DIR, "dist"))
        self._choose(target)
        return target

    def create_workspace(self, name: str, starter_index: int, location: Path) -> Path | None:
        """Create the workspace ``location/name`` from a starter; None (and the reason shown)
        when it cannot be made."""
        name = name.strip()
        if not name:
            self.error.setText("Give the workspace a name.")
            return None
        starter = (
            self.starter_list[starter_index]
            if 0 <= starter_index < len(self.starter_list)
            else None
        )
        try:
            root = create_workspace(location.expanduser() / name, name=name, starter=starter)
        except (WorkspaceError, OSError) as exc:
            self.error.setText(str(exc))
            return None
        self._choose(root)
        return root

    def open_folder(self, folder: Path) -> bool:
        if not folder.is_dir():
            self.error.setText(f"{folder}: no such folder")
            return False
        self._choose(folder)
        return True

    # ---- widgets ------------------------------------------------------------------------
    def _choose(self, folder: Path) -> None:
        self.error.setText("")
        self.chosen.emit(str(folder))
        self.accept()

    def _create_clicked(self) -> None:
        self.create_workspace(
            self.name_edit.text(), self.starter_box.currentIndex(), Path(self.location_edit.text())
        )

    def _browse_location(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Create the workspace in", self.location_edit.text()
        )
        if folder:
            self.location_edit.setText(folder)

    def _open_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open workspace folder", str(Path.home()))
        if folder:
            self.open_folder(Path(folder))


def offer(window: QMainWindow, *, base: Path | None = None) -> FirstLaunchDialog:
    """Show the first-launch dialog over ``window``; a choice opens that workspace in it."""
    dialog = FirstLaunchDialog(window, base=base)
    open_workspace = getattr(window, "open_workspace", None)
    if open_workspace is not None:
        dialog.chosen.connect(lambda folder: open_workspace(Path(folder)))
    dialog.open()  # window-modal, not blocking: the event loop keeps running
    return dialog
