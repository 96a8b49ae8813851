"""The visual editor driven offscreen: insert, drag and drop, layers, keyboard.

Drags are driven with the Qt drag events the widgets receive (``QDragMoveEvent``,
``QDropEvent`` carrying the panels' MIME data); the drag *start* (``QDrag.exec``,
a nested event loop owned by the platform) is not. Every wait is for the event
that means done: ``VisualEditor.edited`` / ``refused``, the canvas's ``updated``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from compiler.pipeline import compile_email
from compiler.project import load_project
from components.diagnostics import Severity
from studio.models.format import reindent
from studio.models.layers import Layers
from studio.qt.canvas import LAYERS_MIME, insert_mime, layers_mime
from studio.qt.editor_page import EditorPage
from studio.qt.layers_panel import ROW_ID
from studio.qt.visual_editor import VisualEditor
from tests.conftest import DEMO
from tests.studio.qt.test_canvas import close_page, js, make_page, node_of, row_of

pytestmark = pytest.mark.qt

TWO_SECTIONS = """<x-base>
  <x-section padding="16px">
    <x-heading-1>First</x-heading-1>
  </x-section>
  <x-section padding="16px">
    <x-paragraph>Second</x-paragraph>
  </x-section>
</x-base>
"""


@pytest.fixture
def page(qtbot: QtBot, tmp_path: Path) -> Iterator[EditorPage]:
    p = make_page(qtbot, tmp_path / "emails" / "two.html", TWO_SECTIONS)
    yield p
    close_page(p)


def viewport_rect(qtbot: QtBot, page: EditorPage, node: int) -> dict[str, float]:
    with qtbot.waitCallback(timeout=10000) as cb:
        page.visual.canvas.reveal(node, cb)
    rect = cb.args[0]
    assert rect is not None
    return rect  # type: ignore[no-any-return]


def drag_to(target: QWidget, mime: QMimeData, point: QPointF, *, drop: bool) -> None:
    """Send the drag events a real drag sends over ``target`` at ``point``."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons = Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(point.toPoint(), actions, mime, buttons, mods))
    QApplication.sendEvent(target, QDragMoveEvent(point.toPoint(), actions, mime, buttons, mods))
    if drop:
        QApplication.sendEvent(target, QDropEvent(point, actions, mime, buttons, mods))


def canvas_drop(
    qtbot: QtBot, page: EditorPage, mime: QMimeData, point: QPointF, *, signal: str = "edited"
) -> list[Any]:
    visual = page.visual
    with qtbot.waitSignal(getattr(visual, signal), timeout=20000) as sig:
        drag_to(visual.canvas.surface, mime, point, drop=True)
    args: list[Any] = sig.args
    return args


def layers_of(visual: VisualEditor) -> Layers:
    """The rows of the compile on the canvas now."""
    layers = visual.layers
    assert layers is not None
    return layers


def test_dragging_a_paragraph_between_two_sections_adds_exactly_its_lines(
    qtbot: QtBot, page: EditorPage
) -> None:
    before = page.document.text
    first = viewport_rect(qtbot, page, node_of(page, "x-section", 0))
    # just above the first section's bottom edge: the gap between the two sections
    point = QPointF(first["x"] + first["w"] / 2, first["y"] + first["h"] - 2)
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        canvas_drop(qtbot, page, insert_mime("x-paragraph"), point)
    cut = before.index('  <x-section padding="16px">\n    <x-paragraph>')
    assert page.document.text == (
        before[:cut] + "  <x-paragraph>Write your text here.</x-paragraph>\n" + before[cut:]
    )
    # the new paragraph is selected, on the canvas and in the layers
    assert page.visual.selection.ids == (row_of(page, "x-paragraph", 0),)
    assert "Write your text here." in js(qtbot, page.visual.canvas, "document.body.innerText")
    # one undo step takes it away again
    page.document.undo()
    assert page.document.text == before


