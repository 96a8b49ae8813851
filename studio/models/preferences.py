"""Studio preferences (Cmd/Ctrl+,) as a typed model; stored by the Qt layer in QSettings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from studio.models.events import Event

THEMES = ("light", "dark")
EDITOR_MODES = ("visual", "code", "split")


@dataclass
class Preferences:
    theme: str = "light"  # app theme: light or dark
    font_size: int = 12  # code editor font size, points
    tab_width: int = 2  # spaces per indent
    hover_support: bool = True  # hover shows email-client support (caniemail)
    mso_highlight: bool = True  # MSO conditional comments highlighted distinctly
    code_checker: bool = True  # problems underlined in the editor
    wrap_lines: bool = True  # long code lines wrap (no sideways scrolling)
    autosave_seconds: int = 5  # autosave journal interval; 0 turns autosave off
    #: quiet time after the last keystroke before a compile; 0: at once, and the keys
    #: typed while it runs coalesce into one more compile (studio/qt/preview.py)
    preview_debounce_ms: int = 0
    # editor page: visual (canvas), code, or split (both). Visual first: designers are
    # the first users and need never open the code (issue 10); developers switch once
    # and the choice is remembered
    editor_mode: str = "visual"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preferences:
        """Known keys of the right type; anything else keeps its default."""
        prefs = cls()
        for f in fields(cls):
            if f.name not in data:
                continue
            default = getattr(prefs, f.name)
            value = data[f.name]
            try:
                if isinstance(default, bool):
                    value = (
                        value
                        if isinstance(value, bool)
                        else str(value).lower() in ("1", "true", "yes", "on")
                    )
                elif isinstance(default, int):
                    value = int(value)
                else:
                    value = str(value)
            except (TypeError, ValueError):
                continue
            setattr(prefs, f.name, value)
        prefs.clamp()
        return prefs

    def clamp(self) -> None:
        if self.theme not in THEMES:
            self.theme = "light"
        if self.editor_mode not in EDITOR_MODES:
            self.editor_mode = "visual"
        self.font_size = max(6, min(self.font_size, 48))
        self.tab_width = max(1, min(self.tab_width, 8))
        self.autosave_seconds = max(0, min(self.autosave_seconds, 3600))
        self.preview_debounce_ms = max(0, min(self.preview_debounce_ms, 2000))


class PreferencesModel:
    def __init__(self, prefs: Preferences | None = None) -> None:
        self.value = prefs or Preferences()
        self.changed: Event[tuple[str, Any]] = Event()

    def set(self, name: str, value: Any) -> None:
        if not any(f.name == name for f in fields(Preferences)):
            raise AttributeError(f"no preference {name!r}")
        data = self.value.to_dict()
        data[name] = value
        fresh = Preferences.from_dict(data)
        new = getattr(fresh, name)
        if getattr(self.value, name) != new:
            setattr(self.value, name, new)
            self.changed.emit((name, new))
