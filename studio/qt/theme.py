"""Light and dark app themes: typed colour sets rendered into one stylesheet template."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

STYLESHEET = Path(__file__).resolve().parents[2] / "resources" / "app" / "studio.qss"


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str
    text: str
    muted: str
    border: str
    button: str
    hover: str
    selection: str
    accent: str
    accent_text: str


THEMES: dict[str, Theme] = {
    "light": Theme(
        "light",
        "#f6f7f9",
        "#ffffff",
        "#1f2328",
        "#6e7781",
        "#d0d7de",
        "#f3f4f6",
        "#e7eaee",
        "#cfe3ff",
        "#3b82f6",
        "#ffffff",
    ),
    "dark": Theme(
        "dark",
        "#1e2227",
        "#16191d",
        "#e6edf3",
        "#8b949e",
        "#30363d",
        "#2b3036",
        "#353b42",
        "#264f78",
        "#58a6ff",
        "#0d1117",
    ),
}


def stylesheet(theme: Theme) -> str:
    try:
        template = STYLESHEET.read_text(encoding="utf-8")
    except OSError:
        return ""
    return Template(template).safe_substitute(asdict(theme), app_dir=STYLESHEET.parent.as_posix())


def apply_theme(app: QApplication, name: str, *, style_sheet: bool = True) -> Theme:
    """Set the palette of theme ``name`` and, unless ``style_sheet`` is false, its style
    sheet (only when it differs from the one set: setting one re-polishes every widget)."""
    theme = THEMES.get(name, THEMES["light"])
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    app.setPalette(pal)
    if style_sheet and app.styleSheet() != (sheet := stylesheet(theme)):
        app.setStyleSheet(sheet)
    return theme