def test_a_drag_over_the_canvas_draws_the_indicator_only_where_valid(
    qtbot: QtBot, page: EditorPage
) -> None:
    canvas = page.visual.canvas
    heading = viewport_rect(qtbot, page, node_of(page, "x-heading-1"))
    point = QPointF(heading["x"] + 5, heading["y"] + heading["h"] - 3)
    with qtbot.waitSignal(canvas.external_moved, timeout=10000):
        drag_to(canvas.surface, insert_mime("x-paragraph"), point, drop=False)
    shadow = "document.querySelector('mw-overlay').shadowRoot.querySelector"
    assert js(qtbot, canvas, f"{shadow}('.drop-line').style.display") == "block"
    assert js(qtbot, canvas, f"{shadow}('.note').style.display") == "none"
    # an x-column is only valid in a row: no line, the reason beside the pointer
    with qtbot.waitSignal(canvas.external_moved, timeout=10000):
        drag_to(canvas.surface, insert_mime("x-column"), point, drop=False)
    assert js(qtbot, canvas, f"{shadow}('.drop-line').style.display") == "none"
    note = js(qtbot, canvas, f"{shadow}('.note').textContent")
    assert "x-row" in note
    assert "x-row" in page.visual.status.text()


def test_an_invalid_drop_is_refused_with_the_reason(qtbot: QtBot, page: EditorPage) -> None:
    before = page.document.text
    heading = viewport_rect(qtbot, page, node_of(page, "x-heading-1"))
    point = QPointF(heading["x"] + 5, heading["y"] + 5)
    reason = canvas_drop(qtbot, page, insert_mime("x-column"), point, signal="refused")
    assert "x-row" in reason[0]
    assert page.document.text == before
    assert "Cannot drop here" in page.visual.status.text() and not page.visual.status.isHidden()


def test_a_component_into_a_slot_that_refuses_it(qtbot: QtBot, tmp_path: Path) -> None:
    project = load_project(DEMO)
    email = (
        "<x-base>\n  <x-section>\n    <fernway-header>\n"
        '      <fernway-nav-link href="https://a.example">A</fernway-nav-link>\n'
        "    </fernway-header>\n  </x-section>\n</x-base>\n"
    )
    p = make_page(qtbot, tmp_path / "emails" / "slot.html", email, project=project)
    try:
        visual = p.visual
        layers = visual.layers
        assert layers is not None
        slot = next(
            r
            for r in layers
            if r.kind == "slot" and layers.rows[r.parent or ""].tag == "fernway-header"
        )
        reason = visual._check_place(
            "application/x-mailwright-insert", "x-image", _place(slot.id, 1)
        )
        assert reason is not None and "fernway-header" in reason
        # the same refusal when dropped on the layers panel
        tree = visual.layers_panel.tree
        item = visual.layers_panel.items[slot.id]
        rect = tree.visualItemRect(item)
        point = QPointF(rect.center())
        before = p.document.text
        drag_to(tree.viewport(), insert_mime("x-image"), point, drop=False)
        assert "fernway-header" in visual.layers_panel.reason.text()
        assert not tree.showDropIndicator()
        assert p.document.text == before
    finally:
        close_page(p)


def _place(parent: str, index: int) -> Any:
    from studio.models.drop_rules import Place

    return Place(parent, index)


def test_layers_drag_reorders_and_the_source_follows(qtbot: QtBot, page: EditorPage) -> None:
    visual = page.visual
    tree = visual.layers_panel.tree
    second = row_of(page, "x-section", 1)
    first = row_of(page, "x-section", 0)
    rect = tree.visualItemRect(visual.layers_panel.items[first])
    point = QPointF(rect.center().x(), rect.top() + 2)  # above the first section
    with qtbot.waitSignal(visual.edited, timeout=10000):
        drag_to(tree.viewport(), layers_mime([int(second)]), point, drop=True)
    text = page.document.text
    assert text.index("Second") < text.index("First")
    assert sorted(text.splitlines()) == sorted(TWO_SECTIONS.splitlines())


