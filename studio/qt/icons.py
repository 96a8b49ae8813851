"""Icons from qtawesome (Material Design Icons 6, made for Qt), coloured for the app theme.

Names are the ``mdi6`` names without the prefix (``"camera-outline"``). The
disabled state is drawn in the theme's muted colour at low opacity, so a
disabled action looks disabled. When qtawesome cannot draw (no font), an
empty icon is returned and buttons keep their text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication

try:  # imported with this module: the studio imports it while Chromium starts
    import qtawesome as qta
except ImportError:  # pragma: no cover - a dependency; keep the text-only look then
    qta = None


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


def icon(name: str) -> QIcon:
    """The named icon in the current theme's colours ("" → an empty icon)."""
    if not name or qta is None:
        return QIcon()
    normal, disabled, active = _colours()
    try:
        result = qta.icon(f"mdi6.{name}", color=normal, color_disabled=disabled,
                          color_active=normal, color_on=active, color_on_active=active)
    except Exception:  # an unknown name must not take the studio down
        return QIcon()
    return result if isinstance(result, QIcon) else QIcon()
