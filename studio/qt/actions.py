"""QActions, menus, toolbars and the command palette, all built from :data:`ACTIONS`."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenuBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from studio.models.actions import MENUS, Action, ActionRegistry, keys_of, palette_matches
from studio.qt.icons import icon


def build_qactions(registry: ActionRegistry, parent: QWidget) -> dict[str, QAction]:
    """One QAction per declared action, wired to the registry both ways.

    Scoped actions are not added to ``parent``: add them to the widget of their
    scope with :func:`add_scoped` (their keys work while the focus is in it).
    A scoped key that an unscoped action also has stays on the unscoped one,
    which hands over (``ActionRegistry.handovers``).
    """
    out: dict[str, QAction] = {}
    taken = {s.lower() for a in registry.actions.values() if not a.scope for s in keys_of(a)}
    for a in registry.actions.values():
        qa = QAction(a.text, parent)
        keys = [QKeySequence(s) for s in keys_of(a) if not (a.scope and s.lower() in taken)]
        if keys:
            qa.setShortcuts(keys)
            qa.setShortcutContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut
                if a.scope
                else Qt.ShortcutContext.WindowShortcut
            )
        qa.setCheckable(a.checkable)
        qa.setEnabled(registry.enabled(a.id))
        qa.setToolTip(tooltip(a))
        qa.setIcon(icon(a.icon))
        qa.setIconVisibleInMenu(False)
        qa.setObjectName(a.id)

        def fire(_checked: bool = False, aid: str = a.id) -> None:
            registry.trigger(aid)

        qa.triggered.connect(fire)
        if not a.scope:
            parent.addAction(qa)
        out[a.id] = qa

    def on_checked(change: tuple[str, bool]) -> None:
        qa = out.get(change[0])
        if qa is not None and qa.isChecked() != change[1]:
            qa.blockSignals(True)
            qa.setChecked(change[1])
            qa.blockSignals(False)

    def on_enabled(change: tuple[str, bool]) -> None:
        qa = out.get(change[0])
        if qa is not None:
            qa.setEnabled(change[1])

    registry.checked_changed.connect(on_checked)
    registry.enabled_changed.connect(on_enabled)
    return out


def add_scoped(
    widget: QWidget, scope: str, registry: ActionRegistry, qactions: dict[str, QAction]
) -> None:
    """Give ``widget`` the keys of the actions of ``scope`` (while the focus is inside it)."""
    for a in registry.actions.values():
        if a.scope == scope:
            widget.addAction(qactions[a.id])


def tooltip(a: Action) -> str:
    """What a toolbar button says on hover: the action's name, shortcut and tip."""
    text = a.text.rstrip("…")
    if a.shortcut:
        keys = QKeySequence(a.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        text += f" ({keys})"
    return f"{text}\n{a.tip}" if a.tip else text


def refresh_icons(registry: ActionRegistry, qactions: dict[str, QAction]) -> None:
    """Draw every action's icon again in the current theme's colours."""
    for a in registry.actions.values():
        qa = qactions.get(a.id)
        if qa is not None:
            qa.setIcon(icon(a.icon))


def build_menus(menubar: QMenuBar, registry: ActionRegistry, qactions: dict[str, QAction]) -> None:
    for title in MENUS:
        items = [a for a in registry.actions.values() if a.menu == title]
        if not items:
            continue
        menu = menubar.addMenu(title)
        prev = ""
        for a in items:
            group = a.id.split(".", 1)[0]
            if prev and group != prev:
                menu.addSeparator()
            prev = group
            menu.addAction(qactions[a.id])


def build_toolbar(name: str, registry: ActionRegistry, qactions: dict[str, QAction]) -> QToolBar:
    bar = QToolBar(name.capitalize())
    bar.setObjectName(f"toolbar-{name}")
    # Icons with the name on hover (tooltip); an action without an icon keeps its text.
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    bar.setIconSize(QSize(18, 18))
    for a in registry.actions.values():
        if a.toolbar == name:
            bar.addAction(qactions[a.id])
    return bar


class CommandPalette(QDialog):
    """Type to filter every action; Enter runs the selected one."""

    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.setWindowTitle("Command Palette")
        self.query = QLineEdit(placeholderText="Type a command")
        self.list = QListWidget()
        lay = QVBoxLayout(self)
        lay.addWidget(self.query)
        lay.addWidget(self.list)
        self.query.textChanged.connect(self.refilter)
        self.query.returnPressed.connect(self.run_selected)
        self.list.itemActivated.connect(lambda _i: self.run_selected())
        self.resize(480, 360)
        self.refilter("")

    def refilter(self, text: str) -> None:
        self.list.clear()
        for a in palette_matches(text, self.registry.actions.values()):
            if not self.registry.enabled(a.id):
                continue
            it = QListWidgetItem(_label(a))
            it.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(it)
        self.list.setCurrentRow(0)

    def run_selected(self) -> None:
        item = self.list.currentItem()
        self.accept()
        if item is not None:
            self.registry.trigger(item.data(Qt.ItemDataRole.UserRole))


def _label(a: Action) -> str:
    text = f"{a.menu}: {a.text}" if a.menu else a.text
    if a.shortcut:
        text += f"    {QKeySequence(a.shortcut).toString(QKeySequence.SequenceFormat.NativeText)}"
    return text
