"""Icons from qtawesome's Material Design Icons 6 font, coloured for the app theme.

Names are the ``mdi6`` names without the prefix (``"camera-outline"``). The
disabled state is drawn in the theme's muted colour, so a disabled action looks
disabled; a checked ("on") icon in the accent colour. When the font cannot be
loaded or the name is unknown, an empty icon is returned and buttons keep their text.

The glyphs are drawn as qtawesome's default ("text") painter draws them — same font
file and charmap, the glyph 7/8 of the icon's height, centred — but without importing
qtawesome: it imports ``qtpy``, whose star imports of every Qt module cost about a fifth
of the studio's imports at start (``docs/performance.md``, "Cold start"). Only when its
font files are not found (another qtawesome layout) does qtawesome draw them itself.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

FONT = "materialdesignicons6-webfont-*.ttf"  # the version in the name follows qtawesome's
CHARMAP = "materialdesignicons6-webfont-charmap-*.json"


def _colours() -> tuple[str, str, str]:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        pal = app.palette()
        text = pal.color(pal.ColorRole.WindowText)
    else:
        text = QColor("#1f2328")
    dark = text.lightness() > 128
    normal = text.name()
    disabled = "#5b6169" if dark else "#b6bcc4"
    active = "#58a6ff" if dark else "#2563eb"
    return normal, disabled, active


_loaded: list[tuple[str, dict[str, str]] | None] = []


def _font() -> tuple[str, dict[str, str]] | None:
    """(font family, name → glyph) of qtawesome's mdi6 font, loaded once (it needs the
    QApplication); None if absent."""
    if not _loaded and QApplication.instance() is not None:
        _loaded.append(_load_font())
    return _loaded[0] if _loaded else None


def _load_font() -> tuple[str, dict[str, str]] | None:
    spec = importlib.util.find_spec("qtawesome")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    ttf, charmap = sorted(fonts.glob(FONT)), sorted(fonts.glob(CHARMAP))
    if len(ttf) != 1 or len(charmap) != 1:
        return None
    try:
        codes = json.loads(charmap[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(ttf[0])))
    if not families:
        return None
    return families[0], {name: chr(int(code, 16)) for name, code in codes.items()}


class _GlyphEngine(QIconEngine):
    """Draws one glyph: ``on`` colour when checked, ``disabled`` when disabled."""

    def __init__(self, family: str, glyph: str, normal: str, disabled: str, on: str) -> None:
        super().__init__()
        self.family, self.glyph = family, glyph
        self.normal, self.disabled, self.on = normal, disabled, on

    def _colour(self, mode: QIcon.Mode, state: QIcon.State) -> str:
        if mode == QIcon.Mode.Disabled:
            return self.disabled
        if state == QIcon.State.On and mode in (QIcon.Mode.Normal, QIcon.Mode.Active):
            return self.on
        return self.normal

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setPen(QColor(self._colour(mode, state)))
        font = QFont()
        font.setFamily(self.family)
        font.setPixelSize(round(0.875 * rect.height()))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pm

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.family, self.glyph, self.normal, self.disabled, self.on)


def icon(name: str) -> QIcon:
    """The named icon in the current theme's colours ("" → an empty icon)."""
    if not name:
        return QIcon()
    normal, disabled, active = _colours()
    font = _font()
    if font is None:  # the font files are not where we look: qtawesome draws (slower)
        return _qtawesome_icon(name, normal, disabled, active)
    glyph = font[1].get(name)
    if glyph is None:
        return QIcon()
    return QIcon(_GlyphEngine(font[0], glyph, normal, disabled, active))


def _qtawesome_icon(name: str, normal: str, disabled: str, active: str) -> QIcon:
    try:
        import qtawesome as qta
    except ImportError:  # pragma: no cover - a dependency; keep the text-only look then
        return QIcon()
    try:
        result = qta.icon(
            f"mdi6.{name}",
            color=normal,
            color_disabled=disabled,
            color_active=normal,
            color_on=active,
            color_on_active=active,
        )
    except Exception:  # an unknown name must not take the studio down
        return QIcon()
    return result if isinstance(result, QIcon) else QIcon()
