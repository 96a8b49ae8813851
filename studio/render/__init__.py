"""Browser engines: the live preview's page preparation, offscreen rendering, axe-core.

* :mod:`studio.render.page` — pure Python: email HTML + preview settings → page.
* :mod:`studio.render.engine` — offscreen Qt WebEngine (screenshots, JS, axe).
* :mod:`studio.render.chromium` — Chromium through Selenium (axe only).

Importing this package does not start or even import Qt; :func:`browser` does.
"""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compiler.validators.base import BrowserEngine
    from studio.render.engine import QtEngine

BROWSERS = ("qt", "chromium")

_shared: dict[str, object] = {}


def shared_qt_engine() -> QtEngine:
    """The process's one warm Qt engine (created on first use, closed at exit). It lives
    on the GUI thread; called from another thread this returns a
    :class:`studio.render.gui_thread.GuiThreadEngine` that runs each call there."""
    from studio.render.gui_thread import GuiThreadEngine, call_on_gui_thread, on_gui_thread_now

    if not on_gui_thread_now():
        return GuiThreadEngine(call_on_gui_thread(shared_qt_engine))  # type: ignore[return-value]
    engine = _shared.get("qt")
    if engine is None or getattr(engine, "closed", False):
        from studio.render.engine import QtEngine

        engine = QtEngine()
        if not _shared:
            atexit.register(_close_shared)
        _shared["qt"] = engine
    return engine  # type: ignore[return-value]


def _close_shared() -> None:
    for engine in list(_shared.values()):
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    _shared.clear()


def qt_versions() -> tuple[str, str]:
    """("PySide6 6.x.y", "Chromium N…") of the Qt WebEngine here, without starting Qt."""
    import PySide6

    chromium = ""
    try:
        from PySide6.QtWebEngineCore import qWebEngineChromiumVersion

        raw: object = qWebEngineChromiumVersion()
        chromium = f"Chromium {raw.decode() if isinstance(raw, bytes) else raw}"
    except ImportError:
        pass
    return f"PySide6 {PySide6.__version__}", chromium


def browser(kind: str = "qt") -> BrowserEngine:
    """A browser engine that runs axe-core: ``"qt"`` (default) or ``"chromium"``.

    Raises :class:`ValueError` for an unknown kind and
    :class:`studio.render.chromium.EngineUnavailable` when Chromium is missing.
    """
    if kind == "qt":
        return shared_qt_engine()
    if kind == "chromium":
        engine = _shared.get("chromium")
        if engine is None:
            from studio.render.chromium import ChromiumEngine

            engine = ChromiumEngine()
            _shared["chromium"] = engine
            atexit.register(_close_shared)
        return engine  # type: ignore[return-value]
    raise ValueError(f"unknown browser {kind!r}; choose one of: {', '.join(BROWSERS)}")
