"""The studio window on a copy of the demo workspace, with the real compiler and Qt WebEngine.

One window is shared by the tests of this module (Qt WebEngine start-ups are slow).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.models.preview import MOBILE_WIDTH, Scheme, SizeMode
from studio.qt.editor_page import EditorPage
from studio.qt.main_window import MainWindow
from studio.qt.preview import APP_WORLD
from tests.conftest import DEMO
from tests.studio.qt.conftest import code_first
from tests.studio.qt.tree_items import top_level_items

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
    settings = code_first(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings)
    w.ask = Answers()
    w.preview_settings.update(block_images=True)  # the demo's images are remote
    assert w.open_workspace(tmp / "demo")
    w.resize(1400, 900)
    w.show()
    yield w
    w.ask.next = ["Discard"] * 5
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
    qtbot.waitUntil(
        lambda: page.state.in_sync and page.preview.loaded and not page.preview.busy, timeout=30000
    )


def test_open_email_compiles_and_shows_preview(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
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
    raw = js(
        qtbot,
        page,
        f"""JSON.stringify((function(){{
        var el = document.querySelector('[data-mw-node="{node}"]');
        el.scrollIntoView({{block: 'center'}});
        var r = el.getBoundingClientRect();
        return {{x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 10)}};
    }})())""",
    )
    return dict(json.loads(raw))


def test_inspect_element_selects_the_source(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    wait_preview(qtbot, page)
    result = page.state.result
    assert result is not None
    doc = page.document
    target = doc.text.index('<x-cta href="https://fernway.example/spring')
    node = result.source_map.node_at(target + 1, str(doc.path))
    assert node is not None
    window.registry.trigger("preview.inspect")
    assert page.state.inspect_mode and page.preview.inspect_mode
    pos = _rect_of(qtbot, page, node)
    page.preview._watch_proxy()
    proxy = page.preview.view.focusProxy()
    assert proxy is not None
    with qtbot.waitSignal(page.state.selection_requested, timeout=10000) as sig:
        QTest.mouseClick(
            proxy,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(int(pos["x"]), int(pos["y"])),
        )
    start, end = sig.args[0]
    selected = doc.text[start:end]
    assert selected.startswith('<x-cta href="https://fernway.example/spring')
    assert selected.endswith("</x-cta>")
    assert page.editor.textCursor().selectedText().startswith("<x-cta")
    window.registry.trigger("preview.inspect")
    assert not page.state.inspect_mode


def test_focus_mode_outlines_the_element_under_the_cursor(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    wait_preview(qtbot, page)
    doc = page.document
    cursor = doc.text.index("Picked for you")
    page.editor.select_range((cursor, cursor))
    focused: list[int | None] = []
    page.state.focus_node.connect(focused.append)
    window.registry.trigger("preview.focus")
    assert page.state.focus_mode and focused and focused[-1] is not None
    node = focused[-1]
    qtbot.waitUntil(
        lambda: js(qtbot, page, "!!document.getElementById('mw-focus-outline')"), timeout=10000
    )
    # the other way round: the element inside the outline inspects back to the cursor
    raw = js(
        qtbot,
        page,
        """JSON.stringify((function(){
        var r = document.getElementById('mw-focus-outline').getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2, h: r.height};
    })())""",
    )
    box = json.loads(raw)
    assert box["h"] > 0
    assert 0 <= box["y"] <= page.preview.view.height()
    got: list[int] = []
    page.preview.node_at(box["x"], box["y"], got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    rng = page.state.source_range(got[0])
    assert rng is not None and rng[0] <= cursor < rng[1]
    node_range = page.state.source_range(node)
    assert node_range is not None
    assert node_range == rng or rng[0] >= node_range[0]
    window.registry.trigger("preview.focus")
    qtbot.waitUntil(
        lambda: not js(qtbot, page, "!!document.getElementById('mw-focus-outline')"), timeout=10000
    )


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
    qtbot.waitUntil(lambda: "Hi Ada," in js(qtbot, page, "document.body.innerText"), timeout=10000)
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


def test_screenshot_uses_the_current_preview_settings(
    qtbot: QtBot, page: EditorPage, window: MainWindow, tmp_path: Path
) -> None:
    wait_preview(qtbot, page)
    settings = window.preview_settings
    before = settings.state
    settings.set_size_mode(SizeMode.MOBILE)
    light = window.screenshot(tmp_path / "light.png")
    settings.update(scheme=Scheme.FORCED_DARK_GMAIL)
    dark = window.screenshot(tmp_path / "dark.png")
    try:
        assert light is not None and dark is not None
        with Image.open(light) as a, Image.open(dark) as b:
            assert a.format == "PNG" and a.width == MOBILE_WIDTH and b.width == MOBILE_WIDTH
            assert a.height > 600  # full height, not the window's
            lum_a = ImageStat.Stat(a.convert("L")).mean[0]
            lum_b = ImageStat.Stat(b.convert("L")).mean[0]
            assert lum_b < lum_a - 40, (lum_a, lum_b)
    finally:
        settings.update(size_mode=before.size_mode, scheme=before.scheme)
    assert "Screenshot saved" in window.statusBar().currentMessage()


def test_command_palette_filters_and_runs_an_action(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    window._show_page(page)
    assert not window.sidebar.isVisible()
    window.registry.trigger("view.command_palette")
    palette = window.command_palette
    assert palette is not None and palette.isVisible()
    qtbot.keyClicks(palette.query, "toggle sidebar")
    labels = [palette.list.item(i).text() for i in range(palette.list.count())]
    assert labels and all("sidebar" in t.lower() for t in labels), labels
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert window.sidebar.isVisible() and window.registry.checked("view.toggle_sidebar")
    window.registry.trigger("view.toggle_sidebar")
    assert not window.sidebar.isVisible()


def wavy(page: EditorPage) -> int:
    from PySide6.QtGui import QTextCharFormat

    return sum(
        1
        for sel in page.editor.extraSelections()
        if sel.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    )


def test_preferences_dialog_applies_changes(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QCheckBox, QSpinBox

    from studio.qt.preferences import PreferencesDialog

    window.registry.trigger("edit.preferences")
    dialog = window.preferences_dialog
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    inputs = dialog.inputs
    font = inputs["font_size"]
    indent = inputs["tab_width"]
    checker = inputs["code_checker"]
    assert isinstance(font, QSpinBox) and isinstance(indent, QSpinBox)
    assert isinstance(checker, QCheckBox)
    old_font, old_indent = font.value(), indent.value()
    try:
        font.setValue(old_font + 4)
        assert page.editor.font().pointSize() == old_font + 4
        indent.setValue(4)
        assert page.editor.indent == "    "
        doc = page.document
        at = doc.text.index("<x-spacer")
        doc.replace(at, at, '<x-paragraph bogus-prop="1">x</x-paragraph>')
        wait_preview(qtbot, page)
        assert wavy(page)
        checker.setChecked(False)
        assert not page.editor.code_checker and not wavy(page)
        assert '"code_checker": false' in str(window.settings.value("preferences"))
        checker.setChecked(True)
        assert wavy(page)
        doc.undo()
        wait_preview(qtbot, page)
    finally:
        font.setValue(old_font)
        indent.setValue(old_indent)
        checker.setChecked(True)
        dialog.close()
    assert page.editor.font().pointSize() == old_font and page.editor.code_checker


def test_file_watcher_reloads_an_email_changed_on_disk(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    wait_preview(qtbot, page)
    doc = page.document
    assert doc.path is not None and not doc.dirty
    window.disk_timer.stop()  # only the watcher may notice
    assert str(doc.path) in window.watcher.files()
    workspace = window.workspace
    assert workspace is not None
    original = doc.text
    try:
        changed = original.replace("Spring is on the trail", "Spring is on the way", 1)
        doc.path.write_text(changed, encoding="utf-8")
        qtbot.waitUntil(lambda: doc.text == changed, timeout=5000)
        assert not doc.dirty
        # a new file created by another program shows in the dashboard
        (workspace.root / "emails" / "from-git.html").write_text("<p>new</p>", encoding="utf-8")
        qtbot.waitUntil(
            lambda: any(f.rel == "emails/from-git.html" for f in workspace.files()), timeout=5000
        )
        qtbot.waitUntil(
            lambda: any(
                window.sidebar_list.item(i).text() == "emails/from-git.html"
                for i in range(window.sidebar_list.count())
            ),
            timeout=5000,
        )
    finally:
        doc.path.write_text(original, encoding="utf-8")
        qtbot.waitUntil(lambda: doc.text == original, timeout=5000)
        (workspace.root / "emails" / "from-git.html").unlink()
        window.disk_timer.start()


def node_height(qtbot: QtBot, page: EditorPage, node: int) -> float:
    return float(
        js(
            qtbot,
            page,
            f"""(function(){{
        var el = document.querySelector('[data-mw-node="{node}"]');
        return el ? el.getBoundingClientRect().height : -1;
    }})()""",
        )
    )


def test_show_hidden_content_toggle_reveals_what_mobile_hides(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    wait_preview(qtbot, page)
    result = page.state.result
    assert result is not None
    doc = page.document
    at = doc.text.index('hide-on="mobile"')
    node = result.source_map.node_at(doc.text.rindex("<x-section", 0, at) + 1, str(doc.path))
    assert node is not None
    settings = window.preview_settings
    before = settings.state
    try:
        settings.set_size_mode(SizeMode.MOBILE)
        qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)
        assert node_height(qtbot, page, node) == 0  # hidden on mobile
        toggle = page.preview.show_hidden  # in the preview toolbar's View menu
        assert toggle in page.preview.view_menu.actions()
        assert page.preview.view_button.isVisibleTo(window)
        assert "hidden by screen size" in toggle.toolTip()
        toggle.trigger()
        assert settings.state.show_hidden
        qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)
        assert node_height(qtbot, page, node) > 50
        toggle.trigger()
        assert not settings.state.show_hidden
        qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)
        assert node_height(qtbot, page, node) == 0
    finally:
        settings.update(size_mode=before.size_mode, show_hidden=before.show_hidden)
        qtbot.waitUntil(lambda: page.preview.loaded, timeout=30000)


def test_fold_actions_of_the_window_fold_the_demo_sections(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    window._show_page(page)
    ed = page.editor
    doc = page.document
    at = doc.text.index("Picked for you")
    ed.select_range((at, at))
    line = ed.textCursor().blockNumber()
    window.registry.trigger("fold.current")
    folded = ed.folded_regions()
    assert len(folded) == 1 and folded[0].contains(line)
    assert not ed.document().findBlockByNumber(folded[0].start + 1).isVisible()
    window.registry.trigger("fold.unfold_all")
    assert ed.folded_lines() == [] and ed.document().findBlockByNumber(line).isVisible()


def body_colour(qtbot: QtBot, page: EditorPage) -> str:
    return str(js(qtbot, page, "getComputedStyle(document.body).backgroundColor"))


def test_expanded_table_view_outlines_every_table(
    qtbot: QtBot, page: EditorPage, window: MainWindow
) -> None:
    wait_preview(qtbot, page)
    window._show_page(page)
    doc = page.document
    at = doc.text.index("<x-spacer")
    doc.replace(at, at, '<table id="t1"><tr><td id="c1">cell</td></tr></table>')
    wait_preview(qtbot, page)

    def outline(selector: str) -> str:
        return str(
            js(qtbot, page, f"getComputedStyle(document.querySelector('{selector}')).outlineStyle")
        )

    try:
        assert outline("#t1") == "none"
        window.registry.trigger("preview.tables")
        assert page.state.table_view
        qtbot.waitUntil(lambda: outline("#t1") == "dashed", timeout=10000)
        assert outline("#c1") == "dotted"
        page.preview.request(doc.text, immediate=True)  # kept when the page reloads
        wait_preview(qtbot, page)
        qtbot.waitUntil(lambda: outline("#t1") == "dashed", timeout=10000)
        window.registry.trigger("preview.tables")
        qtbot.waitUntil(lambda: outline("#t1") == "none", timeout=10000)
    finally:
        doc.undo()
        wait_preview(qtbot, page)


def test_dark_app_theme(qtbot: QtBot, page: EditorPage, window: MainWindow) -> None:
    from PySide6.QtGui import QPalette

    from studio.qt.highlighter import PALETTES
    from studio.qt.theme import THEMES

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    role = QPalette.ColorRole.Window
    try:
        window.registry.trigger("view.dark_theme")
        assert window.prefs.value.theme == "dark"
        assert app.palette().color(role).name() == THEMES["dark"].window
        assert THEMES["dark"].base in app.styleSheet()
        line = page.document.text[: page.document.text.index("<x-section")].count("\n")
        page.editor.highlighter.rehighlight()
        block = page.editor.document().findBlockByNumber(line)
        colours = {f.format.foreground().color().name() for f in block.layout().formats()}
        assert QColor(PALETTES["dark"]["component"]).name() in colours
    finally:
        window.registry.trigger("view.dark_theme")
    assert window.prefs.value.theme == "light"
    assert app.palette().color(role).name() == THEMES["light"].window


def test_done_when_scenario_end_to_end(
    qtbot: QtBot, window: MainWindow, page: EditorPage, tmp_path: Path
) -> None:
    """Issue 7's "Done when", in one go on the demo workspace copy."""
    from email.message import EmailMessage

    from compiler.validators import spamassassin
    from studio.qt.highlighter import PALETTES

    dash = window.dashboard
    assert dash is not None and window.workspace is not None
    # 1. find an email by content search, open it from the results
    window.show_dashboard()
    dash.search.setText("Track your order")
    assert dash.stack.currentIndex() == 1
    assert dash.results_label.text() == "1 file matches “Track your order”"
    dash.results.itemActivated.emit(dash.results.item(0))
    receipt = window.current_page()
    assert receipt is not None and receipt.document.name == "receipt.html"
    dash.search.setText("")
    wait_preview(qtbot, receipt)
    doc, ed = receipt.document, receipt.editor
    # 2. edit it in code, with highlighting and completion
    block = ed.document().findBlockByNumber(doc.text[: doc.text.index("<x-cta")].count("\n"))
    colours = {f.format.foreground().color().name() for f in block.layout().formats()}
    assert QColor(PALETTES["light"]["component"]).name() in colours
    at = doc.text.index("</x-section>")
    ed.select_range((at, at))
    qtbot.keyClicks(ed, "<x-para")
    assert ed.popup.isVisible()
    assert "x-paragraph" in [c.label for c in ed.popup.choices]
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    qtbot.keyClicks(ed, ">Packed with care</x-paragraph>")
    assert "<x-paragraph>Packed with care</x-paragraph></x-section>" in doc.text
    # 3. the preview follows, in every colour scheme
    wait_preview(qtbot, receipt)
    settings = window.preview_settings
    seen: dict[Scheme, str] = {}
    try:
        for scheme in Scheme:
            settings.update(scheme=scheme)
            qtbot.waitUntil(lambda: receipt.preview.loaded, timeout=30000)
            assert "Packed with care" in js(qtbot, receipt, "document.body.innerText"), scheme
            seen[scheme] = body_colour(qtbot, receipt)
    finally:
        settings.update(scheme=Scheme.LIGHT)
    assert seen[Scheme.LIGHT] == "rgb(244, 241, 234)"
    assert seen[Scheme.DARK] == "rgb(17, 20, 18)"
    for forced in (Scheme.FORCED_DARK_OUTLOOK, Scheme.FORCED_DARK_GMAIL):
        rgb = [int(v) for v in seen[forced][4:-1].split(",")[:3]]
        assert sum(rgb) < 3 * 100, (forced, seen[forced])  # the light page went dark
    # 4. inspect elements both ways
    qtbot.waitUntil(lambda: receipt.preview.loaded, timeout=30000)
    result = receipt.state.result
    assert result is not None
    cta = result.source_map.node_at(doc.text.index("<x-cta") + 1, str(doc.path))
    assert cta is not None
    window.registry.trigger("preview.inspect")
    pos = _rect_of(qtbot, receipt, cta)
    receipt.preview._watch_proxy()
    proxy = receipt.preview.view.focusProxy()
    assert proxy is not None
    with qtbot.waitSignal(receipt.state.selection_requested, timeout=10000) as sig:
        QTest.mouseClick(
            proxy,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(int(pos["x"]), int(pos["y"])),
        )
    start, end = sig.args[0]
    assert doc.text[start:end].startswith("<x-cta") and doc.text[start:end].endswith("</x-cta>")
    window.registry.trigger("preview.inspect")
    cursor = doc.text.index("Packed with care")
    ed.select_range((cursor, cursor))
    window.registry.trigger("preview.focus")
    qtbot.waitUntil(
        lambda: js(qtbot, receipt, "!!document.getElementById('mw-focus-outline')"), timeout=10000
    )
    box = json.loads(
        js(
            qtbot,
            receipt,
            """JSON.stringify((function(){
        var r = document.getElementById('mw-focus-outline').getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2};
    })())""",
        )
    )
    got: list[int] = []
    receipt.preview.node_at(box["x"], box["y"], got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    rng = receipt.state.source_range(got[0])
    assert rng is not None and rng[0] <= cursor < rng[1]
    window.registry.trigger("preview.focus")
    # 5. problems and validator results
    at = doc.text.index("<x-spacer")
    doc.replace(at, at, '<x-paragraph bogus-prop="1">x</x-paragraph>')
    wait_preview(qtbot, receipt)
    assert any(p.in_document and "bogus-prop" in p.issue.message for p in receipt.state.problems), [
        p.issue for p in receipt.state.problems
    ]
    assert receipt.devtools.problems.topLevelItemCount() == len(receipt.state.problems)
    tree = receipt.devtools.problems
    assert any("bogus-prop" in item.text(1) for item in top_level_items(tree))
    assert "Packed with care" in receipt.devtools.source.toPlainText()
    if spamassassin.binary() is not None:
        panel = receipt.devtools.spam
        with qtbot.waitSignal(panel.finished, timeout=120000):
            panel.refresh()
        assert panel.run is not None and panel.run.summary.startswith("Score ")
        assert panel.table.topLevelItemCount() > 0 and panel.in_sync
    # 6. a screenshot with the current settings
    shot = window.screenshot(tmp_path / "receipt.png")
    assert shot is not None
    with Image.open(shot) as img:
        assert img.format == "PNG" and img.width == settings.state.width and img.height > 300
    # 7. import an .eml (its HTML part becomes an email) and open it
    msg = EmailMessage()
    msg["Subject"] = "Autumn preview"
    msg["From"] = "Shop <shop@example.com>"
    msg.set_content("plain")
    msg.add_alternative("<html><body><p>Autumn is coming</p></body></html>", subtype="html")
    eml = tmp_path / "autumn.eml"
    eml.write_bytes(bytes(msg))
    window.show_dashboard()
    assert dash.import_files([eml]) == ["emails/Autumn preview.html"]
    imported = window.open_file("emails/Autumn preview.html")
    assert imported is not None
    wait_preview(qtbot, imported)
    assert "Autumn is coming" in js(qtbot, imported, "document.body.innerText")
    assert imported.envelope.fields["subject"].text() == "Autumn preview"
    # leave the shared window as it was
    while doc.dirty and doc.undo():
        pass
    assert not doc.dirty
    for opened in (imported, receipt):
        window.close_editor(window.editors.indexOf(opened))
    window._show_page(page)


def test_autosave_and_close_prompt(qtbot: QtBot, page: EditorPage, window: MainWindow) -> None:
    doc = page.document
    assert doc.path is not None
    doc.replace(len(doc.text), len(doc.text), "\n<!-- unsaved -->")
    assert window.autosave() == 1
    assert window.journal is not None and window.journal.read(doc.path) is not None
    answers = window.ask
    assert isinstance(answers, Answers)
    answers.next = ["Cancel"]
    assert not window.close()
    assert window.isVisible() and "Unsaved changes" in answers.asked
    answers.next = ["Save All"]
    assert window.close_all_editors()
    assert doc.path is not None and doc.path.read_text(encoding="utf-8").endswith(
        "<!-- unsaved -->"
    )
    assert window.journal.read(doc.path) is None
    window.save_window_state()
    assert window.workspace is not None
    assert str(window.workspace.root) in window.recent_workspaces()
    assert window.settings.value("preview")
