"""Inline text editing on the canvas: double-click, type in place, bold, a personalization
chip with its fallback, and the edit written back as one minimal source edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from studio.qt.editor_page import EditorPage
from tests.studio.qt.test_canvas import centre, close_page, js, make_page, node_of, row_of
from tests.studio.qt.tree_items import children

pytestmark = pytest.mark.qt

EMAIL = """<x-base>
  <x-section>
    <x-heading-1 font-size="32">Spring is here</x-heading-1>
    <x-paragraph>Hi {{ customer.first_name | default: "there" }}, read on.</x-paragraph>
    <x-cta href="https://e.x">Shop now</x-cta>
    <x-list>
      <li>Boots</li>
      <li>Shells</li>
    </x-list>
  </x-section>
</x-base>
"""
PROFILE = {"customer": {"first_name": "Ada", "member": True}}


@pytest.fixture
def page(qtbot: QtBot, tmp_path: Path) -> Iterator[EditorPage]:
    p = make_page(
        qtbot, tmp_path / "emails" / "edit.html", EMAIL, sample_profiles={"ada.json": PROFILE}
    )
    with qtbot.waitSignal(p.visual.canvas.updated, timeout=30000):
        p.visual.toolbar.data_box.setCurrentIndex(1)
    yield p
    close_page(p)


def editing_html(qtbot: QtBot, page: EditorPage) -> str:
    return str(
        js(qtbot, page.visual.canvas, "document.querySelector('[data-mw-editing]').innerHTML")
    )


def test_double_click_bold_and_personalization(qtbot: QtBot, page: EditorPage) -> None:
    editing = page.visual.text_editing
    node = node_of(page, "x-heading-1")
    point = centre(qtbot, page, node)
    with qtbot.waitSignal(editing.started, timeout=10000) as started:
        QTest.mouseDClick(
            page.visual.canvas.surface,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            point,
        )
    assert started.args == [row_of(page, "x-heading-1")]
    assert set(editing.bubble.buttons) == {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "link",
        "personalize",
        "done",
    }
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("Spring", cb)
    editing.bubble.buttons["bold"].click()
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.caret_to_end(cb)
    editing.type_text(", ")
    editing.fallback_for = lambda path: "friend"
    editing._personalize("customer.first_name")
    # the chip shows the sample data's value and the Liquid on hover
    html = editing_html(qtbot, page)
    assert "<strong>Spring</strong> is here,&nbsp;<span" in html and ">Ada</span>" in html
    with qtbot.waitSignal(editing.finished, timeout=10000) as done:
        editing.bubble.buttons["done"].click()
    assert done.args == [True]
    assert page.document.text == EMAIL.replace(
        "Spring is here<",
        '<strong>Spring</strong> is here, {{ customer.first_name | default: "friend" }}<',
    )
    page.document.undo()
    assert page.document.text == EMAIL


def test_typing_around_a_chip_keeps_the_liquid_and_esc_cancels(
    qtbot: QtBot, page: EditorPage
) -> None:
    editing = page.visual.text_editing
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-paragraph"))
    html = editing_html(qtbot, page)
    assert 'contenteditable="false"' in html and ">Ada</span>" in html
    assert set(editing.bubble.buttons) >= {"code", "superscript", "link"}
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("read on", cb)
    editing.type_text("see below")
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("below", cb)
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.toggle("link", "https://e.x/more", cb)
    with qtbot.waitSignals([editing.finished, page.visual.canvas.updated], timeout=30000):
        editing.commit()
    assert page.document.text == EMAIL.replace(
        "read on.", 'see <a href="https://e.x/more">below</a>.'
    )
    # the link is in the compiled email on the canvas (a real browser)
    assert (
        js(
            qtbot,
            page.visual.canvas,
            "document.querySelector('a[href=\"https://e.x/more\"]').textContent",
        )
        == "below"
    )
    # a button's label: no link mark offered; Esc leaves the source alone
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-cta"))
    assert "link" not in editing.bubble.buttons
    editing.type_text("!!")
    before = page.document.text
    with qtbot.waitSignal(editing.finished, timeout=10000) as done:
        QTest.keyClick(page.visual.canvas.surface, Qt.Key.Key_Escape)
    assert done.args == [False] and page.document.text == before
    assert not editing.start(row_of(page, "x-section"))  # no text slot


def test_the_personalization_panel_adds_at_the_caret(qtbot: QtBot, page: EditorPage) -> None:
    visual = page.visual
    panel = visual.personalization
    visual.side_tabs.setCurrentWidget(panel)
    customer = panel.tree.topLevelItem(0)
    assert customer is not None and customer.text(0) == "customer"
    first = next(child for child in children(customer) if child.text(0) == "first_name")
    assert first.text(1) == "Ada"  # the selected profile's value
    panel.tree.setCurrentItem(first)
    panel.fallback.setText("friend")
    assert not panel.add()  # nothing is being edited
    editing = visual.text_editing
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-heading-1"))
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.caret_to_end(cb)
    assert panel.add()
    with qtbot.waitSignal(editing.finished, timeout=10000):
        editing.commit()
    assert page.document.text == EMAIL.replace(
        "Spring is here<", 'Spring is here{{ customer.first_name | default: "friend" }}<'
    )


def test_enter_in_a_list_starts_a_new_item(qtbot: QtBot, page: EditorPage) -> None:
    editing = page.visual.text_editing
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-list"))
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.select_text("Boots", cb)
    with qtbot.waitCallback(timeout=10000) as cb:
        page.visual.canvas.run("window.getSelection().collapseToEnd(), true", cb)
    QTest.keyClick(page.visual.canvas.surface, Qt.Key.Key_Return)  # left to the page:
    assert editing.editing  # no commit in a list
    items = "document.querySelectorAll('[data-mw-editing] li').length"
    count: list[int] = []

    def three_items() -> bool:
        page.visual.canvas.run(items, count.append)  # asks again; the answer comes later
        return bool(count) and count[-1] == 3

    qtbot.waitUntil(three_items, timeout=10000)  # the page made an item
    editing.type_text("Poles")
    with qtbot.waitSignal(editing.finished, timeout=10000):
        QTest.keyClick(
            page.visual.canvas.surface, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert page.document.text == EMAIL.replace(
        "      <li>Boots</li>\n", "      <li>Boots</li>\n      <li>Poles</li>\n"
    )


def test_choosing_another_row_commits_the_text(qtbot: QtBot, page: EditorPage) -> None:
    editing = page.visual.text_editing
    with qtbot.waitSignal(editing.started, timeout=10000):
        assert editing.start(row_of(page, "x-heading-1"))
    with qtbot.waitCallback(timeout=10000) as cb:
        editing.caret_to_end(cb)
    editing.type_text("!")
    with qtbot.waitSignal(editing.finished, timeout=10000) as done:
        page.visual.select([row_of(page, "x-cta")])  # e.g. a click in the layers
    assert done.args == [True]
    assert "Spring is here!</x-heading-1>" in page.document.text


def test_a_workspace_components_text_on_the_canvas(qtbot: QtBot, tmp_path: Path) -> None:
    from compiler.project import load_project
    from tests.conftest import DEMO

    text = (
        '<x-base>\n  <x-section>\n    <fernway-nav-link href="https://e.x">New in'
        "</fernway-nav-link>\n  </x-section>\n</x-base>\n"
    )
    p = make_page(qtbot, tmp_path / "emails" / "nav.html", text, project=load_project(DEMO))
    try:
        editing = p.visual.text_editing
        with qtbot.waitSignal(editing.started, timeout=10000):
            assert editing.start(row_of(p, "fernway-nav-link"))
        assert set(editing.bubble.buttons) == {"bold", "italic", "personalize", "done"}
        with qtbot.waitCallback(timeout=10000) as cb:
            editing.select_text("in", cb)
        with qtbot.waitCallback(timeout=10000) as cb:
            editing.toggle("italic", callback=cb)
        with qtbot.waitSignal(editing.finished, timeout=10000):
            editing.commit()
        assert "New <em>in</em></fernway-nav-link>" in p.document.text
    finally:
        close_page(p)
