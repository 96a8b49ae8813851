"""The global styles editor: variables and component defaults of ``styles.json``.

A view of :class:`studio.models.styles_editor.StylesEditor`: every field writes
through the model when it is committed (Enter / leaving the field / picking an
item), the model checks the whole file with the styles package's own loader and
each problem is shown at its field (red border, tooltip, the message under the
row). Save refuses while there are problems.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from compiler.root import STYLES_FILE
from studio.models.styles_editor import (
    COMPONENT_LABELS,
    PLACE_LABELS,
    VARIABLE_FIELDS,
    VARIABLE_LABELS,
    Change,
    Place,
    StylesEditor,
    places_of,
)
from styles.model import (
    COMPONENT_PROPS,
    HEX_RE,
    STANDARD_FONTS,
    VARIABLE_TYPES,
    ColorVar,
    FontVar,
    VariableType,
)

ERROR_STYLE = "border:1px solid #b42318;background:#fff5f5;"
ERROR_LABEL_STYLE = "color:#b42318;"
FIELD_LABELS = {
    "name": "Name",
    "hex": "Hex",
    "opacity": "Opacity %",
    "type": "Type",
    "family": "Font",
    "url": "Stylesheet URL",
    "fallback": "Fallback",
    "stack": "Font stack (advanced)",
    "px": "px",
}

Field = QLineEdit | QComboBox


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else str(value)
    return str(value)


def _line(field: Field) -> QLineEdit | None:
    return field if isinstance(field, QLineEdit) else field.lineEdit()


def _set_text(field: Field, text: str) -> None:
    edit = _line(field)
    if edit is not None and edit.hasFocus():
        return  # never overwrite what is being typed
    field.blockSignals(True)
    if isinstance(field, QComboBox) and not field.isEditable():
        i = field.findText(text)
        field.setCurrentIndex(max(i, 0))
    elif edit is not None:
        edit.setText(text)
    field.blockSignals(False)


def field_text(field: Field) -> str:
    edit = _line(field)
    if edit is not None:
        return edit.text()
    return field.currentText() if isinstance(field, QComboBox) else ""


class StylesEditorWidget(QWidget):
    """Variables (colours, fonts, radii, spacing) and component defaults, with Save."""

    saved = Signal(str)  # path, after a successful save
    title_changed = Signal(str)

    def __init__(self, model: StylesEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        # key → input: "var:<id>:<field>", "def:<component>:<prop>:<place>"
        self.fields: dict[str, Field] = {}
        # key → the message label under a row: "var:<id>", "def:<component>:<prop>"
        self.error_labels: dict[str, QLabel] = {}
        self.swatches: dict[str, QToolButton] = {}
        self._structure: tuple[object, ...] = ()

        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.model.undo)
        self.redo_button = QPushButton("Redo")
        self.redo_button.clicked.connect(self.model.redo)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.general_errors = QLabel("")
        self.general_errors.setStyleSheet(ERROR_LABEL_STYLE)
        self.general_errors.setWordWrap(True)
        self.general_errors.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel("<h3>Global styles</h3>"))
        top.addWidget(self.status, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        top.addWidget(self.save_button)

        self.tabs = QTabWidget()
        self.variables_area = QScrollArea()
        self.variables_area.setWidgetResizable(True)
        self.defaults_area = QScrollArea()
        self.defaults_area.setWidgetResizable(True)
        self.tabs.addTab(self.variables_area, "Variables")
        self.tabs.addTab(self.defaults_area, "Components")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.general_errors)
        lay.addWidget(self.tabs, 1)

        model.changed.connect(self._on_change)
        model.errors_changed.connect(lambda _e: self.show_errors())
        model.dirty_changed.connect(lambda _d: self._update_state())
        self.rebuild()

    # ---- state ------------------------------------------------------------------
    @property
    def title(self) -> str:
        return ("● " if self.model.dirty else "") + STYLES_FILE

    def _update_state(self) -> None:
        self.undo_button.setEnabled(self.model.can_undo)
        self.redo_button.setEnabled(self.model.can_redo)
        self.title_changed.emit(self.title)

    def _structure_key(self) -> tuple[object, ...]:
        ids = tuple(tuple(v.id for v in self.model.variables(k)) for k in VARIABLE_TYPES)
        names = tuple((v.id, v.name) for k in VARIABLE_TYPES for v in self.model.variables(k))
        fonts = tuple(getattr(v, "type", "") for v in self.model.variables("fonts"))
        return ids, names, fonts

    def _on_change(self, change: Change) -> None:
        if self._structure_key() != self._structure:
            self.rebuild()
        else:
            self.sync()
        self.status.setText("")
        self._update_state()

    def save(self) -> bool:
        """Save (refused while a field has a problem)."""
        if self.model.save():
            self.status.setStyleSheet("")
            self.status.setText("Saved")
            self.saved.emit(str(self.model.path))
            self._update_state()
            return True
        self.status.setStyleSheet(ERROR_LABEL_STYLE)
        self.status.setText(self.model.save_error)
        self.show_errors()
        return False

    # ---- building ---------------------------------------------------------------
    def rebuild(self) -> None:
        self.fields.clear()
        self.error_labels.clear()
        self.swatches.clear()
        self._structure = self._structure_key()
        self.variables_area.setWidget(self._variables_page())
        self.defaults_area.setWidget(self._defaults_page())
        self.sync()
        self._update_state()

    def _variables_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        for kind in VARIABLE_TYPES:
            box = QGroupBox(
                {"colors": "Colours", "fonts": "Fonts", "radii": "Radii", "spacing": "Spacing"}[
                    kind
                ]
            )
            grid = QGridLayout(box)
            fields = VARIABLE_FIELDS[kind]
            for col, name in enumerate(fields):
                grid.addWidget(QLabel(f"<small>{FIELD_LABELS[name]}</small>"), 0, col + 1)
            row = 1
            for var in self.model.variables(kind):
                if isinstance(var, ColorVar):
                    swatch = QToolButton()
                    swatch.setFixedSize(24, 24)
                    swatch.setToolTip("Pick a colour")
                    swatch.clicked.connect(lambda _c=False, i=var.id: self.pick_colour(i))
                    self.swatches[var.id] = swatch
                    grid.addWidget(swatch, row, 0)
                for col, name in enumerate(fields):
                    field = self._variable_field(kind, var.id, name)
                    grid.addWidget(field, row, col + 1)
                delete = QPushButton("Delete")
                delete.setObjectName(f"delete-{var.id}")
                delete.clicked.connect(lambda _c=False, i=var.id: self.confirm_delete(i))
                grid.addWidget(delete, row, len(fields) + 1)
                err = self._error_label()
                self.error_labels[f"var:{var.id}"] = err
                grid.addWidget(err, row + 1, 1, 1, len(fields))
                row += 2
            add = QPushButton(f"Add {VARIABLE_LABELS[kind].lower()}")
            add.setObjectName(f"add-{kind}")
            add.clicked.connect(lambda _c=False, k=kind: self.model.add_variable(k))
            grid.addWidget(add, row, 1)
            lay.addWidget(box)
        lay.addStretch(1)
        return page

    def _variable_field(self, kind: VariableType, var_id: str, name: str) -> Field:
        field: Field
        if name == "type":
            field = QComboBox()
            field.addItems(["standard", "custom"])
            field.activated.connect(
                lambda _i, f=field: self.model.set_variable(var_id, "type", f.currentText())
            )
        elif name in ("family", "fallback"):
            field = QComboBox()
            field.setEditable(True)
            field.addItems(list(STANDARD_FONTS))
            field.activated.connect(
                lambda _i, f=field, n=name: self.model.set_variable(var_id, n, f.currentText())
            )
            edit = field.lineEdit()
            assert edit is not None
            edit.editingFinished.connect(
                lambda f=field, n=name: self._commit_variable(var_id, n, f)
            )
        else:
            field = QLineEdit()
            if name == "url":
                field.setPlaceholderText("https://…/font.css")
            elif name == "stack":
                field.setPlaceholderText("overrides font and fallback")
            field.editingFinished.connect(
                lambda f=field, n=name: self._commit_variable(var_id, n, f)
            )
        field.setObjectName(f"var:{var_id}:{name}")
        self.fields[f"var:{var_id}:{name}"] = field
        return field

    def _commit_variable(self, var_id: str, name: str, field: Field) -> None:
        try:
            self.model.set_variable(var_id, name, field_text(field))
        except KeyError:  # the variable went away (undo) while the field had focus
            return

    def _defaults_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        for component, specs in COMPONENT_PROPS.items():
            box = QGroupBox(COMPONENT_LABELS[component])
            grid = QGridLayout(box)
            row = 0
            for prop, spec in specs.items():
                grid.addWidget(QLabel(spec.label or prop), row, 0)
                col = 1
                for place in places_of(spec):
                    if place != "base":
                        grid.addWidget(QLabel(f"<small>{PLACE_LABELS[place]}</small>"), row, col)
                    col += 1 if place != "base" else 0
                    field = self._default_field(component, prop, place)
                    grid.addWidget(field, row, col)
                    col += 1
                err = self._error_label()
                self.error_labels[f"def:{component}:{prop}"] = err
                grid.addWidget(err, row + 1, 1, 1, 7)
                row += 2
            grid.setColumnStretch(1, 1)
            lay.addWidget(box)
        lay.addStretch(1)
        return page

    def _default_field(self, component: str, prop: str, place: Place) -> QComboBox:
        field = QComboBox()
        field.setEditable(True)
        field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        field.addItem("")
        for name, ref in self.model.references(self.model.referable(component, prop)):
            field.addItem(name, ref)
        field.setMinimumWidth(140)
        field.setToolTip(f"{PLACE_LABELS[place]}: a value, or a global style by name")
        key = f"def:{component}:{prop}:{place}"

        def commit(f: QComboBox = field) -> None:
            self.model.set_place(component, prop, place, field_text(f))

        field.activated.connect(lambda _i: commit())
        edit = field.lineEdit()
        assert edit is not None
        edit.editingFinished.connect(commit)
        field.setObjectName(key)
        self.fields[key] = field
        return field

    @staticmethod
    def _error_label() -> QLabel:
        label = QLabel("")
        label.setStyleSheet(ERROR_LABEL_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    # ---- values and errors --------------------------------------------------------
    def sync(self) -> None:
        """Show the model's values in the fields (a field being typed in is left alone)."""
        for kind in VARIABLE_TYPES:
            for var in self.model.variables(kind):
                for name in VARIABLE_FIELDS[kind]:
                    field = self.fields.get(f"var:{var.id}:{name}")
                    if field is not None:
                        _set_text(field, _text(getattr(var, name)))
                if isinstance(var, FontVar):
                    custom = var.type == "custom"
                    for name in ("url", "fallback"):
                        field = self.fields.get(f"var:{var.id}:{name}")
                        if field is not None:
                            field.setEnabled(custom or bool(getattr(var, name)))
                if isinstance(var, ColorVar) and var.id in self.swatches:
                    ok = isinstance(var.hex, str) and HEX_RE.fullmatch(var.hex) is not None
                    css = var.css() if ok and isinstance(var.opacity, int | float) else ""
                    self.swatches[var.id].setStyleSheet(
                        f"background:{css};border:1px solid #888;"
                        if css
                        else "background:repeating-linear-gradient(45deg,#fff,#ccc);"
                    )
        for component, specs in COMPONENT_PROPS.items():
            for prop, spec in specs.items():
                places = self.model.places(component, prop)
                for place in places_of(spec):
                    field = self.fields.get(f"def:{component}:{prop}:{place}")
                    if field is None:
                        continue
                    leaf = places.get(place)
                    shown = self.model.reference_name(leaf) if leaf is not None else None
                    _set_text(field, shown if shown is not None else _text(leaf))
        self.show_errors()

    def show_errors(self) -> None:
        """Mark every field with a problem and write the message under its row."""
        errors = self.model.errors
        for key, field in self.fields.items():
            path = self._path_for(key)
            msgs = [
                m
                for f, m in errors.items()
                if f == path or (key.startswith("def:") and f.startswith(path + "."))
            ]
            field.setStyleSheet(ERROR_STYLE if msgs else "")
            field.setToolTip("\n".join(msgs))
        for key, label in self.error_labels.items():
            if key.startswith("var:"):
                try:
                    prefix = self.model.path_of(key[4:])
                except KeyError:
                    continue
                msgs = self.model.errors_at(prefix)
            else:
                _d, component, prop = key.split(":", 2)
                msgs = self.model.errors_at(self.model.field_path(component, prop))
            label.setText("\n".join(msgs))
            label.setVisible(bool(msgs))
        shown = {self._path_for(k) for k in self.fields}
        other = [
            f"{f}: {m}" if f else m
            for f, m in errors.items()
            if not any(f == p or f.startswith(p + ".") for p in shown)
            and not f.startswith(("colors[", "fonts[", "radii[", "spacing["))
        ]
        self.general_errors.setText("\n".join(other))
        self.general_errors.setVisible(bool(other))

    def _path_for(self, key: str) -> str:
        if key.startswith("var:"):
            _v, var_id, name = key.split(":", 2)
            try:
                return self.model.path_of(var_id, name)
            except KeyError:
                return key
        _d, component, prop, place = key.split(":", 3)
        base = self.model.field_path(component, prop)
        if place == "base" and not isinstance(self.model.value(component, prop), dict):
            return base
        return self._dynamic_path(component, prop, place, base)

    def _dynamic_path(self, component: str, prop: str, place: str, base: str) -> str:
        value = self.model.value(component, prop)
        if not isinstance(value, dict):
            return base if place == "base" else f"{base}.{place}"
        for key in value:
            if _place_of(key) == place:
                return f"{base}.{key}"
        return f"{base}.{place}"

    def field_error(self, key: str) -> str:
        """The problem shown at one field ("" when it is fine)."""
        field = self.fields[key]
        return field.toolTip() if field.styleSheet() == ERROR_STYLE else ""

    # ---- actions ----------------------------------------------------------------
    def set_field(self, key: str, text: str) -> None:
        """Type ``text`` into a field and commit it (what Enter does)."""
        field = self.fields[key]
        edit = _line(field)
        if isinstance(field, QComboBox) and not field.isEditable():
            field.setCurrentIndex(field.findText(text))
            field.activated.emit(field.currentIndex())
            return
        assert edit is not None
        edit.setText(text)
        edit.editingFinished.emit()

    def pick_colour(self, var_id: str) -> None:
        _kind, var, _i = self.model.variable(var_id)
        assert isinstance(var, ColorVar)
        start = QColor(var.hex) if isinstance(var.hex, str) else QColor()
        dialog = QColorDialog(start, self)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)

        def chosen(colour: QColor) -> None:
            if colour.isValid():
                self.model.set_variable(var_id, "hex", colour.name())
                self.model.set_variable(var_id, "opacity", round(colour.alphaF() * 100))

        dialog.colorSelected.connect(chosen)
        dialog.open()

    ask_delete: Callable[[str], bool] | None = None

    def confirm_delete(self, var_id: str) -> bool:
        _kind, var, _i = self.model.variable(var_id)
        uses = self.model.uses_in_workspace(var_id)
        try:
            last = var.css()
        except (ValueError, TypeError):
            last = "its last value"
        text = f"Delete {var.name}? Component defaults that use it keep its value ({last})."
        if uses:
            text += "\n\nThese files mention it and will no longer find it:\n" + "\n".join(
                uses[:20]
            )
        if self.ask_delete is not None:
            ok = self.ask_delete(text)
        else:
            ok = (
                QMessageBox.question(self, "Delete global style", text)
                == QMessageBox.StandardButton.Yes
            )
        if ok:
            self.model.delete_variable(var_id)
        return ok


def _place_of(key: str) -> str:
    return {
        "light": "base",
        "small": "base",
        "small:light": "base",
        "dark": "dark",
        "small:dark": "dark",
        "medium": "desktop",
        "medium:light": "desktop",
        "medium:dark": "desktop_dark",
    }.get(key, key)
