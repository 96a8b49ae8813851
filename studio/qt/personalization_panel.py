"""The Personalization panel (liquid-visual-editor.md): attributes to insert as Liquid.

A tree of every attribute the workspace's data files use
(:func:`studio.models.text_slots.merged_attributes`: the sample profiles of ``data/``),
each with the selected profile's value beside it. Choose one, write a fallback, and
**Add** inserts ``{{ customer.first_name | default: "there" }}`` at the caret of the
text being edited on the canvas (as a chip); **Copy** puts it on the clipboard for any
other field. Double-click adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.models import text_slots as T


class PersonalizationPanel(QWidget):
    """Attributes of the data files; Add at the caret, or Copy."""

    inserted = Signal(str)  # the Liquid added at the caret

    def __init__(
        self,
        profiles: Callable[[], Iterable[Mapping[str, Any]]],
        sample: Callable[[], Mapping[str, Any] | None],
        insert: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.sample = sample
        self.insert = insert
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Attribute", "Sample"])
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.add())
        self.fallback = QLineEdit()
        self.fallback.setPlaceholderText("Fallback when it is missing")
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Insert at the caret of the text being edited")
        self.add_button.clicked.connect(self.add)
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fallback, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.copy_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.note)

    def refresh(self) -> None:
        self.tree.clear()
        sample = self.sample() or {}

        def value_of(path: str) -> str:
            current: Any = sample
            for part in path.split("."):
                current = current.get(part) if isinstance(current, Mapping) else None
            if isinstance(current, list):
                return f"{len(current)} items"
            if isinstance(current, bool):
                return "true" if current else "false"
            return "" if current is None or isinstance(current, Mapping) else str(current)

        def add(parent: QTreeWidget | QTreeWidgetItem, attrs: tuple[T.Attribute, ...]) -> None:
            for a in attrs:
                item = QTreeWidgetItem([a.name, "" if a.children else value_of(a.path)])
                item.setToolTip(0, a.path)
                item.setData(0, 256, a.path)  # Qt.UserRole
                if isinstance(parent, QTreeWidget):
                    parent.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                add(item, a.children)

        add(self.tree, T.merged_attributes(self.profiles()))
        self.tree.expandToDepth(0)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()

    def chosen(self) -> str | None:
        item = self.tree.currentItem()
        if item is None or item.childCount():
            return None
        path = item.data(0, 256)
        return path if isinstance(path, str) else None

    def liquid(self) -> str | None:
        path = self.chosen()
        return T.liquid_output(path, self.fallback.text().strip()) if path else None

    def add(self) -> bool:
        path = self.chosen()
        if path is None:
            self.note.setText("choose an attribute")
            return False
        if not self.insert(path, self.fallback.text().strip()):
            self.note.setText("double-click a text on the canvas first, then Add; or Copy")
            return False
        self.note.setText("")
        self.inserted.emit(T.liquid_output(path, self.fallback.text().strip()))
        return True

    def copy(self) -> None:
        text = self.liquid()
        if text is None:
            self.note.setText("choose an attribute")
            return
        QGuiApplication.clipboard().setText(text)
        self.note.setText(f"Copied {text}")