def test_layers_rename_duplicate_delete_hide(qtbot: QtBot, page: EditorPage) -> None:
    visual = page.visual
    heading = row_of(page, "x-heading-1")
    visual.select([heading])
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        assert visual.rename(heading, "Hero title")
    assert "    <!-- Hero title -->\n    <x-heading-1>First</x-heading-1>\n" in page.document.text
    item = visual.layers_panel.items[row_of(page, "x-heading-1")]
    assert item.text(0) == "Hero title"
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        assert visual.duplicate()
    assert page.document.text.count("<x-heading-1>First</x-heading-1>") == 2
    assert page.document.text.count("<!-- Hero title -->") == 2
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        assert visual.delete()
    assert page.document.text.count("<x-heading-1>First</x-heading-1>") == 1
    # hide on the canvas: view only
    para = row_of(page, "x-paragraph")
    before = page.document.text
    visual.layers_panel.toggle_hidden(para)
    node = node_of(page, "x-paragraph")
    hidden = js(
        qtbot,
        visual.canvas,
        f"getComputedStyle(document.querySelector('[data-mw-node=\"{node}\"]')).visibility",
    )
    assert hidden == "hidden"
    assert page.document.text == before


def test_copy_paste_between_emails(qtbot: QtBot, page: EditorPage, tmp_path: Path) -> None:
    start = "<x-base>\n  <x-section>\n    <x-hr></x-hr>\n  </x-section>\n</x-base>\n"
    other = make_page(qtbot, tmp_path / "emails" / "other.html", start)
    try:
        page.visual.select([row_of(page, "x-section", 1)])
        copied = page.visual.copy()
        assert copied == (
            '<x-section padding="16px">\n  <x-paragraph>Second</x-paragraph>\n</x-section>'
        )
        other.visual.select([row_of(other, "x-section")])
        with qtbot.waitSignal(other.visual.canvas.updated, timeout=30000):
            assert other.visual.paste()
        assert other.document.text == (
            "<x-base>\n  <x-section>\n    <x-hr></x-hr>\n"
            "  </x-section>\n"
            '  <x-section padding="16px">\n'
            "    <x-paragraph>Second</x-paragraph>\n"
            "  </x-section>\n</x-base>\n"
        )
    finally:
        close_page(other)


def test_double_click_inserts_after_the_selection(qtbot: QtBot, page: EditorPage) -> None:
    visual = page.visual
    visual.select([row_of(page, "x-heading-1")])
    item = visual.insert_panel.items["x-cta"]
    with qtbot.waitSignal(visual.edited, timeout=10000):
        visual.insert_panel.tree.itemDoubleClicked.emit(item, 0)
    assert (
        "    <x-heading-1>First</x-heading-1>\n"
        '    <x-cta href="https://example.com">Button</x-cta>\n'
    ) in page.document.text


def every_entry() -> list[str]:
    from studio.models.insert_catalog import insert_catalog

    return [e.id for g in insert_catalog(load_project(DEMO).components) for e in g.entries]


@pytest.mark.parametrize("entry_id", every_entry())
def test_every_entry_inserts_through_the_panel_compiles_and_renders(
    qtbot: QtBot, tmp_path: Path, entry_id: str
) -> None:
    project = load_project(DEMO)
    base = "" if entry_id == "x-base" else "<x-base>\n  <x-section>\n  </x-section>\n</x-base>\n"
    if entry_id == "x-column":
        base = (
            '<x-base>\n  <x-section>\n    <x-row :layout="[100]">\n      <x-column>\n'
            "      </x-column>\n    </x-row>\n  </x-section>\n</x-base>\n"
        )
    if entry_id == "fernway-nav-link#0":  # a nav link goes only in the header's slot
        base = (
            "<x-base>\n  <x-section>\n    <fernway-header>\n    </fernway-header>\n"
            "  </x-section>\n</x-base>\n"
        )
    p = make_page(qtbot, tmp_path / "emails" / "e.html", base, project=project)
    try:
        visual = p.visual
        if entry_id == "x-column":
            visual.select([row_of(p, "x-column")])
        elif entry_id == "fernway-nav-link#0":
            visual.select([f"{row_of(p, 'fernway-header')}/slot:default"])
        elif entry_id not in ("x-base",):
            visual.select([row_of(p, "x-section")])
        with (
            qtbot.waitSignal(visual.canvas.updated, timeout=30000),
            qtbot.waitSignal(visual.edited, timeout=10000),
        ):
            visual.insert_panel.tree.itemDoubleClicked.emit(visual.insert_panel.items[entry_id], 0)
        entry = visual.entry(entry_id)
        assert entry is not None
        result = compile_email(p.document.text, file=str(p.document.path), project=project)
        errors = [i for i in result.issues if i.severity is Severity.ERROR]
        assert errors == [], errors
        assert f"<{entry.tag}" in p.document.text
        # it renders: the canvas shows the new component's node
        layers = visual.layers
        assert layers is not None
        rows = [r for r in layers if r.tag == entry.tag and r.node_id]
        # what renders no element of its own on the canvas: head content, hidden text,
        # empty-state fallbacks and x-edit-text (its content only)
        if entry.tag not in (
            "x-head",
            "x-font-family",
            "x-hidden-text",
            "x-empty-state",
            "x-edit-text",
        ):
            assert rows
            count = js(
                qtbot,
                visual.canvas,
                f"document.querySelectorAll('[data-mw-node=\"{rows[-1].node_id}\"]').length",
            )
            assert count >= 1
    finally:
        close_page(p)


