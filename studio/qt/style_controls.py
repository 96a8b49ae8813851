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
``<key>/linked``, ``<key>/top`` … ``<key>/left`` and each side's unit picker
``<key>/top/unit`` … ``<key>/left/unit``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.models.style_values import (
    BOX_UNITS,
    POSITIONS,
    REPEATS,
    SIDES,
    SIZES,
    UNIT_SUFFIX,
    BackgroundImage,
    BoxValue,
    ColorValue,
    Gradient,
    SizeValue,
    Stop,
    join_length,
    px_lengths,
    split_length,
)
from studio.qt.icons import icon

Write = Callable[[str], None]


#: a ready colour offered in the swatch's menu: (name, CSS value, what choosing it writes)
Swatch = tuple[str, str, object]


def _compact(spin: QSpinBox | QDoubleSpinBox, width: int = 52) -> None:
    """A number box that fits the panel: typed or scrolled, its arrow buttons drawn
    0 px wide (``NoButtons`` under the application's stylesheet leaves the text 1 px
    wide: a Qt quirk)."""
    spin.setFixedWidth(width)
    spin.setStyleSheet(
        "QAbstractSpinBox { border: 1px solid palette(mid); border-radius: 4px;"
        " padding: 1px 3px; }"
        "QAbstractSpinBox::up-button, QAbstractSpinBox::down-button "
        "{ width: 0; border: none; }"
    )
    spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ColorControl(QWidget):
    """A swatch (its menu: the workspace's colours, then the colour picker), the colour
    text and the opacity."""

    def __init__(
        self,
        value: str | None,
        write: Write,
        controls: dict[str, QWidget],
        key: str,
        placeholder: str = "",
        *,
        swatches: Sequence[Swatch] = (),
        choose: Callable[[object], None] | None = None,
        opacity: bool = True,
    ) -> None:
        super().__init__()
        self._write = write
        self.value = ColorValue.parse(value)
        self.swatches = tuple(swatches)
        self._choose = choose
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        self.swatch = QToolButton()
        self.swatch.setToolTip("Workspace colours and the colour picker")
        self.swatch.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.swatch.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        menu = QMenu(self.swatch)
        for i, (name, css, _token) in enumerate(self.swatches):
            action = menu.addAction(_icon(css), f"{name}  {css}")
            action.triggered.connect(functools.partial(self._chose, i))
        if self.swatches:
            menu.addSeparator()
        menu.addAction("Pick a colour…").triggered.connect(self._pick)
        self.swatch.setMenu(menu)
        self.menu = menu
        # as written; a colour with an alpha shows its hex beside the opacity
        shown = self.value.hex if self.value and self.value.opacity < 100 else (value or "")
        self.text = QLineEdit(shown)
        self.text.setMinimumWidth(40)
        self.text.setPlaceholderText(placeholder)
        self.text.setToolTip(value or "")
        self.text.setCursorPosition(0)
        self.opacity = QSpinBox()
        self.opacity.setRange(0, 100)
        self.opacity.setSuffix("%")
        self.opacity.setToolTip("Opacity")
        self.opacity.setValue(round(self.value.opacity) if self.value else 100)
        self.opacity.setEnabled(self.value is not None)
        _compact(self.opacity, 62)
        lay.addWidget(self.swatch)
        lay.addWidget(self.text, 1)
        self._with_opacity = opacity
        lay.addWidget(self.opacity)
        # the opacity applies to a colour: hidden for a reference, Liquid or a gradient
        self.opacity.setVisible(opacity and self.value is not None)
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
        self.opacity.setVisible(self._with_opacity and parsed is not None)
        self._show_swatch()
        if css != self._original:
            self._original = css
            self._write(css)

    def _shown_css(self) -> str:
        text = self.text.text().strip()
        for _name, css, token in self.swatches:
            if str(token) == text:
                return css  # a global colour: its value
        parsed = ColorValue.parse(text)
        return parsed.css if parsed else "transparent"

    def _show_swatch(self) -> None:
        self.swatch.setIcon(_icon(self._shown_css()))

    def _chose(self, index: int) -> None:
        if self._choose is not None:
            self._choose(self.swatches[index][2])

    def _pick(self) -> None:
        parsed = ColorValue.parse(self.text.text())
        start = QColor(parsed.hex) if parsed else QColor("#ffffff")
        chosen = QColorDialog.getColor(start, self, "Colour")
        if chosen.isValid():
            self.text.setText(chosen.name())
            self._typed()


