"""The New Email dialog: name, folder, subject and what to start from.

The gallery lists the six starter layouts (``studio.workspace.starters``), the
workspace's own templates (``templates/``) and "From scratch". A template shows its
own thumbnail (``studio.render.thumbnails.template_thumbnail``): from the cache at
once, else made after the dialog shows, one per turn of the event loop. The newsletter
is selected and the name follows the selection (``newsletter``,
``newsletter-2`` … until you type one), so New Email → Create is two clicks.
The subject goes into the email's envelope (front matter).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compiler import Project, ProjectError
from compiler.project import load_project
from studio.qt.icons import icon
from studio.render.thumbnails import template_thumbnail, thumbnail_path
from studio.workspace import FileKind, Workspace
from studio.workspace.layout import safe_name
from studio.workspace.starters import STARTERS

SCRATCH = "scratch"
CARD = (180, 225)  # a gallery card's picture (the thumbnails' size)


def _card(glyph: QIcon) -> QIcon:
    """A blank card with ``glyph`` in the middle (templates, From scratch)."""
    card = QPixmap(*CARD)
    card.fill(QColor("#f3f4f6"))
    painter = QPainter(card)
    side = 64
    painter.drawPixmap((CARD[0] - side) // 2, (CARD[1] - side) // 2, glyph.pixmap(side, side))
    painter.setPen(QColor("#c7cdd6"))
    painter.drawRect(0, 0, CARD[0] - 1, CARD[1] - 1)
    painter.end()
    return QIcon(card)


def _thumbnail(path: Path) -> QIcon | None:
    """A thumbnail PNG (a starter's or a template's), framed (None when it is missing)."""
    image = QImage(str(path))
    if image.isNull():
        return None
    card = QPixmap(*CARD)
    card.fill(QColor("#e5e7eb"))
    painter = QPainter(card)
    painter.drawImage(0, 0, image)
    painter.setPen(QColor("#c7cdd6"))
    painter.drawRect(0, 0, CARD[0] - 1, CARD[1] - 1)
    painter.end()
    return QIcon(card)


ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class NewEmail:
    """What the dialog asks for; ``Workspace.create_email`` takes it as it is."""

    name: str
    folder: str = "emails"
    subject: str = ""
    starter: str = ""  # a starter layout id
    template: str = ""  # or a workspace template (relative path); neither: from scratch

    def create(self, workspace: Workspace) -> str:
        return workspace.create_email(
            self.name, self.folder, self.template, starter=self.starter, subject=self.subject
        )


def free_name(workspace: Workspace, folder: str, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever has no file in ``folder`` yet."""
    base = safe_name(base) or "email"
    n = 1
    while True:
        name = base if n == 1 else f"{base}-{n}"
        if not any(workspace.path(f"{folder}/{name}{s}").exists() for s in (".html", ".mjml")):
            return name
        n += 1


