"""The properties panel's compound controls: colour, gradient, padding/margin box.

Widgets only: what they read and write is :mod:`studio.models.style_values`
(``ColorValue``, ``Gradient``, ``BoxValue``). Each control takes the field's current
text and a ``write(text)`` callback, and calls it once per finished change with the
CSS text the model formats. Text the model cannot read (a global style reference,
Liquid, a radial gradient) stays in the plain text field and is written back as typed.
Every sub-control is registered in ``controls`` under ``<key>/<part>`` (tests and
keyboard focus): ``<key>`` the text field, ``<key>/opacity``, ``<key>/swatch``,
``<key>/gradient`` (the toggle), ``<key>/angle``, ``<key>/stop<i>``,
``<key>/stop<i>/position``, ``<key>/add-stop``, ``<key>/remove-stop<i>``,
``<key>/linked``, ``<key>/top`` … ``<key>/left``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.models.style_values import SIDES, BoxValue, ColorValue, Gradient, Stop

Write = Callable[[str], None]


def _swatch_style(css: str) -> str:
    return (f"QToolButton {{ background: {css}; border: 1px solid #8a8a8a; "
            "border-radius: 3px; min-width: 18px; max-width: 18px; min-height: 18px; }")


class ColorControl(QWidget):
    """A swatch (opens the colour picker), the hex (or any colour text) and the opacity."""

    def __init__(self, value: str | None, write: Write, controls: dict[str, QWidget],
                 key: str, placeholder: str = "") -> None:
        super().__init__()
        self._write = write
        self.value = ColorValue.parse(value)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.swatch = QToolButton()
        self.swatch.setToolTip("Pick a colour")
        self.swatch.clicked.connect(self._pick)
        # as written; a colour with an alpha shows its hex beside the opacity
        shown = self.value.hex if self.value and self.value.opacity < 100 else (value or "")
        self.text = QLineEdit(shown)
        self.text.setMinimumWidth(40)
        self.text.setPlaceholderText(placeholder)
        self.opacity = QSpinBox()
        self.opacity.setRange(0, 100)
        self.opacity.setSuffix(" %")
        self.opacity.setToolTip("Opacity")
        self.opacity.setValue(round(self.value.opacity) if self.value else 100)
        self.opacity.setEnabled(self.value is not None)
        lay.addWidget(self.swatch)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.opacity)
        self._original = value or ""
        self._show_swatch()
        self.text.editingFinished.connect(self._typed)
        self.opacity.editingFinished.connect(self._typed)
        controls[key] = self.text
        controls[f"{key}/opacity"] = self.opacity
        controls[f"{key}/swatch"] = self.swatch

    def css(self) -> str:
        """The colour as written: hex + opacity formatted, or the text as typed."""
        parsed = ColorValue.parse(self.text.text())
        if parsed is None:
            return self.text.text().strip()
        if parsed.opacity < 100:
            return parsed.css
        if self.opacity.value() >= 100:
            return self.text.text().strip()  # as typed: #222 stays #222
        return parsed.with_opacity(self.opacity.value()).css

    def _typed(self) -> None:
        css = self.css()
        parsed = ColorValue.parse(css)
        self.opacity.setEnabled(parsed is not None)
        self._show_swatch()
        if css != self._original:
            self._original = css
            self._write(css)

    def _show_swatch(self) -> None:
        parsed = ColorValue.parse(self.text.text())
        self.swatch.setStyleSheet(_swatch_style(parsed.css if parsed else "transparent"))

    def _pick(self) -> None:
        parsed = ColorValue.parse(self.text.text())
        start = QColor(parsed.hex) if parsed else QColor("#ffffff")
        chosen = QColorDialog.getColor(start, self, "Colour")
        if chosen.isValid():
            self.text.setText(chosen.name())
            self._typed()


class GradientEditor(QWidget):
    """A linear gradient's angle and stops (colour + position), add/remove stops."""

    def __init__(self, gradient: Gradient, write: Write, controls: dict[str, QWidget],
                 key: str) -> None:
        super().__init__()
        self.gradient = gradient
        self._write = write
        self.controls = controls
        self.key = key
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        head = QHBoxLayout()
        head.addWidget(QLabel("Angle"))
        self.angle = QDoubleSpinBox()
        self.angle.setRange(0, 360)
        self.angle.setDecimals(0)
        self.angle.setSuffix("°")
        self.angle.setValue(gradient.angle)
        self.angle.editingFinished.connect(self._angle)
        head.addWidget(self.angle, 1)
        add = QToolButton()
        add.setText("+")
        add.setToolTip("Add a stop")
        add.clicked.connect(self._add)
        head.addWidget(add)
        lay.addLayout(head)
        controls[f"{key}/angle"] = self.angle
        controls[f"{key}/add-stop"] = add
        self.grid = QGridLayout()
        lay.addLayout(self.grid)
        for i, stop in enumerate(gradient.stops):
            self._stop_row(i, stop)

    def _stop_row(self, i: int, stop: Stop) -> None:
        def write(css: str) -> None:
            self._stop_color(i, css)

        color = ColorControl(stop.color, write, self.controls, f"{self.key}/stop{i}")
        position = QDoubleSpinBox()
        position.setRange(0, 100)
        position.setDecimals(0)
        position.setSuffix(" %")
        position.setValue(stop.position)
        position.editingFinished.connect(lambda i=i, w=position: self._position(i, w.value()))
        remove = QToolButton()
        remove.setText("−")
        remove.setToolTip("Remove this stop")
        remove.setEnabled(len(self.gradient.stops) > 2)
        remove.clicked.connect(lambda _=False, i=i: self._remove(i))
        self.grid.addWidget(color, i, 0)
        self.grid.addWidget(position, i, 1)
        self.grid.addWidget(remove, i, 2)
        self.controls[f"{self.key}/stop{i}/position"] = position
        self.controls[f"{self.key}/remove-stop{i}"] = remove

    def _commit(self, gradient: Gradient) -> None:
        if gradient.css != self.gradient.css:
            self.gradient = gradient
            self._write(gradient.css)

    def _angle(self) -> None:
        self._commit(Gradient(self.angle.value(), self.gradient.stops))

    def _stop_color(self, i: int, css: str) -> None:
        self._commit(self.gradient.with_stop(i, Stop(css, self.gradient.stops[i].position)))

    def _position(self, i: int, value: float) -> None:
        self._commit(self.gradient.with_stop(i, Stop(self.gradient.stops[i].color, value)))

    def _add(self) -> None:
        stops = self.gradient.stops
        middle = (stops[0].position + stops[1].position) / 2
        self._commit(self.gradient.add_stop(Stop(stops[0].color, round(middle))))

    def _remove(self, i: int) -> None:
        self._commit(self.gradient.remove_stop(i))


