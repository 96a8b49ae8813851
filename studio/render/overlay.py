"""The visual editor's canvas page: the editing overlay and its channel to Python.

The canvas shows the compiled email exactly as the preview does (the page comes
from :func:`studio.render.page.prepare_page`: scripts off, CSP ``script-src
'none'``), plus one script of ours, ``overlay.js``, injected into the
*application world* — an isolated world that shares the DOM but not the
email's JavaScript context. Measured here (Qt WebEngine 6.12 offscreen): with
page JavaScript off, application-world scripts still run, their DOM event
listeners fire and ``QWebChannel`` works; only timers stop (the overlay uses
none). So the email's own scripts never run on the canvas and the overlay is
the only script.

Python → page: :func:`call` builds ``mwOverlay.<method>(…)`` calls (JSON
arguments) that the widget runs with ``runJavaScript`` in the application
world. Page → Python: the overlay calls ``bridge.receive(json)`` and
:class:`OverlayBridge` re-emits it as ``message(event, data)``:

==============  ======================================================
``ready``       the channel is up (after every load)
``hover``       node id under the pointer (−1: none)
``click``       ``{id, shift, toggle}`` — mouse press on a node (−1: empty canvas)
``drag-start``  the selected ids, when the selection's drag handle is pressed
``drag-move``   ``{x, y, chain}`` while it is held (see :func:`chain_at`)
``drag-end``    ``{x, y, chain}`` where it was released
``drag-out``    the dragged ids, when the held handle leaves the canvas (Qt carries
                the drag on, to the layers panel)
``marquee``     ``{ids, extend, x, y, w, h}`` — a rubber band drawn from a press that
                moved: the selectable nodes wholly inside it, in page order
==============  ======================================================

A *chain* is the list of selectable nodes under a point, innermost first, each
``{id, x, y, w, h}`` in document pixels: everything a drop needs to decide
between "before/after this node" and "into this empty slot".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

from studio.render.region import Region

APP_WORLD = int(QWebEngineScript.ScriptWorldId.ApplicationWorld.value)
OVERLAY_FILE = Path(__file__).with_name("overlay.js")
#: the in-place patch (``window.mwMorph``): the canvas's overlay and the code preview
MORPH_FILE = Path(__file__).with_name("morph.js")
SCRIPT_NAME = "mailwright-overlay"


@cache
def overlay_source() -> str:
    """``qwebchannel.js`` (from Qt's resources), ``morph.js`` and ``overlay.js``."""
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):  # pragma: no cover - Qt install broken
        raise RuntimeError("Qt WebChannel's qwebchannel.js is missing from this Qt install")
    try:
        channel = bytes(f.readAll().data()).decode("utf-8")
    finally:
        f.close()
    return "\n".join((channel, morph_source(), OVERLAY_FILE.read_text(encoding="utf-8")))


@cache
def morph_source() -> str:
    """``morph.js``: defines ``window.mwMorph(doc, skip)`` in the world it runs in, once."""
    return MORPH_FILE.read_text(encoding="utf-8")


class OverlayBridge(QObject):
    """The object the overlay sees as ``bridge``: one slot, one signal."""

    message = Signal(str, object)

    @Slot(str)
    def receive(self, raw: str) -> None:
        try:
            data = json.loads(raw)
            event = str(data["event"])
        except (ValueError, KeyError, TypeError):
            return
        self.message.emit(event, data.get("data"))


def install_overlay(page: QWebEnginePage, bridge: OverlayBridge) -> QWebChannel:
    """Inject the overlay into every load of ``page`` and connect it to ``bridge``."""
    channel = QWebChannel(page)
    channel.registerObject("bridge", bridge)
    page.setWebChannel(channel, APP_WORLD)
    scripts = page.scripts()
    for old in scripts.find(SCRIPT_NAME):
        scripts.remove(old)
    script = QWebEngineScript()
    script.setName(SCRIPT_NAME)
    script.setSourceCode(overlay_source())
    script.setWorldId(APP_WORLD)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setRunsOnSubFrames(False)
    scripts.insert(script)
    return channel


def call(method: str, *args: Any) -> str:
    """The script that calls ``mwOverlay.method(args…)`` (arguments as JSON).

    Evaluates to the method's result, or ``null`` while the overlay is not there yet.
    """
    params = ", ".join(json.dumps(a, separators=(",", ":")) for a in args)
    return f"(window.mwOverlay ? window.mwOverlay.{method}({params}) : null)"


def morph_script(html: str) -> str:
    """Patch the loaded page into ``html`` (a whole prepared page) in place."""
    return (
        "(function(h){var d=new DOMParser().parseFromString(h,'text/html');"
        "return window.mwOverlay ? window.mwOverlay.morph(d) : null;})(" + json.dumps(html) + ")"
    )


def page_morph_script(html: str) -> str:
    """Patch a loaded page without the overlay (the code preview) into ``html`` in place.

    Carries ``morph.js`` (it defines ``mwMorph`` only where it is missing); evaluates to
    the patch's statistics as JSON.
    """
    return (
        morph_source() + "\n;(function(h){var d=new DOMParser().parseFromString(h,'text/html');"
        "return JSON.stringify(window.mwMorph(d, null));})(" + json.dumps(html) + ")"
    )


def part_script(region: Region) -> str:
    """Patch one element of the canvas's page in place (``region``: where and what);
    evaluates to the statistics as JSON, or null when the page is not the one the
    element was found in."""
    return call("morphPart", region.index, region.name, region.mark, region.html)


def page_part_script(region: Region) -> str:
    """:func:`part_script` for a page without the overlay (the code preview); carries
    ``morph.js`` as :func:`page_morph_script` does."""
    args = ", ".join(json.dumps(a) for a in (region.index, region.name, region.mark, region.html))
    return (
        morph_source() + f"\n;(function(){{var s=window.mwMorphPart({args}, null);"
        "return s === null ? null : JSON.stringify(s);})()"
    )


def decode(raw: object) -> Any:
    """A JSON string the overlay returned (None for anything else)."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return None