def _icon(css: str) -> QIcon:
    """A 16×16 swatch of ``css`` (a checkerboard under transparent colours)."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.fillRect(8, 0, 8, 8, QColor("#cccccc"))
    painter.fillRect(0, 8, 8, 8, QColor("#cccccc"))
    parsed = ColorValue.parse(css)
    color = QColor(parsed.hex) if parsed else QColor(css)
    if parsed is not None:
        color.setAlphaF(parsed.opacity / 100)
    if color.isValid() and css != "transparent":
        painter.fillRect(0, 0, 16, 16, color)
    painter.setPen(QColor("#8a8a8a"))
    painter.drawRect(0, 0, 15, 15)
    painter.end()
    return QIcon(pixmap)


class GradientEditor(QWidget):
    """A linear gradient's angle and stops (colour + position), add/remove stops."""

    def __init__(
        self,
        gradient: Gradient,
        write: Write,
        controls: dict[str, QWidget],
        key: str,
        swatches: Sequence[Swatch] = (),
    ) -> None:
        super().__init__()
        self.gradient = gradient
        # a stop takes a colour value: a global colour is written as its CSS value
        self.swatches = tuple((name, css, css) for name, css, _token in swatches)
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
        _compact(self.angle, 60)
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

        color = ColorControl(
            stop.color,
            write,
            self.controls,
            f"{self.key}/stop{i}",
            swatches=self.swatches,
            choose=lambda css: write(str(css)),
            opacity=False,
        )
        position = QDoubleSpinBox()
        position.setRange(0, 100)
        position.setDecimals(0)
        position.setSuffix("%")
        position.setToolTip("Position")
        _compact(position, 62)
        position.setValue(stop.position)
        position.editingFinished.connect(lambda i=i, w=position: self._position(i, w.value()))
        remove = QToolButton()
        remove.setText("−")
        remove.setToolTip("Remove this stop")
        remove.setEnabled(len(self.gradient.stops) > 2)
        remove.clicked.connect(lambda _=False, i=i: self._remove(i))
        self.grid.setColumnStretch(0, 1)
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
    """Solid colour, gradient or image: the colour control (an image's fallback colour),
    a Gradient toggle and its editor, an Image toggle and its editor (URL, position,
    size, repeat)."""

    def __init__(
        self,
        value: str | None,
        write: Write,
        controls: dict[str, QWidget],
        key: str,
        placeholder: str = "",
        *,
        swatches: Sequence[Swatch] = (),
        choose: Callable[[object], None] | None = None,
    ) -> None:
        super().__init__()
        self._write = write
        self.image = BackgroundImage.parse(value)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        line = QHBoxLayout()
        self.color = ColorControl(
            self.image.color if self.image else value,
            self._color_written,
            controls,
            key,
            placeholder,
            swatches=swatches,
            choose=choose,
        )
        line.addWidget(self.color, 1)
        self.toggle = QToolButton()
        self.toggle.setText("◐")
        self.toggle.setIcon(icon("gradient-horizontal"))
        self.toggle.setToolTip("Gradient")
        self.toggle.setCheckable(True)
        gradient = Gradient.parse(value)
        self.toggle.setChecked(gradient is not None)
        line.addWidget(self.toggle)
        self.image_toggle = QToolButton()
        self.image_toggle.setText("▦")
        self.image_toggle.setIcon(icon("image-outline"))
        self.image_toggle.setToolTip("Image")
        self.image_toggle.setCheckable(True)
        self.image_toggle.setChecked(self.image is not None)
        line.addWidget(self.image_toggle)
        lay.addLayout(line)
        controls[f"{key}/gradient"] = self.toggle
        controls[f"{key}/image-toggle"] = self.image_toggle
        if gradient is not None:
            lay.addWidget(GradientEditor(gradient, write, controls, key, swatches))
        self.image_editor = self._image_editor(controls, key)
        self.image_editor.setVisible(self.image is not None)
        lay.addWidget(self.image_editor)
        # on: a first gradient from the colour, written at once (the panel rebuilds
        # with the editor); off: the first stop's colour
        self.toggle.toggled.connect(
            lambda on: write(
                Gradient.from_color(value).css
                if on
                else (gradient.stops[0].color if gradient else (value or ""))
            )
        )
        # on: the image's fields (written once it has a URL); off: its fallback colour
        self.image_toggle.toggled.connect(self._image_toggled)

    def _image_editor(self, controls: dict[str, QWidget], key: str) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        image = self.image or BackgroundImage("", "center", "cover", "no-repeat")
        self.url = QLineEdit(image.url)
        self.url.setPlaceholderText("Image URL")
        self.url.editingFinished.connect(self._image_changed)
        grid.addWidget(self.url, 0, 0, 1, 3)
        self.position, self.fit, self.repeat = (
            self._choices(options, current)
            for options, current in (
                (POSITIONS, image.position),
                (SIZES, image.size),
                (REPEATS, image.repeat),
            )
        )
        for column, combo in enumerate((self.position, self.fit, self.repeat)):
            grid.addWidget(combo, 1, column)
        controls.update(
            {
                f"{key}/image": self.url,
                f"{key}/position": self.position,
                f"{key}/size": self.fit,
                f"{key}/repeat": self.repeat,
            }
        )
        return box

    def _choices(self, options: Sequence[str], current: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setMinimumContentsLength(4)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItems(list(options))
        combo.setCurrentText(current)
        combo.activated.connect(lambda _i: self._image_changed())
        return combo

    def _current(self) -> BackgroundImage:
        return BackgroundImage(
            self.url.text().strip(),
            self.position.currentText().strip(),
            self.fit.currentText().strip(),
            self.repeat.currentText().strip(),
            self.color.css(),
        )

    def _image_changed(self) -> None:
        image = self._current()
        if not image.url or image == self.image:
            return
        self.image = image
        self._write(image.css)

    def _image_toggled(self, on: bool) -> None:
        self.image_editor.setVisible(on)
        if on:
            self.url.setFocus()
        elif self.image is not None:
            self._write(self.image.color)

    def _color_written(self, css: str) -> None:
        """The colour: the whole value, or an image's fallback colour."""
        if self.image is not None:
            self.image = replace(self.image, color=css)
            self._write(self.image.css)
        else:
            self._write(css)


class BoxControl(QWidget):
    """Padding/margin: the shorthand, a link toggle and the four sides when unlinked."""

    def __init__(
        self,
        value: str | None,
        write: Write,
        controls: dict[str, QWidget],
        key: str,
        placeholder: str = "",
    ) -> None:
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
            lambda: (
                None if self.text.text() == (value or "") else write(px_lengths(self.text.text()))
            )
        )
        self.text.setToolTip("One to four lengths (top right bottom left); a bare number is in px")
        line.addWidget(self.text, 1)
        self.link = QToolButton()
        self.link.setText("=")
        self.link.setIcon(icon("link-variant"))
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
        grid.setHorizontalSpacing(3)
        for i, side in enumerate(SIDES):
            text = self.box.side(side) if self.box else ""
            parts = split_length(text)
            edit = QLineEdit(parts[0] if parts else text)
            edit.setMinimumWidth(36)
            edit.setToolTip(
                f"{side.capitalize()}: a number in the unit beside it, or a "
                "length with its own unit (1.5em)"
            )
            edit.setPlaceholderText(side)
            unit = QComboBox()
            unit.addItems(BOX_UNITS)
            unit.setCurrentText(parts[1] if parts and parts[1] else "px")
            unit.setEnabled(parts is not None)
            unit.setToolTip(f"{side.capitalize()}: unit")
            edit.editingFinished.connect(
                lambda side=side, edit=edit, unit=unit: self._side(side, edit, unit)
            )
            unit.activated.connect(
                lambda _i, side=side, edit=edit, unit=unit: self._side(side, edit, unit)
            )
            cell = QHBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(edit, 1)
            cell.addWidget(unit)
            grid.addWidget(QLabel(side[0].upper()), i // 2, (i % 2) * 2)
            grid.addLayout(cell, i // 2, (i % 2) * 2 + 1)
            controls[f"{key}/{side}"] = edit
            controls[f"{key}/{side}/unit"] = unit
        lay.addWidget(self.sides)
        self.sides.setVisible(not self.link.isChecked())
        # unlinked, the four sides want the row's width: the label goes above
        self.setMinimumWidth(150 if self.sides.isVisibleTo(self) else 0)
        self.link.toggled.connect(self._linked)

    def _linked(self, on: bool) -> None:
        self.sides.setVisible(not on)
        if on and self.box is not None and not self.box.linked:
            self._commit(self.box.with_all(self.box.top))

    def _side(self, side: str, edit: QLineEdit, unit: QComboBox) -> None:
        """A side typed or its unit picked: a number is in the picker's unit, a length
        typed with its own unit sets the picker (the field keeps the number)."""
        text = edit.text().strip()
        if self.box is None or not text:
            return
        parts = split_length(text)
        unit.setEnabled(parts is not None)
        if parts is None:
            value = px_lengths(text)  # auto, Liquid: as typed
        else:
            number, typed = parts
            if typed:
                unit.setCurrentText(typed)
                edit.setText(number)
            value = join_length(number, unit.currentText())
        self._commit(self.box.with_side(side, value))

    def _commit(self, box: BoxValue) -> None:
        if self.box is None or box.css != self.box.css:
            self.box = box
            self._write(box.css)


class SizeControl(QWidget):
    """A size: the number and its unit (the units the prop declares: px, %, auto);
    text the model cannot read (Liquid, calc()) stays a plain field."""

    def __init__(
        self,
        value: str | None,
        write: Write,
        controls: dict[str, QWidget],
        key: str,
        placeholder: str = "",
        units: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._write = write
        self.value = SizeValue.parse(value) if value else None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        shown = self.value.number if self.value is not None else (value or "")
        self.text = QLineEdit(shown)
        self.text.setMinimumWidth(40)
        self.text.setPlaceholderText(placeholder)
        self.unit = QComboBox()
        self.unit.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit.setMinimumContentsLength(3)
        for unit in units or ("px", "percentage", "auto"):
            self.unit.addItem(UNIT_SUFFIX.get(unit, unit), unit)
        current = self.value.unit if self.value is not None else "px"
        self.unit.setCurrentIndex(max(0, self.unit.findData(current)))
        self.unit.setEnabled(self.value is not None or not value)
        self.text.setEnabled(current != "auto")
        lay.addWidget(self.text, 1)
        lay.addWidget(self.unit)
        self._original = value or ""
        self.text.editingFinished.connect(self._typed)
        self.unit.activated.connect(lambda _i: self._typed())
        controls[key] = self.text
        controls[f"{key}/unit"] = self.unit

    def css(self) -> str:
        unit = str(self.unit.currentData())
        if unit == "auto":
            return "auto"
        text = self.text.text().strip()
        parsed = SizeValue.parse(text)
        if parsed is None or parsed.unit != "px" or not parsed.plain:
            return text  # as typed: 50%, calc(), Liquid
        plain = self.value.plain if self.value is not None else True
        return SizeValue(parsed.number, unit, plain).css

    def _typed(self) -> None:
        self.text.setEnabled(self.unit.currentData() != "auto")
        css = self.css()
        if css and css != self._original:
            self._original = css
            self._write(css)