class BackgroundControl(QWidget):
    """Solid colour or gradient: the colour control, a Gradient toggle and its editor."""

    def __init__(self, value: str | None, write: Write, controls: dict[str, QWidget],
                 key: str, placeholder: str = "") -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        line = QHBoxLayout()
        self.color = ColorControl(value, write, controls, key, placeholder)
        line.addWidget(self.color, 1)
        self.toggle = QToolButton()
        self.toggle.setText("◐")
        self.toggle.setToolTip("Gradient")
        self.toggle.setCheckable(True)
        gradient = Gradient.parse(value)
        self.toggle.setChecked(gradient is not None)
        line.addWidget(self.toggle)
        lay.addLayout(line)
        controls[f"{key}/gradient"] = self.toggle
        if gradient is not None:
            lay.addWidget(GradientEditor(gradient, write, controls, key))
        # on: a first gradient from the colour, written at once (the panel rebuilds
        # with the editor); off: the first stop's colour
        self.toggle.toggled.connect(
            lambda on: write(Gradient.from_color(value).css if on else (
                gradient.stops[0].color if gradient else (value or ""))))


class BoxControl(QWidget):
    """Padding/margin: the shorthand, a link toggle and the four sides when unlinked."""

    def __init__(self, value: str | None, write: Write, controls: dict[str, QWidget],
                 key: str, placeholder: str = "") -> None:
        super().__init__()
        self._write = write
        self.box = BoxValue.parse(value)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        line = QHBoxLayout()
        self.text = QLineEdit(value or "")
        self.text.setMinimumWidth(40)
        self.text.setPlaceholderText(placeholder)
        self.text.editingFinished.connect(
            lambda: None if self.text.text() == (value or "") else write(self.text.text()))
        line.addWidget(self.text, 1)
        self.link = QToolButton()
        self.link.setText("🔗")
        self.link.setCheckable(True)
        self.link.setToolTip("Same on all sides")
        self.link.setChecked(self.box is None or self.box.linked)
        self.link.setEnabled(self.box is not None)
        line.addWidget(self.link)
        lay.addLayout(line)
        controls[key] = self.text
        controls[f"{key}/linked"] = self.link
        self.sides = QWidget()
        grid = QGridLayout(self.sides)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, side in enumerate(SIDES):
            edit = QLineEdit(self.box.side(side) if self.box else "")
            edit.setToolTip(side.capitalize())
            edit.setPlaceholderText(side)
            edit.editingFinished.connect(lambda side=side, edit=edit: self._side(side, edit))
            grid.addWidget(QLabel(side[0].upper()), i // 2, (i % 2) * 2)
            grid.addWidget(edit, i // 2, (i % 2) * 2 + 1)
            controls[f"{key}/{side}"] = edit
        lay.addWidget(self.sides)
        self.sides.setVisible(not self.link.isChecked())
        self.link.toggled.connect(self._linked)

    def _linked(self, on: bool) -> None:
        self.sides.setVisible(not on)
        if on and self.box is not None and not self.box.linked:
            self._commit(self.box.with_all(self.box.top))

    def _side(self, side: str, edit: QLineEdit) -> None:
        if self.box is None or not edit.text().strip():
            return
        self._commit(self.box.with_side(side, edit.text().strip()))

    def _commit(self, box: BoxValue) -> None:
        if self.box is None or box.css != self.box.css:
            self.box = box
            self._write(box.css)
