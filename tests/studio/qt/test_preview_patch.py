"""The code column's preview patches its page in place after an edit (issue 15, goal 2).

Through the real offscreen window on a copy of the demo workspace, images on, in Code
mode: typing into the code editor changes the page the preview already shows — the same
document (a value our script left on its window is still there), the new text in it,
the scroll position kept — and only a change of the page's kind (its width) loads anew.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.models.preview import SizeMode
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.qt.preview import APP_WORLD
from tests.conftest import DEMO
from tests.studio.qt.conftest import code_first

pytestmark = pytest.mark.qt
EMAIL = "emails/marketing/spring-collection.html"

if not (DEMO / EMAIL).is_file():
    pytest.skip(f"demo email {EMAIL} not found", allow_module_level=True)


@pytest.fixture(scope="module")
def page(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EditorPage]:
    tmp = tmp_path_factory.mktemp("patch")
    shutil.copytree(DEMO, tmp / "demo")
    w = MainWindow(code_first(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)))
    w.preview_settings.update(block_images=False)  # the demo's images come from assets/
    assert w.open_workspace(tmp / "demo")
    w.resize(1280, 800)
    w.show()
    p = w.open_file(EMAIL)
    assert p is not None
    assert p.editor_mode == "code"
    yield p
    w.ask = lambda *a: "Discard"
    w.close()


def js(qtbot: QtBot, page: EditorPage, script: str) -> Any:
    box: list[Any] = []
    page.preview.page.runJavaScript(script, APP_WORLD, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]


def settled(page: EditorPage) -> bool:
    return page.state.in_sync and page.preview.loaded and not page.preview.busy


def test_typing_patches_the_shown_page_in_place(qtbot: QtBot, page: EditorPage) -> None:
    preview = page.preview
    qtbot.waitUntil(lambda: settled(page), timeout=30000)
    assert preview.loads >= 1
    loads, morphs = preview.loads, preview.morphs
    assert js(
        qtbot,
        page,
        "document.images.length > 0 && "
        "Array.prototype.every.call(document.images, function(i){return i.complete})",
    )
    js(
        qtbot,
        page,
        "window.mwSameDocument = 'yes'; window.scrollTo(0, 300); Math.round(window.scrollY)",
    )
    assert js(qtbot, page, "Math.round(window.scrollY)") == 300
    assert "Zebra" not in js(qtbot, page, "document.body.innerText")

    at = page.document.text.index("Spring is on the trail") + len("Spring")
    page.editor.setFocus()
    page.editor.select_range((at, at))
    qtbot.keyClicks(page.editor, " Zebra")
    qtbot.waitUntil(
        lambda: settled(page) and preview.morphs > morphs and "Zebra" in preview.html, timeout=30000
    )

    assert preview.loads == loads, "the preview reloaded its page for an edit"
    assert js(qtbot, page, "window.mwSameDocument") == "yes"
    assert "Spring Zebra is on the trail" in js(qtbot, page, "document.body.innerText")
    assert js(qtbot, page, "Math.round(window.scrollY)") == 300
    # the marks the code ↔ preview links use are the new compile's
    assert js(qtbot, page, "document.querySelectorAll('[data-mw-node]').length") > 10
    assert preview.last_stats["patched"] > 0


def test_a_new_width_loads_the_page_anew(qtbot: QtBot, page: EditorPage) -> None:
    preview = page.preview
    qtbot.waitUntil(lambda: settled(page), timeout=30000)
    loads = preview.loads
    js(qtbot, page, "window.mwSameDocument = 'yes'")
    preview.settings.set_size_mode(SizeMode.MOBILE)
    qtbot.waitUntil(lambda: settled(page) and preview.loads > loads, timeout=30000)
    assert js(qtbot, page, "window.mwSameDocument || 'new'") == "new"
    assert "Spring Zebra is on the trail" in js(qtbot, page, "document.body.innerText")
    preview.settings.set_size_mode(SizeMode.DESKTOP)
    qtbot.waitUntil(lambda: settled(page) and preview.loads > loads + 1, timeout=30000)


def same_as_a_fresh_parse(qtbot: QtBot, page: EditorPage) -> bool:
    """The live page's body is the body of its prepared HTML parsed anew."""
    html = page.preview._patched.html
    assert html
    return bool(
        js(
            qtbot,
            page,
            "(function(h){var d=new DOMParser().parseFromString(h,"
            "'text/html'); return d.body.innerHTML === document.body.innerHTML;})("
            + json.dumps(html)
            + ")",
        )
    )


def type_and_wait(qtbot: QtBot, page: EditorPage, after: str, text: str) -> None:
    preview = page.preview
    morphs = preview.morphs
    at = page.document.text.index(after) + len(after)
    page.editor.setFocus()
    page.editor.select_range((at, at))
    qtbot.keyClicks(page.editor, text)
    qtbot.waitUntil(
        lambda: (
            settled(page)
            and preview.morphs > morphs
            and page.document.text in (preview.live.result.source if preview.live.result else "")
        ),
        timeout=30000,
    )


def test_a_keystroke_patches_only_the_element_it_changed(qtbot: QtBot, page: EditorPage) -> None:
    """Once a patch has made the page, a key typed in a paragraph patches that element
    alone (``part``), and the page is then what parsing its new HTML gives; an edit
    spanning the body's children patches the whole page."""
    preview = page.preview
    qtbot.waitUntil(lambda: settled(page), timeout=30000)
    type_and_wait(qtbot, page, "is on the trail", "!")
    for ch in "abc":
        type_and_wait(qtbot, page, "is on the trail!", ch)
        assert preview.last_stats.get("part") == 1, preview.last_stats
        assert same_as_a_fresh_parse(qtbot, page)
    assert "is on the trail!cba" in js(qtbot, page, "document.body.innerText")
    start = page.document.text.index("<x-section")
    page.document.replace(start, start, "<x-section><x-paragraph>Top</x-paragraph></x-section>\n")
    qtbot.waitUntil(lambda: settled(page) and "Top" in preview.html, timeout=30000)
    assert "part" not in preview.last_stats
    assert same_as_a_fresh_parse(qtbot, page)


def test_a_patch_of_one_element_in_another_page_patches_the_whole_page(
    qtbot: QtBot, page: EditorPage
) -> None:
    """The element is found in the page the last patch made; where the live page is
    another (here: told a wrong one), the element's check fails in the page and the
    whole page is patched: the page is still right."""
    preview = page.preview
    qtbot.waitUntil(lambda: settled(page), timeout=30000)
    type_and_wait(qtbot, page, "is on the trail", "?")
    shown = preview._patched.html
    body = shown.index(">", shown.index("<body")) + 1
    preview._patched.html = shown[:body] + '<p data-mw-node="99999">x</p>' + shown[body:]
    loads = preview.loads
    type_and_wait(qtbot, page, "is on the trail?", "z")
    assert "part" not in preview.last_stats and preview.loads == loads
    assert same_as_a_fresh_parse(qtbot, page)
    assert "is on the trail?z" in js(qtbot, page, "document.body.innerText")
