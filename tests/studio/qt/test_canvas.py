"""The visual editor's canvas, driven offscreen in a real Qt WebEngine page.

Every wait is for the event that means done: the canvas's ``updated`` signal
(the overlay answered after a load or an in-place patch), a ``QWebChannel``
message (``clicked``), or the JavaScript callback of a call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from compiler.project import load_project
from studio.models.document import EmailDocument
from studio.models.preview import PreviewSettings, Scheme
from studio.qt.canvas import Canvas
from studio.qt.editor_page import EditorPage, load_sample_profiles
from tests.conftest import DEMO

pytestmark = pytest.mark.qt

EMAIL = """<x-base>
  <x-section>
    <x-heading-1>Spring is here</x-heading-1>
    <x-paragraph>First paragraph</x-paragraph>
  </x-section>
  <x-section>
    <x-paragraph>Second section</x-paragraph>
  </x-section>
</x-base>
"""


def js(qtbot: QtBot, canvas: Canvas, script: str) -> Any:
    """Run ``script`` in the overlay's world and wait for its callback."""
    out: list[Any] = []
    with qtbot.waitCallback(timeout=10000) as cb:
        canvas.run(script, cb)
    out.extend(cb.args)
    return out[0] if out else None


def make_page(qtbot: QtBot, path: Path, text: str, mode: str = "visual", **kw: Any) -> EditorPage:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    kw.setdefault("preview_settings", PreviewSettings())
    page = EditorPage(EmailDocument.load(path), editor_mode=mode, **kw)
    page.resize(1280, 800)
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        page.show()
    return page


def close_page(page: EditorPage) -> None:
    page.shutdown()
    page.close()
    page.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def page(qtbot: QtBot, tmp_path: Path) -> Iterator[EditorPage]:
    p = make_page(qtbot, tmp_path / "emails" / "spring.html", EMAIL)
    yield p
    close_page(p)


def node_of(page: EditorPage, tag: str, nth: int = 0) -> int:
    """The canvas node (``data-mw-node``) of the nth layer row with ``tag``."""
    layers = page.visual.layers
    assert layers is not None
    return [r.node_id for r in layers if r.tag == tag and r.node_id][nth]


def row_of(page: EditorPage, tag: str, nth: int = 0) -> str:
    return str(node_of(page, tag, nth))


def centre(qtbot: QtBot, page: EditorPage, node: int) -> QPoint:
    found: list[Any] = []
    with qtbot.waitCallback(timeout=10000) as cb:
        page.visual.canvas.reveal(node, cb)
    found.extend(cb.args)
    r = found[0]
    assert r is not None, f"node {node} is not on the canvas"
    return QPoint(int(r["x"] + r["w"] / 2), int(r["y"] + min(r["h"] / 2, 10)))


