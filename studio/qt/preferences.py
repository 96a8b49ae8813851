"""Preferences dialog (Cmd/Ctrl+,), generated from the Preferences dataclass fields."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from studio.models.preferences import EDITOR_MODES, THEMES, Preferences, PreferencesModel

LABELS = {
    "theme": "App theme",
    "font_size": "Editor font size",
    "tab_width": "Indent (spaces)",
    "hover_support": "Hover shows email-client support",
    "mso_highlight": "Highlight MSO comments",
    "code_checker": "Code checker underlines",
    "wrap_lines": "Wrap long code lines",
    "autosave_seconds": "Autosave every (s, 0 = off)",
    "preview_debounce_ms": "Preview delay after typing (ms)",
    "editor_mode": "Editor opens in",
}
CHOICES = {"theme": THEMES, "editor_mode": EDITOR_MODES}


class PreferencesDialog(QDialog):
    def __init__(self, model: PreferencesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.model = model
        form = QFormLayout(self)
        self.inputs: dict[str, QWidget] = {}
        for f in fields(Preferences):
            value = getattr(model.value, f.name)
            w: QWidget
            if f.name in CHOICES:
                box = QComboBox()
                box.addItems(list(CHOICES[f.name]))
                box.setCurrentText(value)
                box.currentTextChanged.connect(lambda v, n=f.name: model.set(n, v))
                w = box
            elif isinstance(value, bool):
                check = QCheckBox()
                check.setChecked(value)
                check.toggled.connect(lambda v, n=f.name: model.set(n, v))
                w = check
            else:
                spin = QSpinBox()
                spin.setRange(0, 5000)
                spin.setValue(int(value))
                spin.valueChanged.connect(lambda v, n=f.name: model.set(n, v))
                w = spin
            self.inputs[f.name] = w
            form.addRow(LABELS.get(f.name, f.name), w)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
