"""The New Email dialog: name, folder, subject and what to start from.

The gallery lists the six starter layouts (``studio.workspace.starters``), the
workspace's own templates (``templates/``) and "From scratch". The newsletter
is selected and the name follows the selection (``newsletter``,
``newsletter-2`` … until you type one), so New Email → Create is two clicks.
The subject goes into the email's envelope (front matter).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.qt.icons import icon
from studio.workspace import FileKind, Workspace
from studio.workspace.layout import safe_name
from studio.workspace.starters import STARTERS

SCRATCH = "scratch"
ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class NewEmail:
    """What the dialog asks for; ``Workspace.create_email`` takes it as it is."""

    name: str
    folder: str = "emails"
    subject: str = ""
    starter: str = ""      # a starter layout id
    template: str = ""     # or a workspace template (relative path); neither: from scratch

    def create(self, workspace: Workspace) -> str:
        return workspace.create_email(self.name, self.folder, self.template,
                                      starter=self.starter, subject=self.subject)


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
    def __init__(self, workspace: Workspace, folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Email")
        self.workspace = workspace
        self._typed_name = False
        self.gallery = QListWidget()
        self.gallery.setObjectName("starterGallery")
        self.gallery.setWordWrap(True)
        self.gallery.setSpacing(2)
        for s in STARTERS:
            self._add(f"{s.name}\n{s.description}", ("starter", s.id), "email-newsletter"
                      if s.id == "newsletter" else "email-outline")
        for f in workspace.files(FileKind.TEMPLATE, folders=False):
            self._add(f"{f.rel.split('/', 1)[-1]}\nYour template ({f.rel})", ("template", f.rel),
                      "file-document-outline")
        self._add("From scratch\nAn empty email with one section", (SCRATCH, ""),
                  "file-outline")
        self.name = QLineEdit()
        self.name.setObjectName("newEmailName")
        self.name.textEdited.connect(lambda _t: setattr(self, "_typed_name", True))
        self.folder = QComboBox()
        self.folder.setObjectName("newEmailFolder")
        folders = ["emails"] + [f.rel for f in workspace.files(FileKind.EMAIL)
                                if f.is_dir]
        for rel in folders:
            self.folder.addItem(rel, rel)
        if folder in folders:
            self.folder.setCurrentIndex(folders.index(folder))
        self.folder.currentIndexChanged.connect(lambda _i: self._suggest())
        self.subject = QLineEdit()
        self.subject.setObjectName("newEmailSubject")
        self.subject.setPlaceholderText("Leave empty to keep the layout's subject; "
                                        "Liquid allowed")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create", QDialogButtonBox.ButtonRole.AcceptRole)
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
        self.resize(520, 560)

    def _add(self, text: str, data: tuple[str, str], icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), text)
        item.setData(ROLE, data)
        self.gallery.addItem(item)

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
            kind, "untitled")
        self.name.setText(free_name(self.workspace, self.folder.currentData() or "emails",
                                    base))

    def value(self) -> NewEmail:
        kind, value = self._choice()
        return NewEmail(name=self.name.text().strip(),
                        folder=self.folder.currentData() or "emails",
                        subject=self.subject.text().strip(),
                        starter=value if kind == "starter" else "",
                        template=value if kind == "template" else "")