class NewEmailDialog(QDialog):
    thumbnails_made = Signal()  # every template thumbnail the dialog had to make is made

    def __init__(
        self, workspace: Workspace, folder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Email")
        self.workspace = workspace
        self._typed_name = False
        try:
            self.project: Project | None = load_project(workspace.root)
        except ProjectError:
            self.project = None  # no thumbnails of templates; the rest works
        #: templates whose thumbnail is not cached yet: made after the dialog shows
        self.thumbnails_pending: list[tuple[QListWidgetItem, Path]] = []
        # A grid of cards: each starter's thumbnail (studio.render.thumbnails, shipped as
        # PNGs), the workspace's templates and "From scratch" with an icon; the name
        # under each, the description on hover.
        self.gallery = QListWidget()
        self.gallery.setObjectName("starterGallery")
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setWordWrap(True)
        self.gallery.setIconSize(QSize(*CARD))
        self.gallery.setGridSize(QSize(CARD[0] + 24, CARD[1] + 44))
        self.gallery.setUniformItemSizes(True)
        for s in STARTERS:
            self._add(
                s.name,
                s.description,
                ("starter", s.id),
                _thumbnail(thumbnail_path(s.id)) or icon("email-outline"),
            )
        for f in workspace.files(FileKind.TEMPLATE, folders=False):
            item = self._add(
                f.rel.split("/", 1)[-1],
                f"Your template ({f.rel})",
                ("template", f.rel),
                _card(icon("file-document-outline")),
            )
            path = workspace.path(f.rel)
            cached = (
                template_thumbnail(self.project, path, make=False)
                if self.project is not None
                else None
            )
            framed = _thumbnail(cached) if cached is not None else None
            if framed is not None:
                item.setIcon(framed)
            elif self.project is not None:
                self.thumbnails_pending.append((item, path))
        self._add(
            "From scratch",
            "An empty email with one section",
            (SCRATCH, ""),
            _card(icon("file-outline")),
        )
        self.name = QLineEdit()
        self.name.setObjectName("newEmailName")
        self.name.textEdited.connect(lambda _t: setattr(self, "_typed_name", True))
        self.folder = QComboBox()
        self.folder.setObjectName("newEmailFolder")
        folders = ["emails"] + [f.rel for f in workspace.files(FileKind.EMAIL) if f.is_dir]
        for rel in folders:
            self.folder.addItem(rel, rel)
        if folder in folders:
            self.folder.setCurrentIndex(folders.index(folder))
        self.folder.currentIndexChanged.connect(lambda _i: self._suggest())
        self.subject = QLineEdit()
        self.subject.setObjectName("newEmailSubject")
        self.subject.setPlaceholderText("Leave empty to keep the layout's subject; Liquid allowed")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Folder", self.folder)
        form.addRow("Subject", self.subject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Start from"))
        lay.addWidget(self.gallery, 1)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.gallery.currentRowChanged.connect(lambda _r: self._suggest())
        self.gallery.itemDoubleClicked.connect(lambda _i: self.accept())
        self.gallery.setCurrentRow(0)
        self.resize(4 * (CARD[0] + 24) + 48, 720)
        QTimer.singleShot(0, self._make_thumbnails)

    def _add(self, text: str, tip: str, data: tuple[str, str], glyph: QIcon) -> QListWidgetItem:
        item = QListWidgetItem(glyph, text)
        item.setToolTip(tip)
        item.setData(ROLE, data)
        self.gallery.addItem(item)
        return item

    def _make_thumbnails(self) -> None:
        """Make one missing template thumbnail (rendered in the offscreen engine, whose
        wait keeps the dialog live) and come back for the next on the event loop;
        :attr:`thumbnails_made` once none is left."""
        if not shiboken6.isValid(self):
            return  # the dialog closed meanwhile
        if not self.thumbnails_pending or self.project is None:
            self.thumbnails_pending = []
            self.thumbnails_made.emit()
            return
        item, path = self.thumbnails_pending.pop(0)
        made = template_thumbnail(self.project, path)
        if not shiboken6.isValid(self):
            return
        framed = _thumbnail(made) if made is not None else None
        if framed is not None:
            item.setIcon(framed)
        QTimer.singleShot(0, self._make_thumbnails)

    def _choice(self) -> tuple[str, str]:
        item = self.gallery.currentItem()
        data = item.data(ROLE) if item is not None else None
        return data if isinstance(data, tuple) else (SCRATCH, "")

    def select(self, kind: str, value: str = "") -> None:
        """Select a starter (``"starter", id``), a template or ``"scratch"``."""
        for i in range(self.gallery.count()):
            if self.gallery.item(i).data(ROLE) == (kind, value):
                self.gallery.setCurrentRow(i)
                return
        raise KeyError(f"{kind} {value!r} is not in the gallery")

    def _suggest(self) -> None:
        if self._typed_name:
            return
        kind, value = self._choice()
        base = {"starter": value, "template": value.rsplit("/", 1)[-1].rsplit(".", 1)[0]}.get(
            kind, "untitled"
        )
        self.name.setText(free_name(self.workspace, self.folder.currentData() or "emails", base))

    def value(self) -> NewEmail:
        kind, value = self._choice()
        return NewEmail(
            name=self.name.text().strip(),
            folder=self.folder.currentData() or "emails",
            subject=self.subject.text().strip(),
            starter=value if kind == "starter" else "",
            template=value if kind == "template" else "",
        )
