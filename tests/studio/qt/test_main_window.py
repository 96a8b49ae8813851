"""The studio window on a copy of the demo workspace, with the real compiler and Qt WebEngine.

One window is shared by the tests of this module (Qt WebEngine start-ups are slow).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.qt.preview import APP_WORLD
from tests.conftest import DEMO

pytestmark = pytest.mark.qt
EMAIL = "emails/marketing/spring-collection.html"

if not (DEMO / EMAIL).is_file():
    pytest.skip(f"demo email {EMAIL} not found", allow_module_level=True)


class Answers:
    def __init__(self) -> None:
        self.next: list[str] = []
        self.asked: list[str] = []

    def __call__(self, title: str, text: str, buttons: tuple[str, ...]) -> str:
        self.asked.append(title)
        return self.next.pop(0) if self.next else buttons[-1]


@pytest.fixture(scope="module")
def window(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    tmp = tmp_path_factory.mktemp("studio")
    shutil.copytree(DEMO, tmp / "demo")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    w.ask = Answers()
    w.preview_settings.update(block_images=True)  # the demo's images are remote
    assert w.open_workspace(tmp / "demo")
    w.resize(1400, 900)
    w.show()
    yield w
    w.ask.next = ["Discard"] * 5  # type: ignore[attr-defined]
    w.close()


def js(qtbot: QtBot, page: EditorPage, script: str) -> Any:
    box: list[Any] = []
    page.preview.page.runJavaScript(script, APP_WORLD, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10000)
    return box[0]


@pytest.fixture(scope="module")
def page(window: MainWindow) -> EditorPage:
    p = window.open_file(EMAIL)
    assert p is not None
    return p


def wait_preview(qtbot: QtBot, page: EditorPage) -> None:
    qtbot.waitUntil(lambda: page.state.in_sync and page.preview.loaded
                    and not page.preview.busy, timeout=30000)


def test_open_email_compiles_and_shows_preview(qtbot: QtBot, page: EditorPage,
                                               window: MainWindow) -> None:
    wait_preview(qtbot, page)
    assert page.state.result is not None
    assert page.state.result.source_map.origins
    count = js(qtbot, page, "document.querySelectorAll('[data-mw-node]').length")
    assert count > 10
    assert page.envelope.fields["from_"].text() == "Fernway Outfitters <hello@fernway.example>"
    assert window.workspace is not None
    assert window.workspace.recent()[0] == EMAIL
    assert window.registry.enabled("preview.inspect")


def test_typing_updates_preview_newest_wins(qtbot: QtBot, page: EditorPage) -> None:
    wait_preview(qtbot, page)
    doc = page.document
    at = doc.text.index("Spring is on the trail") + len("Spring is on the trail")
    page.editor.select_range((at, at))
    qtbot.keyClicks(page.editor, " today")
    wait_preview(qtbot, page)
    text = js(qtbot, page, "document.body.innerText")
    assert "Spring is on the trail today" in text
    doc.undo()
    wait_preview(qtbot, page)
    assert "trail today" not in js(qtbot, page, "document.body.innerText")


def _rect_of(qtbot: QtBot, page: EditorPage, node: int) -> dict[str, float]:
    raw = js(qtbot, page, f"""JSON.stringify((function(){{
        var el = document.querySelector('[data-mw-node="{node}"]');
        el.scrollIntoView({{block: 'center'}});
        var r = el.getBoundingClientRect();
        return {{x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 10)}};
    }})())""")
    return dict(json.loads(raw))


def test_inspect_element_selects_the_source(qtbot: QtBot, page: EditorPage,
                                            window: MainWindow) -> None:
    wait_preview(qtbot, page)
    result = page.state.result
    assert result is not None
    doc = page.document
    target = doc.text.index("<x-cta href=\"https://fernway.example/spring")
    node = result.source_map.node_at(target + 1, str(doc.path))
    assert node is not None
    window.registry.trigger("preview.inspect")
    assert page.state.inspect_mode and page.preview.inspect_mode
    pos = _rect_of(qtbot, page, node)
    page.preview._watch_proxy()
    proxy = page.preview.view.focusProxy()
    assert proxy is not None
    with qtbot.waitSignal(page.state.selection_requested, timeout=10000) as sig:
        QTest.mouseClick(proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(int(pos["x"]), int(pos["y"])))
    start, end = sig.args[0]
    selected = doc.text[start:end]
    assert selected.startswith("<x-cta href=\"https://fernway.example/spring")
    assert selected.endswith("</x-cta>")
    assert page.editor.textCursor().selectedText().startswith("<x-cta")
    window.registry.trigger("preview.inspect")
    assert not page.state.inspect_mode


def test_focus_mode_outlines_the_element_under_the_cursor(qtbot: QtBot, page: EditorPage,
                                                          window: MainWindow) -> None:
    wait_preview(qtbot, page)
    doc = page.document
    cursor = doc.text.index("Picked for you")
    page.editor.select_range((cursor, cursor))
    focused: list[int | None] = []
    page.state.focus_node.connect(focused.append)
    window.registry.trigger("preview.focus")
    assert page.state.focus_mode and focused and focused[-1] is not None
    node = focused[-1]
    qtbot.waitUntil(lambda: js(qtbot, page, "!!document.getElementById('mw-focus-outline')"),
                    timeout=10000)
    # the other way round: the element inside the outline inspects back to the cursor
    raw = js(qtbot, page, """JSON.stringify((function(){
        var r = document.getElementById('mw-focus-outline').getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2, h: r.height};
    })())""")
    box = json.loads(raw)
    assert box["h"] > 0
    assert 0 <= box["y"] <= page.preview.view.height()
    got: list[int] = []
    page.preview.node_at(box["x"], box["y"], got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    rng = page.state.source_range(got[0])
    assert rng is not None and rng[0] <= cursor < rng[1]
    assert page.state.source_range(node) == rng or rng[0] >= page.state.source_range(node)[0]
    window.registry.trigger("preview.focus")
    qtbot.waitUntil(lambda: not js(qtbot, page, "!!document.getElementById('mw-focus-outline')"),
                    timeout=10000)


def test_problems_click_jumps_to_source(qtbot: QtBot, page: EditorPage) -> None:
    wait_preview(qtbot, page)
    doc = page.document
    at = doc.text.index("<x-spacer")
    doc.replace(at, at, '<x-paragraph bogus-prop="1">x</x-paragraph>')
    wait_preview(qtbot, page)
    problems = [p for p in page.state.problems if p.in_document]
    assert problems, [p.issue for p in page.state.problems]
    tree = page.devtools.problems
    assert tree.topLevelItemCount() == len(page.state.problems)
    row = page.state.problems.index(problems[0])
    tree.itemClicked.emit(tree.topLevelItem(row), 0)
    assert page.state.cursor == problems[0].offset
    assert page.editor.problem_lines
    doc.undo()
    wait_preview(qtbot, page)


def test_envelope_field_writes_front_matter(qtbot: QtBot, page: EditorPage) -> None:
    field = page.envelope.fields["subject"]
    field.setText("Hello {{ customer.first_name }}")
    field.editingFinished.emit()
    assert page.document.text.startswith("---\nsubject: Hello {{ customer.first_name }}\n")
    assert page.document.envelope.reply_to == "help@fernway.example"
    page.document.undo()
    assert "the spring collection is here" in page.document.envelope.subject


def test_sample_data_renders_liquid_and_lists_errors(qtbot: QtBot, page: EditorPage) -> None:
    wait_preview(qtbot, page)
    page.preview.set_sample_data({"customer": {"first_name": "Ada", "member": True}})
    qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)
    qtbot.waitUntil(lambda: "Hi Ada," in js(qtbot, page, "document.body.innerText"),
                    timeout=10000)
    assert "save 20% on everything new" in js(qtbot, page, "document.body.innerText")
    assert not page.preview.banner.isVisibleTo(page.preview)
    doc = page.document
    at = doc.text.index("<x-spacer")
    doc.replace(at, at, "<x-paragraph>{{ 1 | divided_by: 0 }}</x-paragraph>")
    wait_preview(qtbot, page)
    assert page.preview.banner.isVisibleTo(page.preview)
    assert "Errors found" in page.preview.banner.text()
    assert "divided_by" in page.preview.banner.text()
    doc.undo()
    page.preview.set_sample_data(None)
    wait_preview(qtbot, page)


def test_autosave_and_close_prompt(qtbot: QtBot, page: EditorPage, window: MainWindow) -> None:
    doc = page.document
    doc.replace(len(doc.text), len(doc.text), "\n<!-- unsaved -->")
    assert window.autosave() == 1
    assert window.journal is not None and window.journal.read(doc.path) is not None
    answers: Answers = window.ask  # type: ignore[assignment]
    answers.next = ["Cancel"]
    assert not window.close()
    assert window.isVisible() and "Unsaved changes" in answers.asked
    answers.next = ["Save All"]
    assert window.close_all_editors()
    assert doc.path is not None and doc.path.read_text(encoding="utf-8").endswith(
        "<!-- unsaved -->")
    assert window.journal.read(doc.path) is None
    window.save_window_state()
    assert str(window.workspace.root) in window.recent_workspaces()  # type: ignore[union-attr]
    assert window.settings.value("preview")
