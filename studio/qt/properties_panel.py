"""The properties panel: the selected rows' fields, drawn generically from the model.

Every field comes from :mod:`studio.models.properties` (generated from the prop
schemas); this widget only picks a Qt control per ``Field.control`` and writes
back through the model's edits (``properties.set_value`` / ``reset`` /
``set_style_declaration`` / ``set_message_value``), applied with
``visual_edits.apply`` as one undo step each. It follows every document edit
(undo included) by rebuilding its fields for the same rows.

Hook: ``PropertiesPanel(document, library=…, styles=…)``; call ``show_rows`` with
the selected rows' start offsets (the ``VisualEdit.selection`` convention) or
``show_message()`` for the Message row; dock it on the right of the canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.project import Project
from components.custom.library import CustomLibrary
from components.custom.workspace_ops import save_component
from components.markup import Liquid
from components.schema import MISSING
from studio.models import assets as A
from studio.models import conditions as C
from studio.models import properties as P
from studio.models import visual_edits as V
from studio.models.document import EmailDocument
from studio.models.layers import Layer, Layers, build_layers
from studio.models.style_values import SizeValue
from studio.models.text import Edit
from studio.models.text_slots import Attribute, profile_attributes
from studio.qt.style_controls import BackgroundControl, BoxControl, ColorControl, SizeControl
from styles.model import GlobalStyles

if TYPE_CHECKING:  # imported where a selection is saved as a component or detached
    from studio.models.component_from_selection import PropChoice, SlotChoice

#: controls drawn as a spin box when the written value is a plain number
NUMERIC = frozenset({"number", "slider"})
#: controls drawn as a drop-down of their options
CHOOSE = frozenset({"select", "toggle"})
#: the panel's width at rest (px); controls shrink to fit it
PANEL_WIDTH = 320
#: how long the panel waits after an edit made elsewhere before it rebuilds
REBUILD_DELAY_MS = 120
#: the latest a rebuild waiting for the canvas runs after the panel's own edit
REBUILD_FALLBACK_MS = 400
VARIANT_LABELS = {"dark": "Dark", "medium": "Desktop", "medium:dark": "Desktop dark"}


class PropertiesPanel(QWidget):
    """Fields of the selected rows (or of the message), written back as source edits."""

    #: the fields were drawn again (after an edit, a selection, an undo)
    rebuilt = Signal()
    #: a component file was written (its workspace-relative path)
    component_saved = Signal(str)
    #: an edit was applied (its label), before the panel rebuilds: the canvas
    #: compiles now instead of after the typing pause
    edited = Signal(str)

    def __init__(
        self,
        document: EmailDocument,
        *,
        library: object | None = None,
        styles: GlobalStyles | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.library = library
        self.styles = styles
        self.starts: tuple[int, ...] = ()
        self.message = False
        self.message_view = False
        #: the workspace folder (a saved component goes to its components/)
        self.root: Path | None = None
        #: the workspace (the assets picker's images and their URLs)
        self.project: Project | None = None
        #: the sample profile (the Personalization attributes of conditions)
        self.profile: Mapping[str, Any] | None = None
        self.visibility = VisibilityForm(self)
        #: the Visibility group and Save as component under a row's fields
        self.row_tools = True
        self.layers: Layers | None = None
        #: field name (and variant) → its control, for tests and keyboard focus
        self.controls: dict[str, QWidget] = {}
        #: :meth:`_form_key` of the form shown (None: nothing built, or cleared)
        self._shown_key: tuple[object, ...] | None = None
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b42318")
        self.problem.hide()
        self.title = QLabel("Nothing selected")
        self.title.setStyleSheet("font-weight: 600")
        self.body = QWidget()
        self.form = QVBoxLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        # the device toggle (Design Studio's mobile icon): on, a responsive property's
        # edit changes mobile only and the desktop keeps what it showed
        self.mobile = QToolButton()
        self.mobile.setText("Mobile only")
        self.mobile.setCheckable(True)
        self.mobile.setToolTip("Edit the mobile value only; desktop keeps its own")
        self.mobile.hide()
        head.addWidget(self.mobile)
        lay.addLayout(head)
        lay.addWidget(self.problem)
        lay.addWidget(scroll, 1)
        self.setMinimumWidth(PANEL_WIDTH)
        self.setMaximumWidth(PANEL_WIDTH * 2)
        self._writing = False
        #: set by the visual editor: after the panel's own edit, rebuild when the
        #: canvas has updated (``canvas_updated``; at the latest after
        #: REBUILD_FALLBACK_MS), not before the compile's result is shown
        self.rebuild_after_canvas = False
        self._pending = False
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(REBUILD_FALLBACK_MS)
        self._fallback.timeout.connect(self.canvas_updated)
        # edits made elsewhere (typing in the code editor, undo) rebuild once, after
        # a pause, and only while the panel is visible
        self._stale = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(REBUILD_DELAY_MS)
        self._later.timeout.connect(self._rebuild_if_stale)
        document.changed.connect(self._on_changed)
        #: the layer rows of a text (the visual editor hands in the canvas's own, or
        #: None while the compile that builds them is under way)
        self.layers_for: Callable[[str], Layers | None] = lambda text: build_layers(
            text, self.library
        )

    # -- what is shown ---------------------------------------------------------------
    def show_rows(self, starts: Sequence[int]) -> None:
        self.starts, self.message = tuple(starts), False
        self.rebuild()

    def show_message(self) -> None:
        self.starts, self.message = (), True
        self.rebuild()

    def row_ids(self) -> list[str]:
        if self.layers is None:
            return []
        rows = [self.layers.starting_at(s) for s in self.starts]
        return [r.id for r in rows if r is not None and r.node is not None]

    def rebuild(self, *, unless_same: bool = False) -> None:
        """Build the form for the selection in the document's text now. ``unless_same``
        (after an edit made elsewhere, such as typing in the code editor): keep the form
        shown when it would show the same rows, fields and values (:meth:`_form_key`)."""
        layers = self.layers_for(self.document.text)
        if layers is None:  # not built yet: the owner calls refresh() once they are
            self._stale = True
            return
        self._stale = False
        self.layers = layers
        ids = [] if self.message else self.row_ids()
        rows = [layers.rows[i] for i in ids]
        # the Message row (x-base) selected in the layers: the message's properties
        message_view = self.message or (
            len(rows) == 1 and rows[0].kind == "standard" and rows[0].tag == "x-base"
        )
        if message_view:
            fields = P.message_fields(layers)
            title = "Message"
        else:
            fields = P.shared_fields(layers, ids) if ids else []
            title = ", ".join(dict.fromkeys(r.label for r in rows)) if rows else "Nothing selected"
        key = self._form_key(layers, rows, fields, message_view, title)
        if unless_same and key == self._shown_key:
            return
        self._clear()
        self._shown_key = key
        self.message_view = message_view
        self.title.setText(title)
        self.mobile.setVisible(any(f.responsive for f in fields))
        sections: dict[str, tuple[QGroupBox, QFormLayout]] = {}
        for f in fields:
            section = P.ADVANCED if f.group == P.ADVANCED else f.section
            if section not in sections:
                box = QGroupBox(section, self.body)
                sections[section] = (box, _form(box))
            sections[section][1].addRow(self._label(f), self._row(f))
        for name in sorted(sections, key=lambda s: s == P.ADVANCED):
            self.form.addWidget(sections[name][0])
        if rows and not self.message_view and self.row_tools:
            self.form.addWidget(self.visibility.build(self.layers, ids, self.controls))
            save = QPushButton("Save as component…")
            save.setToolTip("Turn the selection into a new component in components/")
            save.clicked.connect(self.ask_save_as_component)
            self.controls["save-component"] = save
            self.form.addWidget(save)
            if len(rows) == 1 and rows[0].kind == "custom":
                detach = QPushButton(f"Detach <{rows[0].tag}>")
                detach.setToolTip("Replace this instance with its parts, written out")
                detach.clicked.connect(lambda: self.detach(rows[0].id))
                self.controls["detach"] = detach
                self.form.addWidget(detach)
        self.form.addStretch(1)
        self.rebuilt.emit()

    def _clear(self) -> None:
        while self.form.count():
            item = self.form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.controls.clear()
        self._shown_key = None

    def _form_key(
        self,
        layers: Layers,
        rows: Sequence[Layer],
        fields: Sequence[P.Field],
        message_view: bool,
        title: str,
    ) -> tuple[object, ...]:
        """What the form shows, in values: equal keys build the same widgets. The
        selected rows (ids: the buttons act on them), their fields (values, variants,
        defaults; the props declaring them, by identity: a reloaded library makes new
        ones), the title, the Liquid tag around the rows (the Visibility group shows its
        condition or loop) and what the controls offer (styles, workspace, profile)."""
        around: Layer | None = None
        parents = {r.parent for r in rows}
        if len(parents) == 1 and (parent := next(iter(parents))) is not None:
            around = layers.row(parent)
        around_key = (
            None
            if around is None
            else (
                around.id,
                around.kind,
                len(around.children),
                layers.text[around.span[0] : around.inner[0] if around.inner else around.span[1]],
            )
        )
        return (
            message_view,
            title,
            tuple((r.id, r.kind, r.tag) for r in rows),
            tuple(fields),
            tuple(id(f.prop) for f in fields),
            around_key,
            self.row_tools,
            id(self.styles),
            id(self.project),
            id(self.profile),
            id(self.library),
            self.root,
        )

    # -- controls --------------------------------------------------------------------
    def _label(self, f: P.Field) -> QLabel:
        label = QLabel(f.label + (" (mixed)" if f.mixed else ""))
        if f.help_text:
            label.setToolTip(f.help_text)
        return label

    def _row(self, f: P.Field) -> QWidget:
        row = QWidget()
        lay = QVBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        line.addWidget(self._control(f, "base", f.value), 1)
        reset = QToolButton()
        reset.setText("↺")
        reset.setToolTip("Reset to the default")
        reset.setEnabled(f.written)
        reset.clicked.connect(lambda: self._reset(f.name, None))
        self.controls[f"{f.name}/reset"] = reset
        line.addWidget(reset)
        lay.addLayout(line)
        for variant in ("dark", "medium", "medium:dark"):
            if (variant != "medium" and not f.dark) or (variant != "dark" and not f.responsive):
                continue
            given = f.variants.get(variant)
            sub = QHBoxLayout()
            sub.addWidget(QLabel(VARIANT_LABELS[variant]))
            sub.addWidget(self._control(f, variant, None if given is None else str(given)), 1)
            lay.addLayout(sub)
        for child in f.children:
            lay.addWidget(self._nested(f, child))
        if f.control == "array" and f.expression is None:
            lay.addWidget(self._add_button(f.name, ()))
        return row

    def _nested(self, parent: P.Field, f: P.Field) -> QWidget:
        """An array item or object key of ``parent``; an item has its remove button,
        a nested list its add button."""
        is_item = bool(f.path) and isinstance(f.path[-1], int)
        if f.children or f.control in ("array", "object"):
            box = QGroupBox(f.label)
            form = _form(box)
            if is_item:
                form.addRow(self._remove_button(parent.name, f.path))
            for child in f.children:
                form.addRow(child.label, self._nested(parent, child))
            if f.control == "array":
                form.addRow(self._add_button(parent.name, f.path))
            return box
        control = self._control(f, "base", f.value, name=parent.name, path=f.path)
        if not is_item:
            return control
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(control, 1)
        line.addWidget(self._remove_button(parent.name, f.path))
        return holder

    def _add_button(self, name: str, path: P.Path) -> QToolButton:
        button = QToolButton()
        button.setText("+ Add item")
        button.clicked.connect(
            lambda: self._array_edit(
                lambda layers: P.add_item(layers, self.row_ids(), name, path=path)
            )
        )
        self.controls["/".join([name, *map(str, path), "add"])] = button
        return button

    def _remove_button(self, name: str, path: P.Path) -> QToolButton:
        button = QToolButton()
        button.setText("−")
        button.setToolTip("Remove this item")
        button.clicked.connect(
            lambda: self._array_edit(
                lambda layers: P.remove_item(layers, self.row_ids(), name, path)
            )
        )
        self.controls["/".join([name, *map(str, path), "remove"])] = button
        return button

    def _array_edit(self, make: Callable[[Layers], V.VisualEdit | None]) -> None:
        try:
            edit = make(self.current_layers())
        except P.PropertyError as exc:
            self._say(str(exc))
            return
        self._apply(edit)

    def _control(
        self, f: P.Field, variant: str, value: str | None, *, name: str = "", path: P.Path = ()
    ) -> QWidget:
        name = name or f.name
        key = name + ("" if variant == "base" else f"/{variant}") + "".join(f"/{p}" for p in path)

        def write(text: str | P.GlobalRef | None) -> None:
            self._write(
                name,
                text,
                variant,
                path,
                mobile_only=f.responsive
                and variant == "base"
                and not path
                and self.mobile.isChecked(),
            )

        widget: QWidget
        if f.control == "switch":
            box = QCheckBox()
            box.setChecked(
                (value or (str(f.default) if f.default is not MISSING else "")).lower()
                in ("true", "")
            )
            box.toggled.connect(lambda on: write("true" if on else "false"))
            widget = box
        elif f.control in CHOOSE and f.options:
            widget = self._combo(f, value, write)
        elif f.control in NUMERIC and (value is None or _number(value) is not None):
            spin = QDoubleSpinBox()
            spin.setRange(
                f.minimum if f.minimum is not None else -1e6,
                f.maximum if f.maximum is not None else 1e6,
            )
            spin.setSingleStep(f.step or 1)
            spin.setDecimals(2 if (f.step or 1) < 1 else 0)
            number = _number(value)
            if number is None:
                # not written: one step below the range shows "—" (the default applies)
                spin.setMinimum(spin.minimum() - spin.singleStep())
                spin.setSpecialValueText("—")
                spin.setValue(spin.minimum())
            else:
                spin.setValue(number)
            spin.editingFinished.connect(
                lambda: (
                    None
                    if spin.specialValueText() and spin.value() == spin.minimum()
                    else write(_number_text(spin.value()))
                )
            )
            widget = spin
        elif f.control in ("color", "background"):
            # the workspace's colours are in the swatch's menu, not a drop-down beside
            swatches = [(c.label, c.shown, c.write) for c in P.choices(f, self.styles)]
            kind = ColorControl if f.control == "color" else BackgroundControl
            widget = kind(
                value,
                lambda text: write(text or None),
                self.controls,
                key,
                _placeholder(f),
                swatches=swatches,
                choose=lambda token: write(
                    token if isinstance(token, (str, P.GlobalRef)) else str(token)
                ),
            )
        elif f.control == "style" and not path and variant == "base" and (f.expression is None):
            widget = self._style(f, key, value)
        elif f.control == "url" and not path:
            widget = self._url(f, key, value, write)
        elif f.control == "media" and not path:
            widget = self._media(f, key, value, write)
        elif f.control == "size" and not path and (value is None or SizeValue.parse(value)):
            widget = self._with_choices(
                f,
                key,
                SizeControl(
                    value,
                    lambda text: write(text or None),
                    self.controls,
                    key,
                    _placeholder(f),
                    f.units,
                ),
                write,
            )
        elif f.control == "box":
            widget = self._with_choices(
                f,
                key,
                BoxControl(
                    value, lambda text: write(text or None), self.controls, key, _placeholder(f)
                ),
                write,
            )
        else:
            widget = self._line(f, key, value, write)
        if f.expression is not None and variant == "base" and not path:
            widget.setToolTip(f"Written as code: {f.expression}")
        self.controls.setdefault(key, widget)
        return widget

    def _line(
        self,
        f: P.Field,
        key: str,
        value: str | None,
        write: Callable[[str | P.GlobalRef | None], None],
    ) -> QWidget:
        edit = QLineEdit(value or "")
        edit.setMinimumWidth(40)
        edit.setCursorPosition(0)
        self.controls[key] = edit
        edit.setPlaceholderText(
            f.placeholder
            or ("mixed" if f.mixed else ("" if f.default is MISSING else _default_text(f.default)))
        )
        if f.expression is not None and value is None:
            edit.setPlaceholderText(f.expression)
        edit.editingFinished.connect(
            lambda: None if edit.text() == (value or "") else write(edit.text() or None)
        )
        return self._with_choices(f, key, edit, write)

    def _style(self, f: P.Field, key: str, value: str | None) -> QWidget:
        """The ``style`` attribute as declarations: one property/value line each (an
        emptied value removes it) and a blank line to add one; each edit changes that
        declaration only (``properties.set_style_declaration``)."""
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        declarations = P.style_declarations(value or "")
        for i, (prop, val) in enumerate([*declarations, ("", "")]):
            name = QLineEdit(prop)
            name.setPlaceholderText("property" if not prop else "")
            name.setReadOnly(bool(prop))
            text = QLineEdit(val)
            text.setPlaceholderText("value")
            text.setMinimumWidth(40)
            name.setMinimumWidth(40)
            name.setMaximumWidth(88)
            grid.addWidget(name, i, 0)
            grid.addWidget(text, i, 1)
            grid.setColumnStretch(1, 1)

            def written(name: QLineEdit = name, text: QLineEdit = text, old: str = val) -> None:
                prop_name = name.text().strip()
                if not prop_name or (text.text() == old and name.isReadOnly()):
                    return
                if not name.isReadOnly() and not text.text().strip():
                    return  # a new declaration waits for its value
                self._style_write(prop_name, text.text().strip() or None)

            text.editingFinished.connect(written)
            suffix = f"/{prop}" if prop else "/new"
            self.controls[f"{key}{suffix}"] = text
            if not prop:
                self.controls[f"{key}/new-property"] = name
        return holder

    def _style_write(self, prop: str, value: str | None) -> None:
        try:
            edit = P.set_style_declaration(self.current_layers(), self.row_ids(), prop, value)
        except P.PropertyError as exc:
            self._say(str(exc))
            return
        self._apply(edit)

    def _url(
        self,
        f: P.Field,
        key: str,
        value: str | None,
        write: Callable[[str | P.GlobalRef | None], None],
    ) -> QWidget:
        """URL, email or phone (``mailto:``/``tel:`` written before the address) and
        the standard links in the drop-down beside."""
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        kind = _narrow(QComboBox())
        for label, data in (("URL", "url"), ("Email", "email"), ("Phone", "phone")):
            kind.addItem(label, data)
        kind.setCurrentIndex(max(0, kind.findData(f.url_kind)))
        kind.setMaximumWidth(72)
        prefix = {"url": "", "email": "mailto:", "phone": "tel:"}
        shown = value or ""
        for p in ("mailto:", "tel:"):
            if shown.lower().startswith(p):
                shown = shown[len(p) :]

        def written(text: str | P.GlobalRef | None) -> None:
            if isinstance(text, str) and text and not text.startswith("{%"):
                text = prefix[str(kind.currentData())] + text
            write(text)

        line = self._line(replace(f, control="url"), key, shown, written)
        kind.activated.connect(
            lambda _i: written(self._text_of(key)) if self._text_of(key) else None
        )
        self.controls[f"{key}/kind"] = kind
        lay.addWidget(kind)
        lay.addWidget(line, 1)
        holder.setMinimumWidth(200)  # the address wants the row: the label goes above
        return holder

    def _text_of(self, key: str) -> str:
        widget = self.controls.get(key)
        return widget.text() if isinstance(widget, QLineEdit) else ""

    def _media(
        self,
        f: P.Field,
        key: str,
        value: str | None,
        write: Callable[[str | P.GlobalRef | None], None],
    ) -> QWidget:
        """A URL with the assets picker: the workspace's images (those over the limits
        disabled, with the reason: optimize them first in the Assets panel)."""
        edit = self._line(f, key, value, write)
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        pick = QToolButton()
        pick.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        pick.setToolTip("Choose from assets/")
        pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(pick)
        pick.setMenu(menu)

        def fill() -> None:
            menu.clear()
            project = self.project
            found = A.list_assets(project) if project is not None else []
            for asset in found:
                problem = A.refusal(asset)
                action = menu.addAction(
                    f"{asset.path}  {asset.width}×{asset.height}"
                    + (f"  — {problem}" if problem else "")
                )
                action.setEnabled(problem is None)
                if project is not None:
                    url = A.asset_url(project, asset.path, self.document.path)
                    action.triggered.connect(lambda _=False, url=url: write(url))
            if not found:
                menu.addAction("No images in assets/").setEnabled(False)

        menu.aboutToShow.connect(fill)
        self.controls[f"{key}/assets"] = pick
        lay.addWidget(pick)
        return holder

    def _with_choices(
        self,
        f: P.Field,
        key: str,
        widget: QWidget,
        write: Callable[[str | P.GlobalRef | None], None],
    ) -> QWidget:
        """``widget`` with the field's ready values beside it (global swatches, fonts,
        standard links), when it has any."""
        choices = P.choices(f, self.styles)
        if not choices:
            return widget
        holder = QWidget()
        lay = QHBoxLayout(holder)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(widget, 1)
        pick = _narrow(QComboBox())
        pick.setMaximumWidth(64)
        pick.setToolTip("Global styles" if f.control != "url" else "Standard links")
        pick.addItem("…")
        for choice in choices:
            pick.addItem(f"{choice.label}  {choice.shown}")
        pick.activated.connect(lambda i: write(choices[i - 1].write) if i > 0 else None)
        lay.addWidget(pick)
        self.controls[f"{key}/choices"] = pick
        return holder

    def _combo(
        self, f: P.Field, value: str | None, write: Callable[[str | P.GlobalRef | None], None]
    ) -> QComboBox:
        combo = _narrow(QComboBox())
        combo.addItem("—", None)
        model = combo.model()
        for group, options in f.optgroups:
            if group:
                combo.addItem(group, None)
                if isinstance(model, QStandardItemModel):
                    item = model.item(combo.count() - 1)
                    item.setEnabled(False)
            for option in options:
                combo.addItem(("  " if group else "") + option.label, option.value)
        index = combo.findData(value) if value is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.activated.connect(lambda i: write(combo.itemData(i)))
        return combo

    # -- writing ---------------------------------------------------------------------
    def _write(
        self,
        name: str,
        value: str | P.GlobalRef | None,
        variant: str,
        path: P.Path,
        *,
        mobile_only: bool = False,
    ) -> None:
        if value is None and not path:
            self._reset(name, None if variant == "base" else variant)
            return
        layers = self.current_layers()
        try:
            if self.message_view:
                edit = P.set_message_value(layers, name, value, variant=variant)
            else:
                edit = P.set_value(
                    layers,
                    self.row_ids(),
                    name,
                    value or "",
                    variant=variant,
                    path=path,
                    mobile_only=mobile_only,
                )
        except P.PropertyError as exc:
            self._say(str(exc))
            return
        self._apply(edit)

    def _reset(self, name: str, variant: str | None) -> None:
        layers = self.current_layers()
        try:
            if self.message_view:
                edit = P.set_message_value(layers, name, None, variant=variant or "base")
            else:
                edit = P.reset(layers, self.row_ids(), name, variant=variant)
        except P.PropertyError as exc:
            self._say(str(exc))
            return
        self._apply(edit)

    def current_layers(self) -> Layers:
        """The rows of the document's text now (an edit made elsewhere may not have
        rebuilt the panel yet: a write never uses the offsets of an older text)."""
        if self.layers is None or self.layers.text != self.document.text:
            self.layers = build_layers(self.document.text, self.library)
        return self.layers

    def _apply(self, edit: V.VisualEdit | None, *, keep_rows: bool = False) -> None:
        """Apply ``edit`` as one undo step; show the rows it reports (``keep_rows``: the
        same rows, where they are now — a condition written around them)."""
        self._say("")
        if edit is None:
            return
        before = self.starts
        self._writing = True
        try:
            selection = V.apply(self.document, edit, self.starts)
        finally:
            self._writing = False
        if selection is not None:
            self.edited.emit(edit.label)
        if keep_rows and selection is not None:
            self.starts = tuple(
                s + sum(len(r.new) - (r.end - r.start) for r in edit.replacements if r.end <= s)
                for s in before
            )
        elif selection:
            self.starts = selection
        if self.rebuild_after_canvas:
            # the controls already show what was typed: rebuild once the canvas shows
            # the edit, so the GUI thread is free for the compile's result first
            self._pending = True
            self._fallback.start()
        else:
            self.rebuild()

    def canvas_updated(self) -> None:
        """The canvas shows the newest page: a rebuild waiting for it runs next (after
        everyone else heard that the canvas updated)."""
        if self._pending:
            self._pending = False
            self._fallback.stop()
            QTimer.singleShot(0, self, self.rebuild)

    # -- save as component ---------------------------------------------------------
    def ask_save_as_component(self) -> None:
        """Ask for the new component's tag, name and how many times to use it here."""
        from studio.models.component_from_selection import (
            prop_candidates,
            slot_candidates,
            suggested_tag,
        )

        layers = self.current_layers()
        existing = set(layers.definitions.by_tag)
        dialog = SaveComponentDialog(
            suggested_tag(layers, self.row_ids(), existing),
            self,
            prop_candidates(layers, self.row_ids()),
            slot_candidates(layers, self.row_ids()),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_as_component(
                dialog.tag.text().strip(),
                label=dialog.label.text().strip(),
                uses=dialog.uses.value(),
                props=dialog.chosen_props(),
                slots=dialog.chosen_slots(),
            )

    def detach(self, row_id: str) -> bool:
        """Replace a component instance with its parts (one undo step)."""
        from studio.models.component_from_selection import detach

        library = self.library
        if not isinstance(library, CustomLibrary):
            self._say("the workspace's components are not loaded")
            return False
        path = str(self.document.path) if self.document.path else ""
        try:
            edit = detach(self.current_layers(), row_id, library, file=path, styles=self.styles)
        except V.EditRefused as exc:
            self._say(str(exc))
            return False
        self._apply(edit)
        return True

    def save_as_component(
        self,
        tag: str,
        *,
        label: str = "",
        uses: int = 1,
        props: Sequence[PropChoice] = (),
        slots: Sequence[SlotChoice] = (),
    ) -> bool:
        """Write ``components/<tag>.html`` from the selection and put ``uses`` instances
        of it in its place (one undo step for the email; the file stays)."""
        from studio.models.component_from_selection import save_as_component

        layers = self.current_layers()
        if self.root is None:
            self._say("open a workspace to save components")
            return False
        try:
            made = save_as_component(
                layers,
                self.row_ids(),
                tag,
                label=label,
                uses=uses,
                existing=set(layers.definitions.by_tag),
                props=props,
                slots=slots,
            )
            save_component(self.root, made.tag, made.source)
        except (V.EditRefused, FileExistsError) as exc:
            self._say(
                str(exc)
                if isinstance(exc, V.EditRefused)
                else f"components/{tag}.html exists already"
            )
            return False
        self.component_saved.emit(made.path)  # the workspace reloads its components
        self._apply(made.edit)
        return True

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _on_changed(self, edit: Edit) -> None:
        if self._writing:
            return
        self.starts = tuple(_shift(s, edit) for s in self.starts)
        if self.starts or self.message:
            self._stale = True
            self._later.start()

    def refresh(self) -> None:
        """Rebuild now if an edit left the panel out of date (and it is visible)."""
        self._rebuild_if_stale()

    def _rebuild_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self._stale = False
            self.rebuild(unless_same=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._rebuild_if_stale()


def _form(box: QWidget) -> QFormLayout:
    """A form whose rows put the label above the field when both do not fit the
    panel's width (compound controls: colour, gradient, box)."""
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _placeholder(f: P.Field) -> str:
    return "mixed" if f.mixed else ("" if f.default is MISSING else _default_text(f.default))


def _default_text(default: object) -> str:
    """A default as the placeholder shows it: as it would be written
    (``{ light: '#f4f1ea', dark: '#1f2a22' }``), text as is."""
    return default if isinstance(default, str) else P.js_value(default)


def _narrow(combo: QComboBox) -> QComboBox:
    """A drop-down that fits the panel: its width does not follow its longest entry."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(3)
    return combo


def _shift(offset: int, edit: Edit) -> int:
    if edit.offset + len(edit.removed) <= offset:
        return offset + len(edit.inserted) - len(edit.removed)
    return offset


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _checklist(tip: str, labels: list[str]) -> QListWidget:
    """A list of unchecked, checkable ``labels``."""
    box = QListWidget()
    box.setToolTip(tip)
    for label in labels:
        item = QListWidgetItem(label)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        box.addItem(item)
    return box


class SaveComponentDialog(QDialog):
    """Tag name, display name, the number of uses and the attributes to make props
    for *Save as component*."""

    def __init__(
        self,
        tag: str,
        parent: QWidget | None = None,
        candidates: Sequence[PropChoice] = (),
        slot_candidates: Sequence[tuple[str, SlotChoice]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as component")
        form = QFormLayout(self)
        self.tag = QLineEdit(tag)
        self.label = QLineEdit(tag.replace("-", " ").capitalize())
        self.uses = QSpinBox()
        self.uses.setRange(1, 20)
        self.uses.setToolTip("How many instances replace the selection")
        form.addRow("Tag", self.tag)
        form.addRow("Name", self.label)
        form.addRow("Use it here", self.uses)
        self.candidates = list(candidates)
        self.props = _checklist(
            "Checked attributes become props: each use can set its own",
            [f"{c.label} → {c.name}" for c in self.candidates],
        )
        if self.candidates:
            form.addRow("Props", self.props)
        self.slot_candidates = list(slot_candidates)
        self.slots = _checklist(
            "Checked texts become text slots: each use can write its own",
            [f"{shown} → slot {slot.name}" for shown, slot in self.slot_candidates],
        )
        if self.slot_candidates:
            form.addRow("Text slots", self.slots)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_props(self) -> list[PropChoice]:
        return [
            c
            for i, c in enumerate(self.candidates)
            if self.props.item(i).checkState() == Qt.CheckState.Checked
        ]

    def chosen_slots(self) -> list[SlotChoice]:
        return [
            c
            for i, (_s, c) in enumerate(self.slot_candidates)
            if self.slots.item(i).checkState() == Qt.CheckState.Checked
        ]


class VisibilityForm:
    """The Visibility group: show the selected rows only when a condition holds
    (``{% if %}`` around them, :mod:`studio.models.conditions`), edit or remove it."""

    def __init__(self, panel: PropertiesPanel) -> None:
        self.panel = panel

    def _attributes(self) -> list[str]:
        profile = self.panel.profile or {}

        def paths(attrs: Sequence[Attribute]) -> list[str]:
            out: list[str] = []
            for a in attrs:
                out.extend(paths(a.children) if a.children else [a.path])
            return out

        return paths(profile_attributes(profile))

    def build(self, layers: Layers, ids: Sequence[str], controls: dict[str, QWidget]) -> QGroupBox:
        box = QGroupBox("Visibility")
        form = _form(box)
        parents = {layers.rows[i].parent for i in ids}
        parent = next(iter(parents)) if len(parents) == 1 else None
        around = layers.row(parent) if parent is not None else None
        current = C.condition_of(layers, around.id) if around is not None else None
        only_child = around is not None and len(around.children) == len(ids)
        condition = C.Condition.parse(current[1]) if current and only_child else None
        attribute = QComboBox()
        attribute.setEditable(True)
        attribute.addItems(self._attributes())
        attribute.setCurrentText(condition.variable if condition else "")
        operator = _narrow(QComboBox())
        for op, (label, _liquid) in C.OPERATORS.items():
            operator.addItem(label, op)
        operator.setCurrentIndex(
            max(0, operator.findData(condition.operator if condition else "truthy"))
        )
        value = QLineEdit(condition.value if condition else "")
        value.setPlaceholderText("value")
        form.addRow("Show when", attribute)
        form.addRow("", operator)
        form.addRow("", value)
        line = QHBoxLayout()
        apply = QPushButton("Apply" if current and only_child else "Show only when…")
        line.addWidget(apply)
        controls.update(
            {
                "visibility/attribute": attribute,
                "visibility/operator": operator,
                "visibility/value": value,
                "visibility/apply": apply,
            }
        )
        if current and only_child and around is not None:
            note = QLabel(f"{{% {current[0]} {current[1]} %}}")
            note.setWordWrap(True)
            note.setStyleSheet("color: #666")
            form.insertRow(0, note)
            remove = QPushButton("Always show")
            remove.clicked.connect(lambda: self._run(lambda: C.unwrap(self._layers(), around.id)))
            line.addWidget(remove)
            controls["visibility/remove"] = remove

        def written() -> None:
            cond = C.Condition(
                attribute.currentText().strip(), str(operator.currentData()), value.text()
            )
            if current and only_child and around is not None:
                self._run(
                    lambda: C.set_condition(self._layers(), around.id, cond.liquid(), tag="if")
                )
            else:
                self._run(lambda: C.wrap(self._layers(), self.panel.row_ids(), cond.liquid()))

        apply.clicked.connect(written)
        form.addRow(line)
        self._repeat_rows(form, layers, ids, around if only_child else None, controls)
        return box

    def _repeat_rows(
        self,
        form: QFormLayout,
        layers: Layers,
        ids: Sequence[str],
        around: Layer | None,
        controls: dict[str, QWidget],
    ) -> None:
        """Repeat for each item of a list (``{% for %}`` around the rows), or stop."""
        if (
            around is not None
            and around.kind == "liquid"
            and around.tag == "for"
            and (isinstance(around.node, Liquid))
        ):
            node = around.node
            note = QLabel(layers.text[node.span.start : node.span.end])
            note.setWordWrap(True)
            note.setStyleSheet("color: #666")
            stop = QPushButton("Don't repeat")
            stop.clicked.connect(lambda: self._run(lambda: C.unwrap(self._layers(), around.id)))
            form.addRow("Repeat", note)
            form.addRow("", stop)
            controls["visibility/no-repeat"] = stop
            return
        item = QLineEdit("item")
        item.setToolTip("The name each item has inside: {{ item.name }}")
        lists = QComboBox()
        lists.setEditable(True)
        lists.addItems(self._lists())
        lists.setCurrentText("")
        go = QPushButton("Repeat for each…")
        go.clicked.connect(
            lambda: self._run(
                lambda: C.repeat(
                    self._layers(), self.panel.row_ids(), item.text(), lists.currentText()
                )
            )
        )
        form.addRow("Repeat", lists)
        form.addRow("as", item)
        form.addRow("", go)
        controls.update({"repeat/list": lists, "repeat/item": item, "repeat/apply": go})

    def _lists(self) -> list[str]:
        """The sample profile's lists (``message_data.items``)."""

        def paths(attrs: Sequence[Attribute]) -> list[str]:
            out: list[str] = []
            for a in attrs:
                if a.children:
                    out.extend(paths(a.children))
                elif a.sample.endswith(" items"):
                    out.append(a.path)
            return out

        return paths(profile_attributes(self.panel.profile or {}))

    def _layers(self) -> Layers:
        return self.panel.current_layers()

    def _run(self, make: Callable[[], V.VisualEdit | None]) -> None:
        try:
            edit = make()
        except V.EditRefused as exc:
            self.panel._say(str(exc))
            return
        self.panel._apply(edit, keep_rows=True)