def test_keyboard_shortcuts_reach_the_visual_editor(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from studio.qt.main_window import MainWindow

    root = tmp_path / "ws"
    (root / "emails").mkdir(parents=True)
    (root / "mailwright.toml").write_text('name = "ws"\n', encoding="utf-8")
    (root / "emails" / "k.html").write_text(TWO_SECTIONS, encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    # never a modal question in a test: unsaved work is discarded at the end
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    qtbot.addWidget(window)
    window.open_workspace(root)
    page = window.open_file("emails/k.html")
    assert page is not None
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        page.set_editor_mode("visual")
        window.show()
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    visual: VisualEditor = page.visual
    visual.select([row_of(page, "x-heading-1")])
    visual.layers_panel.tree.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(visual.edited, timeout=10000):
        qtbot.keyClick(visual.layers_panel.tree, Qt.Key.Key_D, ctrl)  # Duplicate, not Select Next
    assert page.document.text.count("<x-heading-1>First</x-heading-1>") == 2
    with qtbot.waitSignal(visual.edited, timeout=10000):
        qtbot.keyClick(visual.layers_panel.tree, Qt.Key.Key_Delete)
    assert page.document.text.count("<x-heading-1>First</x-heading-1>") == 1
    qtbot.keyClick(visual.layers_panel.tree, Qt.Key.Key_Z, ctrl)  # Undo: one step
    assert page.document.text.count("<x-heading-1>First</x-heading-1>") == 2
    window.close()


def test_the_done_when_spring_layout_from_an_empty_email(qtbot: QtBot, tmp_path: Path) -> None:
    """Build the demo's spring-collection layout by inserting, dragging and reordering."""
    project = load_project(DEMO)
    p = make_page(qtbot, tmp_path / "emails" / "spring.html", "", project=project)
    visual = p.visual

    def insert(entry_id: str) -> None:
        with (
            qtbot.waitSignal(visual.canvas.updated, timeout=30000),
            qtbot.waitSignal(visual.edited, timeout=10000),
        ):
            visual.insert_panel.tree.itemDoubleClicked.emit(visual.insert_panel.items[entry_id], 0)

    def select(tag: str, nth: int = 0) -> None:
        visual.select([row_of(p, tag, nth)])

    try:
        insert("x-base")
        insert("x-section")  # into the empty message
        for _ in range(4):  # header, hero, content, products, footer
            with qtbot.waitSignal(visual.canvas.updated, timeout=30000):
                assert visual.duplicate()  # Ctrl/Cmd+D: the copy is selected
        insert("fernway-footer#0")  # lands in the last section (selected)
        select("x-section", 0)
        insert("x-image")
        select("x-section", 1)
        insert("x-heading-1")
        insert("x-paragraph")  # after the heading (now selected)
        insert("x-cta")
        select("x-section", 2)
        insert("x-row")
        # product cards dragged onto the canvas into each empty column (a box)
        for nth in (0, 1):
            column = viewport_rect(qtbot, p, node_of(p, "x-column", nth))
            point = QPointF(column["x"] + column["w"] / 2, column["y"] + column["h"] / 2)
            with qtbot.waitSignal(visual.canvas.updated, timeout=30000):
                canvas_drop(qtbot, p, insert_mime("fernway-product-card#0"), point)
        # the header: inserted into the hero's section, then reordered above it
        select("x-section", 3)
        insert("fernway-header#0")
        header = row_of(p, "fernway-header")
        layers = visual.layers
        assert layers is not None
        section = layers.rows[header].parent
        visual.select([section or ""])
        for _ in range(3):
            with qtbot.waitSignal(visual.canvas.updated, timeout=30000):
                assert visual.move_up(), p.document.text
        text = p.document.text
        order = [
            text.index(t)
            for t in (
                "<fernway-header",
                "<x-image",
                "<x-heading-1",
                "<x-paragraph",
                "<x-cta",
                "<x-row",
                "<fernway-product-card",
                "<fernway-footer",
            )
        ]
        assert order == sorted(order), text
        assert text.count("<fernway-product-card") == 2
        result = compile_email(text, file=str(p.document.path), project=project)
        assert [i for i in result.issues if i.severity is Severity.ERROR] == []
        # clean, indented markup: Format Document would change nothing
        assert reindent(text) == text, text
        assert "\n\n" not in text.strip()
        # each product card sits in its own column of the row, the footer in the last section
        layers = visual.current_layers()
        cards = [r for r in layers if r.tag == "fernway-product-card"]
        assert [layers.rows[c.parent or ""].tag for c in cards] == ["x-column", "x-column"]
        assert cards[0].parent != cards[1].parent
        footer = next(r for r in layers if r.tag == "fernway-footer")
        assert layers.rows[footer.parent or ""].tag == "x-section"
        assert [r.tag for r in layers if r.depth == 1] == ["x-section"] * 5
    finally:
        close_page(p)


def test_the_drag_handle_moves_the_selection(qtbot: QtBot, page: EditorPage) -> None:
    """Press the selection's handle, move over the second section, release: moved."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    visual = page.visual
    canvas = visual.canvas
    heading = node_of(page, "x-heading-1")
    rect = viewport_rect(qtbot, page, heading)
    with qtbot.waitSignal(visual.selection_shown, timeout=10000):
        visual.select([str(heading)])
    handle = QPoint(int(rect["x"] - 13), int(rect["y"] + 8))  # the handle left of the frame
    target_rect = viewport_rect(qtbot, page, node_of(page, "x-paragraph"))
    target = QPoint(int(target_rect["x"] + 10), int(target_rect["y"] + target_rect["h"] - 3))
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    with qtbot.waitSignal(canvas.drag_started, timeout=10000):
        QTest.mousePress(canvas.surface, left, none, handle)
    with qtbot.waitSignal(canvas.drop_shown, timeout=10000):
        QTest.mouseMove(canvas.surface, target)
    with qtbot.waitSignal(visual.edited, timeout=10000):
        QTest.mouseRelease(canvas.surface, left, none, target)
    text = page.document.text
    assert text.index("<x-paragraph>Second</x-paragraph>") < text.index("<x-heading-1>First")
    assert text.count("<x-heading-1>First</x-heading-1>") == 1


def test_dragging_the_handle_off_the_canvas_into_the_layers_moves_the_rows(
    qtbot: QtBot, page: EditorPage
) -> None:
    """Press the handle and leave the canvas: a Qt drag of the selected rows begins
    (``LAYERS_MIME``, what a drag of the layers' own rows carries); dropped below the
    paragraph's row in the layers panel, the heading moves after it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    visual = page.visual
    canvas = visual.canvas
    tree = visual.layers_panel.tree
    heading = node_of(page, "x-heading-1")
    rect = viewport_rect(qtbot, page, heading)
    with qtbot.waitSignal(visual.selection_shown, timeout=10000):
        visual.select([str(heading)])
    handle = QPoint(int(rect["x"] - 13), int(rect["y"] + 8))
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    with qtbot.waitSignal(canvas.drag_started, timeout=10000):
        QTest.mousePress(canvas.surface, left, none, handle)
    with qtbot.waitSignal(visual.drag_out_started, timeout=10000) as started:
        QTest.mouseMove(canvas.surface, QPoint(-40, int(rect["y"])))  # off the canvas
    QTest.mouseRelease(canvas.surface, left, none, QPoint(-40, int(rect["y"])))
    mime = started.args[0]
    assert json.loads(bytes(mime.data(LAYERS_MIME)).decode()) == [str(heading)]
    # the platform carries the drag (offscreen has none): Qt's drag events over the tree
    paragraph = visual.layers_panel.items[row_of(page, "x-paragraph")]
    target = tree.visualItemRect(paragraph)
    below = QPointF(target.center().x(), target.bottom() - 1)
    with qtbot.waitSignal(visual.edited, timeout=15000):
        drag_to(tree.viewport(), mime, below, drop=True)
    text = page.document.text
    assert text.index("<x-paragraph>Second</x-paragraph>") < text.index("<x-heading-1>First")
    assert text.count("<x-heading-1>First</x-heading-1>") == 1


def band(
    qtbot: QtBot,
    page: EditorPage,
    start: Any,
    end: Any,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press at ``start``, drag to ``end`` and release on the canvas (a rubber band)."""
    from PySide6.QtTest import QTest

    canvas = page.visual.canvas
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(canvas.surface, left, modifier, start)
    QTest.mouseMove(canvas.surface, (start + end) / 2)
    QTest.mouseMove(canvas.surface, end)
    with qtbot.waitSignal(canvas.marqueed, timeout=10000):
        QTest.mouseRelease(canvas.surface, left, modifier, end)
    qtbot.waitUntil(lambda: not page.preview.busy, timeout=10000)


def test_a_rubber_band_selects_the_outermost_components_inside_it(
    qtbot: QtBot, page: EditorPage
) -> None:
    from PySide6.QtCore import QPoint

    visual = page.visual
    heading = node_of(page, "x-heading-1")
    sections = [node_of(page, "x-section", i) for i in (0, 1)]
    r = viewport_rect(qtbot, page, heading)
    # around the heading only: the heading (not the section it is in)
    band(
        qtbot,
        page,
        QPoint(int(r["x"] - 4), int(r["y"] - 4)),
        QPoint(int(r["x"] + r["w"] + 4), int(r["y"] + r["h"] + 4)),
    )
    assert visual.selection.ids == (str(heading),)
    # around both sections: the two sections, not their heading and paragraph
    first = viewport_rect(qtbot, page, sections[0])
    second = viewport_rect(qtbot, page, sections[1])
    band(
        qtbot,
        page,
        QPoint(int(first["x"] - 2), int(first["y"] - 2)),
        QPoint(int(second["x"] + second["w"] + 2), int(second["y"] + second["h"] + 2)),
    )
    assert visual.selection.ids == tuple(str(s) for s in sections)
    assert visual.layers_panel.selected_ids() == [str(s) for s in sections]
    state = js(qtbot, visual.canvas, "window.mwOverlay.state()")
    assert f'"selected":[{sections[0]},{sections[1]}]' in state
    # the band itself is gone once released
    shown_band = js(
        qtbot,
        visual.canvas,
        "getComputedStyle(document.querySelector("
        "'mw-overlay').shadowRoot.querySelector('.band')).display",
    )
    assert shown_band == "none"


def test_a_rubber_band_with_shift_adds_and_an_empty_one_clears(
    qtbot: QtBot, page: EditorPage
) -> None:
    from PySide6.QtCore import QPoint

    visual = page.visual
    heading = node_of(page, "x-heading-1")
    paragraph = node_of(page, "x-paragraph")
    with qtbot.waitSignal(visual.selection_shown, timeout=10000):
        visual.select([str(heading)])
    r = viewport_rect(qtbot, page, paragraph)
    band(
        qtbot,
        page,
        QPoint(int(r["x"] - 4), int(r["y"] - 4)),
        QPoint(int(r["x"] + r["w"] + 4), int(r["y"] + r["h"] + 4)),
        Qt.KeyboardModifier.ShiftModifier,
    )
    assert set(visual.selection.ids) == {str(heading), str(paragraph)}
    # a band holding nothing whole (inside the paragraph's box) selects nothing
    band(
        qtbot,
        page,
        QPoint(int(r["x"] + 2), int(r["y"] + 2)),
        QPoint(int(r["x"] + 12), int(r["y"] + r["h"] - 2)),
    )
    assert visual.selection.ids == ()


def test_zoomed_canvas_clicks_and_drops_where_the_pointer_is(
    qtbot: QtBot, page: EditorPage
) -> None:
    """Zoom in (150 %): the toolbar says so, a click on the zoomed paragraph selects it
    and a drop below the zoomed heading lands after it; zoom back resets to 100 %."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    visual = page.visual
    canvas = visual.canvas
    for _ in range(3):
        visual.zoom(1)  # 110 %, 125 %, 150 %
    assert canvas.zoom == pytest.approx(1.5)
    assert visual.toolbar.zoom_label.text() == "150%"
    paragraph = node_of(page, "x-paragraph")
    r = viewport_rect(qtbot, page, paragraph)  # CSS px; the widget shows them × 1.5
    at = QPoint(int((r["x"] + 6) * 1.5), int((r["y"] + r["h"] / 2) * 1.5))
    with qtbot.waitSignal(visual.selection_shown, timeout=10000):
        QTest.mouseClick(
            canvas.surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at
        )
    assert visual.selection.ids == (str(paragraph),)
    h = viewport_rect(qtbot, page, node_of(page, "x-heading-1"))
    below = QPointF((h["x"] + 10) * 1.5, (h["y"] + h["h"] - 3) * 1.5)
    canvas_drop(qtbot, page, insert_mime("x-paragraph"), below)
    text = page.document.text
    assert (
        text.index("<x-heading-1>First</x-heading-1>")
        < text.index("<x-paragraph>")
        < text.index("Second")
    )
    visual.zoom(0)
    assert canvas.zoom == pytest.approx(1.0)
    assert visual.toolbar.zoom_label.text() == "100%"
    visual.zoom(-1)
    assert canvas.zoom == pytest.approx(0.9)


def test_collapsed_and_hidden_layers_stay_so_through_edits(qtbot: QtBot, page: EditorPage) -> None:
    """Collapse the second section's row with its arrow and hide it with its eye; an
    insert before it (which renumbers every row) keeps that section collapsed and hidden
    on the canvas, and nothing else."""
    from PySide6.QtTest import QTest

    visual = page.visual
    panel = visual.layers_panel
    tree = panel.tree
    second = panel.items[row_of(page, "x-section", 1)]
    assert second.isExpanded()
    rect = tree.visualItemRect(second)
    arrow = rect.topLeft() + QPointF(-tree.indentation() / 2, rect.height() / 2).toPoint()
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, arrow
    )
    assert not second.isExpanded()
    panel.toggle_hidden(row_of(page, "x-section", 1))
    # a new section at the top, dropped from the insert panel onto the layers
    top = tree.visualItemRect(panel.items[row_of(page, "x-section", 0)])
    with (
        qtbot.waitSignal(visual.canvas.updated, timeout=20000),
        qtbot.waitSignal(visual.edited, timeout=20000),
    ):
        drag_to(
            tree.viewport(),
            insert_mime("x-section"),
            QPointF(top.center().x(), top.top() + 1),
            drop=True,
        )
    layers = layers_of(visual)
    sections = [r.id for r in layers if r.tag == "x-section"]
    assert len(sections) == 3
    assert [panel.items[i].isExpanded() for i in sections] == [True, True, False]
    assert panel.hidden == {sections[2]}
    hidden = js(
        qtbot,
        visual.canvas,
        "[...document.querySelectorAll('.mw-hidden-node')]"
        ".map(e => e.getAttribute('data-mw-node')).join()",
    )
    inside = {
        sections[2],
        *(r.id for r in layers if sections[2] in (a.id for a in layers.ancestors(r.id))),
    }
    assert hidden.split(",")[0] == sections[2] and set(hidden.split(",")) <= inside


def test_a_dragged_collapsed_row_stays_collapsed_where_it_lands(
    qtbot: QtBot, page: EditorPage
) -> None:
    """Collapse the second section's row and drag it (its own layers drag) above the
    first: it lands collapsed; the other rows keep their state."""
    visual = page.visual
    panel = visual.layers_panel
    tree = panel.tree
    second_id = row_of(page, "x-section", 1)
    panel.items[second_id].setExpanded(False)
    first = tree.visualItemRect(panel.items[row_of(page, "x-section", 0)])
    with (
        qtbot.waitSignal(visual.canvas.updated, timeout=20000),
        qtbot.waitSignal(visual.edited, timeout=20000),
    ):
        drag_to(
            tree.viewport(),
            layers_mime([second_id]),
            QPointF(first.center().x(), first.top() + 1),
            drop=True,
        )
    layers = layers_of(visual)
    sections = [r.id for r in layers if r.tag == "x-section"]
    assert [panel.items[i].isExpanded() for i in sections] == [False, True]
    moved = layers.rows[sections[0]]
    assert [layers.rows[c].tag for c in moved.children] == ["x-paragraph"]


def test_a_first_time_user_opens_emails_in_visual_mode(qtbot: QtBot, tmp_path: Path) -> None:
    """Fresh settings: an email opens on the canvas with the panels, the code column
    hidden and its preview page not made (one compile feeds the canvas); a component
    file opens in code; choosing Code is remembered and makes the preview page."""
    import shutil

    from PySide6.QtCore import QSettings

    from studio.qt.main_window import MainWindow

    shutil.copytree(DEMO, tmp_path / "demo")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.ask = lambda _t, _x, buttons: "Discard" if "Discard" in buttons else buttons[-1]
    qtbot.addWidget(window)
    assert window.open_workspace(tmp_path / "demo")
    window.resize(1280, 800)
    page = window.open_file("emails/marketing/spring-collection.html")
    assert page is not None
    with qtbot.waitSignal(page.visual.canvas.updated, timeout=30000):
        window.show()
    assert page.editor_mode == "visual"
    assert page.visual.isVisible() and page.visual.layers_panel.isVisible()
    assert not page.editor.isVisible() and not page.preview.isVisible()
    assert page.visual.canvas.loads == 1
    assert not page.preview.loaded, "the hidden code preview made a page nobody sees"
    component = window.open_file("components/fernway-header.html")
    assert component is not None and component.editor_mode == "code"
    window.editors.setCurrentWidget(page)
    with qtbot.waitSignal(page.preview.page_loaded, timeout=30000):
        page.set_editor_mode("code")
    assert page.preview.loaded
    window.close()
    again = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.prefs.value.editor_mode == "code"
    again.close()


def test_typing_inside_a_row_updates_the_layers_in_place(qtbot: QtBot, page: EditorPage) -> None:
    """An edit that keeps the rows (typing in a paragraph, a label comment rewritten)
    updates the items shown, with their collapsed and hidden state; an edit that adds
    a row builds the rows again."""
    visual = page.visual
    panel = visual.layers_panel
    second = row_of(page, "x-section", 1)
    panel.items[second].setExpanded(False)
    panel.toggle_hidden(second)
    shown = dict(panel.items)

    def edit(old: str, new: str) -> None:
        with qtbot.waitSignal(visual.canvas.updated, timeout=20000):
            page.document.set_text(page.document.text.replace(old, new, 1))
        qtbot.waitUntil(
            lambda: visual.layers is not None and visual.layers.text == page.document.text,
            timeout=20000,
        )

    edit("Second</x-paragraph>", "Second, typed</x-paragraph>")
    assert panel.items == shown and all(panel.items[i] is shown[i] for i in shown)
    assert not panel.items[second].isExpanded() and panel.hidden == {second}
    texts = [panel.items[r.id].text(0) for r in layers_of(visual)]
    edit("    <x-heading-1>First", "    <!-- Intro -->\n    <x-heading-1>First")
    heading = row_of(page, "x-heading-1")
    assert panel.items[heading].text(0).endswith("Intro")
    assert panel.items[heading].toolTip(0) == "Intro — <x-heading-1>"
    assert [panel.items[r.id].text(0) for r in layers_of(visual)] != texts
    edit(
        "  </x-section>\n</x-base>",
        "  </x-section>\n  <x-section><x-paragraph>Third</x-paragraph></x-section>\n</x-base>",
    )
    layers = layers_of(visual)
    sections = [r.id for r in layers if r.tag == "x-section"]
    assert len(sections) == 3 and len(panel.items) == len(layers.rows)
    assert all(panel.items[r.id].data(0, ROW_ID) == r.id for r in layers)
    assert [panel.items[i].isExpanded() for i in sections] == [True, False, True]
    assert panel.hidden == {sections[1]}
    labels = [panel.items[r.id].text(0) for r in layers_of(visual)]
    assert any(label.endswith("Intro") for label in labels)