def click(
    qtbot: QtBot,
    page: EditorPage,
    node: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    canvas = page.visual.canvas
    p = centre(qtbot, page, node)
    QTest.mouseMove(canvas.surface, p)
    with qtbot.waitSignal(page.visual.selection_shown, timeout=10000):
        QTest.mouseClick(canvas.surface, Qt.MouseButton.LeftButton, modifier, p)


def test_clicking_a_heading_selects_it_and_its_source(qtbot: QtBot, page: EditorPage) -> None:
    heading = node_of(page, "x-heading-1")
    click(qtbot, page, heading)
    assert page.visual.selection.ids == (str(heading),)
    assert page.editor.textCursor().selectedText() == "<x-heading-1>Spring is here</x-heading-1>"
    assert page.visual.layers_panel.selected_ids() == [str(heading)]
    state = js(qtbot, page.visual.canvas, "window.mwOverlay.state()")
    assert f'"selected":[{heading}]' in state
    # the frame carries the component's name in its chip
    chip = js(
        qtbot,
        page.visual.canvas,
        "document.querySelector('mw-overlay').shadowRoot.querySelector('.frame .chip').textContent",
    )
    assert chip == "Heading 1"


def test_moving_the_code_cursor_selects_on_the_canvas(qtbot: QtBot, page: EditorPage) -> None:
    offset = page.document.text.index("Second section")
    paragraph = node_of(page, "x-paragraph", 1)
    with qtbot.waitSignal(page.visual.selection_shown, timeout=10000) as shown:
        cur = page.editor.textCursor()
        cur.setPosition(offset)
        page.editor.setTextCursor(cur)
    assert shown.args == [[paragraph]]
    assert page.visual.selection.ids == (str(paragraph),)
    # the code selection is not replaced by the node's range (the cursor stays put)
    assert page.editor.textCursor().position() == offset


def test_shift_click_adds_and_esc_arrows_walk_the_tree(qtbot: QtBot, page: EditorPage) -> None:
    heading = node_of(page, "x-heading-1")
    first = node_of(page, "x-paragraph", 0)
    second = node_of(page, "x-paragraph", 1)
    click(qtbot, page, heading)
    click(qtbot, page, second, Qt.KeyboardModifier.ShiftModifier)
    assert page.visual.selection.ids == (str(second), str(heading))
    assert sorted(page.visual.layers_panel.selected_ids()) == sorted([str(heading), str(second)])
    click(qtbot, page, heading)
    assert page.visual.move_selection("next")
    # (mypy keeps the two-element narrowing of ids from the == above across the moves)
    assert page.visual.selection.ids == (str(first),)  # type: ignore[comparison-overlap]
    assert not page.visual.move_selection("next")  # last in its section
    assert page.visual.move_selection("parent")  # Esc / Left
    section = page.visual.selection.primary
    assert section == row_of(page, "x-section", 0)
    assert page.visual.move_selection("next")  # Down: the next section
    assert page.visual.move_selection("child")  # Right: its first child
    assert page.visual.selection.ids == (str(second),)  # type: ignore[comparison-overlap]


def test_an_edit_patches_the_canvas_without_reloading(qtbot: QtBot, page: EditorPage) -> None:
    canvas = page.visual.canvas
    loads = canvas.loads
    heading = node_of(page, "x-heading-1")
    click(qtbot, page, heading)
    at = page.document.text.index("  <x-section>")
    with qtbot.waitSignal(canvas.updated, timeout=30000) as done:
        page.document.replace(
            at, at, "  <x-section>\n    <x-paragraph>Inserted above</x-paragraph>\n  </x-section>\n"
        )
    assert done.args == ["morph"]
    assert canvas.loads == loads
    assert canvas.last_stats["replaced"] >= 1
    text = js(qtbot, canvas, "document.body.innerText")
    assert text.index("Inserted above") < text.index("Spring is here")
    # the selection followed its node through the renumbering
    moved = node_of(page, "x-heading-1")
    assert moved != heading and page.visual.selection.ids == (str(moved),)
    marks = js(qtbot, canvas, f"document.querySelectorAll('[data-mw-node=\"{moved}\"]').length")
    assert marks >= 1


def test_typing_in_a_paragraph_patches_that_element_on_the_canvas(
    qtbot: QtBot, page: EditorPage
) -> None:
    """After a first patch, a keystroke's patch is of the changed element alone; the
    canvas's page then reads as parsing its new HTML does (the overlay's own node
    aside), and a selected heading stays selected."""
    canvas = page.visual.canvas
    heading = node_of(page, "x-heading-1")
    click(qtbot, page, heading)
    fresh = (
        "(function(h){var d=new DOMParser().parseFromString(h,'text/html');"
        "var live=document.body.cloneNode(true);"
        "live.querySelectorAll('mw-overlay').forEach(function(n){n.remove();});"
        "return live.innerText === d.body.innerText && "
        "live.querySelectorAll('[data-mw-node]').length === "
        "d.body.querySelectorAll('[data-mw-node]').length;})(%s)"
    )
    for i, ch in enumerate("xyz"):
        at = page.document.text.index(">First") + len(">First")
        with qtbot.waitSignal(canvas.updated, timeout=30000) as done:
            page.document.replace(at, at, ch)
        assert done.args == ["morph"]
        if i:
            assert canvas.last_stats.get("part") == 1, canvas.last_stats
        assert js(qtbot, canvas, fresh % json.dumps(canvas._patched.html))
    assert "Firstzyx paragraph" in js(qtbot, canvas, "document.body.innerText")
    assert page.visual.selection.ids == (str(heading),)


def test_an_editor_closed_with_an_answer_on_its_way(qtbot: QtBot, tmp_path: Path) -> None:
    """The page, deleted with the editor, answers its pending scripts with nothing while
    the canvas is half destroyed: once the editor shuts down, no answer is taken (it
    raised in the signal it emitted)."""
    page = make_page(qtbot, tmp_path / "emails" / "closing.html", EMAIL)
    answers: list[object] = []
    page.visual.canvas.show_drop(None, answers.append)
    close_page(page)
    assert answers == []


def test_scripts_in_the_email_never_run_on_the_canvas(qtbot: QtBot, tmp_path: Path) -> None:
    email = (
        "<x-base><x-section><x-paragraph>Hi</x-paragraph></x-section></x-base>\n"
        "<script>document.documentElement.setAttribute('data-pwned', '1')</script>\n"
        '<img src="x:none" onerror="document.documentElement.setAttribute('
        "'data-pwned', '2')\">\n"
    )
    p = make_page(qtbot, tmp_path / "emails" / "evil.html", email)
    try:
        canvas = p.visual.canvas
        assert js(qtbot, canvas, "document.querySelectorAll('script').length") >= 1
        assert (
            js(qtbot, canvas, "String(document.documentElement.getAttribute('data-pwned'))")
            == "null"
        )
        # our overlay is there and answering
        assert js(qtbot, canvas, "typeof window.mwOverlay") == "object"
    finally:
        close_page(p)


def test_the_preview_settings_and_sample_data_apply_to_the_canvas(
    qtbot: QtBot, tmp_path: Path
) -> None:
    email = (
        "<x-base :background=\"{ light: '#ffffff', dark: '#000000' }\">"
        "<x-section><x-paragraph>Hi {{ customer.first_name | default: 'you' }}"
        "</x-paragraph></x-section></x-base>\n"
    )
    settings = PreviewSettings()
    p = make_page(
        qtbot,
        tmp_path / "emails" / "hi.html",
        email,
        preview_settings=settings,
        sample_profiles={"ada.json": {"customer": {"first_name": "Ada"}}},
    )
    try:
        canvas = p.visual.canvas
        assert "Hi {{ customer.first_name" in js(qtbot, canvas, "document.body.innerText")
        with qtbot.waitSignal(canvas.updated, timeout=30000):
            p.visual.toolbar.data_box.setCurrentIndex(1)
        assert p.preview.data_box.currentIndex() == 1
        assert "Hi Ada" in js(qtbot, canvas, "document.body.innerText")
        bg = "getComputedStyle(document.body).backgroundColor"
        assert js(qtbot, canvas, bg) == "rgb(255, 255, 255)"
        with qtbot.waitSignal(canvas.updated, timeout=30000):
            settings.update(scheme=Scheme.DARK)
        assert js(qtbot, canvas, bg) == "rgb(0, 0, 0)"
        with qtbot.waitSignal(canvas.updated, timeout=30000):
            p.visual.toolbar.size_box.setCurrentIndex(1)  # Mobile
        assert js(qtbot, canvas, "window.innerWidth") == 375
    finally:
        close_page(p)


def test_modes_show_the_right_halves(qtbot: QtBot, page: EditorPage) -> None:
    page.set_editor_mode("code")
    assert page.visual.isHidden() and not page.left.isHidden() and not page.right.isHidden()
    page.set_editor_mode("split")
    assert not page.visual.isHidden() and not page.left.isHidden() and page.right.isHidden()
    page.set_editor_mode("visual")
    assert not page.visual.isHidden() and page.left.isHidden() and page.right.isHidden()


def test_the_demo_email_on_the_canvas_selects_from_the_source(qtbot: QtBot) -> None:
    path = DEMO / "emails" / "marketing" / "spring-collection.html"
    project = load_project(DEMO)
    page = EditorPage(
        EmailDocument.load(path),
        project=project,
        editor_mode="split",
        preview_settings=PreviewSettings(),
        sample_profiles=load_sample_profiles(DEMO),
    )
    page.resize(1280, 800)
    try:
        with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
            page.show()
        card = node_of(page, "fernway-product-card", 1)
        click(qtbot, page, card)
        assert (
            page.editor.textCursor()
            .selectedText()
            .startswith('<fernway-product-card name="Scree mid boot"')
        )
    finally:
        close_page(page)
